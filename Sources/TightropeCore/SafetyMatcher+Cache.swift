/// The compiled matcher as bytes, so that a process can load it in milliseconds instead of
/// compiling the lexicon (~0.25 s) in every poll. The bytes are only ever read back by the same
/// program (the caller keys the cache by the lexicon's files and the executable), on the same
/// machine: integers are stored in the machine's byte order, and the header says which.
///
/// Reading is strict: a wrong magic, version, key or checksum, a truncated payload, or any id
/// out of its table's range makes `init(cache:key:)` fail, and the caller compiles instead.
extension SafetyMatcher {
    /// Bumped whenever the stored layout or the matcher's fields change.
    static let cacheFormat: UInt32 = 4
    private static let cacheMagic: [UInt8] = Array("TRLXCACHE".utf8)

    /// The matcher stored under `key` (any bytes the caller derives from what it compiled).
    func cacheBytes(key: [UInt8]) -> [UInt8] {
        var w = CacheWriter()
        w.u64s(trie.edgeTable.keys)
        w.i32s(trie.edgeTable.values)
        w.int(Int(trie.edgeTable.shift))
        w.jagged(trie.exact)
        w.jagged(trie.stems)
        w.int(termCount)
        w.i32s(phraseSlots)
        w.jagged(slotTerms)
        w.bools(slotGaps)
        w.jagged(phraseGroups)
        w.jagged(phrasesByFirstTerm)
        w.u64s(phrasesByPair.keys)
        w.i32s(phrasesByPair.values)
        w.int(Int(phrasesByPair.shift))
        w.jagged(phrasesByPairList)
        w.int(groups.count)
        for g in groups {
            w.int(g.language)
            w.string(g.name)
            w.int(Self.roles.firstIndex(of: g.role)!)
        }
        w.int(rules.count)
        for r in rules {
            w.int(r.concept)
            w.int(r.language)
            w.i32s(r.parts)
            w.i32s(r.exclusions)
            w.bools([r.ordered, r.mention, r.negationIsPart, r.across])
            w.int(Int(r.window))
            w.string(r.label)
        }
        w.jagged(SafetyJagged(rulesByGroup))
        w.bools(isExclusion)
        w.int(languages.count)
        for l in languages {
            w.string(l.code)
            w.i32s([l.window, l.negationBefore, l.negationAfter])
            w.bools([l.clausePunctuation])
        }
        var header = CacheWriter()
        header.raw(Self.cacheMagic)
        header.int(Int(Self.cacheFormat))
        header.int(1.littleEndian == 1 ? 1 : 2)
        header.bytesField(key)
        header.int(w.bytes.count)
        let sum = Self.checksum(header.bytes[...], w.bytes[...])
        header.int(Int(bitPattern: UInt(sum)))
        return header.bytes + w.bytes
    }

