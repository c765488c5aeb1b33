extension CompactTrie {
    /// A broken invariant of a compact trie: which one, and where.
    package enum InvariantViolation: Error, Equatable, CustomStringConvertible {
        /// More roots than nodes.
        case roots(count: Int, nodes: Int)
        /// Word 0 of a node sets a bit outside the 13 symbols (child bits 0–12, leaf bits 16–28).
        case masks(node: Int, holds: UInt32)
        /// A symbol is both a child node and a leaf.
        case childAndLeaf(node: Int, symbol: Int)
        /// A node's children are not the next nodes in depth-first order (they must follow the
        /// children of the nodes reached before it, with nothing between).
        case children(node: Int, first: UInt32, expected: Int)
        /// A node's leaves are not the next leaf values (in node order, with nothing between).
        case leaves(node: Int, first: UInt32, expected: Int)
        /// A node's value is neither -1 nor a record index.
        case value(node: Int, holds: Int32)
        /// A leaf holds no record index.
        case leafValue(leaf: Int, holds: Int32)
        /// A node that is not a root holds no value, no child and no leaf.
        case emptyNode(Int)
        /// The nodes and leaves the children and leaves name are not exactly the arrays.
        case counts(nodes: Int, expectedNodes: Int, leaves: Int, expectedLeaves: Int)

        package var description: String {
            switch self {
            case .roots(let count, let nodes):
                return "\(count) roots but \(nodes) nodes: every root is a node"
            case .masks(let node, let holds):
                return "node \(node) has masks 0x\(String(holds, radix: 16)): bits outside the 13 symbols"
            case .childAndLeaf(let node, let symbol):
                return "node \(node), symbol \(DigitTrie.character(symbol)) is both a child node and a leaf"
            case .children(let node, let first, let expected):
                return "node \(node)'s children start at node \(first); depth-first order puts them at \(expected)"
            case .leaves(let node, let first, let expected):
                return "node \(node)'s leaves start at \(first); they follow the leaves before them, at \(expected)"
            case .value(let node, let holds):
                return "node \(node) holds value \(holds); a value is -1 (none) or a record index"
            case .leafValue(let leaf, let holds):
                return "leaf \(leaf) holds \(holds); a leaf holds a record index"
            case .emptyNode(let node):
                return "node \(node) holds no value, no child and no leaf, and is not a root"
            case .counts(let nodes, let expectedNodes, let leaves, let expectedLeaves):
                return
                    "the nodes name \(expectedNodes) nodes and \(expectedLeaves) leaves; the arrays hold \(nodes) and \(leaves)"
            }
        }
    }

    /// Checks the structure and throws the first invariant that does not hold: masks within the
    /// alphabet, no symbol both child and leaf, children laid out depth first and leaves in node
    /// order with nothing skipped or shared (so every node but a root has exactly one parent, and
    /// every child index is inside the array), values of -1 or a record index, no empty node. A
    /// trie that passes cannot make a lookup read outside its arrays. Tests call it after building.
    package func checkInvariants() throws(InvariantViolation) {
        guard rootCount <= nodeCount else { throw .roots(count: rootCount, nodes: nodeCount) }
        var nextLeaf = 0
        for node in 0..<nodeCount {
            let w = nodes + node * 4
            let masks = w[0]
            guard masks & ~(CompactTrie.symbolBits | CompactTrie.symbolBits << 16) == 0 else {
                throw .masks(node: node, holds: masks)
            }
            let children = masks & CompactTrie.symbolBits, leafBits = masks >> 16
            if children & leafBits != 0 {
                throw .childAndLeaf(node: node, symbol: (children & leafBits).trailingZeroBitCount)
            }
            guard Int(w[2]) == nextLeaf else { throw .leaves(node: node, first: w[2], expected: nextLeaf) }
            let value = Int32(bitPattern: w[3])
            guard value >= -1 else { throw .value(node: node, holds: value) }
            if masks == 0 && value < 0 && node >= rootCount { throw .emptyNode(node) }
            nextLeaf += leafBits.nonzeroBitCount
            if nextLeaf > leafCount { break }
        }
        // The walk `CompactTrie(_:)` lays the nodes out by: from the roots, depth first, each
        // node's children the next block. A block is claimed once, after every node before it,
        // so the walk reaches every node at most once and ends.
        var nextChild = rootCount
        var pending = [Int]((0..<rootCount).reversed())
        while let node = pending.popLast() {
            let w = nodes + node * 4
            guard Int(w[1]) == nextChild else { throw .children(node: node, first: w[1], expected: nextChild) }
            let children = (w[0] & CompactTrie.symbolBits).nonzeroBitCount
            if nextChild + children > nodeCount {
                nextChild += children
                break
            }
            pending.append(contentsOf: (nextChild..<nextChild + children).reversed())
            nextChild += children
        }
        guard nextChild == nodeCount, nextLeaf == leafCount else {
            throw .counts(nodes: nodeCount, expectedNodes: nextChild, leaves: leafCount, expectedLeaves: nextLeaf)
        }
        for i in 0..<leafCount where leaves[i] < 0 { throw .leafValue(leaf: i, holds: leaves[i]) }
    }
}
