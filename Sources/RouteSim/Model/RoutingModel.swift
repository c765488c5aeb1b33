import DialPlan
import DigitTrie

/// The indexed routing model: built once from a snapshot, then read by the simulator and linter.
///
/// Prefix tables become roots of one trie (a root per dial plan or group; built as a flat
/// `DigitTrie`, kept as its `CompactTrie`); exact tables become dictionaries; every ID a record
/// names is resolved to an index (or `.dangling`). The model holds the snapshot for the trace,
/// which cites records by table and index.
public final class RoutingModel: Sendable {
    public let snapshot: Snapshot
    /// The assumptions the model was built under; a `Simulator` may run calls under others
    /// that need no other index (`Simulator.with(_:)`).
    public let assumptions: Assumptions
    /// The same assumptions, shared by every simulator of this model (a call copies nothing).
    let assumptionsBox: AssumptionsBox

    /// Dial-plan names, indexed by the IDs the model uses; `default` is always there.
    public let dialPlanNames: [String]
    package let dialPlanIDs: [String: Int32]
    package let defaultDialPlan: Int32

    /// One trie for every prefix table, in its compact form (root IDs as the builders made them).
    package let trie: CompactTrie
    /// `anacldnbr` roots by dial-plan ID (nil: the plan has no rows).
    package let calledAnalysisRoots: [Int32?]
    /// `hgdect` roots by dial-plan ID (nil: the plan has no rows).
    package let huntingDetectionRoots: [Int32?]
    /// The dial plan of each `anacldnbr` row and of each `hgdect` row.
    package let calledAnalysisPlans: Int32Words
    package let huntingDetectionPlans: [Int32]
    package let callerAnalysisRoot: Int32
    /// `speeddial` roots by exact caller, for callers that are not dial strings.
    package let speedDialRoots: [String: Int32]
    /// Speed-dial roots of callers that are dial strings: the trie maps the caller to its root.
    package let speedDialCallerRoot: Int32
    /// The root of the `speeddial` rows that serve every caller (`*` or empty).
    package let speedDialAnyCallerRoot: Int32
    package let callerRefineRoots: [CallerRefineGroupID: Int32]
    package let calledRefineRoots: [CalledRefineGroupID: Int32]
    /// The root of the `refinecldnbr` rows of group 0, if any (`outgoingGroupZero=group0`).
    package let calledRefineGroupZeroRoot: Int32?

    package let userIndex: UserIndex
    /// Local users whose names are dial strings, for lookups without hashing.
    package let userNameRoot: Int32
    /// Whether some user name is no dial string (only those are looked up in `userIndex`).
    package let hasNonDialUserNames: Bool
    package let lineIndex: [String: Int32]
    package let trunkIndex: [TrunkID: Int32]
    package let routingGroupIndex: [RoutingGroupID: Int32]
    package let huntingGroupIndex: [HuntingGroupID: Int32]
    let transitionIndex: [TransitionID: Int32]

