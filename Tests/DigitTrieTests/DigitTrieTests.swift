import DigitTrie
import RouteSimBaselines
import RouteSimRandom
import RouteSimTestSupport
import Testing

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
        try trie.checkInvariants()
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
        try trie.checkInvariants()
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
        try trie.checkInvariants()
    }

    @Test("property: the flat trie, its compact form and interleaved lookups answer like a linear scan on thousands of random tables")
    func matchesLinearScan() {
        // A small alphabet, so that prefixes nest and collide often.
        let symbols: [Character] = ["0", "1", "2", "9", "*", "#", "+"]
        // What the agreement is about: without these it would also hold for a trie that finds nothing.
        var found = 0, beatShorter = 0, exact = 0, refused = 0, leafEnds = 0
        for trial in PropertyTrials(seed: 20_261_129, count: 2_000) {
            var rng = trial.generator
            var trie = DigitTrie()
            let roots = (0..<rng.within(1...3)).map { _ in trie.makeRoot() }
            var naives = [LinearMatcher](repeating: LinearMatcher(), count: roots.count)
            var prefixes: [String] = []
            for value in 0..<rng.within(0...40) {
                let r = rng.below(roots.count)
                var prefix = rng.dialString(length: 0...6, from: symbols)
                if rng.below(20) == 0 { prefix += "x" }
                if trie.insert(prefix, root: roots[r], value: Int32(value)) == .invalidCharacter { refused += 1 }
                naives[r].insert(prefix, value: Int32(value))
                prefixes.append(prefix)
            }
            let compact = CompactTrie(trie)
            let built = "the trie of \(prefixes) (\(trial))"
            var batch = InterleavedBatch()
            for _ in 0..<20 {
                var number = rng.dialString(length: 0...9, from: symbols)
                if rng.below(10) == 0 {
                    number.insert("-", at: number.index(number.startIndex, offsetBy: rng.within(0...number.count)))
                }
                for (r, root) in roots.enumerated() {
                    let expected = naives[r].longestPrefix(number), expectedExact = naives[r].exactMatch(number)
                    let longest = trie.longestPrefix(number, root: root), exactly = trie.exactMatch(number, root: root)
                    #expect(longest == expected, "flat: longest prefix of \(number), root \(r) of \(built)")
                    #expect(exactly == expectedExact, "flat: exact match of \(number), root \(r) of \(built)")
                    #expect(
                        compact.longestPrefix(number, root: root) == expected, "compact: longest prefix of \(number), root \(r) of \(built)"
                    )
                    #expect(
                        compact.exactMatch(number, root: root) == expectedExact, "compact: exact match of \(number), root \(r) of \(built)")
                    batch.add(number, root: root, expecting: expected, exactly: expectedExact)
                    if longest >= 0 {
                        found += 1
                        let match = prefixes[Int(longest)]
                        if !match.isEmpty && naives[r].longestPrefix(String(number.prefix(match.count - 1))) >= 0 { beatShorter += 1 }
                        if match.utf8.count == number.utf8.count { leafEnds += 1 }
                    }
                    if exactly >= 0 { exact += 1 }
                }
            }
            for lanes in [1, 3, 8] {
                #expect(batch.answers(compact, lanes: lanes) == batch.expected, "interleaved lookups, \(lanes) lanes, of \(built)")
                #expect(
                    batch.answers(compact, lanes: lanes, exact: true) == batch.expectedExact,
                    "interleaved exact matches, \(lanes) lanes, of \(built)")
            }
            let holds = expectInvariants(of: built) {
                $0.check("DigitTrie.checkInvariants()") { try trie.checkInvariants() }
                $0.check("CompactTrie.checkInvariants()") { try compact.checkInvariants() }
            }
            guard holds else { break }  // the first broken trie says enough
        }
        #expect(found > 10_000, "lookups that found a prefix")
        #expect(beatShorter > 1_000, "lookups whose longest prefix beat a shorter one that also matches")
        #expect(leafEnds > 1_000, "lookups whose number is exactly its longest prefix")
        #expect(exact > 1_000, "exact matches")
        #expect(refused > 100, "prefixes refused for a character outside the dial alphabet")
    }
}

/// Lookups gathered for `CompactTrie.longestPrefixes` and `exactMatches`: the numbers' bytes end
/// to end, a query each, and the naive answers of both.
struct InterleavedBatch {
    var bytes: [UInt8] = []
    var queries: [TrieQuery] = []
    var expected: [Int32] = []
    var expectedExact: [Int32] = []

    mutating func add(_ number: String, root: Int32, expecting answer: Int32, exactly exactAnswer: Int32) {
        queries.append(TrieQuery(offset: Int32(bytes.count), length: Int32(number.utf8.count), root: root))
        bytes += Array(number.utf8)
        expected.append(answer)
        expectedExact.append(exactAnswer)
    }

    func answers(_ trie: CompactTrie, lanes: Int, exact: Bool = false) -> [Int32] {
        var results = [Int32](repeating: -7, count: queries.count)
        // One byte more than the numbers, so that an empty batch still has an address.
        let padded = bytes + [0]
        padded.withUnsafeBufferPointer { b in
            queries.withUnsafeBufferPointer { q in
                results.withUnsafeMutableBufferPointer { r in
                    if exact {
                        trie.exactMatches(q, bytes: b.baseAddress!, into: r.baseAddress!, lanes: lanes)
                    } else {
                        trie.longestPrefixes(q, bytes: b.baseAddress!, into: r.baseAddress!, lanes: lanes)
                    }
                }
            }
        }
        return results
    }
}
