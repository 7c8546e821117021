import Foundation

/// Secrets, read from systemd credentials (`$CREDENTIALS_DIRECTORY/<name>`) or, for
/// development, from a `TIGHTROPE_<NAME>` environment variable. Never from the config file.
package struct Credentials: Sendable {
    /// The credential names the units load.
    package enum Name: CaseIterable, Sendable {
        case smtpPassword, imapPassword, hmacKey

        /// The credential's file name: the case name in kebab case (`smtp-password`).
        package var rawValue: String {
            String(describing: self).reduce(into: "") { name, character in
                if character.isUppercase { name += "-" + character.lowercased() } else { name.append(character) }
            }
        }

        /// The environment variable read when no credential file exists.
        package var environmentVariable: String {
            "TIGHTROPE_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
        }
    }

    /// Why a secret could not be had. Names the secret, never its value.
    package struct Missing: Error, Equatable, CustomStringConvertible {
        package let name: String
        package let reason: String
        package var description: String { "credential \(name): \(reason)" }
    }

    package static let minimumHMACKeyBytes = 32

    private let environment: [String: String]

    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The secret's value, without a trailing newline.
    package func secret(_ name: Name) throws(Missing) -> String {
        if let dir = environment["CREDENTIALS_DIRECTORY"], !dir.isEmpty {
            let path = URL(fileURLWithPath: dir).appendingPathComponent(name.rawValue).path
            if let data = FileManager.default.contents(atPath: path) {
                guard let text = String(data: data, encoding: .utf8) else {
                    throw Missing(name: name.rawValue, reason: "file is not UTF-8")
                }
                return Self.trimmed(text)
            }
        }
        if let value = environment[name.environmentVariable], !value.isEmpty {
            return Self.trimmed(value)
        }
        throw Missing(name: name.rawValue,
                      reason: "not found in $CREDENTIALS_DIRECTORY/\(name.rawValue) nor in \(name.environmentVariable)")
    }

    /// The HMAC key for reply tokens: at least 32 bytes.
    package func hmacKey() throws(Missing) -> [UInt8] {
        let key = Array(try secret(.hmacKey).utf8)
        guard key.count >= Self.minimumHMACKeyBytes else {
            throw Missing(name: Name.hmacKey.rawValue,
                          reason: "must be at least \(Self.minimumHMACKeyBytes) bytes (try: openssl rand -base64 48)")
        }
        return key
    }

    private static func trimmed(_ text: String) -> String {
        var t = Substring(text)
        while let last = t.last, last == "\n" || last == "\r" { t = t.dropLast() }
        return String(t)
    }
}
