import DialPlan
import RouteSim

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

/// Checks a dial plan and returns its findings (the codes `docs/lint.md` explains).
///
/// Each check is a small function from the routing model to findings; they share a
/// `LintContext` that caches what several need (which dial plans calls can start in,
/// witnesses). Nothing here does I/O: suppressions and rendering are separate
/// (`LintConfiguration`, `LintReport`).
public struct Linter: Sendable {
    /// The plan's model, built without refusing duplicate keys: lint reports them (RS301).
    package let model: RoutingModel
    public let options: LintOptions

    /// A linter for a plan, under `assumptions` (as `route` would simulate it).
    public init(snapshot: Snapshot, assumptions: Assumptions = Assumptions(), options: LintOptions = LintOptions()) {
        self.init(model: RoutingModel(unchecked: snapshot, assumptions: assumptions), options: options)
    }

    /// A linter for a model built already (benchmarks time the checks alone).
    package init(model: RoutingModel, options: LintOptions = LintOptions()) {
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
        InvalidChecks.indicators, InvalidChecks.unknownFields,
        ExposureChecks.costlyPrefixes,
        AssumptionChecks.dependentRouting, AssumptionChecks.systemInfo,
    ]

    /// Runs every check; findings come sorted by severity (highest first), table and record.
    public func run() -> [Finding] {
        let context = LintContext(model: model, options: options)
        var findings: [Finding] = []
        for check in Self.checks { findings += check(context) }
        return findings.sorted(by: Finding.precedes)
    }
}
