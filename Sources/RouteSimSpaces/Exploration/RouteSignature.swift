import DialPlan
import RouteSim

/// Where a call ends, as a value that can be compared and hashed.
public enum SignatureTarget: Hashable, Sendable, CustomStringConvertible {
    case user(String)
    case externalLine(String)
    case sipTrunk(TrunkID)
    case routingGroup(RoutingGroupID)
    case huntingGroup(HuntingGroupID)

    init(_ target: Target) {
        switch target {
        case .user(let name): self = .user(name)
        case .externalLine(let name): self = .externalLine(name)
        case .sipTrunk(let id): self = .sipTrunk(id)
        case .routingGroup(let id): self = .routingGroup(id)
        case .huntingGroup(let id): self = .huntingGroup(id)
        }
    }

    /// `local user 101`, `SIP trunk 3`, … as the route trace names them.
    public var description: String {
        switch self {
        case .user(let name): return "local user \(name)"
        case .externalLine(let name): return "external line \(name)"
        case .sipTrunk(let id): return "SIP trunk \(id)"
        case .routingGroup(let id): return "routing group \(id)"
        case .huntingGroup(let id): return "hunting group \(id)"
        }
    }
}

/// A caller number in a signature: derived from the origin's caller number, or a number of the
/// line or trunk's own.
public enum CallerValue: Hashable, Sendable {
    case origin(Rewrite)
    case constant(String)

    public func apply(toCaller caller: String) -> String {
        switch self {
        case .origin(let rewrite): return rewrite.apply(to: caller)
        case .constant(let number): return number
        }
    }

    /// For people: `the caller`, `prepend +4930 to the caller`, or the number itself.
    public var text: String {
        switch self {
        case .constant(let number): return number
        case .origin(let rewrite):
            if rewrite.isIdentity { return "the caller" }
            return "caller: " + rewrite.text(input: "caller", symbol: "c")
        }
    }
}

/// One outgoing attempt of a signature.
public struct SignatureAttempt: Hashable, Sendable {
    /// `line NAME` or `trunk ID` as a value.
    public var via: SignatureTarget
    /// The number sent on this attempt, as a rewrite of the dialled number.
    public var called: Rewrite
    public var caller: CallerValue
    public var isFailover: Bool
}

/// What every number of a region does, for one origin class: the outcome, the target, the
/// ordered attempts with the numbers each sends (as rewrites of the dialled number and of the
/// origin's caller), the dial plan, the release reason and the maximum duration.
///
/// It is the route result with the numbers made symbolic: `describes(_:dialled:caller:)` checks
/// a concrete result against it.
public struct RouteSignature: Hashable, Sendable {
    public var outcome: Outcome
    public var target: SignatureTarget?
    public var release: ReleaseReason?
    /// The dial plan in force when analysis ended.
    public var dialPlan: String
    /// The called number after analysis, before any per-attempt refine.
    public var called: Rewrite
    public var caller: CallerValue
    public var attempts: [SignatureAttempt]
    public var maxDuration: Int
    /// A hunting group's strategy and operators in try order.
    public var huntingStrategy: String?
    public var huntingOperators: [String]

    /// The signature of a run: its result, with the numbers the observer followed.
    init(result: RouteResult, observer: CallObserver, region: NumberRegion, caller: Rewrite) {
        outcome = result.outcome
        target = result.target.map(SignatureTarget.init)
        release = result.release?.reason
        dialPlan = result.dialPlan
        called = Rewrite(cells: observer.called, minLength: region.minLength)
        self.caller = .origin(caller)
        attempts = zip(result.attempts, observer.attempts).map { attempt, seen in
            let via: SignatureTarget
            switch attempt.via {
            case .externalLine(let name): via = .externalLine(name)
            case .sipTrunk(let id): via = .sipTrunk(id)
            }
            return SignatureAttempt(
                via: via, called: Rewrite(cells: seen.called, minLength: region.minLength),
                caller: seen.caller == nil ? .constant(attempt.caller) : .origin(caller), isFailover: attempt.isFailover)
        }
        maxDuration = result.maxDuration
        huntingStrategy = result.huntingGroup.map { "\($0.strategy)" }
        huntingOperators = result.huntingGroup?.operators ?? []
    }

    /// Whether `result` is what this signature says for the call that dialled `dialled` from an
    /// origin whose caller number is `caller`.
    public func describes(_ result: RouteResult, dialled: String, caller callerNumber: String) -> Bool {
        mismatch(result, dialled: dialled, caller: callerNumber) == nil
    }

    /// The first field where `result` differs from this signature, for test messages; nil when
    /// it does not.
    public func mismatch(_ result: RouteResult, dialled: String, caller callerNumber: String) -> String? {
        if result.outcome != outcome { return "outcome \(result.outcome) ≠ \(outcome)" }
        if result.target.map(SignatureTarget.init) != target { return "target \(String(describing: result.target))" }
        if result.release?.reason != release { return "release \(String(describing: result.release?.reason))" }
        if result.dialPlan != dialPlan { return "dial plan \(result.dialPlan) ≠ \(dialPlan)" }
        let calledNow = called.apply(to: dialled)
        if result.called != calledNow { return "called \(result.called) ≠ \(calledNow)" }
        let callerNow = caller.apply(toCaller: callerNumber)
        if result.caller != callerNow { return "caller \(result.caller) ≠ \(callerNow)" }
        if result.maxDuration != maxDuration { return "max duration \(result.maxDuration) ≠ \(maxDuration)" }
        if result.huntingGroup.map({ "\($0.strategy)" }) != huntingStrategy || (result.huntingGroup?.operators ?? []) != huntingOperators {
            return "hunting group"
        }
        if result.attempts.count != attempts.count { return "\(result.attempts.count) attempts ≠ \(attempts.count)" }
        for (n, (a, s)) in zip(result.attempts, attempts).enumerated() {
            let via: SignatureTarget
            switch a.via {
            case .externalLine(let name): via = .externalLine(name)
            case .sipTrunk(let id): via = .sipTrunk(id)
            }
            if via != s.via || a.isFailover != s.isFailover { return "attempt \(n + 1) via" }
            let sent = s.called.apply(to: dialled)
            if a.called != sent { return "attempt \(n + 1) called \(a.called) ≠ \(sent)" }
            let presented = s.caller.apply(toCaller: callerNumber)
            if a.caller != presented { return "attempt \(n + 1) caller \(a.caller) ≠ \(presented)" }
        }
        return nil
    }
}
