import DigitTrie
import RouteSim

/// Walking the trie's nodes, for checks that ask what lies at or below a prefix.
///
/// The slot encoding (0 none, a node index, or a leaf `-(value + 1)`) is read here only.
extension DigitTrie {
    /// The value (record index) the child `symbol` of `node` ends, if any: a leaf's value, or
    /// the value of the child node.
    func value(below node: Int, symbol: Int) -> Int32? {
        let child = child(of: node, symbol: symbol)
        if child < 0 { return -child - 1 }
        if child > 0, value(of: Int(child)) >= 0 { return value(of: Int(child)) }
        return nil
    }

    /// Whether some longer prefix lies below `node`.
    func hasChildren(_ node: Int) -> Bool {
        (0..<DigitTrie.alphabetSize).contains { child(of: node, symbol: $0) != 0 }
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
            let child = symbol < 0 ? 0 : child(of: node, symbol: symbol)
            guard child > 0 else { return nil }
            node = Int(child)
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
                let child = child(of: n, symbol: symbol)
                if child < 0 {
                    body(-child - 1)
                } else if child > 0, enter(Int(child)) {
                    let value = value(of: Int(child))
                    if value >= 0 { body(value) }
                    stack.append(Int(child))
                }
            }
        }
    }
}
