/// A flat trie over the dial alphabet `0-9 * # +`, with many roots in one node array.
///
/// Every prefix table of one kind shares one trie, with a root per dial plan or group. A node is
/// a run of 13 child slots plus the value (a record index) of the prefix that ends there. Child
/// slots hold `0` (no child), a node index (> 0), or a *leaf* `-(value + 1)`: a prefix that ends
/// with no longer prefix below it needs no node of its own, which saves most of the memory of a
/// large table. Lookups walk the UTF-8 bytes of the number and allocate nothing.
///
/// A node takes 16 slots (64 bytes, two unused) and `freeze()` aligns node 0 to a 64-byte
/// boundary, so each step of a walk touches one cache line: a large table's lookups are bound
/// by memory latency, not by instructions.
public struct DigitTrie: Sendable {
    /// Child slots per node, one per symbol of the dial alphabet.
    public static let alphabetSize = 13
    @usableFromInline static let stride = 16
    @usableFromInline static let valueSlot = 13

    @usableFromInline var slots: [Int32]
    /// Where node 0 starts in `slots` (non-zero after `freeze()` aligned the nodes).
    @usableFromInline var base = 0

    /// An empty trie (node 0 is a sentinel: a child slot of 0 means "no child").
    public init() {
        slots = [Int32](repeating: 0, count: DigitTrie.stride)
        slots[DigitTrie.valueSlot] = -1
    }

    /// The number of nodes, the sentinel included.
    public var nodeCount: Int { (slots.count - base) / DigitTrie.stride }

    /// The bytes the node array takes.
    public var memoryBytes: Int { slots.capacity * MemoryLayout<Int32>.stride }

    /// The child slot `symbol` of `node`: 0 none, > 0 a node, < 0 a leaf `-(value + 1)`.
    @inlinable
    public func child(of node: Int, symbol: Int) -> Int32 { slots[base + node * DigitTrie.stride + symbol] }

    /// The value (record index) of the prefix that ends at `node`, or -1.
    @inlinable
    public func value(of node: Int) -> Int32 { slots[base + node * DigitTrie.stride + DigitTrie.valueSlot] }

    /// Copies the nodes into an exactly sized array whose node 0 starts on a 64-byte boundary.
    /// Call once the trie is built; inserting afterwards still works but may lose the alignment.
    public mutating func freeze() {
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

    /// The child slot of a byte of the dial alphabet, or -1 for any other byte.
    @inlinable @inline(__always)
    public static func symbol(_ byte: UInt8) -> Int {
        switch byte {
        case 0x30...0x39: return Int(byte &- 0x30)
        case 0x2A: return 10  // *
        case 0x23: return 11  // #
        case 0x2B: return 12  // +
        default: return -1
        }
    }

    /// Whether every character of `text` is in the dial alphabet.
    public static func isDialString(_ text: String) -> Bool {
        text.utf8.allSatisfy { symbol($0) >= 0 }
    }

    /// Adds an empty root and returns it.
    public mutating func makeRoot() -> Int32 { newNode() }

    /// Makes room for `nodes` more nodes, so building a large trie does not grow the array step by step.
    public mutating func reserveCapacity(nodes: Int) {
        slots.reserveCapacity(slots.count + nodes * DigitTrie.stride)
    }

    private static let emptyNode: [Int32] = (0..<stride).map { $0 == valueSlot ? -1 : 0 }

    private mutating func newNode() -> Int32 {
        let index = Int32((slots.count - base) / DigitTrie.stride)
        slots.append(contentsOf: DigitTrie.emptyNode)
        return index
    }

    public enum InsertResult: Equatable, Sendable {
        case inserted
        /// The prefix was already there with this value; the trie keeps the first.
        case duplicate(existing: Int32)
        /// The prefix holds a character outside the dial alphabet; nothing was added.
        case invalidCharacter
    }

    /// Adds `prefix` under `root` with `value` (a record index, ≥ 0). The first value stays.
    @discardableResult
    public mutating func insert(_ prefix: String, root: Int32, value: Int32) -> InsertResult {
        precondition(value >= 0)
        var prefix = prefix
        return prefix.withUTF8 { insert($0, root: root, value: value) }
    }

    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, root: Int32, value: Int32) -> InsertResult {
        for byte in bytes where DigitTrie.symbol(byte) < 0 { return .invalidCharacter }
        var node = Int(root)
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

    /// The value of the longest prefix of `number` under `root`, or -1.
    @inlinable
    public func longestPrefix(_ number: UnsafeBufferPointer<UInt8>, root: Int32) -> Int32 {
        slots.withUnsafeBufferPointer { all in
            let s = all.baseAddress! + base
            var node = Int(root)
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
    public func exactMatch(_ number: UnsafeBufferPointer<UInt8>, root: Int32) -> Int32 {
        slots.withUnsafeBufferPointer { all in
            let s = all.baseAddress! + base
            var node = Int(root)
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

    /// `longestPrefix` for a `String` (read in place: no copy of the string).
    @inlinable
    public func longestPrefix(_ number: String, root: Int32) -> Int32 {
        if let value = number.utf8.withContiguousStorageIfAvailable({ longestPrefix($0, root: root) }) { return value }
        var copy = number
        return copy.withUTF8 { longestPrefix($0, root: root) }
    }

    /// `exactMatch` for a `String` (read in place: no copy of the string).
    @inlinable
    public func exactMatch(_ number: String, root: Int32) -> Int32 {
        if let value = number.utf8.withContiguousStorageIfAvailable({ exactMatch($0, root: root) }) { return value }
        var copy = number
        return copy.withUTF8 { exactMatch($0, root: root) }
    }

    /// Checks the structure: every slot points inside the array, every node but the sentinel and
    /// the roots is reached exactly once. Tests call it after building.
    public func checkInvariants(roots: [Int32]) -> Bool {
        var reached = [Int](repeating: 0, count: nodeCount)
        for node in 1..<nodeCount {
            for symbol in 0..<DigitTrie.alphabetSize {
                let child = child(of: node, symbol: symbol)
                if child > 0 {
                    guard Int(child) < nodeCount else { return false }
                    reached[Int(child)] += 1
                }
            }
        }
        let rootSet = Set(roots.map(Int.init))
        for node in 1..<nodeCount {
            let expected = rootSet.contains(node) ? 0 : 1
            if reached[node] != expected { return false }
        }
        return true
    }
}
