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

    /// The HMAC key for reply tokens: at least 32 bytes (256 bits) of entropy, as far as the key
    /// shows it (see `estimatedEntropyBits`). Doctor and every job refuse a weaker one.
    package func hmacKey() throws(Missing) -> [UInt8] {
        let key = Array(try secret(.hmacKey).utf8)
        let bits = Self.estimatedEntropyBits(key)
        guard bits >= Double(Self.minimumHMACKeyBytes * 8) else {
            throw Missing(name: Name.hmacKey.rawValue,
                          reason: "is too weak (about \(Int(bits)) bits; at least \(Self.minimumHMACKeyBytes * 8) are needed): "
                              + "make a random one with: openssl rand -base64 48")
        }
        return key
    }

    /// An upper estimate of a key's entropy in bits: its length times the bits per character of
    /// the smallest usual alphabet it is written in (hex 4, base64 6, printable ASCII 6.6, any
    /// byte 8), and zero when its characters are too repetitive to be random (fewer than 3 bits of
    /// Shannon entropy per character, as in "aaaa…" or a word repeated).
    package static func estimatedEntropyBits(_ key: [UInt8]) -> Double {
        guard !key.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for b in key { counts[Int(b)] += 1 }
        let n = Double(key.count)
        let shannon = counts.filter { $0 > 0 }.reduce(0.0) { $0 - Double($1) / n * log2(Double($1) / n) }
        guard shannon >= 3 else { return 0 }
        func all(_ set: String) -> Bool { key.allSatisfy { set.utf8.contains($0) } }
        let hex = "0123456789abcdefABCDEF"
        let base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_"
        let perCharacter = all(hex) ? 4.0 : all(base64) ? 6.0 : key.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) ? log2(95.0) : 8.0
        return n * perCharacter
    }

    private static func trimmed(_ text: String) -> String {
        var t = Substring(text)
        while let last = t.last, last == "\n" || last == "\r" { t = t.dropLast() }
        return String(t)
    }
}
