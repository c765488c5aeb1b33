import RouteSimRandom
import RouteSimTestSupport
import Testing

@testable import DigitTrie

/// `CompactTrieBuilder` against the reference: the flat trie of the same insertions, compacted.
@Suite("Compact trie built directly")
struct CompactTrieBuilderTests {
    /// The words and leaves of a compact trie, for comparing two tries exactly.
    static func layout(_ trie: CompactTrie) -> (words: [UInt32], leaves: [Int32], roots: Int) {
        (Array(trie.nodeWords), Array(trie.leafValues), trie.rootCount)
    }

    @Test("property: the very words and leaves of the compacted flat trie, on thousands of random tables")
    func matchesFlatTrie() throws {
        // A small alphabet, so that prefixes nest and collide; every symbol appears somewhere.
        let narrow: [Character] = ["0", "1", "9", "*", "#", "+"]
        let wide: [Character] = Array("0123456789*#+")
        var duplicates = 0, refused = 0, emptyPrefixes = 0, longPrefixes = 0, nodes = 0
        for trial in PropertyTrials(seed: 20_261_203, count: 2_000) {
            var rng = trial.generator
            var flat = DigitTrie()
            var built = CompactTrieBuilder()
            let rootCount = rng.within(0...4)
            for _ in 0..<rootCount {
                let a = flat.makeRoot(), b = built.makeRoot()
                #expect(a == b, "roots are numbered alike")
            }
            var prefixes: [String] = []
            if rootCount > 0 {
                let symbols = rng.chance(50) ? narrow : wide
                for value in 0..<rng.within(0...60) {
                    let root = Int32(rng.below(rootCount))
                    // Now and then a prefix longer than the builder packs (32 symbols).
                    let long = rng.below(150) == 0
                    var prefix = rng.dialString(length: long ? 30...40 : 0...7, from: symbols)
                    if rng.below(25) == 0 {
                        prefix.insert("x", at: prefix.index(prefix.startIndex, offsetBy: rng.within(0...prefix.count)))
                    }
                    if rng.below(8) == 0, !prefixes.isEmpty { prefix = rng.pick(prefixes) }
                    switch flat.insert(prefix, root: root, value: Int32(value)) {
                    case .duplicate: duplicates += 1
                    case .invalidCharacter: refused += 1
                    case .inserted: if prefix.isEmpty { emptyPrefixes += 1 }
                    }
                    if prefix.utf8.count > 32 { longPrefixes += 1 }
                    built.insert(prefix, root: root, value: Int32(value))
                    prefixes.append(prefix)
                }
            }
            let expected = CompactTrie(flat), direct = built.build()
            let got = Self.layout(direct), want = Self.layout(expected)
            #expect(got.words == want.words, "node words of \(prefixes) (\(trial))")
            #expect(got.leaves == want.leaves, "leaves of \(prefixes) (\(trial))")
            #expect(got.roots == want.roots && direct.nodeCount == expected.nodeCount && direct.leafCount == expected.leafCount)
            #expect(Int(bitPattern: direct.nodes) % 64 == 0, "nodes start on a cache line")
            try direct.checkInvariants()
            nodes += direct.nodeCount
            if got.words != want.words || got.leaves != want.leaves { break }
        }
        // What the agreement is about: without these it would also hold on trivial tables.
        #expect(duplicates > 1_000, "prefixes given twice under one root (the first value stays)")
        #expect(refused > 500, "prefixes with a character outside the dial alphabet")
        #expect(emptyPrefixes > 100, "empty prefixes (a root's own value)")
        #expect(longPrefixes > 100, "prefixes too long to pack (the flat trie's way)")
        #expect(nodes > 50_000, "nodes compared")
    }

    @Test("a prefix of exactly 32 symbols is packed; one of 33 takes the flat trie's way; both answer alike")
    func packedLength() throws {
        for length in [16, 31, 32, 33] {
            var flat = DigitTrie(), built = CompactTrieBuilder()
            let root = flat.makeRoot()
            _ = built.makeRoot()
            let prefix = String(repeating: "12#", count: 11).prefix(length)
            for (value, p) in [String(prefix), String(prefix.dropLast()), "1"].enumerated() {
                flat.insert(p, root: root, value: Int32(value))
                built.insert(p, root: root, value: Int32(value))
            }
            let direct = built.build()
            #expect(Self.layout(direct).words == Self.layout(CompactTrie(flat)).words, "length \(length)")
            #expect(direct.longestPrefix(String(prefix) + "9", root: 0) == 0, "length \(length)")
            #expect(direct.exactMatch(String(prefix.dropLast()), root: 0) == 1, "length \(length)")
            try direct.checkInvariants()
        }
    }

