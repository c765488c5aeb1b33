import Testing

@testable import DigitTrie

@Suite("Digit trie memory")
struct DigitTrieShrinkTests {
    @Test("freeze sizes the node array to the nodes plus alignment slack and keeps every answer")
    func freeze() throws {
        var trie = DigitTrie()
        let root = trie.makeRoot()
        let prefixes = (0..<500).map { String($0 * 7_919 % 100_000) }
        for (i, p) in prefixes.enumerated() { trie.insert(p, root: root, value: Int32(i)) }
        let before = prefixes.map { trie.longestPrefix($0 + "12", root: root) }
        let nodes = trie.nodeCount
        trie.freeze()
        #expect(trie.nodeCount == nodes)
        // Exactly the nodes plus one node of alignment slack (and the allocator's rounding).
        #expect(trie.memoryBytes >= nodes * 64 && trie.memoryBytes < (nodes + 1) * 64 + 16)
        // Node 0 starts on a cache line, so every node does.
        #expect(trie.slots.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress! + trie.base) % 64 } == 0)
        #expect(prefixes.map { trie.longestPrefix($0 + "12", root: root) } == before)
        try trie.checkInvariants()
        // Inserting after freezing still works.
        #expect(trie.insert("99999999", root: root, value: 9_999) == .inserted)
        #expect(trie.longestPrefix("999999991", root: root) == 9_999)
        try trie.checkInvariants()
    }
}

/// Each invariant, broken on purpose in a small trie, is reported by name and place.
@Suite("Digit trie invariants")
struct DigitTrieInvariantTests {
    /// Two roots: `12` and `123` under the first (node 2 holds `12`, `123` a leaf), `9` a leaf
    /// under the second. Nodes: 0 sentinel, 1 root a (ID 0), 2 root b (ID 1), 3 the `1` node,
    /// 4 the `12` node.
    static func sample(frozen: Bool = false) -> (trie: DigitTrie, roots: [Int32]) {
        var trie = DigitTrie()
        let a = trie.makeRoot()
        let b = trie.makeRoot()
        trie.insert("12", root: a, value: 0)
        trie.insert("123", root: a, value: 1)
        trie.insert("9", root: b, value: 2)
        if frozen { trie.freeze() }
        return (trie, [a, b])
    }

    /// The slot index of `slot` of `node` in the node array.
    static func index(_ trie: DigitTrie, node: Int, slot: Int) -> Int { trie.base + node * DigitTrie.stride + slot }

    static func violation(_ trie: DigitTrie) -> DigitTrie.InvariantViolation? {
        do {
            try trie.checkInvariants()
            return nil
        } catch {
            return error
        }
    }

    @Test("the sample holds, built and frozen", arguments: [false, true])
    func sampleHolds(frozen: Bool) {
        let (trie, _) = Self.sample(frozen: frozen)
        #expect(trie.nodeCount == 5)
        #expect(Self.violation(trie) == nil)
    }

    @Test("a partial node")
    func storage() {
        var (trie, _) = Self.sample()
        trie.slots.append(0)
        #expect(Self.violation(trie) == .storage(slots: 81, base: 0))
    }

    @Test("a sentinel that holds something")
    func sentinel() {
        var (trie, _) = Self.sample(frozen: true)
        trie.slots[Self.index(trie, node: 0, slot: 4)] = 3
        let violation = Self.violation(trie)
        #expect(violation == .sentinel(slot: 4, holds: 3))
        #expect(violation?.description == "node 0 (the sentinel) holds 3 in slot 4; it must stay empty")
    }

    @Test("a root that is no node", arguments: [Int32(0), 5, -1])
    func root(_ node: Int32) {
        let sample = Self.sample()
        #expect(sample.roots == [0, 1])
        var trie = sample.trie
        trie.rootNodes[1] = node
        let violation = Self.violation(trie)
        #expect(violation == .root(id: 1, node: node))
        #expect(violation?.description == "root 1 is node \(node), which is not a node (nodes are 1 to the node count - 1)")
    }

    @Test("an alignment slot that is not 0")
    func padding() {
        var (trie, _) = Self.sample()
        trie.slots[Self.index(trie, node: 3, slot: 15)] = 1
        #expect(Self.violation(trie) == .padding(node: 3, slot: 15, holds: 1))
    }

    @Test("a value below -1")
    func value() {
        var (trie, _) = Self.sample()
        trie.slots[Self.index(trie, node: 4, slot: DigitTrie.valueSlot)] = -2
        #expect(Self.violation(trie) == .value(node: 4, holds: -2))
    }

    @Test("a child past the last node")
    func child() {
        var (trie, _) = Self.sample()
        trie.slots[Self.index(trie, node: 2, slot: 10)] = 5
        let violation = Self.violation(trie)
        #expect(violation == .child(node: 2, symbol: 10, holds: 5))
        #expect(violation?.description == "node 2, symbol * points at node 5, past the last node")
    }

    @Test("a node with two parents")
    func twoParents() {
        var (trie, _) = Self.sample()
        trie.slots[Self.index(trie, node: 2, slot: 1)] = 3
        #expect(Self.violation(trie) == .parents(node: 3, count: 2, isRoot: false))
    }

    @Test("a root with a parent")
    func rootWithParent() {
        var (trie, _) = Self.sample()
        trie.slots[Self.index(trie, node: 4, slot: 7)] = 2
        #expect(Self.violation(trie) == .parents(node: 2, count: 1, isRoot: true))
    }

    @Test("a node no longer listed as a root has no parent")
    func missingRoot() {
        var (trie, _) = Self.sample()
        trie.rootNodes.removeLast()
        let violation = Self.violation(trie)
        #expect(violation == .parents(node: 2, count: 0, isRoot: false))
        #expect(violation?.description == "node 2 is the child of 0 slots; a node that is not a root has exactly one")
    }

    @Test("a node with no value and no child")
    func emptyNode() {
        var (trie, _) = Self.sample()
        // Node 4 (`12`) loses its value and its leaf `123`.
        trie.slots[Self.index(trie, node: 4, slot: DigitTrie.valueSlot)] = -1
        trie.slots[Self.index(trie, node: 4, slot: 3)] = 0
        #expect(Self.violation(trie) == .emptyNode(4))
    }

    @Test("a cycle no root reaches")
    func unreachable() {
        var (trie, _) = Self.sample()
        // Node 3 (`1`) is cut from root a and made the child of node 4, its own child.
        trie.slots[Self.index(trie, node: 1, slot: 1)] = 0
        trie.slots[Self.index(trie, node: 4, slot: 5)] = 3
        #expect(Self.violation(trie) == .unreachable(3))
    }
}
