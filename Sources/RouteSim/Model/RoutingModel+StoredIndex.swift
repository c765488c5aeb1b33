import DialPlan
import DigitTrie

extension RoutingModel {
    /// The part of a built model worth keeping beside a plan's records, so that the next run over
    /// the same plan under the same assumptions does not redo it: the compact trie, which holds
    /// every prefix of every table (building it is most of the cost of a model on a large plan),
    /// and, by being there at all, the verdict of the key check.
    ///
    /// Seven byte sections, for a cache of compiled plans to store and map back (it need not
    /// know what they hold): what they are (`format`, the assumptions they were built under,
    /// the counts), the trie's node words, its leaf values, the `anacldnbr` rows compiled (six
    /// little-endian `Int32` each: target, transition, caller-refine root, call level, maximum
    /// duration, route kind with the change and re-analysis flags in bits 8 and 9), each row's
    /// dial plan (`Int32`), the dial plans' names (a count, then each name's byte count and
    /// UTF-8, `UInt32`s), and the local users compiled (40 bytes each: call level, maximum
    /// duration and ring group as `Int64`; dial plan, specific line and own line as `Int32`; then
    /// flags: bit 0 may forward, bit 1 has services, bit 2 the name is no dial string and is
    /// hashed). The trie is used in place from the mapped file; the analysis rows and the users
    /// are not compiled again, so neither table need be unpacked; the rest of the model (the
    /// small tables' indexes, ID maps) is rebuilt from the records as before, with the builders
    /// numbering their roots as the trie did (`RootCounter`).
    public enum StoredIndex {
        /// Bumped whenever the sections' meaning changes (the trie's node layout, the builders'
        /// root order): sections of another format are not used.
        static let format = "routesim-stored-index-3"

        /// The key the sections are stored under for `assumptions`: the index depends on the
        /// plan's records (which the cache checks itself) and on the assumptions that shape it;
        /// every assumption is in the key (`NAME=VALUE` from the catalogue, which names every
        /// property of `Assumptions`), so that a run under others builds the model anew. Not
        /// `"\(assumptions)"`: printing a struct by reflection took a tenth of a cached run.
        static func key(_ assumptions: Assumptions) -> [UInt8] {
            Array(([format] + Assumptions.catalog.map { "\($0.name)=\($0.value(in: assumptions))" }).joined(separator: " ").utf8)
        }

        /// How many sections `withSections` hands over.
        public static let sectionCount = 7
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
        var names: [UInt8] = []
        func append(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { names.append(contentsOf: $0) } }
        append(dialPlanNames.count)
        for name in dialPlanNames {
            append(name.utf8.count)
            names += name.utf8
        }
        var userBytes: [UInt8] = []
        userBytes.reserveCapacity(users.count * StoredRecords.userSize)
        let localUsers = snapshot.localUsers.array  // the array itself: its subscript copies no record
        for (i, user) in users.enumerated() {
            for value in [user.callLevel, user.maxDuration, user.ringGroup] {
                withUnsafeBytes(of: Int64(value).littleEndian) { userBytes.append(contentsOf: $0) }
            }
            var flags: Int32 = user.mayForward ? 1 : 0
            if user.hasServices { flags |= 2 }
            if !UserIndex.isInTrie(localUsers[i].name) { flags |= 4 }
            for value in [user.dialPlan, user.specificLine.raw, user.ownLine.raw, flags] {
                withUnsafeBytes(of: value.littleEndian) { userBytes.append(contentsOf: $0) }
            }
        }
        return meta.withUnsafeBytes { meta in
            calledRecords.words.withUnsafeBytes { rows in
                calledAnalysisPlans.withUnsafeBytes { plans in
                    names.withUnsafeBytes { names in
                        userBytes.withUnsafeBytes { users in
                            body([
                                meta, UnsafeRawBufferPointer(trie.nodeWords), UnsafeRawBufferPointer(trie.leafValues), rows, plans,
                                names, users,
                            ])
                        }
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
        guard
            let stored = StoredRecords(
                rows: sections[3], plans: sections[4], names: sections[5], count: snapshot.calledAnalysis.count,
                users: sections[6], userCount: snapshot.localUsers.count, lineCount: snapshot.externalLines.count, owner: owner)
        else { return nil }
        var counter = RootCounter()
        self.init(snapshot, assumptions, sink: &counter, stored: stored) { counter in Int(counter.roots) == roots ? trie : nil }
    }
}

/// The analysis rows and the local users as a stored index keeps them
/// (`RoutingModel.StoredIndex`), read back.
struct StoredRecords {
    /// In place, as `owner` keeps them.
    let calledRecords: CompiledAnalysisRows
    let calledAnalysisPlans: Int32Words
    let dialPlanNames: [String]
    let users: [CompiledUser]
    /// The users whose names are no dial strings (found by hashing, `UserIndex`), in order.
    let hashedUsers: [Int32]

    /// The bytes of one user in the users' section.
    static let userSize = 40

    /// Nil when the sections do not hold `count` rows and `userCount` users, a route kind is
    /// unknown, a row's or a user's plan has no name, a user's line is not one of `lineCount`,
    /// a flag is unknown, or the names are cut short or repeat.
    init?(
        rows: UnsafeRawBufferPointer, plans: UnsafeRawBufferPointer, names: UnsafeRawBufferPointer, count: Int,
        users userBytes: UnsafeRawBufferPointer, userCount: Int, lineCount: Int, owner: AnyObject
    ) {
        guard rows.count == count * 24, plans.count == count * 4, names.count >= 4, userBytes.count == userCount * Self.userSize
        else { return nil }
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
        guard Int(bitPattern: rows.baseAddress) % 4 == 0, Int(bitPattern: plans.baseAddress) % 4 == 0 else { return nil }
        let words = Int32Words(inPlace: rows, owner: owner), planWords = Int32Words(inPlace: plans, owner: owner)
        guard CompiledAnalysisRows.isValid(words), planWords.allSatisfy({ $0 >= 0 && Int($0) < nameCount }) else { return nil }
        calledRecords = CompiledAnalysisRows(words: words)
        calledAnalysisPlans = planWords
        dialPlanNames = nameList

        func long(_ at: Int) -> Int { Int(Int64(littleEndian: userBytes.loadUnaligned(fromByteOffset: at, as: Int64.self))) }
        func line(_ raw: Int32) -> Reference? { raw >= -2 && raw < lineCount ? Reference(raw: raw) : nil }
        var compiledUsers: [CompiledUser] = []
        compiledUsers.reserveCapacity(userCount)
        var hashed: [Int32] = []
        for i in 0..<userCount {
            let at = Self.userSize * i
            let plan = int(userBytes, at + 24), flags = int(userBytes, at + 36)
            guard plan >= 0, Int(plan) < nameCount, flags & ~7 == 0, let specific = line(int(userBytes, at + 28)),
                let own = line(int(userBytes, at + 32))
            else { return nil }
            if flags & 4 != 0 { hashed.append(Int32(i)) }
            compiledUsers.append(
                CompiledUser(
                    dialPlan: plan, callLevel: long(at), maxDuration: long(at + 8), mayForward: flags & 1 != 0,
                    hasServices: flags & 2 != 0, ringGroup: long(at + 16), specificLine: specific, ownLine: own))
        }
        users = compiledUsers
        hashedUsers = hashed
    }
}
