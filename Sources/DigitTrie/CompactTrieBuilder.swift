#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// `build()` gives the pages of the prefixes it is done with back to the system in runs of at
    /// least this many bytes (tests make it small, so that small tables give pages back too).
    package var giveBackBytes = 1 << 20

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

    /// The compact trie of every prefix added. The prefixes are let go as they are sorted: the
    /// pages of each copy are given back to the system as soon as nothing reads them again (at a
    /// million rows, the two 24 MB copies were both held until the end of the layout, the
    /// model build's peak).
    package mutating func build() -> CompactTrie {
        if !long.isEmpty { return CompactTrie(flatTrie()) }
        // The entries grouped by root, each group in insertion order (a stable counting sort).
        var starts = [Int](repeating: 0, count: rootCount + 1)
        for root in entryRoots { starts[Int(root) + 1] += 1 }
        for r in 0..<rootCount { starts[r + 1] += starts[r] }
        // The second buffer is made once the entries are let go, and the entries' pages are given
        // back as they are copied: the copies are never all held at once.
        let count = entries.count
        let first = UnsafeMutablePointer<Entry>.allocate(capacity: max(count, 1))
        let chunk = max(giveBackBytes / MemoryLayout<Entry>.stride, 1)
        var next = starts
        // Mutable access: the array's storage is this builder's own (a copy of the builder that
        // shared it gets its own first), so giving its pages back touches no other builder.
        entries.withUnsafeMutableBufferPointer { source in
            guard let base = source.baseAddress else { return }
            var released = Pages(base)
            var lo = 0
            while lo < count {
                let hi = min(lo + chunk, count)
                for i in lo..<hi {
                    let r = Int(entryRoots[i])
                    (first + next[r]).initialize(to: source[i])
                    next[r] += 1
                }
                released.giveBack(upTo: base + hi)
                lo = hi
            }
        }
        entries = []
        entryRoots = []
        let buffers = Buffers(first: first, entries: count, chunk: chunk)
        var layout = Layout(rootCount: rootCount, entries: starts[rootCount], buffers: buffers)
        for root in 0..<rootCount {
            layout.visit(node: root, lo: starts[root], hi: starts[root + 1], depth: 0, in: 0)
            buffers.done(upTo: starts[root + 1])
        }
        // The sorted prefixes are done with: let go before the leaves are placed.
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
    ///
    /// Pages are given back (`Pages`) where nothing reads them again: a large range's source
    /// behind the sort as it goes (its children sort back into it, and touch those pages again
    /// only as they write them), and both copies below the ranges whose subtrees are laid out.
    private final class Buffers {
        let entries: [UnsafeMutablePointer<Entry>]
        let counts: UnsafeMutablePointer<Int>
        let starts: UnsafeMutablePointer<Int>
        /// Where the next prefix of each symbol goes while a range is sorted (one range at a time).
        let next: UnsafeMutablePointer<Int>
        /// Entries per run of pages given back at once.
        let chunk: Int
        /// The pages given back below the laid-out subtrees, in each copy.
        private var done: [Pages]
        /// The entries below this index are laid out.
        private var doneEntries = 0

        /// Takes `first` (room for `count` entries) as the first buffer, and makes the second.
        init(first: UnsafeMutablePointer<Entry>, entries count: Int, chunk: Int) {
            let second = UnsafeMutablePointer<Entry>.allocate(capacity: max(count, 1))
            entries = [first, second]
            let levels = (CompactTrieBuilder.maxPackedLength + 1) * 16
            counts = .allocate(capacity: levels)
            starts = .allocate(capacity: levels)
            next = .allocate(capacity: 16)
            self.chunk = chunk
            done = [Pages(first), Pages(second)]
        }

        /// The entries below `index` are laid out: nothing reads them again, in either copy.
        @inline(__always)
        func done(upTo index: Int) {
            guard index - doneEntries >= chunk else { return }
            doneEntries = index
            done[0].giveBack(upTo: entries[0] + index)
            done[1].giveBack(upTo: entries[1] + index)
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
        /// The trie's memory: its nodes are written in place as they are laid out (four words
        /// per node; word 2 holds where the node's run in `reachedLeaves` starts until
        /// `finish()` sets it to the node's first leaf, in node order).
        let memory: CompactTrieMemory
        var words: UnsafeMutablePointer<UInt32>
        /// Room for this many nodes in `memory` (it grows when full).
        var capacity: Int
        /// Leaf values in the order nodes were reached.
        var reachedLeaves: [Int32] = []
        var placed: Int

        init(rootCount: Int, entries: Int, buffers: Buffers) {
            self.buffers = buffers
            self.rootCount = rootCount
            // Room for roots and two nodes a prefix: enough for most tables (pages never
            // written are never resident); a table that needs more grows it.
            capacity = rootCount + 2 * entries
            memory = CompactTrieMemory(nodeCapacity: capacity)
            words = memory.nodes
            words.initialize(repeating: 0, count: rootCount * 4)
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
                // A large range's source is given back behind the sort, a run at a time: its
                // children sort back into it, writing before they read.
                let chunk = buffers.chunk
                var source = hi - lo > chunk ? Pages(sorted + lo) : nil
                var from = lo
                while from < hi {
                    let to = source == nil ? hi : min(from + chunk, hi)
                    for i in from..<to {
                        if Int(sorted[i].length) == depth {
                            other[here] = sorted[i]
                            here += 1
                        } else {
                            let symbol = sorted[i].symbol(at: depth)
                            other[next[symbol]] = sorted[i]
                            next[symbol] += 1
                        }
                    }
                    source?.giveBack(upTo: sorted + to)
                    from = to
                }
            }
            let firstChild = placed
            for _ in 0..<childMask.nonzeroBitCount { appendNode() }
            words[node * 4] = childMask | leafMask << 16
            words[node * 4 + 1] = UInt32(firstChild)
            words[node * 4 + 3] = UInt32(bitPattern: value)
            words[node * 4 + 2] = UInt32(reachedLeaves.count)
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
                let end = start[symbol] + count[symbol]
                visit(node: child, lo: start[symbol], hi: end, depth: depth + 1, in: childBuffer)
                buffers.done(upTo: end)
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
                words[node &* 4 &+ 2] = UInt32(reachedLeaves.count)
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
            if placed == capacity {
                capacity *= 2
                memory.growNodes(to: capacity, keeping: placed)
                words = memory.nodes
            }
            (words + placed &* 4).initialize(repeating: 0, count: 4)
            placed += 1
        }

        /// The trie: the leaves put in node order, each node's word 2 set to its first leaf.
        mutating func finish() -> CompactTrie {
            memory.makeLeaves(count: reachedLeaves.count)
            let leaves = memory.leaves
            var leafCursor = 0
            for node in 0..<placed {
                let from = Int(words[node * 4 + 2])
                words[node * 4 + 2] = UInt32(leafCursor)
                let count = (words[node * 4] >> 16).nonzeroBitCount
                for k in 0..<count { (leaves + leafCursor + k).initialize(to: reachedLeaves[from + k]) }
                leafCursor += count
            }
            return CompactTrie(
                nodes: UnsafePointer(words), nodeCount: placed, leaves: UnsafePointer(leaves),
                leafCount: reachedLeaves.count, rootCount: rootCount, owner: memory)
        }
    }
}

/// Whole pages of memory given back to the system from a start onwards, as what lies below a
/// point is no longer read: reading them again would give zeros, so only memory nothing reads
/// again is given back. The pages at either end, shared with live data, are kept.
struct Pages {
    static let size = max(Int(sysconf(Int32(_SC_PAGESIZE))), 1)
    /// The pages below this address are given back (page-aligned).
    private var released: Int

    /// Pages from `start` onwards (the first whole page).
    init(_ start: UnsafeMutableRawPointer) {
        released = (Int(bitPattern: start) + Self.size - 1) / Self.size * Self.size
    }

    init<T>(_ start: UnsafeMutablePointer<T>) { self.init(UnsafeMutableRawPointer(start)) }

    /// Gives back the whole pages between the last point and `end` (nothing reads them again).
    mutating func giveBack<T>(upTo end: UnsafeMutablePointer<T>) {
        let last = Int(bitPattern: end) / Self.size * Self.size
        guard last > released, let from = UnsafeMutableRawPointer(bitPattern: released) else { return }
        #if os(Linux)
            _ = madvise(from, last - released, Int32(MADV_DONTNEED))
        #else
            _ = madvise(from, last - released, MADV_FREE)
        #endif
        released = last
    }
}
