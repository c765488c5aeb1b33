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

    /// The line or trunk of an attempt.
    init(_ via: Via) {
        switch via {
        case .externalLine(let name): self = .externalLine(name)
        case .sipTrunk(let id): self = .sipTrunk(id)
        }
    }

    /// The simulator's target this stands for: its text and JSON are the route trace's.
    public var target: Target {
        switch self {
        case .user(let name): return .user(name)
        case .externalLine(let name): return .externalLine(name)
        case .sipTrunk(let id): return .sipTrunk(id)
        case .routingGroup(let id): return .routingGroup(id)
        case .huntingGroup(let id): return .huntingGroup(id)
        }
    }

    /// `local user 101`, `SIP trunk 3`, … as the route trace names them.
    public var description: String { target.text }
}

/// A caller number in a signature: the origin's own (as caller analysis left it, or refined by
/// a refine-caller group), or a number the line or trunk presents of its own.
///
/// The origin's caller stays symbolic, so that origins with different numbers share rows; an
/// origin class turns it into a rewrite of its caller number (`SpaceExplorer.callerRewrite`).
public enum CallerValue: Hashable, Sendable {
    /// The origin's caller after caller analysis, refined by this group (nil: not refined).
    case origin(refinedBy: CallerRefineGroupID?)
    case constant(String)
}

/// The maximum duration of a signature: the smallest non-zero of the record's and the first
/// line's limits (`others`) and, when `includesCaller`, the calling local user's own.
public struct DurationLimit: Hashable, Sendable {
    public var others: Int
    public var includesCaller: Bool

    /// The limit in seconds for an origin whose own limit is `callerLimit` (0: none).
    public func seconds(callerLimit: Int) -> Int { includesCaller ? smallestDurationLimit(callerLimit, others) : others }
}

/// One outgoing attempt of a signature.
public struct SignatureAttempt: Hashable, Sendable {
    /// `line NAME` or `trunk ID` as a value.
    public var via: SignatureTarget
    /// The number sent on this attempt, as a rewrite of the dialled number.
    public var called: Rewrite
    public var caller: CallerValue
    public var isFailover: Bool

    /// A result's attempts with the numbers the observer followed; `caller` is the value of an
    /// attempt that presents the origin's caller.
    static func list(_ attempts: [Attempt], seen: [ObservedAttempt], caller: CallerValue, region: NumberRegion) -> [SignatureAttempt] {
        zip(attempts, seen).map { attempt, seen in
            SignatureAttempt(
                via: SignatureTarget(attempt.via), called: Rewrite(cells: seen.called, minLength: region.minLength),
                caller: seen.caller == nil ? .constant(attempt.caller) : caller, isFailover: attempt.isFailover)
        }
    }

    /// The first difference between `actual` and `expected` for the call that dialled `dialled`
    /// (`concrete` gives a caller value's number); nil when there is none.
    static func mismatch(
        _ actual: [Attempt], _ expected: [SignatureAttempt], dialled: String, concrete: (CallerValue) -> String, _ what: String
    ) -> String? {
        if actual.count != expected.count { return "\(what)\(actual.count) attempts ≠ \(expected.count)" }
        for (n, (a, s)) in zip(actual, expected).enumerated() {
            if SignatureTarget(a.via) != s.via || a.isFailover != s.isFailover { return "\(what)attempt \(n + 1) via" }
            let sent = s.called.apply(to: dialled)
            if a.called != sent { return "\(what)attempt \(n + 1) called \(a.called) ≠ \(sent)" }
            let presented = concrete(s.caller)
            if a.caller != presented { return "\(what)attempt \(n + 1) caller \(a.caller) ≠ \(presented)" }
        }
        return nil
    }
}

/// The follow-me destinations of a signature's called user: when each starts ringing and where
/// it routes, as a call the user forwards (its numbers are the plan's own; its callers are
/// symbolic as the signature's are).
public struct FollowMeSignature: Hashable, Sendable {
    /// `fmtype`, and the strategy `followMeType1` reads it as.
    public var type: Int
    public var strategy: Assumptions.FollowMeStrategy
    /// `fminterval`.
    public var interval: Int
    public var destinations: [Destination]

    public struct Destination: Hashable, Sendable {
        public var number: String
        /// Seconds after the call reaches the user.
        public var after: Int
        public var outcome: Outcome
        public var target: SignatureTarget?
        public var release: ReleaseReason?
        public var attempts: [SignatureAttempt]
    }

    /// The callers of the two follow-me's attempts, in order, when they are alike but for
    /// those callers (no follow-me in either counts as alike); nil when they differ otherwise.
    static func callerPairs(_ old: FollowMeSignature?, _ new: FollowMeSignature?) -> [(CallerValue, CallerValue)]? {
        guard let old, let new else { return old == nil && new == nil ? [] : nil }
        guard old.type == new.type, old.strategy == new.strategy, old.interval == new.interval,
            old.destinations.count == new.destinations.count
        else { return nil }
        var pairs: [(CallerValue, CallerValue)] = []
        for (a, b) in zip(old.destinations, new.destinations) {
            guard a.number == b.number, a.after == b.after, a.outcome == b.outcome, a.target == b.target, a.release == b.release,
                a.attempts.count == b.attempts.count
            else { return nil }
            for (x, y) in zip(a.attempts, b.attempts) {
                guard x.via == y.via, x.called == y.called, x.isFailover == y.isFailover else { return nil }
                pairs.append((x.caller, y.caller))
            }
        }
        return pairs
    }

