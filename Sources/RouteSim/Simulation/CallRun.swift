import DialPlan

/// The state of one simulated call as it moves through the pipeline.
///
/// One file per facet, in the order a call meets them: `+Origin` (stage 0), `+Analysis`
/// (caller analysis, speed dial, the called-number analysis loop, call levels, refine caller),
/// `+Routes` (the defaults and the route types), `+Forwarding` (local users and call
/// forwarding), `+Attempts` (outgoing attempts, failover, refine called number, duration),
/// `+Transitions` (number transitions as the trace tells them) and `+Trace` (recording steps).
///
/// Fields are read through `model` at each use: a computed copy of the whole snapshot or
/// assumptions would retain every array and string they hold, on every access.
struct CallRun {
    let model: RoutingModel
    /// The trace being recorded; nil on the fast path.
    let trace: TraceLog?
    var tracing: Bool { trace != nil }
    /// Follows the numbers and records the decisions for symbolic analysis; nil on the fast path.
    let observer: CallObserver?

    var caller = ""
    var called = ""
    var dialPlan: Int32 = 0
    /// The local user placing the call (nil: a trunk, a line or an unknown caller).
    var callerUser: Int32?
    /// The caller as the call arrived, before analyze caller number (speed dial keys on it).
    var originalCaller = ""
    /// The caller after analyze caller number, before any refine: a forwarded call starts from it.
    var analyzedCaller = ""
    /// The `anacldnbr` record whose route the call takes (nil: none, the defaults route it).
    var record: Int32?
    var forwardHops = 0
    var forwardedFrom: [Int32] = []
    var originKind = OriginKind.localUser

    enum OriginKind { case localUser, sipTrunk, externalLine, unknownCaller }

    init(model: RoutingModel, tracing: Bool, observer: CallObserver? = nil) {
        self.model = model
        self.trace = tracing ? TraceLog() : nil
        self.observer = observer
    }

    /// The result so far, with the trace recorded up to here.
    func result(_ outcome: Outcome, _ target: Target? = nil) -> RouteResult {
        RouteResult(
            outcome: outcome, target: target, dialPlan: model.dialPlanNames[Int(dialPlan)], caller: caller,
            called: called, steps: trace?.steps ?? [])
    }

    /// Ends the call as released (or rejected), with a trace step that says why.
    func release(_ reason: ReleaseReason, _ message: String, rejected: Bool = false) -> RouteResult {
        step(.release, nil, nil, "\(rejected ? "rejected" : "released") (\(reason.rawValue)): \(message)")
        var r = result(rejected ? .rejected : .released)
        r.release = Release(reason: reason, message: message)
        return r
    }

    func planName(_ id: Int32) -> String { model.dialPlanNames[Int(id)] }

    /// The pipeline: origin, caller analysis, speed dial, then analysis and routing.
    mutating func simulate(_ call: Call) throws(CallError) -> RouteResult {
        if let early = try begin(call) { return early }
        applySpeedDial()
        return analyzeAndRoute()
    }

    /// The origin and analyze caller number; a result when the call ends at its origin.
    mutating func begin(_ call: Call) throws(CallError) -> RouteResult? {
        try Simulator.validateNumber(call.called, role: "called")
        called = call.called
        observer?.startCalled(called)
        if let early = try startCall(call.origin) { return early }
        originalCaller = caller
        analyzeCaller()
        analyzedCaller = caller
        observer?.callerAnalyzed(plan: dialPlan)
        return nil
    }
}