    /// The matcher stored by `cacheBytes(key:)`, or nil when `bytes` is not exactly that.
    init?(cache bytes: [UInt8], key: [UInt8], concepts conceptCount: Int) {
        var h = CacheReader(bytes[...])
        guard h.raw(Self.cacheMagic.count).elementsEqual(Self.cacheMagic),
              h.int() == Int(Self.cacheFormat), h.int() == (1.littleEndian == 1 ? 1 : 2),
              h.bytesField() == key,
              let length = h.int(), let sum = h.int(), !h.failed, length == h.remaining
        else { return nil }
        let payload = bytes[(bytes.count - length)...]
        // Over the header (without the sum) and the payload: a header moved onto another payload fails.
        let headerBytes = bytes[..<(bytes.count - length - 8)]
        guard Self.checksum(headerBytes, payload) == UInt64(UInt(bitPattern: sum)) else { return nil }
        var r = CacheReader(payload)
        guard let edgeKeys = r.u64s(), let edgeValues = r.i32s(), let shift = r.int(), shift >= 0,
              let edges = SafetyEdgeTable(keys: edgeKeys, values: edgeValues, shift: UInt64(shift)),
              let exact = r.jagged(), let stems = r.jagged(), let termCount = r.int(), termCount >= 0,
              let phraseSlots = r.i32s(), let slotTerms = r.jagged(), let slotGaps = r.bools(),
              let phraseGroups = r.jagged(), let byFirst = r.jagged(),
              let pairKeys = r.u64s(), let pairValues = r.i32s(), let pairShift = r.int(), pairShift >= 0,
              let byPair = SafetyEdgeTable(keys: pairKeys, values: pairValues, shift: UInt64(pairShift)), let pairLists = r.jagged(),
              let groupCount = r.int(), groupCount >= 0
        else { return nil }
        var groups: [Group] = []
        for _ in 0..<min(groupCount, r.remaining) {
            guard let language = r.int(), let name = r.string(), let role = r.int(), Self.roles.indices.contains(role) else { return nil }
            groups.append(Group(language: language, name: name, role: Self.roles[role]))
        }
        guard groups.count == groupCount, let ruleCount = r.int(), ruleCount >= 0 else { return nil }
        var rules: [Rule] = []
        for _ in 0..<min(ruleCount, r.remaining) {
            guard let concept = r.int(), let language = r.int(), let parts = r.i32s(), let exclusions = r.i32s(),
                  let flags = r.bools(), flags.count == 4, let window = r.int(), let label = r.string(),
                  (0..<conceptCount).contains(concept)
            else { return nil }
            rules.append(Rule(concept: concept, language: language, parts: parts, exclusions: exclusions, ordered: flags[0],
                              window: Int32(clamping: window), mention: flags[1], across: flags[3], negationIsPart: flags[2], label: label))
        }
        guard rules.count == ruleCount, let byGroup = r.jagged(), let isExclusion = r.bools(), let languageCount = r.int(),
              languageCount >= 0
        else { return nil }
        var languages: [Language] = []
        for _ in 0..<min(languageCount, r.remaining) {
            guard let code = r.string(), let spans = r.i32s(), spans.count == 3, let flags = r.bools(), flags.count == 1 else { return nil }
            languages.append(Language(code: code, window: spans[0], negationBefore: spans[1], negationAfter: spans[2],
                                      clausePunctuation: flags[0]))
        }
        guard languages.count == languageCount, !r.failed, r.remaining == 0 else { return nil }

        // Every id must index its table: a matcher read from bytes never traps on a reply.
        let nodes = exact.count
        let phrases = phraseSlots.count - 1
        guard nodes > 0, stems.count == nodes, edgeValues.allSatisfy({ (0..<Int32(nodes)).contains($0) }),
              exact.valuesBelow(termCount), stems.valuesBelow(termCount),
              phrases >= 0, phraseSlots.first == 0, zip(phraseSlots, phraseSlots.dropFirst()).allSatisfy({ $0 < $1 }),
              phraseSlots.last == Int32(slotTerms.count), slotGaps.count == slotTerms.count, slotTerms.valuesBelow(termCount),
              phraseGroups.count == phrases, phraseGroups.valuesBelow(groupCount),
              byFirst.count == termCount, byFirst.valuesBelow(phrases), pairLists.valuesBelow(phrases),
              pairValues.allSatisfy({ $0 >= 0 && Int($0) < max(pairLists.count, 1) }),
              groups.allSatisfy({ (0..<languageCount).contains($0.language) }),
              rules.allSatisfy({ rule in
                  (0..<languageCount).contains(rule.language)
                      && (rule.parts + rule.exclusions.map(Rule.group)).allSatisfy { (0..<Int32(groupCount)).contains($0) }
              }),
              byGroup.count == groupCount, byGroup.valuesBelow(ruleCount), isExclusion.count == groupCount
        else { return nil }

        self.trie = SafetyTrie(edges: edges, exact: exact, stems: stems)
        self.termCount = termCount
        self.phraseSlots = phraseSlots
        self.slotTerms = slotTerms
        self.slotGaps = slotGaps
        self.slotBlooms = Self.blooms(slotTerms)
        self.phraseGroups = phraseGroups
        self.phrasesByFirstTerm = byFirst
        self.phrasesByPair = byPair
        self.phrasesByPairList = pairLists
        self.groups = groups
        self.rules = rules
        self.rulesByGroup = (0..<groupCount).map { Array(byGroup.values[byGroup.range($0)]) }
        self.isExclusion = isExclusion
        self.passes = Self.passes(phraseGroups: phraseGroups, rulesByGroup: self.rulesByGroup, byFirst: byFirst, pairLists: pairLists,
                                  phraseSlots: phraseSlots, slotBlooms: self.slotBlooms)
        self.languages = languages
    }

