import CCurl

/// Live checks for `doctor`: connect with TLS, log in, say NOOP, leave. Nothing is sent or read.
package enum ConnectionCheck {
    /// SMTP: STARTTLS (required for smtp://) or implicit TLS, AUTH, then NOOP.
    package static func smtp(url: String, username: String, password: String, caFile: String?, timeoutSeconds: Int,
                             ehloName: String) throws(TransportError) {
        let curl = try CurlEasy()
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        try curl.set(CURLOPT_URL, base + "/" + ehloName)
        try configure(curl, username: username, password: password, caFile: caFile, timeoutSeconds: timeoutSeconds)
        try curl.set(CURLOPT_CUSTOMREQUEST, "NOOP")
        try curl.set(CURLOPT_NOBODY, 1)
        try finish(curl)
    }

    /// IMAP: STARTTLS (required for imap://) or implicit TLS, LOGIN, then NOOP.
    package static func imap(url: String, username: String, password: String, caFile: String?, timeoutSeconds: Int) throws(TransportError) {
        let curl = try CurlEasy()
        // No mailbox in the URL: libcurl would SELECT it first.
        guard let schemeEnd = url.range(of: "://") else { throw .setup("IMAP URL has no scheme") }
        let hostPart = url[schemeEnd.upperBound...].prefix { $0 != "/" }
        try curl.set(CURLOPT_URL, String(url[..<schemeEnd.upperBound]) + hostPart + "/")
        try configure(curl, username: username, password: password, caFile: caFile, timeoutSeconds: timeoutSeconds)
        try curl.set(CURLOPT_CUSTOMREQUEST, "NOOP")
        let sink = DownloadSink(limit: 1 << 16)
        try withExtendedLifetime(sink) { () throws(TransportError) in
            try curl.set(CURLOPT_WRITEFUNCTION, callback: downloadCallback)
            try curl.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
            try finish(curl)
        }
    }

    private static func configure(_ curl: CurlEasy, username: String, password: String, caFile: String?,
                                  timeoutSeconds: Int) throws(TransportError) {
        try curl.configureSession(username: username, password: password, caFile: caFile, connectTimeout: timeoutSeconds,
                                  transferTimeout: timeoutSeconds)
    }

    private static func finish(_ curl: CurlEasy) throws(TransportError) {
        let code = curl.perform()
        guard code == CURLE_OK else { throw CurlEasy.sessionError(code, command: "NOOP") }
    }
}
