import DigitTrie
import RouteSimBaselines
import RouteSimRandom
import Testing

/// Property tests replay exactly: the project's seeded SplitMix64.
typealias SeededRandom = SeededGenerator

@Suite("Digit trie")
struct DigitTrieTests {
    @Test("longest prefix wins; shorter prefixes still match shorter numbers")
    func longestPrefix() throws {
        var trie = DigitTrie()
        let root = trie.makeRoot()
        trie.insert("12", root: root, value: 0)
        trie.insert("123", root: root, value: 1)
        trie.insert("9", root: root, value: 2)
        #expect(trie.longestPrefix("1234", root: root) == 1)
        #expect(trie.longestPrefix("123", root: root) == 1)
        #expect(trie.longestPrefix("124", root: root) == 0)
        #expect(trie.longestPrefix("1", root: root) == -1)
        #expect(trie.longestPrefix("9", root: root) == 2)
        #expect(trie.longestPrefix("", root: root) == -1)
        try trie.checkInvariants(roots: [root])
    }

    @Test("strings, not integers: 0 and 00 differ")
    func leadingZeros() {
        var trie = DigitTrie()
        let root = trie.makeRoot()
        trie.insert("0", root: root, value: 0)
        trie.insert("00", root: root, value: 1)
        #expect(trie.longestPrefix("0049", root: root) == 1)
        #expect(trie.longestPrefix("049", root: root) == 0)
    }

    @Test("a leaf that gains a longer prefix keeps its value")
    func leafExpansion() throws {
        var trie = DigitTrie()
        let root = trie.makeRoot()
        trie.insert("55", root: root, value: 7)
        let nodesWithLeaf = trie.nodeCount
        trie.insert("5512", root: root, value: 8)
        #expect(trie.nodeCount > nodesWithLeaf)
        #expect(trie.longestPrefix("559", root: root) == 7)
        #expect(trie.longestPrefix("55123", root: root) == 8)
        #expect(trie.longestPrefix("551", root: root) == 7)
        #expect(trie.exactMatch("55", root: root) == 7)
        #expect(trie.exactMatch("551", root: root) == -1)
        try trie.checkInvariants(roots: [root])
    }

    @Test("the empty prefix is a catch-all that any real prefix beats")
    func catchAll() {
        var trie = DigitTrie()
        let root = trie.makeRoot()
        trie.insert("", root: root, value: 3)
        trie.insert("4", root: root, value: 4)
        #expect(trie.longestPrefix("777", root: root) == 3)
        #expect(trie.longestPrefix("", root: root) == 3)
        #expect(trie.longestPrefix("41", root: root) == 4)
    }

    @Test("the dial alphabet: * # + are symbols; anything else stops matching")
    func alphabet() {
        var trie = DigitTrie()
        let root = trie.makeRoot()
        #expect(trie.insert("*67", root: root, value: 0) == .inserted)
        #expect(trie.insert("#1", root: root, value: 1) == .inserted)
        #expect(trie.insert("+44", root: root, value: 2) == .inserted)
        #expect(trie.insert("1", root: root, value: 3) == .inserted)
        #expect(trie.insert("1a", root: root, value: 4) == .invalidCharacter)
        #expect(trie.longestPrefix("*6712", root: root) == 0)
        #expect(trie.longestPrefix("#12", root: root) == 1)
        #expect(trie.longestPrefix("+4420", root: root) == 2)
        #expect(trie.longestPrefix("1a44", root: root) == 3)
        #expect(trie.exactMatch("1a", root: root) == -1)
    }

    @Test("duplicates keep the first value; roots are independent")
    func duplicatesAndRoots() throws {
        var trie = DigitTrie()
        let a = trie.makeRoot()
        let b = trie.makeRoot()
        #expect(trie.insert("12", root: a, value: 0) == .inserted)
        #expect(trie.insert("12", root: a, value: 1) == .duplicate(existing: 0))
        #expect(trie.insert("1", root: a, value: 2) == .inserted)
        #expect(trie.insert("1", root: a, value: 3) == .duplicate(existing: 2))
        #expect(trie.insert("12", root: b, value: 5) == .inserted)
        #expect(trie.longestPrefix("123", root: a) == 0)
        #expect(trie.longestPrefix("123", root: b) == 5)
        #expect(trie.longestPrefix("19", root: b) == -1)
        try trie.checkInvariants(roots: [a, b])
    }

    /// Random prefixes over a small alphabet so they nest and collide often.
    static func randomDialString(_ rng: inout SeededRandom, maxLength: Int, symbols: [Character]) -> String {
        let length = Int.random(in: 0...maxLength, using: &rng)
        return String((0..<length).map { _ in symbols.randomElement(using: &rng)! })
    }

    @Test("property: the trie answers like a linear scan on thousands of random tables")
    func matchesLinearScan() throws {
        var rng = SeededRandom(seed: 20_261_129)
        let symbols: [Character] = ["0", "1", "2", "9", "*", "#", "+"]
        var lookups = 0
        for _ in 0..<2_000 {
            var trie = DigitTrie()
            var naive = LinearMatcher()
            let roots = (0..<Int.random(in: 1...3, using: &rng)).map { _ in trie.makeRoot() }
            var naives = [LinearMatcher](repeating: naive, count: roots.count)
            let rows = Int.random(in: 0...40, using: &rng)
            for value in 0..<rows {
                let r = Int.random(in: 0..<roots.count, using: &rng)
                var prefix = Self.randomDialString(&rng, maxLength: 6, symbols: symbols)
                if Int.random(in: 0..<20, using: &rng) == 0 { prefix += "x" }
                trie.insert(prefix, root: roots[r], value: Int32(value))
                naives[r].insert(prefix, value: Int32(value))
            }
            for _ in 0..<20 {
                var number = Self.randomDialString(&rng, maxLength: 9, symbols: symbols)
                if Int.random(in: 0..<10, using: &rng) == 0 {
                    number.insert("-", at: number.index(number.startIndex, offsetBy: Int.random(in: 0...number.count, using: &rng)))
                }
                for (r, root) in roots.enumerated() {
                    naive = naives[r]
                    #expect(trie.longestPrefix(number, root: root) == naive.longestPrefix(number), "longest prefix of \(number)")
                    #expect(trie.exactMatch(number, root: root) == naive.exactMatch(number), "exact match of \(number)")
                    lookups += 1
                }
            }
            try trie.checkInvariants(roots: roots)
        }
        #expect(lookups >= 40_000)
    }
}
