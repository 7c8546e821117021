import Foundation
import TightropeCore

/// Reads a labelled evaluation set for the safety screen: one `.tsv` file, or every `.tsv`
/// file of a directory (in name order).
package enum SafetyEvaluationFiles {
    /// Why a set cannot be read: the path, and what is wrong (line numbers, never the texts).
    package struct ReadError: Error, CustomStringConvertible {
        package var path: String
        package var reason: String
        package var description: String { "\(path): \(reason)" }
    }

    package static func load(path: String) throws(ReadError) -> [SafetyEvaluation.Case] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(path: path, reason: "does not exist")
        }
        var files = [path]
        if isDirectory.boolValue {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".tsv") }.sorted()
            files = names.map { (path as NSString).appendingPathComponent($0) }
            guard !files.isEmpty else { throw ReadError(path: path, reason: "holds no .tsv file") }
        }
        var cases: [SafetyEvaluation.Case] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ReadError(path: file, reason: "cannot be read as UTF-8 text")
            }
            let (read, defects) = SafetyEvaluation.parse(text, source: (file as NSString).lastPathComponent)
            if let first = defects.first { throw ReadError(path: file, reason: first) }
            cases += read
        }
        guard !cases.isEmpty else { throw ReadError(path: path, reason: "holds no case") }
        return cases
    }
}
