import Foundation

/// A POSIX ustar archive of regular files, written in memory (an export is one couple's record:
/// megabytes, not gigabytes). Readable by `tar`, Python's `tarfile` and every archive tool.
package struct TarArchive {
    private var data = Data()

    package init() {}

    /// Adds a file. `path` is relative, ASCII, at most 255 bytes, without `..`.
    package mutating func add(path: String, contents: Data, mode: Int = 0o600, modified: Date) throws(AppError) {
        guard !path.isEmpty, path.utf8.count <= 255, path.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }),
              !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw .failure("export: an archive path is not portable")
        }
        var header = [UInt8](repeating: 0, count: 512)
        // Names over 100 bytes are split at a slash into prefix (155) and name (100).
        var name = Substring(path), prefix: Substring = ""
        if path.utf8.count > 100 {
            guard let cut = path.utf8.indices.last(where: { path.utf8[$0] == UInt8(ascii: "/") && path.utf8.distance(from: path.utf8.startIndex, to: $0) <= 155
                && path.utf8.distance(from: $0, to: path.utf8.endIndex) - 1 <= 100 }) else {
                throw .failure("export: an archive path is too long")
            }
            prefix = path[..<cut]
            name = path[path.index(after: cut)...]
        }
        func put(_ text: some StringProtocol, at offset: Int, width: Int) {
            for (i, byte) in text.utf8.prefix(width).enumerated() { header[offset + i] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            put(String(String(value, radix: 8).suffix(width - 1)).leftPadded(to: width - 1), at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(mode, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(contents.count, at: 124, width: 12)
        octal(Int(modified.timeIntervalSince1970), at: 136, width: 12)
        put("        ", at: 148, width: 8)
        header[156] = UInt8(ascii: "0")
        put("ustar\0", at: 257, width: 6)
        put("00", at: 263, width: 2)
        put("tightrope", at: 265, width: 32)
        put("tightrope", at: 297, width: 32)
        put(prefix, at: 345, width: 155)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(String(String(sum, radix: 8)).leftPadded(to: 6) + "\0 ", at: 148, width: 8)
        data.append(contentsOf: header)
        data.append(contents)
        let padding = (512 - contents.count % 512) % 512
        data.append(Data(count: padding))
    }

    /// The archive with its end (two zero blocks).
    package var bytes: Data { data + Data(count: 1024) }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
