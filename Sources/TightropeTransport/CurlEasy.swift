import CCurl

/// One libcurl easy handle, reused for a whole batch so one connection (one TLS handshake,
/// one login) carries every transfer. Not thread-safe: use it from one thread at a time.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer

    init() throws(TransportError) {
        guard let h = curl_easy_init() else { throw .setup("curl_easy_init failed") }
        handle = h
    }

    deinit { curl_easy_cleanup(handle) }

    func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(ccurl_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(TransportError) {
        // libcurl copies string options (since 7.17), so the temporary C string may go.
        try check(value.withCString { ccurl_setopt_string(handle, option, $0) }, option)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(TransportError) {
        try check(ccurl_setopt_pointer(handle, option, pointer), option)
    }

    func set(_ option: CURLoption, list: UnsafeMutablePointer<curl_slist>?) throws(TransportError) {
        try check(ccurl_setopt_slist(handle, option, list), option)
    }

    func set(_ option: CURLoption, callback: ccurl_io_callback?) throws(TransportError) {
        try check(ccurl_setopt_callback(handle, option, callback), option)
    }

    /// The last server reply code (SMTP); only meaningful after some results, see `SMTPSubmission`.
    var responseCode: Int {
        var code = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    func perform() -> CURLcode { curl_easy_perform(handle) }


    /// Lets `watch` see libcurl's informational messages (and only those: the callback ignores
    /// the protocol traffic, which holds the login). Nothing is printed or logged.
    func watchResponses(_ watch: ResponseWatch) throws(TransportError) {
        try check(ccurl_setopt_debug_callback(handle, CURLOPT_DEBUGFUNCTION, responseWatchCallback), CURLOPT_DEBUGFUNCTION)
        try set(CURLOPT_DEBUGDATA, pointer: Unmanaged.passUnretained(watch).toOpaque())
        // Informational messages reach the callback only in verbose mode; with a debug
        // function set, libcurl writes none of them anywhere else.
        try set(CURLOPT_VERBOSE, 1)
    }

    /// Applies the TLS policy: verification always on, optional CA file, TLS 1.2 or newer.
    func configureTLS(caFile: String?) throws(TransportError) {
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        try set(CURLOPT_SSLVERSION, Int(CURL_SSLVERSION_TLSv1_2))
        if let caFile { try set(CURLOPT_CAINFO, caFile) }
    }

    /// Credentials, TLS (STARTTLS required for the plain schemes), timeouts: what every
    /// session with a mail server sets the same way.
    func configureSession(username: String, password: String, caFile: String?, connectTimeout: Int,
                          transferTimeout: Int) throws(TransportError) {
        try set(CURLOPT_USERNAME, username)
        try set(CURLOPT_PASSWORD, password)
        // Without this libcurl silently skips STARTTLS when the server does not offer it.
        try set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        try configureTLS(caFile: caFile)
        try set(CURLOPT_CONNECTTIMEOUT, connectTimeout)
        try set(CURLOPT_TIMEOUT, transferTimeout)
        try set(CURLOPT_NOSIGNAL, 1)
    }

    /// Maps a failed transfer that is not about one message to a transport error.
    static func sessionError(_ code: CURLcode, command: String) -> TransportError {
        switch code {
        case CURLE_LOGIN_DENIED:
            return .authentication(curlCode: Int32(code.rawValue), replyCode: 0)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_USE_SSL_FAILED, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            // Will not pass on its own: the certificate, the CA file or the server's TLS offer.
            return .tls(curlCode: Int32(code.rawValue), detail: curlDescription(code))
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_NOT_BUILT_IN:
            return .setup("the server URL is not usable (curl \(code.rawValue): \(curlDescription(code)))")
        case CURLE_SSL_CONNECT_ERROR:
            // The handshake was cut off or failed midway (a server restarting): try again.
            return .connection(curlCode: Int32(code.rawValue), detail: curlDescription(code))
        case CURLE_QUOTE_ERROR, CURLE_REMOTE_FILE_NOT_FOUND, CURLE_REMOTE_ACCESS_DENIED:
            return .command(command, curlCode: Int32(code.rawValue))
        default:
            return .connection(curlCode: Int32(code.rawValue), detail: curlDescription(code))
        }
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(TransportError) {
        guard code == CURLE_OK else { throw .setup("curl option \(option.rawValue) refused (curl \(code.rawValue))") }
    }
}

/// A connection cache shared by successive easy handles, so that each transfer can have a
/// handle of its own and still reuse one connection (one TLS handshake, one login).
final class CurlShare {
    let handle: UnsafeMutableRawPointer

    init() throws(TransportError) {
        guard let h = curl_share_init() else { throw .setup("curl_share_init failed") }
        handle = h
        guard ccurl_share_setopt_long(h, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_CONNECT.rawValue)) == CURLSHE_OK else {
            curl_share_cleanup(h)
            throw .setup("curl connection sharing refused")
        }
    }

    deinit { curl_share_cleanup(handle) }
}

/// libcurl's text for an error code (generic, never contains server text or addresses).
func curlDescription(_ code: CURLcode) -> String {
    String(cString: curl_easy_strerror(code))
}

/// A byte buffer libcurl reads an upload from through `uploadCallback`.
final class UploadSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// The read callback: copies the next chunk of an `UploadSource` (passed as READDATA).
let uploadCallback: ccurl_io_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let source = Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue()
    let n = min(size * count, source.bytes.count - source.offset)
    guard n > 0 else { return 0 }
    source.bytes.withUnsafeBytes { raw in
        UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + source.offset, byteCount: n)
    }
    source.offset += n
    return n
}

/// A growing byte buffer libcurl writes a download into through `downloadCallback`.
final class DownloadSink {
    var bytes: [UInt8] = []
    let limit: Int
    /// Set when the download went over the limit (and was aborted).
    var overflowed = false
    init(limit: Int) { self.limit = limit }
}

/// The write callback: appends to a `DownloadSink` (passed as WRITEDATA); refusing data over
/// the sink's limit makes libcurl abort the transfer (a hostile or runaway server).
let downloadCallback: ccurl_io_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let sink = Unmanaged<DownloadSink>.fromOpaque(context).takeUnretainedValue()
    let n = size * count
    guard sink.bytes.count + n <= sink.limit else {
        sink.overflowed = true
        return 0
    }
    sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: n))
    return n
}

/// Notices when libcurl clips a server response line that did not fit its buffer (it then
/// keeps the line's head and tail and says so only as an informational message).
final class ResponseWatch {
    var clipped = false
}

/// The debug callback: looks only at libcurl's own informational text.
let responseWatchCallback: ccurl_debug_callback = { _, type, data, size, context in
    guard type == CURLINFO_TEXT, let data, let context else { return 0 }
    let marker = "Excessive server response line"
    guard size >= marker.utf8.count else { return 0 }
    let matches = marker.utf8.enumerated().allSatisfy { UInt8(bitPattern: data[$0.offset]) == $0.element }
    if matches { Unmanaged<ResponseWatch>.fromOpaque(context).takeUnretainedValue().clipped = true }
    return 0
}
