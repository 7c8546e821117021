import TightropeStore
import TightropeTransport

/// How a run ends, as sysexits(3) names it: the one mapping from outcomes to exit codes.
package enum ExitStatus: Int32, Sendable {
    case success = 0
    /// Something unexpected failed.
    case failure = 1
    /// The input was refused (EX_DATAERR); nothing was written.
    case invalidInput = 65
    /// Passes on its own (EX_TEMPFAIL): the next timer run tries again.
    case temporary = 75
    /// Needs someone to change something: configuration, credentials, certificates (EX_CONFIG).
    case configuration = 78
}

/// Errors the jobs report. Messages name keys, ids and categories, never personal data. An
/// error from a lower layer is kept whole (`store`, `transport`), so its kind decides the
/// exit status and nothing of it is lost on the way up.
package enum AppError: Error, Equatable, CustomStringConvertible {
    /// The configuration, templates, questions or credentials are unusable (exit 78).
    case configuration(String)
    /// The user's input was refused (exit 65); nothing was written.
    case invalidInput(String)
    /// Something that should pass on its own failed (exit 75).
    case temporary(String)
    /// Something else failed (exit 1).
    case failure(String)
    /// The database refused or failed an operation.
    case store(StoreError)
    /// A mail server could not be used.
    case transport(TransportError)

    package var description: String {
        switch self {
        case .configuration(let m), .invalidInput(let m), .temporary(let m), .failure(let m): m
        case .store(let error): error.description
        case .transport(let error): error.description
        }
    }

    /// How the process ends for this error.
    package var exitStatus: ExitStatus {
        switch self {
        case .configuration: .configuration
        case .invalidInput: .invalidInput
        case .temporary: .temporary
        case .failure: .failure
        case .store(let error):
            switch error {
            case .duplicate, .notFound, .conflict: .invalidInput
            case .cannotOpen: .configuration
            case .busy, .noSpace: .temporary
            case .database: .failure
            }
        case .transport(let error): error.isTemporary ? .temporary : .configuration
        }
    }

    /// The process exit status for this error.
    package var exitCode: Int32 { exitStatus.rawValue }

    /// A transport failure as the jobs report it: temporary ones exit 75, the rest (TLS
    /// verification, a refused login, a malformed URL) 78.
    init(_ error: TransportError) { self = .transport(error) }
}

/// Runs a store operation; its error is kept whole in an `AppError`.
func wrap<T>(_ body: () throws(StoreError) -> T) throws(AppError) -> T {
    do { return try body() } catch { throw .store(error) }
}

/// Runs a transport operation, turning its error into an `AppError`: a temporary failure
/// (network, server busy) is a failure to retry; TLS, login and set-up problems are
/// configuration errors.
func transport<T>(_ body: () throws(TransportError) -> T) throws(AppError) -> T {
    do { return try body() } catch { throw .transport(error) }
}
