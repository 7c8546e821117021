import TightropeStore
import TightropeTransport

/// Errors the jobs report. Messages name keys, ids and categories, never personal data.
package enum AppError: Error, Equatable, CustomStringConvertible {
    /// The configuration, templates, questions or credentials are unusable (exit 78).
    case configuration(String)
    /// The user's input was refused (exit 65); nothing was written.
    case invalidInput(String)
    /// Something that should pass on its own failed: a server restarting or unreachable, a
    /// busy database (exit 75, EX_TEMPFAIL: the next timer run tries again).
    case temporary(String)
    /// Something else failed (exit 1).
    case failure(String)

    package var description: String {
        switch self {
        case .configuration(let m), .invalidInput(let m), .temporary(let m), .failure(let m): m
        }
    }

    /// The process exit status for this error.
    package var exitCode: Int32 {
        switch self {
        case .configuration: 78
        case .invalidInput: 65
        case .temporary: 75
        case .failure: 1
        }
    }
}

/// Runs a store operation, turning its error into an `AppError`.
func wrap<T>(_ body: () throws(StoreError) -> T) throws(AppError) -> T {
    do { return try body() } catch {
        switch error {
        case .duplicate, .notFound, .conflict: throw .invalidInput(error.description)
        case .cannotOpen: throw .configuration(error.description)
        default: throw .failure(error.description)
        }
    }
}

/// Runs a transport operation, turning its error into an `AppError`: a temporary failure
/// (network, server busy) is a failure to retry; TLS, login and set-up problems are
/// configuration errors.
func transport<T>(_ body: () throws(TransportError) -> T) throws(AppError) -> T {
    do { return try body() } catch {
        throw AppError(error)
    }
}

extension AppError {
    /// A transport failure as the jobs report it: temporary ones exit 75, the rest (TLS
    /// verification, a refused login, a malformed URL) 78.
    init(_ error: TransportError) {
        self = error.isTemporary ? .temporary(error.description) : .configuration(error.description)
    }
}
