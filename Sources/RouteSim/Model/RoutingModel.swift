import DialPlan

/// A reference resolved when the model is built: an index into a table, or why there is none.
///
/// Stored as one `Int32` so the hot path compares integers instead of hashing IDs.
public struct Reference: Sendable, Equatable {
    @usableFromInline var raw: Int32

    /// The field is 0 or empty: no reference.
    public static let none = Reference(raw: -1)
    /// The field names a record that does not exist.
    public static let dangling = Reference(raw: -2)
    public static func to(_ index: Int) -> Reference { Reference(raw: Int32(index)) }

    /// The index of the record, when the reference resolves.
    public var index: Int? { raw >= 0 ? Int(raw) : nil }
    public var isNone: Bool { raw == -1 }
    public var isDangling: Bool { raw == -2 }
}

/// The indexed routing model: built once from a snapshot, then read by the simulator and linter.
///
/// Prefix tables become roots of one `DigitTrie` (a root per dial plan or group); exact tables
/// become dictionaries; every ID a record names is resolved to an index (or `.dangling`). The
/// model holds the snapshot for the trace, which cites records by table and index.
public final class RoutingModel: Sendable {
    public let snapshot: Snapshot
    public let assumptions: Assumptions

    /// Dial-plan names, indexed by the IDs the model uses; `default` is always there.
    public let dialPlanNames: [String]
    package let dialPlanIDs: [String: Int32]
    package let defaultDialPlan: Int32

    /// One trie for every prefix table.
    public let trie: DigitTrie
    /// `anacldnbr` roots by dial-plan ID (-1: the plan has no rows).
    package let calledAnalysisRoots: [Int32]
    /// `hgdect` roots by dial-plan ID (-1: none).
    package let huntingDetectionRoots: [Int32]
    package let callerAnalysisRoot: Int32
    /// `speeddial` roots by exact caller, and the root of rows for every caller (`*` or empty).
    /// `speeddial` roots by exact caller, for callers that are not dial strings.
    let speedDialRoots: [String: Int32]
    /// Speed-dial roots of callers that are dial strings: the trie maps the caller to its root.
    let speedDialCallerRoot: Int32
    package let speedDialAnyCallerRoot: Int32
    package let callerRefineRoots: [CallerRefineGroupID: Int32]
    package let calledRefineRoots: [CalledRefineGroupID: Int32]

    package let userIndex: [String: Int32]
    /// Local users whose names are dial strings, for lookups without hashing.
    let userNameRoot: Int32
    /// Whether some user name is no dial string (only those are looked up in `userIndex`).
    let hasNonDialUserNames: Bool
    package let lineIndex: [String: Int32]
    package let trunkIndex: [TrunkID: Int32]
    package let routingGroupIndex: [RoutingGroupID: Int32]
    package let huntingGroupIndex: [HuntingGroupID: Int32]
    let transitionIndex: [TransitionID: Int32]

    package let calledRecords: [CompiledCalledAnalysis]
    /// `natran` records in the form the simulator applies them (no description, no extras).
    let transitions: [CompiledTransition]
    package let callerAnalysisTransitions: [Reference]
    package let callerAnalysisPlans: [Int32]  // -1: keep the current plan
    package let callerRefineTransitions: [Reference]
    package let calledRefineTransitions: [Reference]
    package let users: [CompiledUser]
    package let lines: [CompiledEndpoint]
    package let trunks: [CompiledEndpoint]
    /// Members of each routing group (by index), in snapshot order.
    package let groupMembers: [[GroupMember]]
    /// `hgoper` indices of each hunting group (by index), in snapshot order.
    let huntOperators: [[Int32]]
    /// The first line with `shareInd` = 1, for out-group calls of users with no line of their own.
    let firstSharedLine: Int32
    let outGroupPrefix: String

