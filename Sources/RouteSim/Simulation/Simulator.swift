import DialPlan

/// Runs calls through a routing model, stage by stage (docs/semantics.md §3–§5).
///
/// `route(_:)` records a trace step for every stage; `routeFast(_:)` runs the same code without
/// recording anything, for bulk use and benchmarks. Both are pure: no I/O, no global state.
public struct Simulator: Sendable {
    public let model: RoutingModel

    public init(model: RoutingModel) {
        self.model = model
    }

    /// A simulator for a plan: builds its model, refusing duplicate keys (`RoutingModel`).
    public init(snapshot: Snapshot, assumptions: Assumptions = Assumptions()) throws(SnapshotError) {
        self.init(model: try RoutingModel(snapshot: snapshot, assumptions: assumptions))
    }

    /// Simulates a call with its full trace.
    public func route(_ call: Call) throws(CallError) -> RouteResult {
        var run = CallRun(model: model, tracing: true)
        return try run.simulate(call)
    }

    /// Simulates a call without a trace (`steps` stays empty).
    public func routeFast(_ call: Call) throws(CallError) -> RouteResult {
        var run = CallRun(model: model, tracing: false)
        return try run.simulate(call)
    }

    /// Reads a number as typed, as `route(_:)` reads the called and caller numbers of a call
    /// (`TypedNumber`): its dial string, or an error that says what to type. A text that is no
    /// number is taken as it is when it names a local user of the plan.
    public func dialString(_ typed: String, role: NumberRole) throws(CallError) -> String {
        try TypedNumber(typed, role: role) { model.user(named: $0) != nil }.dialString
    }
}
