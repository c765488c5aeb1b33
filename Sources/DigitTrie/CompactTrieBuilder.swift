/// Builds a `CompactTrie` straight from its prefixes, with no flat trie in between: what the
/// routing model uses to index a plan.
///
/// Prefixes are taken as `DigitTrie` takes them (roots numbered in the order `makeRoot()` made
/// them; a prefix with a character outside the dial alphabet is left out; of two equal prefixes
/// under one root the first stays), and `build()` gives the very trie that
/// `CompactTrie(flat)` gives for the flat trie of the same insertions, word for word
/// (`CompactTrieBuilderTests` compares them on random tables).
///
/// Why: inserting a million prefixes into the flat trie walks 64-byte nodes spread over
/// hundreds of megabytes (a cache miss per level below the first few), and compacting it reads
/// them all again. Here each prefix is packed into two words (4 bits a symbol), the prefixes are
/// grouped by root, and each node's prefixes are sorted by their next symbol (a stable counting
/// sort of a contiguous range, MSD radix order), so the nodes come out in the compact trie's
/// depth-first order with sequential memory traffic only. A prefix longer than 32 symbols does
/// not fit two words: the builder then inserts everything into a flat trie and compacts it, as
/// before.
package struct CompactTrieBuilder: Sendable {
    /// One prefix: symbols 0–15 in `high`, 16–31 in `low`, each 4 bits, the first in the top bits.
    struct Entry {
        var high: UInt64
        var low: UInt64
        var value: Int32
        var length: Int32

        @inline(__always)
        func symbol(at depth: Int) -> Int {
            let word = depth < 16 ? high : low
            return Int(truncatingIfNeeded: (word &>> UInt64(60 &- 4 &* (depth & 15))) & 0xF)
        }
    }

    /// The longest prefix two words hold.
    static let maxPackedLength = 32

    private var entries: [Entry] = []
    /// The root of each entry.
    private var entryRoots: [Int32] = []
    /// The prefixes too long to pack, by entry index (`build()` then takes the flat trie's way).
    private var long: [Int: String] = [:]
    /// The number of roots made.
    package private(set) var rootCount = 0

    package init() {}

    /// Makes room for `prefixes` insertions.
    package mutating func reserveCapacity(prefixes: Int) {
        entries.reserveCapacity(prefixes)
        entryRoots.reserveCapacity(prefixes)
    }

    /// Adds an empty root and returns its ID (0 for the first root, then 1, 2…).
    package mutating func makeRoot() -> Int32 {
        rootCount += 1
        return Int32(rootCount - 1)
    }

    /// Adds `prefix` under `root` with `value` (a record index, ≥ 0). Of equal prefixes under one
    /// root the first added stays; a prefix with a character outside the dial alphabet is left out.
    package mutating func insert(_ prefix: String, root: Int32, value: Int32) {
        precondition(value >= 0 && root >= 0 && Int(root) < rootCount)
        var text = prefix
        text.withUTF8 { bytes in
            var high: UInt64 = 0, low: UInt64 = 0
            for (i, byte) in bytes.enumerated() {
                let symbol = DigitTrie.symbol(byte)
                guard symbol >= 0 else { return }
                if i < 16 {
                    high |= UInt64(symbol) &<< UInt64(60 - 4 * i)
                } else if i < Self.maxPackedLength {
                    low |= UInt64(symbol) &<< UInt64(60 - 4 * (i - 16))
                }
            }
            if bytes.count > Self.maxPackedLength { long[entries.count] = prefix }
            entries.append(Entry(high: high, low: low, value: value, length: Int32(bytes.count)))
            entryRoots.append(root)
        }
    }

    /// The compact trie of every prefix added. The prefixes are let go as they are sorted.
    package mutating func build() -> CompactTrie {
        if !long.isEmpty { return CompactTrie(flatTrie()) }
        // The entries grouped by root, each group in insertion order (a stable counting sort).
        var starts = [Int](repeating: 0, count: rootCount + 1)
        for root in entryRoots { starts[Int(root) + 1] += 1 }
        for r in 0..<rootCount { starts[r + 1] += starts[r] }
        // The second buffer is made once the entries are let go: the three are never held at once
        // (at a million rows, 26 MB less at the build's peak).
        let first = UnsafeMutablePointer<Entry>.allocate(capacity: max(entries.count, 1))
        var next = starts
        for i in entries.indices {
            let r = Int(entryRoots[i])
            (first + next[r]).initialize(to: entries[i])
            next[r] += 1
        }
        let count = entries.count
        entries = []
        entryRoots = []
        let buffers = Buffers(first: first, entries: count)
        var layout = Layout(rootCount: rootCount, entries: starts[rootCount], buffers: buffers)
        for root in 0..<rootCount { layout.visit(node: root, lo: starts[root], hi: starts[root + 1], depth: 0, in: 0) }
        // The sorted prefixes are done with: let go before the trie's memory is made (at a
        // million rows the two buffers are 53 MB, at what was the model build's peak).
        buffers.free()
        return layout.finish()
    }

    /// The flat trie of the same insertions (the way for prefixes too long to pack).
    func flatTrie() -> DigitTrie {
        var flat = DigitTrie()
        for _ in 0..<rootCount { _ = flat.makeRoot() }
        for (i, entry) in entries.enumerated() {
            let prefix = long[i] ?? (0..<Int(entry.length)).map { DigitTrie.character(entry.symbol(at: $0)) }.joined()
            flat.insert(prefix, root: entryRoots[i], value: entry.value)
        }
        return flat
    }

    /// Memory of `build()`'s own, freed when it is done: the entries twice (a node's range is
    /// sorted from one into the other, its children's from that one back), and per depth (at
    /// most 33 levels: prefixes longer than 32 symbols never get here) 16 counters: the prefixes
    /// per symbol, then where each symbol's range starts.
    private final class Buffers {
        let entries: [UnsafeMutablePointer<Entry>]
        let counts: UnsafeMutablePointer<Int>
        let starts: UnsafeMutablePointer<Int>
        /// Where the next prefix of each symbol goes while a range is sorted (one range at a time).
        let next: UnsafeMutablePointer<Int>

        /// Takes `first` (room for `count` entries) as the first buffer, and makes the second.
        init(first: UnsafeMutablePointer<Entry>, entries count: Int) {
            entries = [first, .allocate(capacity: max(count, 1))]
            let levels = (CompactTrieBuilder.maxPackedLength + 1) * 16
            counts = .allocate(capacity: levels)
            starts = .allocate(capacity: levels)
            next = .allocate(capacity: 16)
        }

        /// Whether `free()` gave the two entry buffers back.
        private var freed = false

        /// Gives the two entry buffers back (nothing may read them after).
        func free() {
            guard !freed else { return }
            freed = true
            entries[0].deallocate()
            entries[1].deallocate()
        }

        deinit {
            free()
            counts.deallocate()
            starts.deallocate()
            next.deallocate()
        }
    }

    /// The nodes as they are laid out: roots first, then, each time a node is reached, its
    /// children together in symbol order, the first of them reached next (depth first), as
    /// `CompactTrie(_:)` lays out a flat trie.
    private struct Layout {
        let buffers: Buffers
        let rootCount: Int
        /// Four words per node; word 2 (the first leaf) is set by `finish()`, in node order.
        var words: [UInt32]
        /// Leaf values in the order nodes were reached, and where each node's run starts.
        var reachedLeaves: [Int32] = []
        var leafStart: [Int32]
        var placed: Int

        init(rootCount: Int, entries: Int, buffers: Buffers) {
            self.buffers = buffers
            self.rootCount = rootCount
            words = [UInt32](repeating: 0, count: rootCount * 4)
            words.reserveCapacity((rootCount + 2 * entries) * 4)
            leafStart = [Int32](repeating: 0, count: rootCount)
            leafStart.reserveCapacity(rootCount + 2 * entries)
            reachedLeaves.reserveCapacity(entries)
            placed = rootCount
        }

        /// Lays out `node`, whose prefixes (those ending at it and those below it) are
        /// `buffers.entries[buffer][lo..<hi]`, each `depth` symbols down to the node, then its subtree.
        mutating func visit(node: Int, lo: Int, hi: Int, depth: Int, in buffer: Int) {
            let sorted = buffers.entries[buffer], other = buffers.entries[1 - buffer]
            if hi - lo == 1 {
                chain(node: node, sorted[lo], depth: depth)
                return
            }
            let count = buffers.counts + depth * 16, start = buffers.starts + depth * 16
            var childBuffer = buffer
            count.update(repeating: 0, count: 16)
            var value: Int32 = -1
            var longer: UInt32 = 0  // symbols with a prefix longer than depth + 1
            var ending: UInt32 = 0  // symbols with a prefix of exactly depth + 1
            var endingHere = 0, symbolsSeen = 0
            for i in lo..<hi {
                let length = Int(sorted[i].length)
                if length == depth {
                    if value < 0 { value = sorted[i].value }
                    endingHere += 1
                    continue
                }
                let symbol = sorted[i].symbol(at: depth)
                let bit = UInt32(1) << UInt32(symbol)
                if count[symbol] == 0 { symbolsSeen += 1 }
                count[symbol] += 1
                if length > depth + 1 {
                    longer |= bit
                } else if ending & bit == 0 {
                    ending |= bit
                }
            }
            let childMask = longer
            let leafMask = ending & ~longer
            var at = lo + endingHere
            for symbol in 0..<16 {
                start[symbol] = at
                at += count[symbol]
            }
            // Each child's prefixes become a range, by symbol, after those ending here (stable);
            // already so when every longer prefix takes one symbol and none ends here.
            if hi > lo && !(symbolsSeen == 1 && endingHere == 0) {
                childBuffer = 1 - buffer
                var here = lo
                let next = buffers.next
                next.update(from: start, count: 16)
                for i in lo..<hi {
                    if Int(sorted[i].length) == depth {
                        other[here] = sorted[i]
                        here += 1
                    } else {
                        let symbol = sorted[i].symbol(at: depth)
                        other[next[symbol]] = sorted[i]
                        next[symbol] += 1
                    }
                }
            }
            let firstChild = placed
            for _ in 0..<childMask.nonzeroBitCount { appendNode() }
            words[node * 4] = childMask | leafMask << 16
            words[node * 4 + 1] = UInt32(firstChild)
            words[node * 4 + 3] = UInt32(bitPattern: value)
            leafStart[node] = Int32(reachedLeaves.count)
            // A leaf's value: the first prefix of its range (the ranges keep insertion order).
            var leaves = leafMask
            while leaves != 0 {
                reachedLeaves.append(buffers.entries[childBuffer][start[leaves.trailingZeroBitCount]].value)
                leaves &= leaves - 1
            }
            var child = firstChild
            var mask = childMask
            while mask != 0 {
                let symbol = mask.trailingZeroBitCount
                visit(node: child, lo: start[symbol], hi: start[symbol] + count[symbol], depth: depth + 1, in: childBuffer)
                child += 1
                mask &= mask - 1
            }
        }

        /// A node whose range holds one prefix: the run of single-child nodes down to where the
        /// prefix ends (a node's value, or a leaf), as `visit` would lay it out, without sorting.
        mutating func chain(node start: Int, _ entry: Entry, depth first: Int) {
            let length = Int(entry.length)
            var node = start
            for depth in first... {
                leafStart[node] = Int32(reachedLeaves.count)
                words[node &* 4 &+ 1] = UInt32(placed)
                if length == depth {
                    words[node &* 4 &+ 3] = UInt32(bitPattern: entry.value)
                    return
                }
                words[node &* 4 &+ 3] = UInt32.max
                let bit = UInt32(1) << UInt32(entry.symbol(at: depth))
                if length == depth + 1 {
                    words[node &* 4] = bit << 16
                    reachedLeaves.append(entry.value)
                    return
                }
                words[node &* 4] = bit
                node = placed
                appendNode()
            }
        }

        /// A new node, its words zero.
        @inline(__always)
        mutating func appendNode() {
            placed += 1
            for _ in 0..<4 { words.append(0) }
            leafStart.append(0)
        }

        /// The trie: the words copied to cache-aligned memory, the leaves put in node order.
        mutating func finish() -> CompactTrie {
            let memory = CompactTrieMemory(nodeCount: placed, leafCount: reachedLeaves.count)
            words.withUnsafeBufferPointer { w in
                if let base = w.baseAddress { memory.nodes.initialize(from: base, count: w.count) }
            }
            // Copied: let go before the leaves are placed.
            words = []
            var leafCursor = 0
            for node in 0..<placed {
                memory.nodes[node * 4 + 2] = UInt32(leafCursor)
                let count = (memory.nodes[node * 4] >> 16).nonzeroBitCount
                let from = Int(leafStart[node])
                for k in 0..<count { memory.leaves[leafCursor + k] = reachedLeaves[from + k] }
                leafCursor += count
            }
            return CompactTrie(
                nodes: UnsafePointer(memory.nodes), nodeCount: placed, leaves: UnsafePointer(memory.leaves),
                leafCount: reachedLeaves.count, rootCount: rootCount, owner: memory)
        }
    }
}