    /// Builds the model. Prefixes with characters outside the dial alphabet are left out (lint
    /// reports them); where two records share a prefix the first in snapshot order is kept.
    public init(snapshot: Snapshot, assumptions: Assumptions = Assumptions()) {
        self.snapshot = snapshot
        self.assumptions = assumptions
        var trie = DigitTrie()
        // Room for two nodes per row (a generated 1M-row plan takes 1.4), so the node array does
        // not grow by copying; pages never written are never touched, and freeze() trims the rest.
        let prefixRows =
            snapshot.calledAnalysis.count + snapshot.huntingDetections.count + snapshot.callerAnalysis.count
            + snapshot.speedDials.count + snapshot.localUsers.count + snapshot.callerRefinements.count
            + snapshot.calledRefinements.count
        trie.reserveCapacity(nodes: 2 * prefixRows + 64)

        // Dial plans: every name any record uses, `default` first.
        var plans = DialPlanNumbering()
        // Rows are read in place (`rows[i].field`): iterating the array would copy each large record.
        let calledRows = snapshot.calledAnalysis
        var calledPlans: [Int32] = []
        calledPlans.reserveCapacity(calledRows.count)
        for i in calledRows.indices { calledPlans.append(plans.id(of: calledRows[i].dialPlan)) }
        for row in snapshot.huntingDetections { _ = plans.id(of: row.dialPlan) }
        for row in snapshot.localUsers { _ = plans.id(of: row.dialPlan) }
        for row in snapshot.sipTrunks { _ = plans.id(of: row.dialPlan) }
        for row in snapshot.callerAnalysis where !row.dialPlan.isEmpty { _ = plans.id(of: row.dialPlan) }
        _ = plans.id(of: assumptions.unknownCallerDialPlan)
        _ = plans.id(of: assumptions.externalLineDialPlan)

        func normalized(_ prefix: String) -> String {
            assumptions.starIsCatchAll && prefix == "*" ? "" : prefix
        }

        // Exact maps (first record wins, as in the trie).
        func firstIndex<K: Hashable>(_ keys: [K]) -> [K: Int32] {
            var map: [K: Int32] = [:]
            map.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() where map[k] == nil { map[k] = Int32(i) }
            return map
        }
        userIndex = firstIndex(snapshot.localUsers.map(\.name))
        lineIndex = firstIndex(snapshot.externalLines.map(\.name))
        trunkIndex = firstIndex(snapshot.sipTrunks.map(\.id))
        routingGroupIndex = firstIndex(snapshot.routingGroups.map(\.id))
        huntingGroupIndex = firstIndex(snapshot.huntingGroups.map(\.id))
        transitionIndex = firstIndex(snapshot.transitions.map(\.id))
        let transitionIndex = self.transitionIndex
        func transition(_ id: TransitionID) -> Reference {
            if id.isNone { return .none }
            return transitionIndex[id].map { .to(Int($0)) } ?? .dangling
        }

        // Analyze called number: a root per dial plan.
        var calledRoots = [Int32](repeating: -1, count: plans.names.count)
        var callerRefineRoots: [CallerRefineGroupID: Int32] = [:]
        for (i, row) in snapshot.callerRefinements.enumerated() {
            let root = callerRefineRoots[row.group] ?? trie.makeRoot()
            callerRefineRoots[row.group] = root
            trie.insert(row.callerPrefix, root: root, value: Int32(i))
        }
        var calledRefineRoots: [CalledRefineGroupID: Int32] = [:]
        for (i, row) in snapshot.calledRefinements.enumerated() {
            let root = calledRefineRoots[row.group] ?? trie.makeRoot()
            calledRefineRoots[row.group] = root
            trie.insert(row.calledPrefix, root: root, value: Int32(i))
        }
        let lineIndex = self.lineIndex, trunkIndex = self.trunkIndex, groupIndex = self.routingGroupIndex
        var compiled: [CompiledCalledAnalysis] = []
        compiled.reserveCapacity(snapshot.calledAnalysis.count)
        calledRows.withUnsafeBufferPointer { rows in
            for i in rows.indices {
                let plan = Int(calledPlans[i])
                if calledRoots[plan] < 0 { calledRoots[plan] = trie.makeRoot() }
                let prefix = rows[i].calledPrefix
                trie.insert(assumptions.starIsCatchAll && prefix == "*" ? "" : prefix, root: calledRoots[plan], value: Int32(i))
                let target: Reference
                let routeType = rows[i].routeType
                switch routeType {
                case .externalLine:
                    let line = rows[i].externalLine
                    target = line.isEmpty ? .none : (lineIndex[line].map { .to(Int($0)) } ?? .dangling)
                case .sipTrunk:
                    let trunk = rows[i].trunk
                    target = trunk.isNone ? .dangling : (trunkIndex[trunk].map { .to(Int($0)) } ?? .dangling)
                case .routingGroup:
                    let group = rows[i].routingGroup
                    target = group.isNone ? .dangling : (groupIndex[group].map { .to(Int($0)) } ?? .dangling)
                default:
                    target = .none
                }
                let refineGroup = rows[i].callerRefineGroup
                let refineRoot: Int32 = refineGroup.isNone ? -1 : (callerRefineRoots[refineGroup] ?? -2)
                compiled.append(
                    CompiledCalledAnalysis(
                        target: target, transition: transition(rows[i].transition), callerRefineRoot: refineRoot,
                        routeKind: RouteKind(routeType), changesNumber: rows[i].changesNumber,
                        reanalyze: rows[i].reanalyze, callLevel: Int32(clamping: rows[i].callLevel),
                        maxDuration: Int32(clamping: rows[i].maxDuration)))
            }
        }
        calledRecords = compiled
        calledAnalysisRoots = calledRoots

        // Hunting-group detection: a root per dial plan.
        var huntRoots = [Int32](repeating: -1, count: plans.names.count)
        for (i, row) in snapshot.huntingDetections.enumerated() {
            let plan = Int(plans.id(of: row.dialPlan))
            if huntRoots[plan] < 0 { huntRoots[plan] = trie.makeRoot() }
            trie.insert(row.calledNumber, root: huntRoots[plan], value: Int32(i))
        }
        huntingDetectionRoots = huntRoots

        // Analyze caller number: one global table.
        let callerRoot = trie.makeRoot()
        for (i, row) in snapshot.callerAnalysis.enumerated() {
            trie.insert(normalized(row.callerPrefix), root: callerRoot, value: Int32(i))
        }
        callerAnalysisRoot = callerRoot
        transitions = snapshot.transitions.map(CompiledTransition.init)
        callerAnalysisTransitions = snapshot.callerAnalysis.map { transition($0.transition) }
        callerAnalysisPlans = snapshot.callerAnalysis.map { $0.dialPlan.isEmpty ? -1 : plans.ids[$0.dialPlan]! }

        // Speed dial: a root per caller, and one for rows that serve every caller.
        var speedRoots: [String: Int32] = [:]
        let anyRoot = trie.makeRoot()
        for (i, row) in snapshot.speedDials.enumerated() {
            let root: Int32
            if row.caller.isEmpty || row.caller == "*" {
                root = anyRoot
            } else {
                root = speedRoots[row.caller] ?? trie.makeRoot()
                speedRoots[row.caller] = root
            }
            trie.insert(row.dialed, root: root, value: Int32(i))
        }
        let speedCallerRoot = trie.makeRoot()
        for (caller, root) in speedRoots.sorted(by: { $0.value < $1.value }) where DigitTrie.isDialString(caller) {
            trie.insert(caller, root: speedCallerRoot, value: root)
        }
        speedDialRoots = speedRoots.filter { !DigitTrie.isDialString($0.key) }
        speedDialCallerRoot = speedCallerRoot
        speedDialAnyCallerRoot = anyRoot
        let userRoot = trie.makeRoot()
        var nonDialUser = false
        for (i, user) in snapshot.localUsers.enumerated() {
            if DigitTrie.isDialString(user.name) && !user.name.isEmpty {
                trie.insert(user.name, root: userRoot, value: Int32(i))
            } else {
                nonDialUser = true
            }
        }
        userNameRoot = userRoot
        hasNonDialUserNames = nonDialUser

        self.callerRefineRoots = callerRefineRoots
        self.calledRefineRoots = calledRefineRoots
        callerRefineTransitions = snapshot.callerRefinements.map { transition($0.transition) }
        calledRefineTransitions = snapshot.calledRefinements.map { transition($0.transition) }

        // Lines and trunks: failover chains and outgoing refine groups, resolved.
        lines = snapshot.externalLines.map { line in
            CompiledEndpoint(
                chain: line.chain.isEmpty ? .none : (lineIndex[line.chain].map { .to(Int($0)) } ?? .dangling),
                refineRoot: line.outgoingGroup.isNone ? -1 : (calledRefineRoots[line.outgoingGroup] ?? -1),
                dialPlan: 0, name: line.name, trunkID: 0,
                ownNumber: assumptions.linePresentsOwnNumber && !line.presentsOriginalCaller ? line.name : nil)
        }
        trunks = snapshot.sipTrunks.map { trunk in
            CompiledEndpoint(
                chain: trunk.chain.isNone ? .none : (trunkIndex[trunk.chain].map { .to(Int($0)) } ?? .dangling),
                refineRoot: trunk.outgoingGroup.isNone ? -1 : (calledRefineRoots[trunk.outgoingGroup] ?? -1),
                dialPlan: plans.ids[trunk.dialPlan.isEmpty ? "default" : trunk.dialPlan]!, name: "", trunkID: trunk.id,
                ownNumber: trunk.callerID.isEmpty ? nil : trunk.callerID)
        }
        var lineOfUser: [String: Int32] = [:]
        for (i, line) in snapshot.externalLines.enumerated() where !line.incomingDestination.isEmpty {
            if lineOfUser[line.incomingDestination] == nil { lineOfUser[line.incomingDestination] = Int32(i) }
        }
        users = snapshot.localUsers.map { user in
            CompiledUser(
                dialPlan: plans.ids[user.dialPlan.isEmpty ? "default" : user.dialPlan]!,
                callLevel: user.callLevel, maxDuration: user.maxDuration,
                mayForward: user.forwardUnconditional || user.forwardBusy || user.forwardNoAnswer || user.forwardUnreachable,
                specificLine: user.specificExternalLine.isEmpty
                    ? .none : (lineIndex[user.specificExternalLine].map { .to(Int($0)) } ?? .dangling),
                ownLine: lineOfUser[user.name].map { .to(Int($0)) } ?? .none)
        }
        firstSharedLine = snapshot.externalLines.firstIndex(where: \.shared).map(Int32.init) ?? -1

        // Routing groups and hunting groups: members in snapshot order.
        var members = [[GroupMember]](repeating: [], count: snapshot.routingGroups.count)
        for (i, route) in snapshot.routes.enumerated() {
            guard let group = groupIndex[route.group] else { continue }
            let member: GroupMember
            switch route.routeType {
            case .externalLine:
                member = lineIndex[route.externalLine].map { .line(Int($0), route: i) } ?? .dangling(route: i)
            case .sipTrunk:
                member = trunkIndex[route.trunk].map { .trunk(Int($0), route: i) } ?? .dangling(route: i)
            default:
                member = .unsupported(route: i)
            }
            members[Int(group)].append(member)
        }
        groupMembers = members
        var operators = [[Int32]](repeating: [], count: snapshot.huntingGroups.count)
        let huntIndex = huntingGroupIndex
        for (i, op) in snapshot.huntingOperators.enumerated() {
            if let g = huntIndex[op.group] { operators[Int(g)].append(Int32(i)) }
        }
        huntOperators = operators

        outGroupPrefix = snapshot.systemInfo?.outGroupPrefix ?? ""
        dialPlanNames = plans.names
        dialPlanIDs = plans.ids
        defaultDialPlan = 0
        trie.freeze()
        self.trie = trie
    }

