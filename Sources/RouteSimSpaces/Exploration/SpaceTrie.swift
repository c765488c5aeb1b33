import DigitTrie

/// The node-by-node view of a prefix trie the region analysis walks: the routing model's compact
/// trie and the caller space's flat one answer it alike.
///
/// `child(of:symbol:)` is 0 for no child, negative for a leaf (a prefix with nothing below it)
/// and the child's node otherwise, as in the flat `DigitTrie`.
protocol SpaceTrie: Sendable {
    func node(ofRoot root: Int32) -> Int
    func child(of node: Int, symbol: Int) -> Int32
    func value(of node: Int) -> Int32
}

extension DigitTrie: SpaceTrie {}

extension CompactTrie: SpaceTrie {
    /// A root's ID is its node (the roots are the first nodes).
    func node(ofRoot root: Int32) -> Int { Int(root) }

    func child(of node: Int, symbol: Int) -> Int32 {
        if let child = childNode(of: node, symbol: symbol) { return Int32(child) }
        return leafValue(of: node, symbol: symbol) == nil ? 0 : -1
    }
}
