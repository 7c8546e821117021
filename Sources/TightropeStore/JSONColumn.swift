import Foundation

/// The one place where a JSON column becomes a value and back: the rest of the project sees
/// typed values only. Keys are sorted, so equal values are stored as equal text.
enum JSONColumn {
    static func text<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// The value of a column, or `fallback` when it is empty or not what was stored.
    static func value<T: Decodable>(_ text: String?, as type: T.Type = T.self, or fallback: T) -> T {
        guard let text else { return fallback }
        return (try? JSONDecoder().decode(T.self, from: Data(text.utf8))) ?? fallback
    }
}
