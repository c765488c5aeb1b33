extension DigitTrie {
    /// A broken invariant of the node array: which one, and where.
    package enum InvariantViolation: Error, Equatable, CustomStringConvertible {
        /// The slots from `base` on are not whole nodes of 16, or `base` is outside the array.
        case storage(slots: Int, base: Int)
        /// The sentinel (node 0) holds something in a slot; it must stay empty.
        case sentinel(slot: Int, holds: Int32)
        /// A root's node is the sentinel or not a node of the array.
        case root(id: Int32, node: Int32)
        /// One of a node's two alignment slots (after the value) is not 0.
        case padding(node: Int, slot: Int, holds: Int32)
        /// A value slot holds neither -1 nor a record index.
        case value(node: Int, holds: Int32)
        /// A child slot points past the last node.
        case child(node: Int, symbol: Int, holds: Int32)
        /// A node has the wrong number of parents: a root none, any other node exactly one.
        case parents(node: Int, count: Int, isRoot: Bool)
        /// A node that is not a root holds no value and no child (an insert never leaves one).
        case emptyNode(Int)
        /// A node no root reaches (it hangs in a cycle of its own).
        case unreachable(Int)

        package var description: String {
            switch self {
            case .storage(let slots, let base):
                return "the node array holds \(slots) slots from base \(base): not whole nodes of \(DigitTrie.stride)"
            case .sentinel(let slot, let holds):
                return "node 0 (the sentinel) holds \(holds) in slot \(slot); it must stay empty"
            case .root(let id, let node):
                return "root \(id) is node \(node), which is not a node (nodes are 1 to the node count - 1)"
            case .padding(let node, let slot, let holds):
                return "node \(node) holds \(holds) in alignment slot \(slot); it must be 0"
            case .value(let node, let holds):
                return "node \(node) holds value \(holds); a value is -1 (none) or a record index"
            case .child(let node, let symbol, let holds):
                return "node \(node), symbol \(DigitTrie.character(symbol)) points at node \(holds), past the last node"
            case .parents(let node, let count, let isRoot):
                return isRoot
                    ? "root \(node) is the child of \(count) slots; a root has no parent"
                    : "node \(node) is the child of \(count) slots; a node that is not a root has exactly one"
            case .emptyNode(let node):
                return "node \(node) holds no value and no child, and is not a root"
            case .unreachable(let node):
                return "node \(node) is reached from no root"
            }
        }
    }

    /// Checks the structure and throws the first invariant that does not hold: whole nodes, an
    /// empty sentinel, zeroed alignment slots, values of -1 or a record index, children inside
    /// the array, and a forest whose roots are exactly the nodes `makeRoot()` made (every other
    /// node has one parent, holds a value or a child, and is reached from a root). Tests call it
    /// after building.
    package func checkInvariants() throws(InvariantViolation) {
        let stride = DigitTrie.stride
        guard base >= 0, base <= slots.count, (slots.count - base) % stride == 0, slots.count - base >= stride else {
            throw .storage(slots: slots.count, base: base)
        }
        let count = nodeCount
        for slot in 0..<stride where slots[base + slot] != (slot == DigitTrie.valueSlot ? -1 : 0) {
            throw .sentinel(slot: slot, holds: slots[base + slot])
        }
        var isRoot = [Bool](repeating: false, count: count)
        for (id, root) in rootNodes.enumerated() {
            guard root > 0, Int(root) < count else { throw .root(id: Int32(id), node: root) }
            isRoot[Int(root)] = true
        }
        var parents = [Int](repeating: 0, count: count)
        for node in 1..<count {
            for slot in (DigitTrie.valueSlot + 1)..<stride where slots[base + node * stride + slot] != 0 {
                throw .padding(node: node, slot: slot, holds: slots[base + node * stride + slot])
            }
            let value = value(of: node)
            guard value >= -1 else { throw .value(node: node, holds: value) }
            var isEmpty = value < 0
            for symbol in 0..<DigitTrie.alphabetSize {
                let child = child(of: node, symbol: symbol)
                if child != 0 { isEmpty = false }
                guard child > 0 else { continue }
                guard Int(child) < count else { throw .child(node: node, symbol: symbol, holds: child) }
                parents[Int(child)] += 1
            }
            if isEmpty && !isRoot[node] { throw .emptyNode(node) }
        }
        for node in 1..<count where parents[node] != (isRoot[node] ? 0 : 1) {
            throw .parents(node: node, count: parents[node], isRoot: isRoot[node])
        }
        // Every node has at most one parent now, so a walk from the roots visits each node once.
        var reached = isRoot
        var pending = rootNodes.map(Int.init)
        while let node = pending.popLast() {
            for symbol in 0..<DigitTrie.alphabetSize {
                let child = child(of: node, symbol: symbol)
                if child > 0 && !reached[Int(child)] {
                    reached[Int(child)] = true
                    pending.append(Int(child))
                }
            }
        }
        if let lost = (1..<count).first(where: { !reached[$0] }) { throw .unreachable(lost) }
    }

    /// The character of a symbol of the dial alphabet, for messages.
    static func character(_ symbol: Int) -> String {
        switch symbol {
        case 0...9: return String(symbol)
        case 10: return "*"
        case 11: return "#"
        case 12: return "+"
        default: return "?"
        }
    }
}
