import DialPlan

/// The state of one simulated call as it moves through the pipeline.
///
/// One file per facet, in the order a call meets them: `+Origin` (stage 0), `+Analysis`
/// (caller analysis, speed dial, the called-number analysis loop, call levels, refine caller),
/// `+Routes` (the defaults and the route types), `+Forwarding` (local users, call forwarding
/// and what live state does to them), `+Services` (ring groups, follow-me, service codes),
/// `+Hunting` (hunting groups), `+Attempts` (outgoing attempts, failover, refine called number,
/// duration), `+Transitions` (number transitions as the trace tells them) and `+Trace`
/// (recording steps and the assumptions they cite).
///
/// Fields are read through `model` and `rules` at each use: a computed copy of the whole
/// snapshot or assumptions would retain every array and string they hold, on every access.
struct CallRun {
    let model: RoutingModel
    /// The assumptions, read as `rules.value.NAME` where they decide.
    let rules: AssumptionsBox
    /// The live state the call meets (what-ifs).
    let state: LiveState
    /// The trace (or only the cited assumptions) being recorded; nil on the fast path.
    let trace: TraceLog?
    /// Whether the steps are kept: text for the trace is worth building.
    var tracing: Bool { trace?.keepsSteps ?? false }
    /// Whether the cited assumptions are kept: a lookup made only to know whether an assumption
    /// decided is worth making.
    var citing: Bool { trace != nil }
    /// Follows the numbers and records the decisions for symbolic analysis; nil on the fast path.
    var observer: CallObserver?
    /// The answers of the call's first lookups, when a batch walked them together with other
    /// calls' (`Simulator.routeFast(_:each:)`); nil: the call looks everything up itself.
    ///
    /// A pointer to the batch's value, valid while the call runs (`Simulator.routeFast(_:early:)`
    /// keeps it): held by value, its strings made every run, batched or not, longer to set up and
    /// to destroy (1 % of a fast call's instructions).
    var early: UnsafePointer<EarlyLookups>?

    var caller = ""
    var called = ""
    var dialPlan: Int32 = 0
    /// The local user placing the call (nil: a trunk, a line or an unknown caller).
    var callerUser: Int32?
    /// Whose call level, default line and maximum duration apply: the caller, or after a
    /// forward under `forwardedLegContext=forwardingUser` the forwarding user.
    var contextUser: Int32?
    var contextKind = OriginKind.localUser
    /// Whether the context is the origin's own (not a forwarding user's, even when the user
    /// forwarding is the caller itself): the observer treats only the origin's as symbolic.
    var contextIsOrigin: Bool { forwardedFrom.isEmpty || rules.value.forwardedLegContext == .originalCaller }
    /// The caller as the call arrived, before analyze caller number (speed dial keys on it).
    var originalCaller = ""
    /// The caller after analyze caller number, before any refine: a forwarded call starts from it.
    var analyzedCaller = ""
    /// The dial plan the analysis started in (after analyze caller number).
    var startPlan: Int32 = 0
    /// The `anacldnbr` record whose route the call takes (nil: none, the defaults route it).
    var record: Int32?
    var forwardHops = 0
    var forwardedFrom: [Int32] = []
    var originKind = OriginKind.localUser
    /// Whether ring groups and follow-me expand (not inside a follow-me destination's own leg).
    var expandsServices = true
    /// Whether the dialed number met a speed dial or a hunting-group detection row (so the
    /// server's hidden services are not the only explanation of a `*` or `#` number).
    var matchedVisibleService = false
    /// The hidden-service note was made (once per call).
    var notedHiddenService = false
    /// The numbers as typed, when separators were removed from them (`CallRun+Input`).
    var typedCalled: String?
    var typedCaller: String?

    enum OriginKind { case localUser, sipTrunk, externalLine, unknownCaller }

    /// The answers of a call's first two lookups, walked ahead of the call by a batch together
    /// with other calls' (`Simulator.routeFast(_:each:)`): the origin's name among the local
    /// users' names, and the called number among the analysis rows of the dial plan the call was
    /// expected to start in. Each is used only for the very lookup it answers — the same name, or
    /// the same number under the same root in the first analysis pass — so an answer the call no
    /// longer needs (a speed dial changed the number, caller analysis the dial plan) is not used:
    /// the call looks up what it needs itself.
    struct EarlyLookups {
        /// The origin's name and the trie's exact match of it among the users' names.
        var userName: String?
        var user: Int32 = -1
        /// The called number, the analysis root it was looked up under, and its longest prefix.
        var called: String?
        var analysisRoot: Int32 = -1
        var analysis: Int32 = -1
    }

