import DigitTrie
import RouteSim

/// Walking the trie's nodes, for checks that ask what lies at or below a prefix.
extension CompactTrie {
    /// The value (record index) the child `symbol` of `node` ends, if any: a leaf's value, or
    /// the value of the child node.
    func value(below node: Int, symbol: Int) -> Int32? {
        if let leaf = leafValue(of: node, symbol: symbol) { return leaf }
        if let child = childNode(of: node, symbol: symbol), value(of: child) >= 0 { return value(of: child) }
        return nil
    }

    /// Walks `prefix` from `root`, calling `visit` with each node it passes (the root first).
    /// Returns the node the whole prefix reaches, or nil when the walk stops early: a character
    /// outside the dial alphabet, no child, or a leaf (nothing longer lies below it).
    @discardableResult
    func walk(_ prefix: String, from root: Int32, visiting visit: (Int) -> Void = { _ in }) -> Int? {
        var node = Int(root)
        visit(node)
        for byte in prefix.utf8 {
            let symbol = DigitTrie.symbol(byte)
            guard symbol >= 0, let child = childNode(of: node, symbol: symbol) else { return nil }
            node = child
            visit(node)
        }
        return node
    }

    /// Calls `body` with every value strictly below `node`, depth first: each node's children in
    /// symbol order, then the nodes below them, last found first. A child node is entered (and
    /// its value read) only when `enter` allows it; leaves are always read.
    func forEachValue(below node: Int, entering enter: (Int) -> Bool = { _ in true }, _ body: (Int32) -> Void) {
        var stack = [node]
        while let n = stack.popLast() {
            for symbol in 0..<DigitTrie.alphabetSize {
                if let leaf = leafValue(of: n, symbol: symbol) {
                    body(leaf)
                } else if let child = childNode(of: n, symbol: symbol), enter(child) {
                    let value = value(of: child)
                    if value >= 0 { body(value) }
                    stack.append(child)
                }
            }
        }
    }
}
