import Testing
@testable import TightropeApp
@testable import TightropeStore
@testable import TightropeTransport

/// Errors keep their cause on the way up, and the cause decides the exit status.
@Suite struct ExitStatusTests {
    @Test func storeErrorsKeepTheirKind() throws {
        let cases: [(StoreError, TightropeApp.ExitStatus)] = [
            (.busy, .temporary), (.noSpace, .temporary), (.duplicate("a couple with this id"), .invalidInput),
            (.notFound("couple"), .invalidInput), (.conflict("review item 3 is already accepted"), .invalidInput),
            (.cannotOpen(path: "/x", reason: "r"), .configuration), (.database("SQLite 11: corrupt"), .failure),
        ]
        for (stored, status) in cases {
            do {
                _ = try wrap { () throws(StoreError) -> Int in throw stored }
                Issue.record("no error")
            } catch {
                #expect(error.storeError == stored, "the cause is kept whole")
                #expect(error.exitStatus == status, "\(error)")
            }
        }
    }

    @Test func transportErrorsKeepTheirKind() {
        #expect(AppError(TransportError.connection(curlCode: 7, detail: "refused")).exitCode == 75)
        #expect(AppError(TransportError.tls(curlCode: 60, detail: "untrusted")).exitCode == 78)
        #expect(AppError(TransportError.authentication(curlCode: 67, replyCode: 454)).exitCode == 75)
        #expect(AppError(TransportError.authentication(curlCode: 67, replyCode: 535)).exitCode == 78)
        #expect(AppError(TransportError.incompleteResponse("listed 224 of 2000 messages")).exitCode == 75)
    }
}

extension AppError {
    var storeError: StoreError? { if case .store(let e) = self { e } else { nil } }
}
