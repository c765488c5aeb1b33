import DialPlan
import DigitTrie
import RouteSim

/// What the checks share: the model, which dial plans calls start in, and witness helpers.
///
/// Each check gets a context of its own (`forOneCheck()`): checks run on several threads, and
/// the one thing a context changes, its budget of simulations, must not depend on which other
/// checks ran first.
final class LintContext {
    let model: RoutingModel
    let snapshot: Snapshot
    let options: LintOptions
    /// Dial plans (by model ID) some call can start in.
    let startPlans: [Bool]
    /// Simulations left to this check for finding an origin that reproduces a witness (keeps
    /// big plans fast).
    var originBudget = 2_000
    let simulator: Simulator
    /// Per dial plan (model ID): its first three local users and its first SIP trunk, the
    /// origins `origin(dialing:plan:holds:)` tries (found once, not per witness).
    private let originCandidates: [Int32: (users: [Int], trunk: Int?)]

    /// A fresh context for one check: the same model and start plans, a full budget.
    func forOneCheck() -> LintContext { LintContext(sharing: self) }

    private init(sharing other: LintContext) {
        model = other.model
        snapshot = other.snapshot
        options = other.options
        startPlans = other.startPlans
        simulator = other.simulator
        originCandidates = other.originCandidates
    }

    init(model: RoutingModel, options: LintOptions) {
        self.model = model
        self.snapshot = model.snapshot
        self.options = options
        self.simulator = Simulator(model: model)
        var start = [Bool](repeating: false, count: model.dialPlanNames.count)
        start[Int(model.defaultDialPlan)] = true
        for name in [model.assumptions.unknownCallerDialPlan, model.assumptions.externalLineDialPlan] {
            if let id = model.dialPlanID(name) { start[Int(id)] = true }
        }
        for user in model.users { start[Int(user.dialPlan)] = true }
        for trunk in model.trunks { start[Int(trunk.dialPlan)] = true }
        for case let plan? in model.callerAnalysisPlans { start[Int(plan)] = true }
        startPlans = start
        var candidates: [Int32: (users: [Int], trunk: Int?)] = [:]
        for (i, user) in model.users.enumerated() where candidates[user.dialPlan, default: ([], nil)].users.count < 3 {
            candidates[user.dialPlan, default: ([], nil)].users.append(i)
        }
        for (t, trunk) in model.trunks.enumerated() where candidates[trunk.dialPlan]?.trunk == nil {
            candidates[trunk.dialPlan, default: ([], nil)].trunk = t
        }
        originCandidates = candidates
    }

    /// The dial plan (model ID) of each `anacldnbr` record.
    var calledPlans: Int32Words { model.calledAnalysisPlans }
    /// The dial plan (model ID) of each `hgdect` record.
    var detectionPlans: [Int32] { model.huntingDetectionPlans }

    func planName(_ id: Int32) -> String { model.dialPlanNames[Int(id)] }

    /// A finding about one record.
    func finding(
        _ code: String, _ table: Table, _ index: Int, _ message: String, witness: Witness? = nil,
        related: [RecordID] = [], field: String? = nil, prefix: String? = nil
    ) -> Finding {
        Finding(
            rule: LintCatalog.require(code), table: table, recordIndex: index, key: snapshot.key(of: table, at: index),
            message: message, witness: witness, related: related, field: field, prefix: prefix)
    }

    /// A line, trunk or group as messages name it, with its description beside the ID:
    /// `SIP trunk 1 "carrier A (US)"`.
    func describe(_ target: Target) -> String { model.describe(target) }

    /// Where record `row` sends calls out of the PBX, as findings name it (`external line intl`,
    /// `SIP trunk 3 "carrier B"`); nil for route types that keep the call inside.
    func outgoingTarget(_ row: CalledAnalysis) -> String? {
        switch row.routeType {
        case .externalLine:
            return row.externalLine.isEmpty ? "the caller's default external line" : describe(.externalLine(row.externalLine))
        case .sipTrunk: return describe(.sipTrunk(row.trunk))
        case .routingGroup: return describe(.routingGroup(row.routingGroup))
        default: return nil
        }
    }

    /// The records of a cycle or chain as a message lists them — `anacldnbr "0" (line 9), …` —
    /// at most `limit` of them, then `… and K more`: a very long cycle keeps the message short,
    /// and the finding's `related` records (JSON, SARIF) name every one.
    func recordList(_ items: [String], separator: String = ", ", limit: Int = 10) -> String {
        guard items.count > limit else { return items.joined(separator: separator) }
        return items.prefix(limit).joined(separator: separator) + "\(separator)… and \(items.count - limit) more"
    }

    /// ` (line 12)` for a record whose line is known, else nothing.
    func lineNote(_ table: Table, _ index: Int) -> String {
        snapshot.locations.line(of: table, at: index).map { " (line \($0))" } ?? ""
    }