    package let calledRecords: CompiledAnalysisRows
    /// `natran` records in the form the simulator applies them (no description, no extras).
    package let transitions: [CompiledTransition]
    package let callerAnalysisTransitions: [Reference]
    /// The dial plan each `anaclrnbr` row switches to (nil: the call keeps its plan).
    package let callerAnalysisPlans: [Int32?]
    package let callerRefineTransitions: [Reference]
    package let calledRefineTransitions: [Reference]
    package let users: [CompiledUser]
    package let lines: [CompiledEndpoint]
    package let trunks: [CompiledEndpoint]
    /// Members of each routing group (by index), in snapshot order.
    package let groupMembers: [[GroupMember]]
    /// `hgoper` indices of each hunting group (by index), in snapshot order and by number.
    package let huntingGroupOperators: [[Int32]]
    let huntingGroupOperatorsByNumber: [[Int32]]
    /// The first line with `shareInd` = 1, for out-group calls of users with no line of their own.
    package let firstSharedLine: Int?
    /// The members of each ring group, by `ringgrpid`, in file order.
    package let ringGroupMembers: [Int: [Int32]]
    /// `sysinfo.ogpfx`, or the server's default `9` when the plan has no `sysinfo`.
    package let outGroupPrefix: String
    /// Whether the plan has a `sysinfo` record (without one the out-group prefix is the default).
    package var hasSystemInfo: Bool { snapshot.systemInfo != nil }
    /// Whether a `*` prefix decides matching: some row of a longest-prefix table, or of speed
    /// dial or hunting detection, is `*` (only then do `starIsCatchAll` and the match modes
    /// need an index of their own). Read when asked: the analysis rows may still be in a
    /// compiled plan's bytes (`RecordList`), and only `canRun(under:)` with another
    /// `starIsCatchAll` asks.
    var hasStarPrefixes: Bool {
        snapshot.calledAnalysis.contains { $0.calledPrefix == "*" } || snapshot.callerAnalysis.contains { $0.callerPrefix == "*" }
            || snapshot.callerRefinements.contains { $0.callerPrefix == "*" }
            || snapshot.calledRefinements.contains { $0.calledPrefix == "*" }
    }
    let hasStarSpeedDialOrDetection: Bool
    /// Descriptions of lines, trunks and groups (`RoutingModel+Names`).
    let names: RecordNames

    /// Builds the model of a plan; refuses a plan where two records of a table share their key
    /// (routing would depend on which one the server keeps), naming both.
    ///
    /// Prefixes with characters outside the dial alphabet are left out (`routesim lint` reports
    /// them).
    ///
    /// On a large plan and a machine with more than one core, the key check runs on another
    /// thread while the model is built (both only read the snapshot); a duplicate key throws
    /// once both are done, with the same error as checking first.
    public convenience init(snapshot: Snapshot, assumptions: Assumptions = Assumptions()) throws(SnapshotError) {
        let rows = snapshot.calledAnalysis.count + snapshot.localUsers.count
        guard rows >= 20_000, ParallelWork.defaultThreads > 1 else {
            try snapshot.requireUniqueKeys()
            self.init(unchecked: snapshot, assumptions: assumptions)
            return
        }
        let check = KeyCheck(snapshot)
        self.init(unchecked: snapshot, assumptions: assumptions)
        if let error = check.wait() { throw error }
    }

    /// Builds the model without checking keys: where two records share a key (or a prefix the
    /// trie treats as one), the first in snapshot order is kept. For the linter, which reports
    /// duplicates, and for callers that checked already (`bench` times the build alone).
    ///
    /// One builder per table family, in the order they add roots to the trie: refinements,
    /// analysis (called, hunting detection, caller), speed dials, then users, lines and trunks.
    package convenience init(unchecked snapshot: Snapshot, assumptions: Assumptions = Assumptions()) {
        // The compact trie laid out straight from the prefixes (`CompactTrieBuilder`): no flat
        // trie of 64-byte nodes is built and walked first.
        var trie = CompactTrieBuilder()
        // Every prefix the builders add: a row of each prefix table, a user's name, and a speed-dial
        // caller's (at most one a row). Counted short, the builder's 27 MB of prefixes at a million
        // rows grew to twice that, copied, at the model build's peak.
        let prefixRows = Self.prefixTables.reduce(snapshot.localUsers.count) { $0 + snapshot.count(of: $1.table) }
        trie.reserveCapacity(prefixes: prefixRows + snapshot.speedDials.count + 64)
        self.init(snapshot, assumptions, sink: &trie) { $0.build() }!
    }