    private static let roles: [Role] = [.risk, .not, .unsure, .clause, .context, .past, .resolved, .again, .common, .idiom, .asked, .answerNo]

    /// FNV-1a over 8-byte words (and the tail bytes): catches a torn or altered file, not an
    /// attacker (the cache is trusted only from a private directory, see LexiconCache.read).
    /// Over each part in turn (the header, then the payload, without joining them in a copy).
    static func checksum(_ parts: ArraySlice<UInt8>...) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for bytes in parts {
            bytes.withUnsafeBytes { raw in
                let words = raw.count / 8
                for i in 0..<words {
                    hash = (hash ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x0000_0100_0000_01b3
                }
                for i in (words * 8)..<raw.count { hash = (hash ^ UInt64(raw[i])) &* 0x0000_0100_0000_01b3 }
            }
        }
        return hash
    }
}

extension SafetyJagged {
    /// How many lists it holds.
    var count: Int { offsets.count - 1 }

    /// Whether every value is in `0..<bound`.
    func valuesBelow(_ bound: Int) -> Bool { values.allSatisfy { $0 >= 0 && Int($0) < bound } }
}

/// Appends integers (machine order), arrays of them, booleans and strings.
private struct CacheWriter {
    var bytes: [UInt8] = []

    mutating func raw(_ b: [UInt8]) { bytes += b }
    mutating func int(_ v: Int) { withUnsafeBytes(of: Int64(v)) { bytes += $0 } }
    mutating func bytesField(_ b: [UInt8]) {
        int(b.count)
        bytes += b
    }
    mutating func string(_ s: String) { bytesField(Array(s.utf8)) }
    mutating func bools(_ b: [Bool]) { bytesField(b.map { $0 ? 1 : 0 }) }
    mutating func i32s(_ a: [Int32]) {
        int(a.count)
        a.withUnsafeBytes { bytes += $0 }
    }
    mutating func u64s(_ a: [UInt64]) {
        int(a.count)
        a.withUnsafeBytes { bytes += $0 }
    }
    mutating func jagged(_ j: SafetyJagged) {
        i32s(j.offsets)
        i32s(j.values)
    }
}

/// Reads what `CacheWriter` wrote; any read past the end sets `failed` and returns nil.
private struct CacheReader {
    private let bytes: ArraySlice<UInt8>
    private var at: Int
    private(set) var failed = false

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        at = bytes.startIndex
    }

    var remaining: Int { bytes.endIndex - at }

    mutating func raw(_ n: Int) -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else {
            failed = true
            return []
        }
        defer { at += n }
        return bytes[at..<(at + n)]
    }

    mutating func int() -> Int? {
        let b = raw(8)
        guard b.count == 8 else { return nil }
        return Int(b.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) })
    }

    private mutating func count(_ size: Int) -> Int? {
        guard let n = int(), n >= 0, n <= remaining / size else {
            failed = true
            return nil
        }
        return n
    }

    mutating func bytesField() -> [UInt8]? { count(1).map { Array(raw($0)) } }
    mutating func string() -> String? { bytesField().flatMap { String(validating: $0, as: UTF8.self) } }
    mutating func bools() -> [Bool]? {
        guard let b = bytesField(), b.allSatisfy({ $0 <= 1 }) else { return nil }
        return b.map { $0 == 1 }
    }

    mutating func i32s() -> [Int32]? { integers() }
    mutating func u64s() -> [UInt64]? { integers() }

    /// A count, then that many integers as stored (copied, not decoded one by one).
    private mutating func integers<T: FixedWidthInteger>() -> [T]? {
        let size = MemoryLayout<T>.size
        guard let n = count(size) else { return nil }
        let b = raw(n * size)
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            b.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
            initialized = n
        }
    }

    mutating func jagged() -> SafetyJagged? {
        guard let offsets = i32s(), let values = i32s(), offsets.first == 0, offsets.last == Int32(values.count),
              zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
        else { return nil }
        return SafetyJagged(offsets: offsets, values: values)
    }
}
