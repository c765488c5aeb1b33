import DialPlan

/// Runs calls through a routing model, stage by stage (docs/semantics.md §3–§5).
///
/// `route(_:)` records a trace step for every stage; `routeFast(_:)` runs the same code without
/// recording anything, for bulk use and benchmarks. Both are pure: no I/O, no global state.
public struct Simulator: Sendable {
    public let model: RoutingModel
    /// The assumptions calls run under (the model's, unless `with(_:)` changed them).
    let rules: AssumptionsBox

    public init(model: RoutingModel) {
        self.model = model
        self.rules = model.assumptionsBox
    }

    /// A simulator for a plan: builds its model, refusing duplicate keys (`RoutingModel`).
    public init(snapshot: Snapshot, assumptions: Assumptions = Assumptions()) throws(SnapshotError) {
        self.init(model: try RoutingModel(snapshot: snapshot, assumptions: assumptions))
    }

    private init(model: RoutingModel, rules: AssumptionsBox) {
        self.model = model
        self.rules = rules
    }

    /// The assumptions calls run under.
    public var assumptions: Assumptions { rules.value }

    /// The same plan under other assumptions: on this model when it can serve them (most
    /// assumptions are read per call), else on a model built for them. The plan's keys were
    /// checked when this simulator's model was built.
    public func with(_ other: Assumptions) -> Simulator {
        if other == rules.value { return self }
        if model.canRun(under: other) { return Simulator(model: model, rules: AssumptionsBox(other)) }
        return Simulator(model: RoutingModel(unchecked: model.snapshot, assumptions: other))
    }

    /// Simulates a call with its full trace. Live state that names what the plan lacks is an
    /// error (`CallError.Kind.invalidState`).
    public func route(_ call: Call) throws(CallError) -> RouteResult {
        try checkState(call.state)
        var run = CallRun(model: model, rules: rules, state: call.state, recording: .trace)
        return try run.simulate(call)
    }

    /// Simulates a call without a trace (`steps` stays empty). The live state is not checked
    /// against the plan (check it once with `checkState(_:)` for many calls).
    public func routeFast(_ call: Call) throws(CallError) -> RouteResult {
        var run = CallRun(model: model, rules: rules, state: call.state, recording: .nothing)
        return try run.simulate(call)
    }

    /// Simulates a call without a trace, but with the assumptions its answer rests on
    /// (`RouteResult.cited`, as the traced call's steps cite them): what `sensitivity(of:)` and
    /// lint need, at a fraction of a trace's cost. The live state is checked as `route` does.
    public func routeCiting(_ call: Call) throws(CallError) -> RouteResult {
        try checkState(call.state)
        var run = CallRun(model: model, rules: rules, state: call.state, recording: .citations)
        return try run.simulate(call)
    }

    /// Checks that a call can be simulated: throws the error `routeFast(_:)` would throw for it
    /// (a number that cannot be read, an origin the plan lacks), at a fraction of the cost. A
    /// call's only errors are those of its numbers and its origin: once they are read and found,
    /// simulating it cannot fail (the stages after `CallRun.begin` do not throw).
    public func place(_ call: Call) throws(CallError) {
        var run = CallRun(model: model, rules: rules, state: call.state, recording: .nothing)
        _ = try run.begin(call)
    }

    /// Live state must name what the plan has: a typo would silently change nothing.
    public func checkState(_ state: LiveState) throws(CallError) {
        if let problem = state.problems(in: model.snapshot).first { throw CallError(.invalidState, message: problem) }
    }

    /// Reads a number as typed, as `route(_:)` reads the called and caller numbers of a call
    /// (`TypedNumber`): its dial string, or an error that says what to type. A text that is no
    /// number is taken as it is when it names a local user of the plan.
    public func dialString(_ typed: String, role: NumberRole) throws(CallError) -> String {
        try TypedNumber(typed, role: role) { model.user(named: $0) != nil }.dialString
    }
}

/// The assumptions a simulator runs calls under, shared by reference: a call copies nothing and
/// reads each assumption where it decides.
final class AssumptionsBox: Sendable {
    let value: Assumptions
    /// `name=value` of each assumption (by its raw value), as trace steps cite them: spelt once
    /// here, not again at every step of every traced call.
    private let citations: [String]
    /// Each citation alone in a list: what most steps that cite anything cite, shared by them
    /// rather than made for each.
    private let single: [[String]]

    init(_ value: Assumptions) {
        self.value = value
        var citations = [String](repeating: "", count: Assumptions.Name.allCases.count)
        for name in Assumptions.Name.allCases { citations[name.rawValue] = value.cite(name) }
        self.citations = citations
        single = citations.map { [$0] }
    }

    /// `name=value` of each of `names` in force (`Assumptions.cite(_:)`), in catalogue order
    /// (the order of their raw values), read from their bits: no list of names is made on the way.
    func cite(_ names: CitedAssumptions) -> [String] {
        var bits = names.bits
        if bits.nonzeroBitCount == 1 { return single[bits.trailingZeroBitCount] }
        var cited: [String] = []
        cited.reserveCapacity(bits.nonzeroBitCount)
        while bits != 0 {
            cited.append(citations[bits.trailingZeroBitCount])
            bits &= bits - 1
        }
        return cited
    }
}