    /// The model's tables built by the builders, which put their prefixes into `sink`; `finish`
    /// then gives the compact trie (nil: the roots `sink` saw do not fit it, see `StoredIndex`).
    /// With `stored`, the analysis rows and the users are not compiled again, nor read
    /// (`StoredIndex`).
    init?<Sink: TrieSink>(
        _ snapshot: Snapshot, _ assumptions: Assumptions, sink trie: inout Sink, stored: StoredRecords? = nil,
        finish: (inout Sink) -> CompactTrie?
    ) {
        var plans = DialPlanNumbering(snapshot, assumptions, stored: stored)
        let keys = KeyIndexes(snapshot, stored: stored)
        let refinements = RefinementIndex(snapshot, assumptions, keys: keys, trie: &trie)
        let analysis = AnalysisIndex(
            snapshot, assumptions, plans: &plans, keys: keys, refinements: refinements, trie: &trie, stored: stored)
        let speedDials = SpeedDialIndex(snapshot, assumptions, trie: &trie)
        let endpoints = EndpointIndex(snapshot, plans: plans, keys: keys, refinements: refinements, trie: &trie, stored: stored)
        let groups = GroupIndex(snapshot, keys: keys)
        guard let compact = finish(&trie) else { return nil }
        self.trie = compact
        self.snapshot = snapshot
        self.assumptions = assumptions
        self.assumptionsBox = AssumptionsBox(assumptions)

        dialPlanNames = plans.names
        dialPlanIDs = plans.ids
        defaultDialPlan = 0
        userIndex = UserIndex(trie: compact, root: endpoints.userNameRoot, others: keys.users)
        lineIndex = keys.lines
        trunkIndex = keys.trunks
        routingGroupIndex = keys.routingGroups
        huntingGroupIndex = keys.huntingGroups
        transitionIndex = keys.transitions
        transitions = snapshot.transitions.map(CompiledTransition.init)

        callerRefineRoots = refinements.callerRoots
        calledRefineRoots = refinements.calledRoots
        calledRefineGroupZeroRoot = refinements.calledRoots[0]
        callerRefineTransitions = refinements.callerTransitions
        calledRefineTransitions = refinements.calledTransitions

        calledRecords = analysis.calledRecords
        calledAnalysisRoots = analysis.calledRoots
        huntingDetectionRoots = analysis.huntingDetectionRoots
        calledAnalysisPlans = plans.calledAnalysisPlans
        huntingDetectionPlans = analysis.huntingDetectionPlans
        callerAnalysisRoot = analysis.callerRoot
        callerAnalysisTransitions = analysis.callerTransitions
        callerAnalysisPlans = analysis.callerPlans

        speedDialRoots = speedDials.rootsByCaller
        speedDialCallerRoot = speedDials.callerRoot
        speedDialAnyCallerRoot = speedDials.anyCallerRoot

        users = endpoints.users
        lines = endpoints.lines
        trunks = endpoints.trunks
        userNameRoot = endpoints.userNameRoot
        hasNonDialUserNames = endpoints.hasNonDialUserNames
        firstSharedLine = endpoints.firstSharedLine

        ringGroupMembers = endpoints.ringGroupMembers

        groupMembers = groups.routingGroupMembers
        huntingGroupOperators = groups.huntingGroupOperators
        huntingGroupOperatorsByNumber = groups.huntingGroupOperatorsByNumber
        names = RecordNames(snapshot)
        outGroupPrefix = snapshot.systemInfo?.outGroupPrefix ?? Self.defaultOutGroupPrefix
        hasStarSpeedDialOrDetection =
            snapshot.speedDials.contains { $0.dialed == "*" } || snapshot.huntingDetections.contains { $0.calledNumber == "*" }
    }

    /// The out-group prefix of a plan without `sysinfo`: the server's default (its manual: "Default
    /// prefix is '9'").
    package static let defaultOutGroupPrefix = "9"