    /// The local user named `name` (first in snapshot order), without hashing for dial strings.
    @inline(__always)
    func user(named name: String) -> Int32? {
        let u = trie.exactMatch(name, root: userNameRoot)
        if u >= 0 { return u }
        return hasNonDialUserNames ? userIndex[name] : nil
    }

    /// The speed-dial root of entries for exactly this caller, if any.
    @inline(__always)
    package func speedDialRoot(forCaller caller: String) -> Int32? {
        let root = trie.exactMatch(caller, root: speedDialCallerRoot)
        if root >= 0 { return root }
        return speedDialRoots.isEmpty ? nil : speedDialRoots[caller]
    }

    /// The ID of a dial plan by name, if any record or setting uses it.
    package func dialPlanID(_ name: String) -> Int32? { dialPlanIDs[name.isEmpty ? "default" : name] }

    /// The `trie` root of a dial plan's analyze-called-number rows (empty name: `default`), or nil
    /// when the plan has none. `trie.longestPrefix(number, root:)` then gives the `anacldnbr`
    /// index the simulator would match first; benchmarks use it to time lookups alone.
    public func calledAnalysisRoot(dialPlan name: String) -> Int32? {
        guard let id = dialPlanID(name) else { return nil }
        let root = calledAnalysisRoots[Int(id)]
        return root < 0 ? nil : root
    }

