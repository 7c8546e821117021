import Foundation

/// Why a piece of input was refused. Names the field, never repeats the value
/// (the value may be personal data and error messages reach logs).
package struct ValidationIssue: Error, Hashable, Sendable, CustomStringConvertible {
    package let field: String
    package let reason: String

    package init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    package var description: String { "\(field): \(reason)" }
}

/// Checks of user-supplied names, addresses, identifiers and time zones.
package enum InputValidator {
    package static let maxNameLength = 100

    /// A couple id: 1–32 characters of `a-z`, `0-9` and `-`, starting with a letter or digit.
    package static func isValidCoupleID(_ id: String) -> Bool {
        guard (1...32).contains(id.utf8.count), let first = id.utf8.first, first != UInt8(ascii: "-") else { return false }
        return id.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }

    /// Validates a couple id, therapist id or similar slug.
    package static func checkIdentifier(_ id: String, field: String) throws(ValidationIssue) {
        guard isValidCoupleID(id) else {
            throw ValidationIssue(field: field, reason: "must be 1–32 characters of a-z, 0-9 and '-', not starting with '-'")
        }
    }

    /// Validates a display name: not empty, not too long, and free of control,
    /// line-separator and bidirectional-override characters (header injection, spoofing).
    package static func checkName(_ name: String, field: String) throws(ValidationIssue) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ValidationIssue(field: field, reason: "must not be empty") }
        guard trimmed.count <= maxNameLength else {
            throw ValidationIssue(field: field, reason: "must be at most \(maxNameLength) characters")
        }
        if let bad = name.unicodeScalars.first(where: isForbiddenInName) {
            let kind = bad == "\r" || bad == "\n" ? "a line break" : "a control or formatting character"
            throw ValidationIssue(field: field, reason: "contains \(kind) (U+\(String(bad.value, radix: 16, uppercase: true)))")
        }
    }

    /// Whether a scalar may never appear in a name or other one-line text.
    package static func isForbiddenInName(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
            return true
        case .format:
            // Bidi embeddings/overrides/isolates and other invisible format characters.
            // Zero-width joiner (U+200D) stays: names written with emoji need it.
            return scalar.value != 0x200D
        default:
            return false
        }
    }

    /// Validates a one-line free text (a consent method, a crisis line): same rules as names, longer limit.
    package static func checkLine(_ text: String, field: String, maxLength: Int = 500) throws(ValidationIssue) {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationIssue(field: field, reason: "must not be empty")
        }
        guard text.count <= maxLength else { throw ValidationIssue(field: field, reason: "must be at most \(maxLength) characters") }
        if text.unicodeScalars.contains(where: isForbiddenInName) {
            throw ValidationIssue(field: field, reason: "contains a line break or control character")
        }
    }

    private static let atext: Set<UInt8> = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)

    /// Whether `address` is a plain ASCII `local@domain` address (dot-atom local part,
    /// a domain of at least two LDH labels). Quoted local parts and IP literals are refused:
    /// no partner needs them and they complicate every later step.
    package static func isValidEmail(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), !domain.isEmpty else { return false }
        let localAtoms = local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard localAtoms.allSatisfy({ !$0.isEmpty && $0.allSatisfy { atext.contains($0) } }) else { return false }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.count), label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                  label.allSatisfy({ (0x61...0x7A).contains($0 | 0x20) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        return labels.last.map { !$0.allSatisfy { (0x30...0x39).contains($0) } } ?? false
    }

    package static func checkEmail(_ address: String, field: String) throws(ValidationIssue) {
        guard isValidEmail(address) else {
            throw ValidationIssue(field: field, reason: "is not a valid email address (expected local@domain.tld, ASCII)")
        }
    }

    /// Validates an IANA time zone name such as `Europe/Berlin`.
    package static func checkTimeZone(_ id: String, field: String) throws(ValidationIssue) {
        guard TimeZone.knownTimeZoneIdentifiers.contains(id) || id == "UTC", TimeZone(identifier: id) != nil else {
            throw ValidationIssue(field: field, reason: "is not a known IANA time zone (for example Europe/Berlin)")
        }
    }

    /// Validates a whole couple before anything is written.
    package static func check(_ couple: Couple) throws(ValidationIssue) {
        try checkIdentifier(couple.id, field: "couple id")
        try checkIdentifier(couple.therapistID, field: "therapist")
        try checkTimeZone(couple.schedule.timeZoneID, field: "time zone")
        guard couple.partners.count == 2, Set(couple.partners.map(\.label)) == [.a, .b] else {
            throw ValidationIssue(field: "partners", reason: "a couple has exactly two partners, a and b")
        }
        for partner in couple.partners {
            try checkName(partner.name, field: "partner \(partner.label.rawValue) name")
            if let preferred = partner.preferredName {
                try checkName(preferred, field: "partner \(partner.label.rawValue) preferred name")
                guard preferred.count <= 40 else {
                    throw ValidationIssue(field: "partner \(partner.label.rawValue) preferred name", reason: "must be at most 40 characters")
                }
            }
            try checkEmail(partner.email, field: "partner \(partner.label.rawValue) email")
            if let consent = partner.consent { try checkLine(consent.method, field: "partner \(partner.label.rawValue) consent method") }
        }
        if couple.partners[0].email.lowercased() == couple.partners[1].email.lowercased() {
            throw ValidationIssue(field: "partner b email", reason: "is the same address as partner a's")
        }
    }
}
