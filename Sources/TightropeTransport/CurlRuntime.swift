import CCurl

/// Process-wide libcurl set-up and facts about the linked library.
package enum CurlRuntime {
    /// Initialises libcurl once; call from the main thread before any transfer.
    package static func initialize() {
        curl_global_init(Int(CURL_GLOBAL_ALL))
    }

    /// The linked libcurl's version and TLS backend, e.g. `libcurl/7.88.1 OpenSSL/3.0.15 …`.
    package static var version: String {
        String(cString: curl_version())
    }
}
