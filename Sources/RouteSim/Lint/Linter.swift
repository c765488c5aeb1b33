import DialPlan

/// Settings of a lint run that are not part of the plan.
public struct LintOptions: Sendable, Equatable {
    /// Prefixes of costly destinations for RS501: international and premium-rate numbers.
    ///
    /// The defaults suit plans where `0` starts national and `00` international numbers; a plan
    /// in the North American style sets `["011", "+", "1900", "900"]` in its lint configuration.
    public var costlyPrefixes = ["00", "+", "0900", "1900"]
    /// Number classes the re-analysis exploration may visit before it stops (RS207).
    public var explorationLimit = 200_000

    public init() {}
}

/// Checks a routing model and returns its findings (docs/lint.md).
///
/// Each check is a small function from the model to findings; they share a `LintContext` that
/// caches what several need (which dial plans calls can start in, witnesses). Nothing here does
/// I/O: suppressions and rendering are separate (`LintConfiguration`, `LintReport`).
public struct Linter: Sendable {
    public let model: RoutingModel
    public let options: LintOptions

    public init(model: RoutingModel, options: LintOptions = LintOptions()) {
        self.model = model
        self.options = options
    }

    /// The checks, in the order they run.
    static let checks: [@Sendable (LintContext) -> [Finding]] = [
        DanglingChecks.transitions, DanglingChecks.routeTargets, DanglingChecks.refineGroups,
        DanglingChecks.routingGroupRoutes, DanglingChecks.huntingGroups, DanglingChecks.endpoints,
        DanglingChecks.forwarding, DanglingChecks.emptyDialPlans,
        LoopChecks.reanalysis, LoopChecks.failoverChains, LoopChecks.forwarding, LoopChecks.speedDials,
        ShadowChecks.duplicateKeys, ShadowChecks.unreachableDialPlans, ShadowChecks.coveredPrefixes,
        ShadowChecks.unusedRefineGroups, ShadowChecks.rewrittenCallerRefinements, ShadowChecks.unusedRecords,
        InvalidChecks.characters, InvalidChecks.routeTypes, InvalidChecks.transitions, InvalidChecks.catchAll,
        InvalidChecks.indicators,
        ExposureChecks.costlyPrefixes,
    ]

    /// Runs every check; findings come sorted by severity (highest first), table and record.
    public func run() -> [Finding] {
        let context = LintContext(model: model, options: options)
        var findings: [Finding] = []
        for check in Self.checks { findings += check(context) }
        return findings.sorted(by: Finding.precedes)
    }
}

/// What the checks share: the model, which dial plans calls start in, and witness helpers.
final class LintContext {
    let model: RoutingModel
    let snapshot: Snapshot
    let options: LintOptions
    /// Dial plans (by model ID) some call can start in.
    let startPlans: [Bool]
    /// Simulations left for finding an origin that reproduces a witness (keeps big plans fast).
    var originBudget = 2_000
    /// The dial plan (model ID) of each `anacldnbr` record.
    let calledPlans: [Int32]
    /// The dial plan (model ID) of each `hgdect` record.
    let detectionPlans: [Int32]

    init(model: RoutingModel, options: LintOptions) {
        self.model = model
        self.snapshot = model.snapshot
        self.options = options
        var start = [Bool](repeating: false, count: model.dialPlanNames.count)
        start[Int(model.defaultDialPlan)] = true
        for name in [model.assumptions.unknownCallerDialPlan, model.assumptions.externalLineDialPlan] {
            if let id = model.dialPlanID(name) { start[Int(id)] = true }
        }
        for user in model.users { start[Int(user.dialPlan)] = true }
        for trunk in model.trunks { start[Int(trunk.dialPlan)] = true }
        for plan in model.callerAnalysisPlans where plan >= 0 { start[Int(plan)] = true }
        startPlans = start
        // Rows of one dial plan usually come together: compare with the last name before hashing.
        func plans(_ names: [String]) -> [Int32] {
            var last = "", lastID = model.defaultDialPlan
            var out: [Int32] = []
            out.reserveCapacity(names.count)
            for name in names {
                if name != last || out.isEmpty {
                    last = name
                    lastID = model.dialPlanID(name) ?? model.defaultDialPlan
                }
                out.append(lastID)
            }
            return out
        }
        calledPlans = plans(model.snapshot.calledAnalysis.map(\.dialPlan))
        detectionPlans = plans(model.snapshot.huntingDetections.map(\.dialPlan))
    }

