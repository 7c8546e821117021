import CCurl

/// What the SMTP server said about one message.
package enum SubmissionResult: Equatable, Sendable {
    /// The final 250 after DATA.
    case accepted
    /// A 4xx reply: try again later.
    case temporaryFailure(replyCode: Int)
    /// A 5xx reply: the server will not take this message.
    case permanentFailure(replyCode: Int)
}

/// SMTP submission through libcurl: `smtp://` with STARTTLS required, or `smtps://`;
/// AUTH with the credential; certificate verification always on; one connection reused for
/// the whole batch. Logs nothing and never enables CURLOPT_VERBOSE (it would print
/// recipients and the AUTH exchange).
package final class SMTPSubmission {
    private let curl: CurlEasy

    /// - Parameters:
    ///   - url: `smtp://host:port` or `smtps://host:port`. The EHLO name is `ehloName`.
    ///   - timeoutSeconds: connect timeout, and the limit for one message's transfer.
    package init(url: String, username: String, password: String, caFile: String?, timeoutSeconds: Int,
                 ehloName: String) throws(TransportError) {
        curl = try CurlEasy()
        let lower = url.lowercased()
        guard lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://") else { throw .setup("SMTP URL must be smtp:// or smtps://") }
        // libcurl takes the EHLO name from the URL's path.
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        if let schemeEnd = base.range(of: "://"), base[schemeEnd.upperBound...].contains("/") {
            throw .setup("SMTP URL must not have a path")
        }
        try curl.set(CURLOPT_URL, base + "/" + ehloName)
        try curl.configureSession(username: username, password: password, caFile: caFile, connectTimeout: timeoutSeconds,
                                  transferTimeout: timeoutSeconds)
        try curl.set(CURLOPT_UPLOAD, 1)
        try curl.set(CURLOPT_READFUNCTION, callback: uploadCallback)
    }

    /// Submits one message (CRLF line ends, as built) to one recipient.
    ///
    /// Reply codes map to results; a failure that is not about this message (TLS, login,
    /// an unreachable server) throws, so the caller stops the batch and loses nothing.
    package func submit(from: String, to: String, bytes: [UInt8]) throws(TransportError) -> SubmissionResult {
        let source = UploadSource(bytes)
        let recipients = curl_slist_append(nil, "<\(to)>")
        defer { curl_slist_free_all(recipients) }
        try curl.set(CURLOPT_MAIL_FROM, "<\(from)>")
        try curl.set(CURLOPT_MAIL_RCPT, list: recipients)
        let code: CURLcode = withExtendedLifetime(source) {
            do {
                try curl.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(source).toOpaque())
            } catch {
                return CURLE_FAILED_INIT
            }
            return curl.perform()
        }
        return try Self.classify(code, replyCode: curl.responseCode)
    }

    /// Maps libcurl's result and the last reply code to an outcome (facts in shared/notes).
    static func classify(_ code: CURLcode, replyCode: Int) throws(TransportError) -> SubmissionResult {
        switch code {
        case CURLE_OK:
            return .accepted
        case CURLE_SEND_ERROR, CURLE_WEIRD_SERVER_REPLY:
            // A refused MAIL FROM / RCPT (55) or a refusal after DATA (8) carries the reply code.
            switch replyCode {
            case 400..<500: return .temporaryFailure(replyCode: replyCode)
            case 500..<600: return .permanentFailure(replyCode: replyCode)
            default: throw .connection(curlCode: Int32(code.rawValue), detail: curlDescription(code))
            }
        case CURLE_LOGIN_DENIED:
            throw .authentication(curlCode: Int32(code.rawValue), replyCode: replyCode)
        default:
            throw CurlEasy.sessionError(code, command: "SMTP")
        }
    }
}
