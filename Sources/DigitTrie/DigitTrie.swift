/// A flat trie over the dial alphabet `0-9 * # +`, with many roots in one node array: the
/// builder of the routing model's index, and the reference its compact form is tested against.
///
/// Every prefix table of one kind shares one trie, with a root per dial plan or group. Roots are
/// numbered 0, 1, 2… in the order `makeRoot()` made them (a root ID, not a node index), so that
/// `CompactTrie(self)` answers for the same root IDs. A node is
/// a run of 13 child slots plus the value (a record index) of the prefix that ends there. Child
/// slots hold `0` (no child), a node index (> 0), or a *leaf* `-(value + 1)`: a prefix that ends
/// with no longer prefix below it needs no node of its own, which saves most of the memory of a
/// large table. Lookups walk the UTF-8 bytes of the number and allocate nothing.
///
/// A node takes 16 slots (64 bytes, two unused) and `freeze()` aligns node 0 to a 64-byte
/// boundary, so each step of a walk touches one cache line: a large table's lookups are bound
/// by memory latency, not by instructions.
///
/// The routing model looks numbers up in the `CompactTrie` built from this one (4× smaller, so a
/// large plan's upper levels stay in cache); the flat trie stays the simple form, for building,
/// for property tests and as the benchmarks' "before". Members are `package` (roots and values
/// are raw `Int32`s with `-1` for "none"). Lookups are `@inlinable` so that callers in other
/// modules get them specialised and inlined; a plain cross-module call was measured 26× slower.
///
/// Facets: building (`DigitTrie+Build.swift`), lookups (`+Lookup`), the structure's invariants
/// (`+Invariants`).
public struct DigitTrie: Sendable {
    /// Child slots per node, one per symbol of the dial alphabet.
    package static let alphabetSize = 13
    @usableFromInline static let stride = 16
    @usableFromInline static let valueSlot = 13

    @usableFromInline var slots: [Int32]
    /// Where node 0 starts in `slots` (non-zero after `freeze()` aligned the nodes).
    @usableFromInline var base = 0
    /// The node of each root, by root ID.
    @usableFromInline var rootNodes: [Int32] = []

    /// An empty trie (node 0 is a sentinel: a child slot of 0 means "no child").
    package init() {
        slots = [Int32](repeating: 0, count: DigitTrie.stride)
        slots[DigitTrie.valueSlot] = -1
    }

    /// The number of nodes, the sentinel included.
    package var nodeCount: Int { (slots.count - base) / DigitTrie.stride }

    /// The number of roots `makeRoot()` made (root IDs are 0 to `rootCount - 1`).
    package var rootCount: Int { rootNodes.count }

    /// The node of root `root`.
    @inlinable
    package func node(ofRoot root: Int32) -> Int { Int(rootNodes[Int(root)]) }

    /// The bytes the node array takes.
    package var memoryBytes: Int { slots.capacity * MemoryLayout<Int32>.stride }

    /// The child slot `symbol` of `node`: 0 none, > 0 a node, < 0 a leaf `-(value + 1)`.
    @inlinable
    package func child(of node: Int, symbol: Int) -> Int32 { slots[base + node * DigitTrie.stride + symbol] }

    /// The value (record index) of the prefix that ends at `node`, or -1.
    @inlinable
    package func value(of node: Int) -> Int32 { slots[base + node * DigitTrie.stride + DigitTrie.valueSlot] }

    /// The child slot of a byte of the dial alphabet, or -1 for any other byte.
    @inlinable @inline(__always)
    package static func symbol(_ byte: UInt8) -> Int {
        switch byte {
        case 0x30...0x39: return Int(byte &- 0x30)
        case 0x2A: return 10  // *
        case 0x23: return 11  // #
        case 0x2B: return 12  // +
        default: return -1
        }
    }

    /// Whether every character of `text` is in the dial alphabet.
    @inlinable
    package static func isDialString(_ text: String) -> Bool {
        text.utf8.allSatisfy { symbol($0) >= 0 }
    }
}
