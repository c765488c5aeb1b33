import DialPlan

extension Simulator {
    /// Who a probe's caller is when a record requires a call level.
    package enum ProbeCaller: Sendable {
        /// A call from a SIP trunk: call levels are not checked.
        case trunk
        /// An unknown caller: it has no call level, so a record that requires one rejects it.
        case unknown
    }

    /// Runs `called` through analysis and routing from dial plan `dialPlan` (a model ID), with
    /// caller number `0` and no origin stage: caller analysis and speed dial are skipped.
    ///
    /// The linter's entry point: it asks what a dial plan does with a number without building a
    /// whole call, then looks for an origin that reproduces the answer through `route(_:)`.
    /// With `citing`, the result carries the assumptions it rests on (`RouteResult.cited`).
    package func probe(
        _ called: String, dialPlan: Int32, caller: ProbeCaller = .trunk, tracing: Bool = false, citing: Bool = false
    ) -> RouteResult {
        let recording: CallRun.Recording = tracing ? .trace : citing ? .citations : .nothing
        var run = CallRun(model: model, rules: rules, state: LiveState(), recording: recording)
        run.called = called
        run.caller = "0"
        run.originalCaller = run.caller
        run.analyzedCaller = run.caller
        run.dialPlan = dialPlan
        run.startPlan = dialPlan
        run.originKind = caller == .unknown ? .unknownCaller : .sipTrunk
        run.contextKind = run.originKind
        return run.analyzeAndRoute()
    }
}

extension Simulator {
    /// Simulates a call without a trace while `observer` follows its numbers and records every
    /// decision: the entry point of `routesim map`, `reach` and `diff` (`RouteSimSpaces`).
    package func observe(_ call: Call, with observer: CallObserver) throws(CallError) -> RouteResult {
        var run = CallRun(model: model, rules: rules, state: LiveState(), recording: .nothing)
        run.observer = observer
        return try run.simulate(call)
    }

    /// Runs only the origin and analyze caller number of a call from `origin`, with `observer`:
    /// what an origin class is made of (its starting dial plan and its caller after analysis).
    /// Returns the result when the call ends at its origin (an auto attendant, a line with no
    /// destination), else nil.
    package func observeOrigin(_ origin: Origin, with observer: CallObserver) throws(CallError) -> RouteResult? {
        var run = CallRun(model: model, rules: rules, state: LiveState(), recording: .nothing)
        run.observer = observer
        return try run.begin(Call(origin: origin, called: "0")).result
    }
}