    @Test(
        "pages given back as the build goes (every page, in tests): the very words of the compacted flat trie on large tables")
    func pagesGivenBack() throws {
        let narrow: [Character] = ["0", "1", "2", "9", "#"]
        let wide: [Character] = Array("0123456789*#+")
        for (seed, giveBack) in [(1, 1), (2, 1), (3, 4096), (4, 3 * 4096 + 8)] {
            var rng = SeededGenerator(seed: UInt64(20_261_203 + seed))
            var flat = DigitTrie(), built = CompactTrieBuilder()
            built.giveBackBytes = giveBack
            let roots = 3
            for _ in 0..<roots {
                _ = flat.makeRoot()
                _ = built.makeRoot()
            }
            // 40,000 prefixes (about 240 pages of 4 KB in each copy), most under one root, as an
            // analysis table's are under its main dial plan; some repeated, some empty.
            var prefixes: [String] = []
            for value in 0..<40_000 {
                let root = Int32(rng.below(10) < 8 ? 0 : 1 + rng.below(roots - 1))
                var prefix = rng.dialString(length: 0...12, from: rng.chance(70) ? narrow : wide)
                if rng.below(10) == 0, !prefixes.isEmpty { prefix = rng.pick(prefixes) }
                flat.insert(prefix, root: root, value: Int32(value))
                built.insert(prefix, root: root, value: Int32(value))
                prefixes.append(prefix)
            }
            let expected = CompactTrie(flat), direct = built.build()
            let got = Self.layout(direct), want = Self.layout(expected)
            #expect(got.words == want.words, "node words (seed \(seed), give back \(giveBack))")
            #expect(got.leaves == want.leaves, "leaves (seed \(seed), give back \(giveBack))")
            #expect(direct.nodeCount == expected.nodeCount && direct.leafCount == expected.leafCount)
            #expect(direct.nodeCount > 40_000, "a table of many nodes")
            #expect(Int(bitPattern: direct.nodes) % 64 == 0, "nodes start on a cache line")
            try direct.checkInvariants()
        }
    }

    @Test("a copy of a builder builds the same trie after the original gave its pages back")
    func copiesBuildAlike() throws {
        var original = CompactTrieBuilder()
        original.giveBackBytes = 1
        _ = original.makeRoot()
        for value in 0..<20_000 { original.insert(String(value * 7_919 % 1_000_003), root: 0, value: Int32(value)) }
        var copy = original
        let first = original.build(), second = copy.build()
        #expect(Self.layout(first).words == Self.layout(second).words)
        #expect(Self.layout(first).leaves == Self.layout(second).leaves)
        #expect(first.nodeCount > 10_000)
        try second.checkInvariants()
    }

    @Test("nodes beyond the room made for two a prefix: the node memory grows, the words are the same")
    func nodeMemoryGrows() throws {
        // Three unshared prefixes of 30 symbols: 88 nodes, where room was made for 1 + 2 × 3.
        var flat = DigitTrie(), built = CompactTrieBuilder()
        _ = flat.makeRoot()
        _ = built.makeRoot()
        for (value, first) in ["1", "2", "3"].enumerated() {
            let prefix = first + String(repeating: "45#", count: 10).prefix(29)
            flat.insert(prefix, root: 0, value: Int32(value))
            built.insert(prefix, root: 0, value: Int32(value))
        }
        let direct = built.build(), expected = CompactTrie(flat)
        #expect(direct.nodeCount == 88 && expected.nodeCount == 88)
        #expect(Self.layout(direct).words == Self.layout(expected).words)
        #expect(Self.layout(direct).leaves == Self.layout(expected).leaves)
        #expect(Int(bitPattern: direct.nodes) % 64 == 0, "nodes start on a cache line")
        try direct.checkInvariants()
    }
}