    /// The follow-me of a run, `observers` being the destinations' observers and `callers` the
    /// caller value each destination's refine group leaves.
    init(_ followMe: FollowMe, observers: [CallObserver], callers: [CallerValue], region: NumberRegion) {
        type = followMe.type
        strategy = followMe.strategy
        interval = followMe.interval
        destinations = zip(followMe.destinations, zip(observers, callers)).map { destination, seen in
            Destination(
                number: destination.number, after: destination.after, outcome: destination.outcome,
                target: destination.target.map(SignatureTarget.init), release: destination.release?.reason,
                attempts: SignatureAttempt.list(destination.attempts, seen: seen.0.attempts, caller: seen.1, region: region))
        }
    }
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
    public var maxDuration: DurationLimit
    /// A hunting group's strategy and operators in try order.
    public var huntingStrategy: String?
    public var huntingOperators: [String]
    /// Who rings when the called user is in a ring group.
    public var ringGroup: RingGroupRinging?
    public var followMe: FollowMeSignature?

    /// The signature of a run: its result, with the numbers the observer followed.
    init(
        result: RouteResult, observer: CallObserver, region: NumberRegion, caller: CallerValue, duration: DurationLimit,
        followMe: FollowMeSignature?
    ) {
        outcome = result.outcome
        target = result.target.map(SignatureTarget.init)
        release = result.release?.reason
        dialPlan = result.dialPlan
        called = Rewrite(cells: observer.called, minLength: region.minLength)
        self.caller = caller
        attempts = SignatureAttempt.list(result.attempts, seen: observer.attempts, caller: caller, region: region)
        maxDuration = duration
        huntingStrategy = result.huntingGroup.map { "\($0.strategy)" }
        huntingOperators = result.huntingGroup?.operators ?? []
        ringGroup = result.ringGroup
        self.followMe = followMe
    }

    /// Whether `result` is what this signature says for the call that dialled `dialled` from an
    /// origin whose caller number is `caller`, whose caller (as caller analysis and a refine
    /// group leave it) is `callerRewrite`, and whose own duration limit is `callerLimit`.
    public func describes(
        _ result: RouteResult, dialled: String, caller: String, callerRewrite: (CallerRefineGroupID?) -> Rewrite, callerLimit: Int
    ) -> Bool {
        mismatch(result, dialled: dialled, caller: caller, callerRewrite: callerRewrite, callerLimit: callerLimit) == nil
    }

    /// The first field where `result` differs from this signature, for test messages; nil when
    /// it does not.
    public func mismatch(
        _ result: RouteResult, dialled: String, caller callerNumber: String, callerRewrite: (CallerRefineGroupID?) -> Rewrite,
        callerLimit: Int
    ) -> String? {
        func concrete(_ value: CallerValue) -> String {
            switch value {
            case .origin(let group): return callerRewrite(group).apply(to: callerNumber)
            case .constant(let number): return number
            }
        }
        if result.outcome != outcome { return "outcome \(result.outcome) ≠ \(outcome)" }
        if result.target.map(SignatureTarget.init) != target { return "target \(String(describing: result.target))" }
        if result.release?.reason != release { return "release \(String(describing: result.release?.reason))" }
        if result.dialPlan != dialPlan { return "dial plan \(result.dialPlan) ≠ \(dialPlan)" }
        let calledNow = called.apply(to: dialled)
        if result.called != calledNow { return "called \(result.called) ≠ \(calledNow)" }
        let callerNow = concrete(caller)
        if result.caller != callerNow { return "caller \(result.caller) ≠ \(callerNow)" }
        let seconds = maxDuration.seconds(callerLimit: callerLimit)
        if result.maxDuration != seconds { return "max duration \(result.maxDuration) ≠ \(seconds)" }
        if result.huntingGroup.map({ "\($0.strategy)" }) != huntingStrategy || (result.huntingGroup?.operators ?? []) != huntingOperators {
            return "hunting group"
        }
        if let problem = SignatureAttempt.mismatch(result.attempts, attempts, dialled: dialled, concrete: concrete, "") {
            return problem
        }
        if result.ringGroup != ringGroup { return "ring group \(String(describing: result.ringGroup))" }
        guard let actual = result.followMe, let followMe else {
            return result.followMe == nil && followMe == nil ? nil : "follow-me \(String(describing: result.followMe))"
        }
        if actual.type != followMe.type || actual.strategy != followMe.strategy || actual.interval != followMe.interval
            || actual.destinations.count != followMe.destinations.count
        {
            return "follow-me \(actual)"
        }
        for (a, s) in zip(actual.destinations, followMe.destinations) {
            let what = "follow-me destination \(a.number): "
            if a.number != s.number || a.after != s.after { return what + "number or delay" }
            if a.outcome != s.outcome || a.target.map(SignatureTarget.init) != s.target || a.release?.reason != s.release {
                return what + "outcome \(a.outcome) \(String(describing: a.target))"
            }
            if let problem = SignatureAttempt.mismatch(a.attempts, s.attempts, dialled: dialled, concrete: concrete, what) {
                return problem
            }
        }
        return nil
    }
}
