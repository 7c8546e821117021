/// Why a transport operation failed. Carries codes and categories, never addresses or
/// server text (either may be personal data).
package enum TransportError: Error, Equatable, CustomStringConvertible {
    case maildir(operation: String, errno: Int32)
    /// libcurl could not be set up (a bug or a broken libcurl).
    case setup(String)
    /// The server's certificate was not trusted, or TLS could not be negotiated.
    case tls(curlCode: Int32, detail: String)
    /// The server refused the login.
    case authentication(curlCode: Int32, replyCode: Int)
    /// The server could not be reached, or the connection broke: try again later.
    case connection(curlCode: Int32, detail: String)
    /// An IMAP command failed.
    case command(String, curlCode: Int32)
    /// A message was larger than the limit and was not read.
    case tooLarge(limit: Int)
    /// A server response could not be read whole or did not add up (a clipped line, a UID
    /// listing with gaps or fewer messages than the server counted): nothing in it is believed.
    case incompleteResponse(String)

    package var description: String {
        switch self {
        case .maildir(let operation, let code): "maildir: \(operation) failed (errno \(code))"
        case .setup(let detail): "transport set-up: \(detail)"
        case .tls(let code, let detail):
            "TLS failed (curl \(code): \(detail)); check the server certificate, or set ca_file to the CA that signed it"
        case .authentication(let code, let reply):
            "login refused (curl \(code)\(reply > 0 ? ", server reply \(reply)" : "")); check the username and the password credential"
        case .connection(let code, let detail): "cannot reach the server (curl \(code): \(detail)); will retry"
        case .command(let name, let code): "IMAP \(name) failed (curl \(code))"
        case .tooLarge(let limit): "message larger than \(limit >> 20) MB: not read"
        case .incompleteResponse(let detail): "incomplete server response (\(detail)); nothing of it was used, will retry"
        }
    }

    /// Whether retrying later may succeed without anyone changing anything: a network or
    /// server hiccup, a TLS handshake cut off, a temporary login refusal (SMTP 454), a refused
    /// IMAP command or a response that did not add up. Not: a certificate that fails
    /// verification, a refused login (535), a malformed URL or a broken set-up.
    package var isTemporary: Bool {
        switch self {
        case .connection, .command, .incompleteResponse: true
        case .authentication(_, let reply): (400..<500).contains(reply)
        case .tls, .setup, .maildir, .tooLarge: false
        }
    }
}
