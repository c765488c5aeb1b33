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
}
