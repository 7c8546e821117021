/// One term of the lexicon read into the sequences of units it matches: `take* my own life`,
/// `kill*|murder* him|her` (alternatives of one word), `myself|my_self` (`_` joins the words of
/// one alternative), `wake .. up` (a gap of up to three units), `死にたい` (a CJK substring).
/// Folded exactly as replies are, so both meet.
struct SafetyPattern {
    /// How one item matches a unit of a reply.
    enum Kind: Hashable { case exact, stem, cjk }

    /// One item: a folded word (or stem, or CJK string).
    struct Item: Hashable {
        var key: [UInt32]
        var kind: Kind
    }

    /// One position of a phrase: any of its items matches; `gapBefore` allows a `..` gap.
    struct Slot: Hashable {
        var items: [Item]
        var gapBefore: Bool
    }

    /// Most sequences one term may expand to (alternatives of several words multiply).
    static let maxExpansions = 256
    /// Units a `..` gap may skip.
    static let maxGap = 3

    /// The sequences of slots `term` matches, or why it cannot be read. Alternatives of one
    /// word share a slot; an alternative of several words ("do not") is a sequence of its own.
    static func parse(_ term: String) -> Result<[[Slot]], SafetyLexiconError> {
        var sequences: [[Slot]] = [[]]
        var gap = false
        for word in term.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
            if word == ".." {
                guard !sequences[0].isEmpty, !gap else { return .failure(.init(message: "a term may not start with '..' or repeat it")) }
                gap = true
                continue
            }
            var single: [Item] = []
            var longer: [[Item]] = []
            for raw in word.split(separator: "|", omittingEmptySubsequences: false).map(String.init) {
                let isStem = raw.hasSuffix("*")
                let items = items(isStem ? String(raw.dropLast()) : raw, stem: isStem)
                if items.isEmpty { return .failure(.init(message: "an empty word in a term")) }
                if items.count == 1 { if !single.contains(items[0]) { single.append(items[0]) } } else { longer.append(items) }
            }
            var choices: [[Slot]] = longer.map { items in items.enumerated().map { Slot(items: [$1], gapBefore: $0 == 0 && gap) } }
            if !single.isEmpty { choices.insert([Slot(items: single, gapBefore: gap)], at: 0) }
            var next: [[Slot]] = []
            for sequence in sequences {
                for choice in choices { next.append(sequence + choice) }
            }
            guard next.count <= maxExpansions else { return .failure(.init(message: "a term has too many alternatives of several words")) }
            sequences = next
            gap = false
        }
        guard !sequences[0].isEmpty, !gap else { return .failure(.init(message: "an empty term, or one ending in '..'")) }
        return .success(sequences)
    }

    /// The folded key of `word` when it is one word (not CJK, not several units), else nil.
    static func singleWord(_ word: String) -> [UInt32]? {
        let items = items(word.trimmingCharacters(in: .whitespaces), stem: false)
        guard items.count == 1, items[0].kind == .exact else { return nil }
        return items[0].key
    }

    /// The items one word of the lexicon folds to: usually one; "don't" is two ("don" "t"), as
    /// in a reply; a CJK run is one substring item. A stem marks the last item only.
    private static func items(_ word: String, stem: Bool) -> [Item] {
        guard !word.isEmpty else { return [] }
        let text = SafetyText(word)
        var items: [Item] = []
        var lastWasCJK = false
        for unit in text.units {
            let key = Array(text.folded[Int(unit.foldedStart)..<Int(unit.foldedEnd)])
            if unit.isCJK && lastWasCJK {
                items[items.count - 1].key += key
            } else {
                items.append(Item(key: key, kind: unit.isCJK ? .cjk : .exact))
            }
            lastWasCJK = unit.isCJK
        }
        if stem, let last = items.indices.last, items[last].kind == .exact { items[last].kind = .stem }
        return items
    }
}

/// Lists of ids stored flat, for matching without copying arrays: list `i` is
/// `values[offsets[i]..<offsets[i + 1]]`.
struct SafetyJagged: Sendable {
    private(set) var offsets: [Int32] = [0]
    private(set) var values: [Int32] = []

    /// Lists stored as they were (from the lexicon cache); `offsets` must be non-decreasing
    /// from 0 to `values.count`.
    init(offsets: [Int32], values: [Int32]) {
        self.offsets = offsets
        self.values = values
    }

    init(_ lists: [[Int32]] = []) {
        offsets.reserveCapacity(lists.count + 1)
        for list in lists {
            values.append(contentsOf: list)
            offsets.append(Int32(values.count))
        }
    }

