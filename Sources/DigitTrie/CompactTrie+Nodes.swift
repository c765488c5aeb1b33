extension CompactTrie {
    /// The child node of `node` for `symbol`, if it has one.
    package func childNode(of node: Int, symbol: Int) -> Int? {
        let w = nodes + node * 4
        let bit = UInt32(1) << UInt32(symbol)
        guard w[0] & bit != 0 else { return nil }
        return Int(w[1]) + (w[0] & (bit - 1)).nonzeroBitCount
    }

    /// The value of the leaf of `node` for `symbol` (a prefix with nothing longer below it), if any.
    package func leafValue(of node: Int, symbol: Int) -> Int32? {
        let w = nodes + node * 4
        let bit = UInt32(1) << UInt32(symbol + 16)
        guard w[0] & bit != 0 else { return nil }
        return leaves[Int(w[2]) + (w[0] & (bit - 1) & ~CompactTrie.symbolBits).nonzeroBitCount]
    }

    /// The value (record index) of the prefix that ends at `node`, or -1.
    package func value(of node: Int) -> Int32 { Int32(bitPattern: nodes[node * 4 + 3]) }

    /// Whether some longer prefix lies below `node` (a child node or a leaf).
    package func hasChildren(_ node: Int) -> Bool { nodes[node * 4] != 0 }
}
