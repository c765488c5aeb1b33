extension CompactTrie {
    /// The compact form of a flat trie: the same answers for the same root IDs.
    ///
    /// Roots first, then depth first: when a node is reached, its children are appended
    /// together, in symbol order (so that one index and a bitmap find them all), and the first of
    /// them is reached next. A prefix's tail (one node per digit, the common case deep in a large
    /// plan) is then a run of neighbouring nodes, where breadth-first order put each of its levels
    /// in a different part of the array (a page apart at a million rows). Leaves go to `leaves` in
    /// node order. No allocation per node.
    package init(_ flat: DigitTrie) {
        let rootCount = flat.rootCount
        // Every flat node but the sentinel is a root or the child of exactly one node.
        let capacity = max(flat.nodeCount - 1, rootCount)
        var leafCount = 0
        flat.slots.withUnsafeBufferPointer { all in
            let s = all.baseAddress! + flat.base
            for node in 1..<flat.nodeCount {
                for symbol in 0..<DigitTrie.alphabetSize where s[node &* DigitTrie.stride &+ symbol] < 0 { leafCount += 1 }
            }
        }
        let memory = CompactTrieMemory(nodeCount: capacity, leafCount: leafCount)
        let words = memory.nodes, leaves = memory.leaves
        // `order[i]`: the flat node that compact node i is.
        var order = [Int32](repeating: 0, count: capacity)
        for (id, node) in flat.rootNodes.enumerated() { order[id] = node }
        var placed = rootCount, leavesPlaced = 0
        flat.slots.withUnsafeBufferPointer { all in
            let s = all.baseAddress! + flat.base
            // The nodes reached but whose children are not placed yet; the next to reach on top.
            var pending = [Int32]((0..<Int32(rootCount)).reversed())
            while let i = pending.popLast() {
                let flatNode = Int(order[Int(i)]) &* DigitTrie.stride
                let firstChild = placed
                for symbol in 0..<DigitTrie.alphabetSize {
                    let child = s[flatNode &+ symbol]
                    if child > 0 {
                        order[placed] = child
                        placed += 1
                    }
                }
                words[Int(i) &* 4 &+ 1] = UInt32(firstChild)
                var child = placed
                while child > firstChild {
                    child -= 1
                    pending.append(Int32(child))
                }
            }
            for i in 0..<placed {
                let flatNode = Int(order[i]) &* DigitTrie.stride
                var childMask: UInt32 = 0, leafMask: UInt32 = 0
                let firstLeaf = leavesPlaced
                for symbol in 0..<DigitTrie.alphabetSize {
                    let child = s[flatNode &+ symbol]
                    if child > 0 {
                        childMask |= 1 << UInt32(symbol)
                    } else if child < 0 {
                        leafMask |= 1 << UInt32(symbol)
                        leaves[leavesPlaced] = -child &- 1
                        leavesPlaced += 1
                    }
                }
                let w = words + i &* 4
                w[0] = childMask | leafMask << 16
                w[2] = UInt32(firstLeaf)
                w[3] = UInt32(bitPattern: s[flatNode &+ DigitTrie.valueSlot])
            }
        }
        precondition(leavesPlaced == leafCount, "every leaf of the flat trie is placed once")
        self.init(
            nodes: UnsafePointer(words), nodeCount: placed, leaves: UnsafePointer(leaves), leafCount: leafCount,
            rootCount: rootCount, owner: memory)
    }
}
