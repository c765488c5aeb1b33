// The hot path: every lookup is `@inlinable`, so a caller in another module (the simulator,
// `bench`) gets it specialised and inlined rather than a call through the module boundary.

extension CompactTrie {
    /// The value of the longest prefix of `number` under `root`, or -1.
    @inlinable
    package func longestPrefix(_ number: UnsafeBufferPointer<UInt8>, root: Int32) -> Int32 {
        var node = nodes + Int(root) &* 4
        var best: Int32 = -1
        for byte in number {
            let value = Int32(bitPattern: node[3])
            if value >= 0 { best = value }
            let symbol = DigitTrie.symbol(byte)
            if symbol < 0 { return best }
            let masks = node[0]
            let bit = UInt32(1) &<< UInt32(truncatingIfNeeded: symbol)
            if masks & bit != 0 {
                node = nodes + Int(node[1] &+ UInt32((masks & (bit &- 1)).nonzeroBitCount)) &* 4
            } else {
                let leafBit = bit &<< 16
                if masks & leafBit == 0 { return best }
                return leaves[Int(node[2]) &+ (masks & (leafBit &- 1) & ~CompactTrie.symbolBits).nonzeroBitCount]
            }
        }
        let value = Int32(bitPattern: node[3])
        return value >= 0 ? value : best
    }

    /// The value stored for exactly `number` under `root`, or -1.
    @inlinable
    package func exactMatch(_ number: UnsafeBufferPointer<UInt8>, root: Int32) -> Int32 {
        var node = nodes + Int(root) &* 4
        var i = 0
        let count = number.count
        while i < count {
            let symbol = DigitTrie.symbol(number[i])
            if symbol < 0 { return -1 }
            let masks = node[0]
            let bit = UInt32(1) &<< UInt32(truncatingIfNeeded: symbol)
            if masks & bit != 0 {
                node = nodes + Int(node[1] &+ UInt32((masks & (bit &- 1)).nonzeroBitCount)) &* 4
                i &+= 1
                continue
            }
            let leafBit = bit &<< 16
            guard masks & leafBit != 0, i == count &- 1 else { return -1 }
            return leaves[Int(node[2]) &+ (masks & (leafBit &- 1) & ~CompactTrie.symbolBits).nonzeroBitCount]
        }
        return Int32(bitPattern: node[3])
    }
}

extension CompactTrie: DigitLookup {
    // The `String` forms again, concrete: the routing model calls these, and a call of the
    // protocol's generic ones from another module was not specialised (each lookup went through
    // the generic wrapper and a witness thunk).

    /// The value of the longest prefix of `number` under `root`, or -1.
    @inlinable
    package func longestPrefix(_ number: String, root: Int32) -> Int32 {
        withDialBytes(of: number) { longestPrefix($0, root: root) }
    }

    /// The value stored for exactly `number` under `root`, or -1.
    @inlinable
    package func exactMatch(_ number: String, root: Int32) -> Int32 {
        withDialBytes(of: number) { exactMatch($0, root: root) }
    }
}