    /// Whether calls can run on this model under `other` (`Simulator.with(_:)`): every assumption
    /// is read per call except those that shape the index — a `*` row under `starIsCatchAll` or a
    /// match mode, and dial plans named by an assumption that no record uses.
    package func canRun(under other: Assumptions) -> Bool {
        if other.starIsCatchAll != assumptions.starIsCatchAll && (hasStarPrefixes || hasStarSpeedDialOrDetection) { return false }
        if hasStarSpeedDialOrDetection
            && (other.speedDialMatch != assumptions.speedDialMatch || other.huntingDetectionMatch != assumptions.huntingDetectionMatch)
        {
            return false
        }
        return dialPlanID(other.unknownCallerDialPlan) != nil && dialPlanID(other.externalLineDialPlan) != nil
    }

    /// The local user named `name` (first in snapshot order), without hashing for dial strings.
    @inline(__always)
    func user(named name: String) -> Int32? { userIndex[name] }

    /// The speed-dial root of entries for exactly this caller, if any.
    @inline(__always)
    package func speedDialRoot(forCaller caller: String) -> Int32? {
        let root = trie.exactMatch(caller, root: speedDialCallerRoot)
        if root >= 0 { return root }
        return speedDialRoots.isEmpty ? nil : speedDialRoots[caller]
    }

    /// Whether a local user with `calllevel` `userLevel` passes a record that requires call level
    /// `level` > 0 under `rule` (§4.3.3, `callLevelRule`).
    package func admits(userLevel: Int, level: Int, rule: Assumptions.CallLevelRule? = nil) -> Bool {
        switch rule ?? assumptions.callLevelRule {
        case .bitmask: return level <= 63 && (userLevel >> (level - 1)) & 1 == 1
        case .minimum: return userLevel >= level
        }
    }

    /// The external line an out-group call of `callerUser` (nil: no local user) leaves on
    /// (§4.4): the user's `specextline` and the line whose `localUser` is the user, in the order
    /// `defaultLineOrder` says, else the first shared line; nil when there is none.
    package func defaultLine(callerUser: Int32?, order: Assumptions.DefaultLineOrder? = nil) -> Int? {
        if let callerUser {
            let user = users[Int(callerUser)]
            let specific = user.specificLine.index, own = user.ownLine.index
            let ownFirst = (order ?? assumptions.defaultLineOrder) == .ownFirst
            if let l = ownFirst ? (own ?? specific) : (specific ?? own) { return l }
        }
        return firstSharedLine
    }

    /// The ID of a dial plan by name, if any record or setting uses it.
    package func dialPlanID(_ name: String) -> Int32? { dialPlanIDs[name.isEmpty ? "default" : name] }

    /// The `trie` root of a dial plan's analyze-called-number rows (empty name: `default`), or nil
    /// when the plan has none. `trie.longestPrefix(number, root:)` then gives the `anacldnbr`
    /// index the simulator would match first; benchmarks use it to time lookups alone.
    package func calledAnalysisRoot(dialPlan name: String) -> Int32? {
        guard let id = dialPlanID(name) else { return nil }
        return calledAnalysisRoots[Int(id)]
    }

    /// Bytes the indexes take (trie, compiled records, maps), not counting the snapshot.
    public var indexMemoryBytes: Int {
        var bytes = trie.memoryBytes
        bytes += calledRecords.words.count * 4
        bytes += (callerAnalysisTransitions.count + callerRefineTransitions.count + calledRefineTransitions.count) * 4
        bytes += (calledAnalysisPlans.count + huntingDetectionPlans.count) * 4
        bytes += (users.count * MemoryLayout<CompiledUser>.stride) + (lines.count + trunks.count) * MemoryLayout<CompiledEndpoint>.stride
        bytes += (names.lines.count + names.trunks.count + names.routingGroups.count + names.huntingGroups.count) * 16
        // Dictionary entries: key, value and about a third spare capacity.
        bytes +=
            (userIndex.others.count + lineIndex.count) * 32
            + (trunkIndex.count + routingGroupIndex.count + huntingGroupIndex.count + transitionIndex.count) * 20
        return bytes
    }
}