    /// The prefix a record is matched by (`*` is the empty catch-all when the assumption says so).
    func matchPrefix(_ prefix: String) -> String { model.matchedPrefix(prefix) }

    // MARK: Witnesses

    /// A witness for anacldnbr record `m`: a number its dial plan matches to it first, with an
    /// origin whose call passes the record (and, with `reason`, is released for it).
    func witness(reachingCalledRecord m: Int, releasedFor reason: ReleaseReason? = nil) -> Witness? {
        numberReaching(calledRecord: m).map { number in
            calledWitness(number, plan: calledPlans[m]) { result in
                result.passes(.calledAnalysis, m) && (reason.map(result.ended) ?? true)
            }
        }
    }

    /// A called number whose analysis in its dial plan matches anacldnbr record `m` first, or
    /// nil when none does (the record is shadowed or its prefix is invalid).
    func numberReaching(calledRecord m: Int) -> String? {
        let prefix = matchPrefix(snapshot.calledAnalysis[m].calledPrefix)
        guard DigitTrie.isDialString(prefix) else { return nil }
        return numberReaching(prefix: prefix, value: Int32(m), root: model.calledAnalysisRoots[Int(calledPlans[m])])
    }

    /// A witness for row `index` of a prefix table: a number whose longest match is that row.
    func witness(reaching table: Table, _ index: Int) -> Witness? {
        guard let prefixTable = RoutingModel.prefixTable(table) else { return nil }
        let row = prefixTable.row(index, in: model)
        return numberReaching(prefix: row.matched, value: Int32(index), root: row.root)
            .map { Witness(number: $0, role: prefixTable.matchesCaller ? .caller : .called) }
    }

    /// A number whose longest match under `root` is `value` (stored at `prefix`).
    func numberReaching(prefix: String, value: Int32, root: Int32?) -> String? {
        guard let root else { return nil }
        if !prefix.isEmpty {
            return model.trie.longestPrefix(prefix, root: root) == value ? prefix : nil
        }
        // The empty prefix: a one-digit number no longer prefix claims.
        for digit in "0123456789*#+" {
            let number = String(digit)
            if model.trie.longestPrefix(number, root: root) == value { return number }
        }
        return nil
    }

    /// A witness for a called number analysed in `plan`, with an origin that reproduces `holds`
    /// through `Simulator.route` when the plan has one.
    func calledWitness(_ number: String, plan: Int32, holds: (RouteResult) -> Bool) -> Witness {
        Witness(
            number: number, role: .called, dialPlan: planName(plan),
            origin: origin(dialing: number, plan: plan, holds: holds))
    }

    /// An origin that starts in `plan` and for which the traced call to `number` satisfies `holds`.
    func origin(dialing number: String, plan: Int32, holds: (RouteResult) -> Bool) -> Origin? {
        guard (try? simulator.dialString(number, role: .called)) == number else { return nil }
        var candidates: [Origin] = []
        let inPlan = originCandidates[plan]
        for i in inPlan?.users ?? [] { candidates.append(.localUser(snapshot.localUsers[i].name)) }
        if let t = inPlan?.trunk { candidates.append(.sipTrunk(snapshot.sipTrunks[t].id, caller: "0")) }
        if plan == model.dialPlanID(model.assumptions.unknownCallerDialPlan) {
            var caller = "0"
            while model.userIndex[caller] != nil { caller += "0" }
            candidates.append(.caller(caller))
        }
        for origin in candidates {
            guard originBudget > 0 else { return nil }
            originBudget -= 1
            if let result = try? simulator.route(Call(origin: origin, called: number)), holds(result) { return origin }
        }
        return nil
    }

    /// What dial plan `plan` does with `called` (`Simulator.probe`): as a call whose caller is
    /// not checked against call levels (a trunk call) or, with `unknownCaller`, as a caller who
    /// has no call level at all.
    func probe(_ called: String, plan: Int32, unknownCaller: Bool = false, tracing: Bool = false, citing: Bool = false) -> RouteResult {
        simulator.probe(called, dialPlan: plan, caller: unknownCaller ? .unknown : .trunk, tracing: tracing, citing: citing)
    }

    /// Simulators under other assumptions (RS601), one per set, on this model where it can
    /// serve them.
    private var alternatives: [Assumptions: Simulator] = [:]

    func simulator(under other: Assumptions) -> Simulator {
        if let known = alternatives[other] { return known }
        let made = simulator.with(other)
        alternatives[other] = made
        return made
    }
}

extension RouteResult {
    /// Whether the traced call matched record `index` of `table` at some stage.
    func passes(_ table: Table, _ index: Int) -> Bool {
        steps.contains { $0.table == table && $0.recordIndex == index }
    }

    /// Whether the call was released or rejected for `reason`.
    func ended(_ reason: ReleaseReason) -> Bool { release?.reason == reason }
}