    /// Bytes the indexes take (trie, compiled records, maps), not counting the snapshot.
    public var indexMemoryBytes: Int {
        var bytes = trie.memoryBytes
        bytes += calledRecords.capacity * MemoryLayout<CompiledCalledAnalysis>.stride
        bytes += (callerAnalysisTransitions.count + callerRefineTransitions.count + calledRefineTransitions.count) * 4
        bytes += (users.count * MemoryLayout<CompiledUser>.stride) + (lines.count + trunks.count) * MemoryLayout<CompiledEndpoint>.stride
        // Dictionary entries: key, value and about a third spare capacity.
        bytes +=
            (userIndex.count + lineIndex.count) * 32
            + (trunkIndex.count + routingGroupIndex.count + huntingGroupIndex.count + transitionIndex.count) * 20
        return bytes
    }
}

/// Dial-plan names numbered in the order records first use them, `default` first (ID 0).
private struct DialPlanNumbering {
    var names = ["default"]
    var ids: [String: Int32] = ["default": 0]
    /// Rows often come in runs of one plan: the last name answers those without hashing.
    private var last = (name: "default", id: Int32(0))

    /// The ID of a plan (the empty name is `default`), numbering it if it is new.
    mutating func id(of name: String) -> Int32 {
        let name = name.isEmpty ? "default" : name
        if name == last.name { return last.id }
        let id: Int32
        if let known = ids[name] {
            id = known
        } else {
            id = Int32(names.count)
            names.append(name)
            ids[name] = id
        }
        last = (name, id)
        return id
    }
}