    /// Where list `i` is in `values`.
    @inline(__always) func range(_ i: Int) -> Range<Int> { Int(offsets[i])..<Int(offsets[i + 1]) }

    /// Whether the sorted list `i` holds `value`.
    @inline(__always) func sortedContains(_ i: Int, _ value: Int32) -> Bool {
        var lo = Int(offsets[i]), hi = Int(offsets[i + 1])
        while lo < hi {
            let mid = (lo + hi) >> 1
            let v = values[mid]
            if v == value { return true }
            if v < value { lo = mid + 1 } else { hi = mid }
        }
        return false
    }
}

/// A trie over folded scalars: the lexicon's words, stems and CJK strings. Walking a word from
/// its start finds its exact terms and every stem it starts with, in one pass over its letters.
struct SafetyTrie: Sendable {
    private var building: [UInt64: Int32] = [:]
    private var edges = SafetyEdgeTable()
    private var exactLists: [[Int32]] = [[]]
    private var stemLists: [[Int32]] = [[]]
    /// Per node: the terms ending there, and the stems ending there (flat, see `finish`).
    private(set) var exact = SafetyJagged()
    private(set) var stems = SafetyJagged()

    init() {}

    /// A finished trie as it was stored (from the lexicon cache).
    init(edges: SafetyEdgeTable, exact: SafetyJagged, stems: SafetyJagged) {
        self.edges = edges
        self.exact = exact
        self.stems = stems
    }

    /// The finished trie's edge table (for the lexicon cache).
    var edgeTable: SafetyEdgeTable { edges }

    /// Adds `key` for `term`; a stem matches every word that starts with it.
    mutating func insert(_ key: [UInt32], term: Int32, isStem: Bool) {
        var node: Int32 = 0
        for scalar in key {
            let edge = UInt64(UInt32(node)) << 32 | UInt64(scalar)
            if let next = building[edge] {
                node = next
            } else {
                let next = Int32(exactLists.count)
                exactLists.append([])
                stemLists.append([])
                building[edge] = next
                node = next
            }
        }
        if isStem { stemLists[Int(node)].append(term) } else { exactLists[Int(node)].append(term) }
    }

    /// Stores the terms of every node flat; call once, after the last `insert`.
    mutating func finish() {
        edges = SafetyEdgeTable(building)
        building = [:]
        exact = SafetyJagged(exactLists)
        stems = SafetyJagged(stemLists)
        exactLists = []
        stemLists = []
    }

    /// The node reached from `node` by `scalar`.
    @inline(__always) func child(_ node: Int32, _ scalar: UInt32) -> Int32? {
        edges.value(UInt64(UInt32(node)) << 32 | UInt64(scalar))
    }
}

/// The trie's edges in an open-addressing table with a multiplicative hash: a look-up is a
/// multiply, a shift and (usually) one probe, where a Dictionary would hash with SipHash.
struct SafetyEdgeTable: Sendable {
    private(set) var keys: [UInt64] = [UInt64.max]
    private(set) var values: [Int32] = [0]
    private(set) var shift: UInt64 = 63

    init() {}

    /// A table as it was stored (from the lexicon cache): `keys` and `values` of one
    /// power-of-two length, `shift` 64 minus its log2.
    init?(keys: [UInt64], values: [Int32], shift: UInt64) {
        guard keys.count == values.count, keys.count > 0, keys.count & (keys.count - 1) == 0,
              shift < 64, 1 << (64 - shift) == UInt64(keys.count) || (keys.count == 1 && shift == 63),
              keys.contains(UInt64.max)
        else { return nil }
        self.keys = keys
        self.values = values
        self.shift = shift
    }

    init(_ edges: [UInt64: Int32]) {
        var bits: UInt64 = 1
        while (1 << bits) < edges.count * 2 { bits += 1 }
        let capacity = 1 << Int(bits)
        shift = 64 - bits
        keys = [UInt64](repeating: UInt64.max, count: capacity)
        values = [Int32](repeating: 0, count: capacity)
        for (key, value) in edges {
            var i = slot(key)
            while keys[i] != UInt64.max { i = (i + 1) & (capacity - 1) }
            keys[i] = key
            values[i] = value
        }
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    @inline(__always) func value(_ key: UInt64) -> Int32? {
        let mask = keys.count - 1
        var i = slot(key) & mask
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == UInt64.max { return nil }
            i = (i + 1) & mask
        }
    }
}
