import Foundation
import TightropeCore
import TOMLKit

/// A TOML value converted from TOMLKit into plain, sendable Swift values.
indirect enum TOMLNode: Sendable {
    case string(String), int(Int), double(Double), bool(Bool), array([TOMLNode]), table([String: TOMLNode]), other(String)

    init(_ value: any TOMLValueConvertible) {
        switch value.type {
        case .string: self = .string(value.string ?? "")
        case .int: self = .int(value.int ?? 0)
        case .double: self = .double(value.double ?? 0)
        case .bool: self = .bool(value.bool ?? false)
        case .array: self = .array((value.array.map { Array($0) } ?? []).map { TOMLNode($0) })
        case .table:
            var dict: [String: TOMLNode] = [:]
            if let table = value.table { for key in table.keys { if let v = table[key] { dict[key] = TOMLNode(v) } } }
            self = .table(dict)
        default: self = .other(String(describing: value.type))
        }
    }

    var typeName: String {
        switch self {
        case .string: "a string"
        case .int: "an integer"
        case .double: "a number"
        case .bool: "true or false"
        case .array: "an array"
        case .table: "a table"
        case .other(let t): t
        }
    }
}

/// Why a TOML file was refused: always names the file and the offending key.
package struct TOMLFileError: Error, Equatable, CustomStringConvertible {
    package let file: String
    package let key: String
    package let reason: String

    /// The file and key are escaped and the key bounded: a hostile file cannot write to the terminal through an error.
    package var description: String {
        let file = TerminalText.safe(file, multiline: false)
        let key = TerminalText.safe(key.count > 80 ? String(key.prefix(80)) + "…" : key, multiline: false)
        return key.isEmpty ? "\(file): \(reason)" : "\(file): \(key): \(reason)"
    }
}

/// Reads one TOML table strictly: every key must be read or it is reported as unknown,
/// and a value of the wrong type is an error naming the key and the expected type.
final class TOMLTableReader {
    let file: String
    let path: String
    private let values: [String: TOMLNode]
    private var consumed: Set<String> = []

    init(file: String, path: String, values: [String: TOMLNode]) {
        self.file = file
        self.path = path
        self.values = values
    }

    /// Parses TOML text into a reader for its top-level table.
    static func parse(_ text: String, file: String) throws(TOMLFileError) -> TOMLTableReader {
        do {
            let table = try TOMLTable(string: text)
            guard case .table(let values) = TOMLNode(table) else { throw TOMLFileError(file: file, key: "", reason: "not a table") }
            return TOMLTableReader(file: file, path: "", values: values)
        } catch let error as TOMLParseError {
            throw TOMLFileError(file: file, key: "", reason: "line \(error.source.begin.line): not valid TOML")
        } catch let error as TOMLFileError {
            throw error
        } catch {
            throw TOMLFileError(file: file, key: "", reason: "not valid TOML")
        }
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func fail(_ key: String, _ reason: String) -> TOMLFileError {
        TOMLFileError(file: file, key: keyPath(key), reason: reason)
    }

    private func take(_ key: String) -> TOMLNode? {
        consumed.insert(key)
        return values[key]
    }

    func has(_ key: String) -> Bool { values[key] != nil }

    func optionalString(_ key: String) throws(TOMLFileError) -> String? {
        guard let node = take(key) else { return nil }
        guard case .string(let s) = node else { throw fail(key, "must be a string, not \(node.typeName)") }
        return s
    }

    func string(_ key: String) throws(TOMLFileError) -> String {
        guard let s = try optionalString(key) else { throw fail(key, "is required") }
        return s
    }

    func optionalInt(_ key: String) throws(TOMLFileError) -> Int? {
        guard let node = take(key) else { return nil }
        guard case .int(let i) = node else { throw fail(key, "must be an integer, not \(node.typeName)") }
        return i
    }

    func optionalDouble(_ key: String) throws(TOMLFileError) -> Double? {
        guard let node = take(key) else { return nil }
        switch node {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: throw fail(key, "must be a number, not \(node.typeName)")
        }
    }

    func optionalBool(_ key: String) throws(TOMLFileError) -> Bool? {
        guard let node = take(key) else { return nil }
        guard case .bool(let b) = node else { throw fail(key, "must be true or false, not \(node.typeName)") }
        return b
    }

    func optionalTable(_ key: String) throws(TOMLFileError) -> TOMLTableReader? {
        guard let node = take(key) else { return nil }
        guard case .table(let t) = node else { throw fail(key, "must be a table, not \(node.typeName)") }
        return TOMLTableReader(file: file, path: keyPath(key), values: t)
    }

    func table(_ key: String) throws(TOMLFileError) -> TOMLTableReader {
        guard let t = try optionalTable(key) else { throw fail(key, "is required (a [\(keyPath(key))] table)") }
        return t
    }

    /// An array of plain values.
    func array(_ key: String) throws(TOMLFileError) -> [TOMLNode] {
        guard let node = take(key) else { return [] }
        guard case .array(let items) = node else { throw fail(key, "must be an array, not \(node.typeName)") }
        return items
    }

    /// The keys of this table, sorted (for tables keyed by name, such as themes).
    var keys: [String] { values.keys.sorted() }

    /// An array of tables (`[[key]]`), each as a reader.
    func tables(_ key: String) throws(TOMLFileError) -> [TOMLTableReader] {
        guard let node = take(key) else { return [] }
        guard case .array(let items) = node else { throw fail(key, "must be an array of tables, not \(node.typeName)") }
        var readers: [TOMLTableReader] = []
        for (i, item) in items.enumerated() {
            guard case .table(let t) = item else { throw fail("\(key)[\(i)]", "must be a table, not \(item.typeName)") }
            readers.append(TOMLTableReader(file: file, path: "\(keyPath(key))[\(i)]", values: t))
        }
        return readers
    }

    /// Throws for the first key that was never read, so typos do not pass silently.
    func finish() throws(TOMLFileError) {
        if let unknown = values.keys.sorted().first(where: { !consumed.contains($0) }) {
            let lower = unknown.lowercased()
            if ["password", "secret", "hmac", "key"].contains(where: { lower.contains($0) }) && !lower.hasSuffix("_file") {
                throw fail(unknown, "secrets are never read from the config file; use systemd credentials or a TIGHTROPE_ environment variable")
            }
            throw fail(unknown, "unknown key")
        }
    }
}