/// An `anacldnbr` record with its references resolved, and the fields the simulator reads on
/// every call: 16 bytes, so the fast path never touches the snapshot's large records.
package struct CompiledCalledAnalysis: Sendable {
    /// The line, trunk or routing group the route type names.
    package var target: Reference
    package var transition: Reference
    /// The refine-caller root (-1: none, -2: the group has no rows).
    package var callerRefineRoot: Int32
    package var routeKind: RouteKind
    /// `changeInd` and `reAnaInd`.
    package var changesNumber: Bool
    package var reanalyze: Bool
    /// `callLevel` (0: everyone) and `maxDuration` (0: none).
    package var callLevel: Int32
    package var maxDuration: Int32
}

/// `RouteType` without its payload, one byte.
package enum RouteKind: UInt8, Sendable {
    case localUser, externalLine, sipTrunk, intercept, routingGroup, unsupported

    init(_ type: RouteType) {
        switch type {
        case .localUser: self = .localUser
        case .externalLine: self = .externalLine
        case .sipTrunk: self = .sipTrunk
        case .intercept: self = .intercept
        case .routingGroup: self = .routingGroup
        case .unsupported: self = .unsupported
        }
    }
}

package struct CompiledUser: Sendable {
    package var dialPlan: Int32
    /// `calllevel` and `maxdura`.
    package var callLevel: Int
    package var maxDuration: Int
    /// Some forwarding flag is set (the record is read only then).
    package var mayForward: Bool
    package var specificLine: Reference
    /// The first line whose `localUser` is this user.
    package var ownLine: Reference
}

/// An external line or SIP trunk, with its failover chain and outgoing refine root resolved.
package struct CompiledEndpoint: Sendable {
    package var chain: Reference
    /// Root of the refine-called-number rows of its `ogGroupID` (-1: none).
    package var refineRoot: Int32
    /// The dial plan incoming calls start in (trunks).
    package var dialPlan: Int32
    /// The line's name (lines).
    package var name: String
    /// The trunk's `servID` (trunks).
    package var trunkID: TrunkID
    /// The number presented instead of the caller: a trunk's `callerID`, or the line's own name
    /// (under `linePresentsOwnNumber`, unless `origCallerNbr` = 1); nil presents the caller.
    package var ownNumber: String?
}

package enum GroupMember: Sendable {
    case line(Int, route: Int)
    case trunk(Int, route: Int)
    case dangling(route: Int)
    case unsupported(route: Int)
}
