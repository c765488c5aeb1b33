import DialPlan
import DigitTrie

extension RoutingModel {
    /// The part of a built model worth keeping beside a plan's records, so that the next run over
    /// the same plan under the same assumptions does not redo it: the compact trie, which holds
    /// every prefix of every table (building it is most of the cost of a model on a large plan),
    /// and, by being there at all, the verdict of the key check.
    ///
    /// Three byte sections, for a cache of compiled plans to store and map back (it need not
    /// know what they hold): what they are (`format`, the assumptions they were built under,
    /// the counts), the trie's node words, its leaf values. The trie is used in place from the
    /// mapped file; the rest of the model (compiled records, ID maps) is rebuilt from the records
    /// as before, with the builders numbering their roots as the trie did (`RootCounter`).
    public enum StoredIndex {
        /// Bumped whenever the sections' meaning changes (the trie's node layout, the builders'
        /// root order): sections of another format are not used.
        static let format = "routesim-stored-index-1"

        /// The key the sections are stored under for `assumptions`: the index depends on the
        /// plan's records (which the cache checks itself) and on the assumptions that shape it;
        /// every assumption is in the key, so that a run under others builds the model anew.
        static func key(_ assumptions: Assumptions) -> [UInt8] { Array("\(format) \(assumptions)".utf8) }

        /// How many sections `withSections` hands over.
        public static let sectionCount = 3
    }

    /// The model's stored index (`StoredIndex`): call only on a model built by the checked
    /// initializer (`init(snapshot:assumptions:)`), whose sections then vouch that the plan's
    /// keys are unique.
    public func withIndexSections<T>(_ body: ([UnsafeRawBufferPointer]) -> T) -> T {
        var meta: [UInt8] = []
        for count in [trie.rootCount, trie.nodeCount, trie.leafCount] {
            withUnsafeBytes(of: Int64(count).littleEndian) { meta.append(contentsOf: $0) }
        }
        meta += StoredIndex.key(assumptions)
        return meta.withUnsafeBytes { meta in
            body([meta, UnsafeRawBufferPointer(trie.nodeWords), UnsafeRawBufferPointer(trie.leafValues)])
        }
    }

    /// The model of `snapshot` with the trie of `sections` (from `withIndexSections`), used in
    /// place and kept alive by `owner`; the key check is not run again. Nil when the sections
    /// were stored under other assumptions or another format, or do not fit the plan: then build
    /// the model with `init(snapshot:assumptions:)`.
    ///
    /// `snapshot` must be the plan the sections were made from; a cache of compiled plans that
    /// keeps both in one checksummed file, written after the checked build, ensures it.
    public convenience init?(
        snapshot: Snapshot, assumptions: Assumptions, indexSections sections: [UnsafeRawBufferPointer], owner: AnyObject
    ) {
        guard sections.count == StoredIndex.sectionCount, sections[0].count >= 24 else { return nil }
        let meta = sections[0], nodes = sections[1], leaves = sections[2]
        func count(_ at: Int) -> Int { Int(Int64(littleEndian: meta.loadUnaligned(fromByteOffset: at, as: Int64.self))) }
        let roots = count(0), nodeCount = count(8), leafCount = count(16)
        guard Array(meta[24...]) == StoredIndex.key(assumptions), roots >= 0, roots <= nodeCount,
            nodes.count == nodeCount * 16, leaves.count == leafCount * 4,
            let nodeBase = nodes.baseAddress, let leafBase = leaves.baseAddress ?? nodes.baseAddress,
            Int(bitPattern: nodeBase) % 16 == 0, Int(bitPattern: leafBase) % 4 == 0
        else { return nil }
        let trie = CompactTrie(
            nodes: nodeBase.assumingMemoryBound(to: UInt32.self), nodeCount: nodeCount,
            leaves: leafBase.assumingMemoryBound(to: Int32.self), leafCount: leafCount, rootCount: roots, owner: owner)
        var counter = RootCounter()
        self.init(snapshot, assumptions, sink: &counter) { counter in Int(counter.roots) == roots ? trie : nil }
    }
}
