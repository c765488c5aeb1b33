// The hot path: every lookup is `@inlinable`, so a caller in another module (the simulator,
// `bench`) gets it specialised and inlined rather than a call through the module boundary.

extension DigitTrie {
    /// The value of the longest prefix of `number` under `root`, or -1.
    @inlinable
    package func longestPrefix(_ number: UnsafeBufferPointer<UInt8>, root: Int32) -> Int32 {
        slots.withUnsafeBufferPointer { all in
            let s = all.baseAddress! + base
            var node = self.node(ofRoot: root)
            var best = s[node &* DigitTrie.stride &+ DigitTrie.valueSlot]
            for byte in number {
                let symbol = DigitTrie.symbol(byte)
                if symbol < 0 { break }
                let child = s[node &* DigitTrie.stride &+ symbol]
                if child == 0 { break }
                if child < 0 { return -child &- 1 }
                node = Int(child)
                let value = s[node &* DigitTrie.stride &+ DigitTrie.valueSlot]
                if value >= 0 { best = value }
            }
            return best
        }
    }

    /// The value stored for exactly `number` under `root`, or -1.
    @inlinable
    package func exactMatch(_ number: UnsafeBufferPointer<UInt8>, root: Int32) -> Int32 {
        slots.withUnsafeBufferPointer { all in
            let s = all.baseAddress! + base
            var node = self.node(ofRoot: root)
            var i = 0
            while i < number.count {
                let symbol = DigitTrie.symbol(number[i])
                if symbol < 0 { return -1 }
                let child = s[node &* DigitTrie.stride &+ symbol]
                if child == 0 { return -1 }
                if child < 0 { return i == number.count - 1 ? -child &- 1 : -1 }
                node = Int(child)
                i += 1
            }
            return s[node &* DigitTrie.stride &+ DigitTrie.valueSlot]
        }
    }
}

extension DigitTrie: DigitLookup {}
