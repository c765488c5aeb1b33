extension DigitTrie {
    /// What `insert` did.
    package enum InsertResult: Equatable, Sendable {
        case inserted
        /// The prefix was already there with this value; the trie keeps the first.
        case duplicate(existing: Int32)
        /// The prefix holds a character outside the dial alphabet; nothing was added.
        case invalidCharacter
    }

    /// Adds an empty root and returns its ID (0 for the first root, then 1, 2…).
    package mutating func makeRoot() -> Int32 {
        rootNodes.append(newNode())
        return Int32(rootNodes.count - 1)
    }

    /// Makes room for `nodes` more nodes, so building a large trie does not grow the array step by step.
    package mutating func reserveCapacity(nodes: Int) {
        slots.reserveCapacity(slots.count + nodes * DigitTrie.stride)
    }

    @usableFromInline static let emptyNode: [Int32] = (0..<stride).map { $0 == valueSlot ? -1 : 0 }

    @usableFromInline
    mutating func newNode() -> Int32 {
        let index = Int32((slots.count - base) / DigitTrie.stride)
        slots.append(contentsOf: DigitTrie.emptyNode)
        return index
    }

    /// Adds `prefix` under `root` with `value` (a record index, ≥ 0). The first value stays.
    @discardableResult
    package mutating func insert(_ prefix: String, root: Int32, value: Int32) -> InsertResult {
        precondition(value >= 0)
        var prefix = prefix
        return prefix.withUTF8 { insert($0, root: root, value: value) }
    }

    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, root: Int32, value: Int32) -> InsertResult {
        for byte in bytes where DigitTrie.symbol(byte) < 0 { return .invalidCharacter }
        var node = self.node(ofRoot: root)
        for (i, byte) in bytes.enumerated() {
            let slotIndex = base + node * DigitTrie.stride + DigitTrie.symbol(byte)
            let child = slots[slotIndex]
            let isLast = i == bytes.count - 1
            if child == 0 {
                if isLast {
                    slots[slotIndex] = -(value + 1)
                    return .inserted
                }
                let created = newNode()
                slots[slotIndex] = created
                node = Int(created)
            } else if child < 0 {
                let leafValue = -child - 1
                if isLast { return .duplicate(existing: leafValue) }
                // The leaf gains a longer prefix below it: it becomes a node holding its value.
                let created = newNode()
                slots[base + Int(created) * DigitTrie.stride + DigitTrie.valueSlot] = leafValue
                slots[slotIndex] = created
                node = Int(created)
            } else {
                node = Int(child)
            }
        }
        let valueIndex = base + node * DigitTrie.stride + DigitTrie.valueSlot
        if slots[valueIndex] >= 0 { return .duplicate(existing: slots[valueIndex]) }
        slots[valueIndex] = value
        return .inserted
    }

    /// Copies the nodes into an exactly sized array whose node 0 starts on a 64-byte boundary.
    /// Call once the trie is built; inserting afterwards still works but may lose the alignment.
    package mutating func freeze() {
        let nodes = slots[base...]
        var pad = 0
        // Uninitialised storage: the nodes are written once, with no zero-fill first.
        let aligned = [Int32](unsafeUninitializedCapacity: nodes.count + DigitTrie.stride) { target, count in
            let address = Int(bitPattern: target.baseAddress!)
            pad = ((64 - address % 64) % 64) / MemoryLayout<Int32>.stride
            (target.baseAddress!).initialize(repeating: 0, count: pad)
            nodes.withUnsafeBufferPointer { source in
                (target.baseAddress! + pad).initialize(from: source.baseAddress!, count: source.count)
            }
            count = pad + nodes.count
        }
        slots = aligned
        base = pad
    }
}
