import Testing

@testable import DigitTrie

/// The compact trie's layout, word by word, and each of its invariants broken on purpose.
@Suite("Compact trie")
struct CompactTrieTests {
    /// Two roots: `12` and `123` under the first, `9` under the second (as the flat trie's sample).
    static func sample() -> CompactTrie {
        var flat = DigitTrie()
        let a = flat.makeRoot()
        let b = flat.makeRoot()
        flat.insert("12", root: a, value: 0)
        flat.insert("123", root: a, value: 1)
        flat.insert("9", root: b, value: 2)
        return CompactTrie(flat)
    }

    static func words(_ trie: CompactTrie) -> [[UInt32]] {
        (0..<trie.nodeCount).map { node in (0..<4).map { trie.nodes[node * 4 + $0] } }
    }

    /// Writes word `word` of `node` (the trie's memory is its own, made for this test).
    static func set(_ trie: CompactTrie, node: Int, word: Int, to value: UInt32) {
        UnsafeMutablePointer(mutating: trie.nodes)[node * 4 + word] = value
    }

    static func violation(_ trie: CompactTrie) -> CompactTrie.InvariantViolation? {
        do {
            try trie.checkInvariants()
            return nil
        } catch {
            return error
        }
    }

    @Test("roots first, then depth first; children and leaves found by bitmap and rank; 16 bytes a node")
    func layout() throws {
        let trie = Self.sample()
        let none = UInt32(bitPattern: -1)
        #expect(
            Self.words(trie) == [
                [1 << 1, 2, 0, none],  // root a: child `1` (node 2)
                [1 << (9 + 16), 4, 0, none],  // root b: leaf `9` (leaves[0]); reached last, after root a's nodes
                [1 << 2, 3, 1, none],  // `1`: child `2` (node 3)
                [1 << (3 + 16), 4, 1, 0],  // `12` (value 0): leaf `3` (leaves[1])
            ])
        #expect(Array(trie.leafValues) == [2, 1])
        #expect(trie.rootCount == 2 && trie.memoryBytes == 4 * 16 + 2 * 4)
        #expect(Int(bitPattern: trie.nodes) % 64 == 0)
        try trie.checkInvariants()
        #expect(trie.longestPrefix("1239", root: 0) == 1)
        #expect(trie.longestPrefix("129", root: 0) == 0)
        #expect(trie.longestPrefix("9", root: 1) == 2)
        #expect(trie.longestPrefix("9", root: 0) == -1)
        #expect(trie.exactMatch("12", root: 0) == 0 && trie.exactMatch("1", root: 0) == -1 && trie.exactMatch("1234", root: 0) == -1)
        #expect(trie.childNode(of: 0, symbol: 1) == 2 && trie.childNode(of: 0, symbol: 2) == nil)
        #expect(trie.leafValue(of: 3, symbol: 3) == 1 && trie.leafValue(of: 3, symbol: 4) == nil)
        #expect(trie.hasChildren(3) && trie.value(of: 3) == 0)
    }

    @Test("an empty flat trie and a root with nothing under it")
    func empty() throws {
        let none = CompactTrie(DigitTrie())
        #expect(none.nodeCount == 0 && none.leafCount == 0)
        try none.checkInvariants()
        var flat = DigitTrie()
        let root = flat.makeRoot()
        let trie = CompactTrie(flat)
        #expect(trie.nodeCount == 1)
        #expect(trie.longestPrefix("123", root: root) == -1 && trie.exactMatch("", root: root) == -1)
        try trie.checkInvariants()
    }

    @Test("masks outside the alphabet")
    func masks() {
        let trie = Self.sample()
        Self.set(trie, node: 2, word: 0, to: 1 << 2 | 1 << 14)
        let violation = Self.violation(trie)
        #expect(violation == .masks(node: 2, holds: 0x4004))
        #expect(violation?.description == "node 2 has masks 0x4004: bits outside the 13 symbols")
    }

    @Test("a symbol both child and leaf")
    func childAndLeaf() {
        let trie = Self.sample()
        Self.set(trie, node: 2, word: 0, to: 1 << 2 | 1 << 18)
        #expect(Self.violation(trie)?.description == "node 2, symbol 2 is both a child node and a leaf")
    }

    @Test("children out of depth-first order")
    func children() {
        let trie = Self.sample()
        Self.set(trie, node: 2, word: 1, to: 2)
        #expect(Self.violation(trie) == .children(node: 2, first: 2, expected: 3))
    }

    @Test("a node that is its own child")
    func childBeforeParent() {
        // Root a loses its child, so node 2 (`1`) is nobody's child: the walk from the roots
        // never reaches it, and node 2's own child index points at itself.
        let trie = Self.sample()
        Self.set(trie, node: 0, word: 0, to: 0)
        Self.set(trie, node: 1, word: 1, to: 2)
        Self.set(trie, node: 2, word: 1, to: 2)
        let violation = Self.violation(trie)
        #expect(violation == .counts(nodes: 4, expectedNodes: 2, leaves: 2, expectedLeaves: 2))
        #expect(violation?.description == "the nodes name 2 nodes and 2 leaves; the arrays hold 4 and 2")
    }

    @Test("a child block that two nodes claim")
    func sharedChildren() {
        // Root b claims node 2 as its child too: the walk reaches root b after root a's
        // subtree, when the next free block starts at node 4.
        let trie = Self.sample()
        Self.set(trie, node: 1, word: 0, to: 1 << 1 | 1 << (9 + 16))
        Self.set(trie, node: 1, word: 1, to: 2)
        let violation = Self.violation(trie)
        #expect(violation == .children(node: 1, first: 2, expected: 4))
        #expect(violation?.description == "node 1's children start at node 2; depth-first order puts them at 4")
    }

    @Test("depth first: a prefix's tail is a run of neighbouring nodes")
    func depthFirst() throws {
        var flat = DigitTrie()
        let root = flat.makeRoot()
        flat.insert("1234", root: root, value: 0)
        flat.insert("5678", root: root, value: 1)
        let trie = CompactTrie(flat)
        try trie.checkInvariants()
        // Root 0, its children `1` and `5` (nodes 1, 2), then `1`'s tail: `12` (3), `123` (4),
        // then `5`'s: `56` (5), `567` (6). Breadth first put `123` at 5, after `56`.
        #expect(trie.childNode(of: 0, symbol: 1) == 1 && trie.childNode(of: 0, symbol: 5) == 2)
        #expect(trie.childNode(of: 1, symbol: 2) == 3 && trie.childNode(of: 3, symbol: 3) == 4)
        #expect(trie.childNode(of: 2, symbol: 6) == 5 && trie.childNode(of: 5, symbol: 7) == 6)
        #expect(trie.leafValue(of: 4, symbol: 4) == 0 && trie.leafValue(of: 6, symbol: 8) == 1)
        #expect(trie.longestPrefix("12349", root: root) == 0 && trie.longestPrefix("5678", root: root) == 1)
    }

    @Test("leaves out of order")
    func leaves() {
        let trie = Self.sample()
        Self.set(trie, node: 3, word: 2, to: 0)
        #expect(Self.violation(trie) == .leaves(node: 3, first: 0, expected: 1))
    }

    @Test("a value below -1, in a node and in a leaf")
    func values() {
        let trie = Self.sample()
        Self.set(trie, node: 3, word: 3, to: UInt32(bitPattern: -2))
        #expect(Self.violation(trie) == .value(node: 3, holds: -2))
        Self.set(trie, node: 3, word: 3, to: 0)
        UnsafeMutablePointer(mutating: trie.leaves)[1] = -1
        #expect(Self.violation(trie)?.description == "leaf 1 holds -1; a leaf holds a record index")
    }

    @Test("a node with nothing in it that is not a root")
    func emptyNode() {
        let trie = Self.sample()
        Self.set(trie, node: 3, word: 0, to: 0)
        Self.set(trie, node: 3, word: 3, to: UInt32(bitPattern: -1))
        #expect(Self.violation(trie) == .emptyNode(3))
    }

    @Test("nodes that name more nodes or leaves than the arrays hold")
    func counts() {
        let trie = Self.sample()
        Self.set(trie, node: 3, word: 0, to: 1 << (3 + 16) | 1 << (4 + 16))
        #expect(Self.violation(trie) == .counts(nodes: 4, expectedNodes: 4, leaves: 2, expectedLeaves: 3))
    }
}
