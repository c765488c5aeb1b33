import DialPlan
import DigitTrie

extension RoutingModel {
    /// The part of a built model worth keeping beside a plan's records, so that the next run over
    /// the same plan under the same assumptions does not redo it: the compact trie, which holds
    /// every prefix of every table (building it is most of the cost of a model on a large plan),
    /// and, by being there at all, the verdict of the key check.
    ///
    /// Six byte sections, for a cache of compiled plans to store and map back (it need not
    /// know what they hold): what they are (`format`, the assumptions they were built under,
    /// the counts), the trie's node words, its leaf values, the `anacldnbr` rows compiled (six
    /// little-endian `Int32` each: target, transition, caller-refine root, call level, maximum
    /// duration, route kind with the change and re-analysis flags in bits 8 and 9), each row's
    /// dial plan (`Int32`), and the dial plans' names (a count, then each name's byte count and
    /// UTF-8, `UInt32`s). The trie is used in place from the mapped file; the analysis rows are
    /// not compiled again; the rest of the model (the small tables' indexes, ID maps) is rebuilt
    /// from the records as before, with the builders numbering their roots as the trie did
    /// (`RootCounter`).
    public enum StoredIndex {
        /// Bumped whenever the sections' meaning changes (the trie's node layout, the builders'
        /// root order): sections of another format are not used.
        static let format = "routesim-stored-index-2"

        /// The key the sections are stored under for `assumptions`: the index depends on the
        /// plan's records (which the cache checks itself) and on the assumptions that shape it;
        /// every assumption is in the key (`NAME=VALUE` from the catalogue, which names every
        /// property of `Assumptions`), so that a run under others builds the model anew. Not
        /// `"\(assumptions)"`: printing a struct by reflection took a tenth of a cached run.
        static func key(_ assumptions: Assumptions) -> [UInt8] {
            Array(([format] + Assumptions.catalog.map { "\($0.name)=\($0.value(in: assumptions))" }).joined(separator: " ").utf8)
        }

        /// How many sections `withSections` hands over.
        public static let sectionCount = 6
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
        var rows: [Int32] = []
        rows.reserveCapacity(calledRecords.count * 6)
        for r in calledRecords {
            let kind = Int32(r.routeKind.rawValue) | (r.changesNumber ? 1 << 8 : 0) | (r.reanalyze ? 1 << 9 : 0)
            rows += [r.target.raw, r.transition.raw, r.callerRefine.raw, r.callLevel, r.maxDuration, kind].map(\.littleEndian)
        }
        let plans = calledAnalysisPlans.map(\.littleEndian)
        var names: [UInt8] = []
        func append(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { names.append(contentsOf: $0) } }
        append(dialPlanNames.count)
        for name in dialPlanNames {
            append(name.utf8.count)
            names += name.utf8
        }
        return meta.withUnsafeBytes { meta in
            rows.withUnsafeBytes { rows in
                plans.withUnsafeBytes { plans in
                    names.withUnsafeBytes { names in
                        body([meta, UnsafeRawBufferPointer(trie.nodeWords), UnsafeRawBufferPointer(trie.leafValues), rows, plans, names])
                    }
                }
            }
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
        guard let stored = StoredAnalysis(rows: sections[3], plans: sections[4], names: sections[5], count: snapshot.calledAnalysis.count)
        else { return nil }
        var counter = RootCounter()
        self.init(snapshot, assumptions, sink: &counter, stored: stored) { counter in Int(counter.roots) == roots ? trie : nil }
    }
}

/// The analysis rows as a stored index keeps them (`RoutingModel.StoredIndex`), read back.
struct StoredAnalysis {
    let calledRecords: [CompiledCalledAnalysis]
    let calledAnalysisPlans: [Int32]
    let dialPlanNames: [String]

    /// Nil when the sections do not hold `count` rows, a route kind is unknown, a row's plan has
    /// no name, or the names are cut short or repeat.
    init?(rows: UnsafeRawBufferPointer, plans: UnsafeRawBufferPointer, names: UnsafeRawBufferPointer, count: Int) {
        guard rows.count == count * 24, plans.count == count * 4, names.count >= 4 else { return nil }
        func int(_ buffer: UnsafeRawBufferPointer, _ at: Int) -> Int32 {
            Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: at, as: Int32.self))
        }
        var nameList: [String] = []
        let nameCount = Int(UInt32(bitPattern: int(names, 0)))
        var at = 4
        for _ in 0..<min(nameCount, names.count / 4) {
            guard at + 4 <= names.count else { return nil }
            let length = Int(UInt32(bitPattern: int(names, at)))
            guard length <= names.count - at - 4 else { return nil }
            nameList.append(String(decoding: UnsafeRawBufferPointer(rebasing: names[(at + 4)..<(at + 4 + length)]), as: UTF8.self))
            at += 4 + length
        }
        guard nameList.count == nameCount, at == names.count, Set(nameList).count == nameCount, nameList.first == "default"
        else { return nil }
        var records: [CompiledCalledAnalysis] = []
        records.reserveCapacity(count)
        var planList: [Int32] = []
        planList.reserveCapacity(count)
        for i in 0..<count {
            let plan = int(plans, 4 * i)
            let kind = int(rows, 24 * i + 20)
            guard plan >= 0, Int(plan) < nameCount, kind & ~0x3FF == 0, let routeKind = RouteKind(rawValue: UInt8(kind & 0xFF))
            else { return nil }
            planList.append(plan)
            records.append(
                CompiledCalledAnalysis(
                    target: Reference(raw: int(rows, 24 * i)), transition: Reference(raw: int(rows, 24 * i + 4)),
                    callerRefine: Reference(raw: int(rows, 24 * i + 8)), routeKind: routeKind, changesNumber: kind & 1 << 8 != 0,
                    reanalyze: kind & 1 << 9 != 0, callLevel: int(rows, 24 * i + 12), maxDuration: int(rows, 24 * i + 16)))
        }
        calledRecords = records
        calledAnalysisPlans = planList
        dialPlanNames = nameList
    }
}
