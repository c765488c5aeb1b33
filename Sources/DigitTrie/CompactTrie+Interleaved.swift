import CPrefetch

/// One lookup of a batch: the number is `length` bytes at `offset` of the batch's bytes.
public struct TrieQuery: Sendable, Equatable {
    public var offset: Int32
    public var length: Int32
    public var root: Int32

    public init(offset: Int32, length: Int32, root: Int32) {
        self.offset = offset
        self.length = length
        self.root = root
    }
}

extension CompactTrie {
    /// One lookup in flight.
    @usableFromInline
    struct Lane {
        @usableFromInline var node: UnsafePointer<UInt32>
        @usableFromInline var position: Int
        @usableFromInline var end: Int
        @usableFromInline var best: Int32
        /// The query this lane answers; -1 when the lane is idle.
        @usableFromInline var query: Int
        /// The leaf value to read next step; -1 when none.
        @usableFromInline var leaf: Int

        @inlinable
        init() {
            node = UnsafePointer(bitPattern: 64)!
            position = 0
            end = 0
            best = -1
            query = -1
            leaf = -1
        }
    }

    /// Longest-prefix lookups of many numbers, walked `lanes` at a time in lockstep: each step
    /// moves every lookup down one level and asks the CPU to prefetch the node it will read next,
    /// so the cache misses of several lookups overlap instead of following one another. Answers
    /// are those of `longestPrefix`, in query order (`results[i]` for `queries[i]`).
    ///
    /// A large plan's lower levels are a cache miss each; one lookup at a time waits for each
    /// miss in turn. Worth it in bulk (batches, benchmarks, the first lookups of a group of
    /// calls); a single lookup gains nothing.
    @inlinable
    package func longestPrefixes(
        _ queries: UnsafeBufferPointer<TrieQuery>, bytes: UnsafePointer<UInt8>, into results: UnsafeMutablePointer<Int32>,
        lanes: Int = 8
    ) {
        walkInterleaved(queries, bytes: bytes, into: results, lanes: lanes, exact: false)
    }

    /// Exact matches of many numbers, walked as `longestPrefixes` walks them: answers are those
    /// of `exactMatch`, in query order.
    @inlinable
    package func exactMatches(
        _ queries: UnsafeBufferPointer<TrieQuery>, bytes: UnsafePointer<UInt8>, into results: UnsafeMutablePointer<Int32>,
        lanes: Int = 8
    ) {
        walkInterleaved(queries, bytes: bytes, into: results, lanes: lanes, exact: true)
    }

    /// The lockstep walk of `longestPrefixes` (`exact` false: the value of the longest prefix)
    /// and `exactMatches` (`exact` true: the value stored for the whole number, else -1).
    @inlinable @inline(__always)
    func walkInterleaved(
        _ queries: UnsafeBufferPointer<TrieQuery>, bytes: UnsafePointer<UInt8>, into results: UnsafeMutablePointer<Int32>,
        lanes: Int, exact: Bool
    ) {
        let laneCount = max(1, min(lanes, 32))
        withUnsafeTemporaryAllocation(of: Lane.self, capacity: laneCount) { lane in
            var next = 0
            var active = 0
            /// Starts the next query in lane `l`, or leaves the lane idle.
            @inline(__always)
            func start(_ l: Int) {
                if next < queries.count {
                    let q = queries[next]
                    lane[l].node = nodes + Int(q.root) &* 4
                    lane[l].position = Int(q.offset)
                    lane[l].end = Int(q.offset) &+ Int(q.length)
                    lane[l].best = -1
                    lane[l].query = next
                    lane[l].leaf = -1
                    cprefetch_read(lane[l].node)
                    next &+= 1
                } else {
                    lane[l].query = -1
                    active &-= 1
                }
            }
            for l in 0..<laneCount {
                lane.initializeElement(at: l, to: Lane())
                active &+= 1
                start(l)
            }
            while active > 0 {
                for l in 0..<laneCount where lane[l].query >= 0 {
                    if lane[l].leaf >= 0 {
                        results[lane[l].query] = leaves[lane[l].leaf]
                        start(l)
                        continue
                    }
                    let w = lane[l].node
                    let value = Int32(bitPattern: w[3])
                    let position = lane[l].position
                    if exact {
                        // The whole number read: the node's own value (-1 when none) is the answer.
                        if position == lane[l].end {
                            results[lane[l].query] = value
                            start(l)
                            continue
                        }
                    } else if value >= 0 {
                        lane[l].best = value
                    }
                    let symbol = position < lane[l].end ? DigitTrie.symbol(bytes[position]) : -1
                    if symbol >= 0 {
                        let masks = w[0]
                        let bit = UInt32(1) &<< UInt32(truncatingIfNeeded: symbol)
                        if masks & bit != 0 {
                            let child = nodes + Int(w[1] &+ UInt32((masks & (bit &- 1)).nonzeroBitCount)) &* 4
                            cprefetch_read(child)
                            lane[l].node = child
                            lane[l].position = position &+ 1
                            continue
                        }
                        let leafBit = bit &<< 16
                        // A leaf answers an exact match only as the number's last symbol.
                        if masks & leafBit != 0, !exact || position &+ 1 == lane[l].end {
                            let leaf = Int(w[2]) &+ (masks & (leafBit &- 1) & ~CompactTrie.symbolBits).nonzeroBitCount
                            cprefetch_read(leaves + leaf)
                            lane[l].leaf = leaf
                            continue
                        }
                    }
                    results[lane[l].query] = lane[l].best
                    start(l)
                }
            }
            lane.baseAddress!.deinitialize(count: laneCount)
        }
    }
}

/// Asks the CPU to bring the cache line at `address` in (a hint: nothing is read).
@inlinable @inline(__always)
package func prefetch(_ address: UnsafeRawPointer) { cprefetch_read(address) }