    func planName(_ id: Int32) -> String { model.dialPlanNames[Int(id)] }

    func planID(_ name: String) -> Int32 { model.dialPlanID(name) ?? model.defaultDialPlan }

    /// The key fields of a record.
    func key(_ table: Table, _ index: Int) -> [Finding.KeyField] {
        snapshot.key(of: table, at: index).map { Finding.KeyField($0.0, $0.1) }
    }

    /// A finding about one record.
    func finding(
        _ code: String, _ table: Table, _ index: Int, _ message: String, witness: Witness? = nil,
        related: [RecordReference] = []
    ) -> Finding {
        Finding(
            rule: LintCatalog.require(code), table: table, recordIndex: index, key: key(table, index),
            message: message, witness: witness, related: related)
    }

    /// The prefix a record is matched by (`*` is the empty catch-all when the assumption says so).
    func matchPrefix(_ prefix: String) -> String {
        model.assumptions.starIsCatchAll && prefix == "*" ? "" : prefix
    }

    // MARK: Witnesses

    /// A called number whose analysis in its dial plan matches anacldnbr record `m` first, or
    /// nil when none does (the record is shadowed or its prefix is invalid).
    func numberReaching(calledRecord m: Int) -> String? {
        let row = snapshot.calledAnalysis[m]
        let prefix = matchPrefix(row.calledPrefix)
        guard DigitTrie.isDialString(prefix) else { return nil }
        let root = model.calledAnalysisRoots[Int(calledPlans[m])]
        return numberReaching(prefix: prefix, value: Int32(m), root: root)
    }

    /// A number whose longest match under `root` is `value` (stored at `prefix`).
    func numberReaching(prefix: String, value: Int32, root: Int32) -> String? {
        guard root >= 0 else { return nil }
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
        guard (try? Simulator.validateNumber(number, role: "called")) != nil else { return nil }
        var candidates: [Origin] = []
        for (i, user) in model.users.enumerated() where user.dialPlan == plan {
            candidates.append(.localUser(snapshot.localUsers[i].name))
            if candidates.count == 3 { break }
        }
        if let t = model.trunks.firstIndex(where: { $0.dialPlan == plan }) {
            candidates.append(.sipTrunk(snapshot.sipTrunks[t].id, caller: "0"))
        }
        if plan == model.dialPlanID(model.assumptions.unknownCallerDialPlan) {
            var caller = "0"
            while model.userIndex[caller] != nil { caller += "0" }
            candidates.append(.caller(caller))
        }
        let simulator = Simulator(model: model)
        for origin in candidates {
            guard originBudget > 0 else { return nil }
            originBudget -= 1
            if let result = try? simulator.route(Call(origin: origin, called: number)), holds(result) { return origin }
        }
        return nil
    }

    /// Runs `called` through analysis and routing from dial plan `plan`, as a call whose caller
    /// is not checked against call levels (a trunk call) or, with `unknownCaller`, as a caller
    /// who has no call level at all. Caller analysis and speed dial are skipped.
    func probe(_ called: String, plan: Int32, unknownCaller: Bool = false, tracing: Bool = false) -> RouteResult {
        var run = CallRun(model: model, tracing: tracing)
        run.called = called
        run.caller = "0"
        run.originalCaller = run.caller
        run.dialPlan = plan
        run.originKind = unknownCaller ? .unknownCaller : .sipTrunk
        return run.analyzeAndRoute()
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
