/// The routing model's prefix index: a `DigitTrie` frozen into 16-byte nodes that hold bitmaps
/// of their children instead of a slot per symbol (the Poptrie idea, Asai and Ohara, SIGCOMM
/// 2015, for the 13-symbol dial alphabet).
///
/// A node is four 32-bit words:
///
/// | word | holds |
/// |---|---|
/// | 0 | bits 0–12: the symbols with a child node; bits 16–28: the symbols with a leaf |
/// | 1 | the index of the first child node (the others follow it, in symbol order) |
/// | 2 | the index in `leaves` of the first leaf value (the others follow, in symbol order) |
/// | 3 | the value of the prefix that ends at this node, or -1 |
///
/// The child of symbol `s` is node `word1 + popcount(word0 & (1 << s) - 1)`: children of a
/// node are contiguous, so a node costs 16 bytes instead of a 64-byte line, four nodes share a
/// cache line, and a large plan's upper levels stay in cache. A *leaf* is a prefix with nothing
/// longer below it: it needs no node, only its value in `leaves`.
///
/// Roots come first: root ID `r` (as `DigitTrie.makeRoot()` numbered it) is node `r`; the other
/// nodes follow depth first (a node's children, then the first child's subtree, and so on), so a
/// prefix's tail of single-child nodes is a run of neighbours. Lookups read the words through raw pointers (no bounds checks,
/// no reference counting) and allocate nothing; they are `@inlinable` so that callers in other
/// modules get them specialised. The words live in memory that `owner` keeps alive.
///
/// Facets: building from a flat trie (`CompactTrie+Build.swift`), lookups (`+Lookup`), many
/// lookups interleaved with software prefetch (`+Interleaved`), node-level reads for walks
/// (`+Nodes`), the structure's invariants (`+Invariants`).
public struct CompactTrie: @unchecked Sendable {
    // @unchecked: the words are never written after the trie is made, and `owner` keeps them alive.

    /// Four words per node, node `n` at `nodes + 4 n`.
    @usableFromInline let nodes: UnsafePointer<UInt32>
    /// Leaf values.
    @usableFromInline let leaves: UnsafePointer<Int32>
    /// The number of nodes (roots included).
    package let nodeCount: Int
    package let leafCount: Int
    /// Root IDs are 0 to `rootCount - 1`, and are nodes 0 to `rootCount - 1`.
    package let rootCount: Int
    /// Whatever keeps `nodes` and `leaves` alive.
    let owner: AnyObject

    /// Words per node.
    @usableFromInline static let wordsPerNode = 4
    /// Word 0's bits for the symbols with a child node; the leaf bits are these shifted by 16.
    @usableFromInline static let symbolBits: UInt32 = (1 << 13) - 1

    /// A trie over words and leaves kept alive by `owner` (the builder's memory). The caller
    /// vouches that they are a well-formed trie (`checkInvariants()`).
    package init(
        nodes: UnsafePointer<UInt32>, nodeCount: Int, leaves: UnsafePointer<Int32>, leafCount: Int, rootCount: Int,
        owner: AnyObject
    ) {
        self.nodes = nodes
        self.nodeCount = nodeCount
        self.leaves = leaves
        self.leafCount = leafCount
        self.rootCount = rootCount
        self.owner = owner
    }

    /// The bytes the trie's words and leaves take.
    package var memoryBytes: Int { nodeCount * 16 + leafCount * 4 }

    /// The node words (the C baseline walks them).
    package var nodeWords: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: nodes, count: nodeCount * 4) }
    /// The leaf values (the C baseline reads them).
    package var leafValues: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: leaves, count: leafCount) }
}

/// Memory for a compact trie's words and leaves, aligned to a cache line and freed with the last
/// trie that uses it.
final class CompactTrieMemory {
    private(set) var nodes: UnsafeMutablePointer<UInt32>
    private(set) var leaves: UnsafeMutablePointer<Int32>

    init(nodeCount: Int, leafCount: Int) {
        nodes = Self.allocateNodes(nodeCount)
        leaves = UnsafeMutablePointer<Int32>.allocate(capacity: max(leafCount, 1))
    }

    /// Room for `capacity` nodes, written in place as they are laid out (`CompactTrieBuilder`);
    /// the leaves are made by `makeLeaves(count:)` once their number is known.
    init(nodeCapacity capacity: Int) {
        nodes = Self.allocateNodes(capacity)
        leaves = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    }

    private static func allocateNodes(_ count: Int) -> UnsafeMutablePointer<UInt32> {
        UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 16, alignment: 64)
            .bindMemory(to: UInt32.self, capacity: max(count, 1) * 4)
    }

    /// Moves the first `count` nodes to room for `capacity` (before any trie uses them).
    func growNodes(to capacity: Int, keeping count: Int) {
        let grown = Self.allocateNodes(capacity)
        grown.update(from: nodes, count: count * 4)
        UnsafeMutableRawPointer(nodes).deallocate()
        nodes = grown
    }

    /// Room for `count` leaves (before any trie uses them).
    func makeLeaves(count: Int) {
        leaves.deallocate()
        leaves = .allocate(capacity: max(count, 1))
    }

    deinit {
        UnsafeMutableRawPointer(nodes).deallocate()
        leaves.deallocate()
    }
}
