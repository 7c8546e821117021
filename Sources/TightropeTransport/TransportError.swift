/// Why a transport operation failed. Carries codes and categories, never addresses or
/// server text (either may be personal data).
package enum TransportError: Error, Equatable, CustomStringConvertible {
    case maildir(operation: String, errno: Int32)

    package var description: String {
        switch self {
        case .maildir(let operation, let code): "maildir: \(operation) failed (errno \(code))"
        }
    }
}
