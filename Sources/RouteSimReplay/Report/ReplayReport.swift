import DialPlan
import RouteSim
import RouteSimCases

/// Everything a replay found: what was read, how much agrees, where the rest diverges, and
/// (when asked) calibration, coverage and a candidate plan's changes. Rendered as text, JSON
/// and Markdown by pure functions beside it.
public struct ReplayReport: Sendable {
    /// The plan as the user named it, and the assumptions in force.
    public var plan: String
    public var assumptions: Assumptions
    public var files: [String]
    public var mappings: [FileMapping] = []

    // What was read.
    /// Data records read (header rows not counted), well-formed or not.
    public var recordsRead = 0
    public var malformed: [MalformedKind: Int] = [:]
    /// The first malformed records, in input order.
    public var malformedExamples: [MalformedRecord] = []
    /// Calls after pairing, and how many of them were made of two records.
    public var calls = 0
    public var pairedCalls = 0

    // Agreement.
    public var unexplainable: [UnexplainedGroup] = []
    public var explainable = 0
    public var agreeing = 0
    /// Agreeing calls whose record names a failover attempt.
    public var agreeingOnFailover = 0
    public var byDialPlan: [Tally] = []
    public var byRouteType: [Tally] = []
    /// With coverage: by the stage that decided the route.
    public var byStage: [Tally]?
    public var disagreements: [DisagreementGroup] = []

    public var calibration: CalibrationReport?
    public var coverage: TrafficCoverage?
    public var comparison: PlanComparison?

    public var malformedCount: Int { malformed.values.reduce(0, +) }
    public var unexplainableCount: Int { unexplainable.reduce(0) { $0 + $1.count } }
    public var disagreeing: Int { explainable - agreeing }

    /// Agreement as a fraction of the explainable calls; nil when there are none (nothing was
    /// compared, which is no agreement of 100 %).
    public var agreement: Double? { explainable == 0 ? nil : Double(agreeing) / Double(explainable) }
}

/// Calls and agreeing calls under one heading (a dial plan, a route type, a stage).
public struct Tally: Sendable, Equatable {
    public var name: String
    public var calls: Int
    public var agreeing: Int
}

/// A recorded call shown as an example: where it is, the call `routesim route` replays, what
/// the record says and what routesim says.
public struct ExampleCall: Sendable {
    public var place: RecordPlace
    public var partner: RecordPlace?
    public var call: Call
    public var recorded: String
    public var simulated: String
}

/// Disagreements that diverge at the same point, in the same way.
public struct DisagreementGroup: Sendable {
    public var kind: DisagreementKind
    public var point: DivergencePoint
    /// The key of the record at the point (empty when the step matched none).
    public var pointKey: [KeyField]
    /// The point as people read it: `analyzeCalled · anacldnbr (dialPlan "default", calledNbr "0")`.
    public var pointText: String
    public var count: Int
    public var examples: [ExampleCall]
}

/// Records the plan cannot explain, for one reason.
public struct UnexplainedGroup: Sendable {
    public var reason: UnexplainedReason
    public var count: Int
    /// The first distinct details (`the plan has no SIP trunk 77`), at most ten.
    public var details: [String]
    public var examples: [ExampleCall]
}

/// The records real calls used, and how often; the records no call used are the plan's
/// coverage gaps, in the vocabulary of `routesim test --coverage`.
public struct TrafficCoverage: Sendable {
    public var coverage: PlanCoverage
    /// How many calls touched each record.
    public var uses: [RecordID: Int]
}

/// A candidate plan against the plan in force, call by call.
public struct PlanComparison: Sendable {
    public var candidate: String
    /// Explainable calls compared, and those that route differently.
    public var compared = 0
    public var changed = 0
    public var groups: [ChangeGroup] = []

    public func count(_ kind: RouteChangeKind) -> Int { groups.filter { $0.kind == kind }.reduce(0) { $0 + $1.count } }
}

/// Calls a candidate plan changes the same way.
public struct ChangeGroup: Sendable {
    public var kind: RouteChangeKind
    public var before: String
    public var after: String
    public var count: Int
    public var examples: [ExampleCall]
}
