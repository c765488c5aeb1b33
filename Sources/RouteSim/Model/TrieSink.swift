import DigitTrie

/// Where the index builders put the prefixes of the plan's tables.
///
/// Building a model gives them to a `CompactTrieBuilder`, which lays out the compact trie
/// directly (a `DigitTrie`, then its compact form, gives the same words: the reference). When the compact trie is at hand
/// already (a compiled plan keeps the one it was built with, `RoutingModel.StoredIndex`), the
/// builders run against a `RootCounter` instead: they compute everything else as before, and the
/// roots they make get the same IDs the trie gave them, since roots are numbered in the order
/// they are made.
protocol TrieSink {
    /// A new empty root: 0 for the first, then 1, 2…
    mutating func makeRoot() -> Int32
    /// `prefix` under `root` with `value` (the first value of a prefix stays).
    mutating func add(_ prefix: String, root: Int32, value: Int32)
}

extension DigitTrie: TrieSink {
    @inline(__always)
    mutating func add(_ prefix: String, root: Int32, value: Int32) { insert(prefix, root: root, value: value) }
}

extension CompactTrieBuilder: TrieSink {
    @inline(__always)
    mutating func add(_ prefix: String, root: Int32, value: Int32) { insert(prefix, root: root, value: value) }
}

/// Numbers the roots as a `DigitTrie` would, and drops the prefixes.
struct RootCounter: TrieSink {
    private(set) var roots: Int32 = 0

    mutating func makeRoot() -> Int32 {
        roots += 1
        return roots - 1
    }

    @inline(__always)
    mutating func add(_ prefix: String, root: Int32, value: Int32) {}
}