    /// The local user named `name` (`RoutingModel.user(named:)`), with the batch's answer when
    /// it walked this very name. Static, given the model and the answers: a method of the run
    /// called from a stage copied the whole run first.
    @inline(__always)
    static func user(named name: String, in model: RoutingModel, early: UnsafePointer<EarlyLookups>?) -> Int32? {
        if let early, let userName = early.pointee.userName, userName == name {
            return model.userIndex[name, inTrie: early.pointee.user]
        }
        return model.user(named: name)
    }

    /// What a call records: everything, the cited assumptions only, or nothing (the fast path).
    enum Recording { case trace, citations, nothing }

    init(model: RoutingModel, rules: AssumptionsBox, state: LiveState, recording: Recording) {
        self.model = model
        self.rules = rules
        self.state = state
        switch recording {
        case .trace: trace = TraceLog(keepsSteps: true)
        case .citations: trace = TraceLog(keepsSteps: false)
        case .nothing: trace = nil
        }
    }

    /// The result so far, with the trace recorded up to here, and what the last stage adds.
    /// `name` is the target's name when the stage read it by index (`.some(nil)`: it has none;
    /// nil: looked up by its ID).
    ///
    /// Everything a result holds is given here, not set on it afterwards: setting a field of a
    /// result just returned copied the whole result (every string and array retained and
    /// released), on every call of the fast path.
    @inline(__always)
    func result(
        _ outcome: Outcome, _ target: Target? = nil, named name: String?? = nil, attempts: [Attempt] = [], maxDuration: Int = 0,
        release: Release? = nil,
        huntingGroup: HuntingGroupOrder? = nil, ringGroup: RingGroupRinging? = nil, followMe: FollowMe? = nil
    ) -> RouteResult {
        // The memberwise initialiser, every field in declaration order: it builds the result in
        // place, where an initialiser that sets fields one by one built it and then copied it.
        RouteResult(
            outcome: outcome, target: target, targetName: name ?? target.flatMap(model.name(of:)),
            dialPlan: model.dialPlanNames[Int(dialPlan)], caller: caller, called: called, typedCalled: typedCalled,
            typedCaller: typedCaller, attempts: attempts, release: release, maxDuration: maxDuration,
            huntingGroup: huntingGroup, ringGroup: ringGroup, followMe: followMe, cited: cited,
            steps: tracing ? Trace(plan: model, rules: rules, recorded: trace?.steps ?? []) : [])
    }

    /// Ends the call as released (or rejected), with a trace step that says why.
    func release(_ reason: ReleaseReason, _ message: String, rejected: Bool = false, attempts: [Attempt] = []) -> RouteResult {
        step(.release, nil, nil, lazily: .release(message: message, reason, rejected: rejected))
        return result(rejected ? .rejected : .released, attempts: attempts, release: Release(reason: reason, message: message))
    }

    func planName(_ id: Int32) -> String { model.dialPlanNames[Int(id)] }

    /// The pipeline: the numbers as typed, origin, caller analysis, speed dial, then analysis
    /// and routing.
    mutating func simulate(_ call: Call) throws(CallError) -> RouteResult {
        if case .ends(let early) = try begin(call) { return early }
        applySpeedDial()
        return analyzeAndRoute()
    }

    /// The numbers as typed, the origin and analyze caller number; a result when the call ends
    /// at its origin.
    mutating func begin(_ call: Call) throws(CallError) -> Ending {
        let read = try readNumbers(call)
        called = read.called
        if let observer {
            // The observer follows dial strings only: a number read differently from how it
            // was given would be a different number than the region's.
            if read.called != call.called { observer.unsupported("the called number \(call.called) is read as \(read.called)") }
            observer.startCalled(called)
        }
        if case .ends(let early) = try startCall(read.origin) { return .ends(early) }
        contextUser = callerUser
        contextKind = originKind
        originalCaller = caller
        analyzeCaller()
        analyzedCaller = caller
        startPlan = dialPlan
        observer?.callerAnalyzed(plan: dialPlan)
        return .goesOn
    }

    /// What a stage that may end the call answers: the call goes on, or the result that ends
    /// it. One word (the result is boxed): an optional result, some 300 bytes, was written out
    /// and copied back by every such stage of every call that went on.
    enum Ending {
        case goesOn
        indirect case ends(RouteResult)

        /// The result that ends the call, if any.
        var result: RouteResult? {
            if case .ends(let result) = self { return result }
            return nil
        }
    }
}
