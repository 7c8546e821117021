/// The stable id of one of the weekly scales. Stored as its raw text (`connection`, `room`),
/// and a dictionary keyed by it encodes as a JSON object, so stored answers read as
/// `{"connection":4,"room":3}`.
package struct ScaleID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    package let rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }
    package init(_ rawValue: String) { self.rawValue = rawValue }
    package init(stringLiteral value: String) { self.rawValue = value }

    /// How connected the partner felt.
    package static let connection: ScaleID = "connection"
    /// How much room the partner had for themselves.
    package static let room: ScaleID = "room"

    package var description: String { rawValue }
    package static func < (a: ScaleID, b: ScaleID) -> Bool { a.rawValue < b.rawValue }

    package init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    package var codingKey: any CodingKey { Key(stringValue: rawValue) }
    package init?<T: CodingKey>(codingKey: T) { rawValue = codingKey.stringValue }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A partner's answers on the scales of one reply, by scale; a scale not answered is absent.
package typealias ScaleValues = [ScaleID: Int]
