import DialPlan
import RouteSim

extension Rewrite {
    /// `{"text": "strip 1, prepend 0086", "segments": [{"literal": "0086"}, {"from": 1}]}`.
    public var jsonValue: JSONValue {
        .object([
            ("text", .string(text())),
            (
                "segments",
                .array(
                    segments.map { segment in
                        switch segment {
                        case .literal(let text): return .object([("literal", .string(text))])
                        case .input(let from, let to):
                            var members: [(String, JSONValue)] = [("from", .int(from))]
                            if let to { members.append(("to", .int(to))) }
                            return .object(members)
                        }
                    })
            ),
        ])
    }
}

/// What the origins of a row make of a signature's symbolic parts: the caller each refine group
/// (or none) leaves them, and their own duration limits.
public struct OriginView {
    /// The caller rewrite every origin of the row presents after this group (nil: not refined),
    /// or nil when they differ.
    public var callerRewrite: (CallerRefineGroupID?) -> Rewrite?
    /// The distinct `maxdura` of the row's origins (0 for origins other than local users).
    public var callerLimits: Set<Int>

    public init(callerRewrite: @escaping (CallerRefineGroupID?) -> Rewrite?, callerLimits: Set<Int>) {
        self.callerRewrite = callerRewrite
        self.callerLimits = callerLimits
    }
}

extension CallerValue {
    /// For people: nil when the origins present their caller as it arrived; else `caller:
    /// prepend +4930`, or what the caller is when the origins differ.
    func text(_ view: OriginView) -> String? {
        switch self {
        case .constant(let number): return "caller \(number)"
        case .origin(let group):
            if let rewrite = view.callerRewrite(group) {
                return rewrite.isIdentity ? nil : "caller: " + rewrite.text(input: "caller", symbol: "c")
            }
            return group.map { "caller: the origin's, refined by group \($0)" } ?? "caller: the origin's after caller analysis"
        }
    }

    /// `{"number": …}` for a number of the line's or trunk's own; `{"refineGroup": …, "text":
    /// …, "segments": …}` for the origin's (the rewrite when every origin of the row shares it).
    func jsonValue(_ view: OriginView) -> JSONValue {
        switch self {
        case .constant(let number): return .object([("number", .string(number))])
        case .origin(let group):
            var members: [(String, JSONValue)] = [("origin", .bool(true))]
            if let group { members.append(("refineGroup", .int(group.rawValue))) }
            if let rewrite = view.callerRewrite(group), case .object(let parts) = rewrite.jsonValue {
                members.append(("text", .string(rewrite.text(input: "caller", symbol: "c"))))
                members += parts.dropFirst()
            }
            return .object(members)
        }
    }
}

extension DurationLimit {
    /// The limit for the view's origins: one number of seconds when they agree, else nil.
    func seconds(_ view: OriginView) -> Int? {
        guard includesCaller else { return others }
        let values = Set(view.callerLimits.map { seconds(callerLimit: $0) })
        return values.count == 1 ? values.first : nil
    }

    func text(_ view: OriginView) -> String? {
        if let seconds = seconds(view) { return seconds > 0 ? "max \(seconds) s" : nil }
        return others > 0 ? "max \(others) s or the caller's maxdura if smaller" : "max: the caller's maxdura"
    }

    func jsonValue(_ view: OriginView) -> JSONValue {
        if let seconds = seconds(view) { return .int(seconds) }
        return .object([("limit", .int(others)), ("callerLimit", .bool(true))])
    }
}

extension SignatureTarget {
    /// The target as `route --format json` writes it.
    public var jsonValue: JSONValue { target.jsonValue }

    /// `trunk:3`, `line:pstn-gw`, `group:1`, `user:101`, `hunt:1`: how `reach --to` names it.
    public var spec: String {
        switch self {
        case .user(let name): return "user:\(name)"
        case .externalLine(let name): return "line:\(name)"
        case .sipTrunk(let id): return "trunk:\(id)"
        case .routingGroup(let id): return "group:\(id)"
        case .huntingGroup(let id): return "hunt:\(id)"
        }
    }
}

extension RouteSignature {
    /// One line for people: the outcome, where the call goes, each attempt with the number it
    /// sends, then the caller and the duration limit when they say something.
    ///
    /// `SIP trunk 3 [strip 1, prepend 0086]`; `routing group 1: SIP trunk 1 [strip 2; caller
    /// 2125550100] → SIP trunk 2 failover [prepend 00, strip 1] · caller: prepend +1 · max 1800 s`.
    public func summary(startPlan: String? = nil, view: OriginView) -> String {
        let hunting = huntingStrategy.map { "\($0): \(huntingOperators.joined(separator: ", "))" }
        var text = Self.end(outcome, target, release, attempts, hunting: hunting, caller: caller, view: view)
        if let ringGroup {
            text +=
                ringGroup.ringing.count == 1
                ? " · ring group \(ringGroup.group): only \(ringGroup.ringing[0]) rings"
                : " · ring group \(ringGroup.group): \(ringGroup.ringing.joined(separator: ", ")) ring"
        }
        if let followMe {
            let every = followMe.strategy == .sequential ? " every \(followMe.interval) s" : ""
            text += " · follow-me \(followMe.strategy.rawValue)\(every): "
            text += followMe.destinations.map { d in
                "\(d.number) after \(d.after) s → \(Self.end(d.outcome, d.target, d.release, d.attempts, hunting: nil, caller: caller, view: view))"
            }.joined(separator: "; ")
        }
        if outcome != .autoAttendant, let callerText = caller.text(view) { text += " · \(callerText)" }
        if let durationText = maxDuration.text(view) { text += " · \(durationText)" }
        if let startPlan, dialPlan != startPlan { text += " · in dial plan \(dialPlan)" }
        return text
    }

    /// How a call ends, for people: the outcome and the target, or the attempts with the
    /// numbers each sends (`hunting`: the strategy and operators of a hunting group). An
    /// attempt's caller is named when it is not `caller` (the call's, named after it).
    static func end(
        _ outcome: Outcome, _ target: SignatureTarget?, _ release: ReleaseReason?, _ attempts: [SignatureAttempt], hunting: String?,
        caller: CallerValue, view: OriginView
    ) -> String {
        switch outcome {
        case .released, .rejected:
            return "\(outcome.rawValue): \(release?.rawValue ?? "")"
        case .localUser:
            return target?.description ?? "local user"
        case .huntingGroup:
            let group = target?.description ?? "hunting group"
            return hunting.map { "\(group) (\($0))" } ?? group
        case .voicemail:
            return "voice mail of \(target?.description ?? "the user")"
        case .intercept:
            return "intercepted"
        case .autoAttendant:
            return "auto attendant of \(target?.description ?? "the line")"
        case .externalLine, .sipTrunk, .routingGroup:
            let attemptsText = attempts.map { a in
                var inner = a.called.text()
                if a.caller != caller {
                    inner += "; " + (a.caller.text(view) ?? "caller: the origin's after caller analysis")
                }
                return "\(a.via)\(a.isFailover ? " failover" : "") [\(inner)]"
            }.joined(separator: " → ")
            if outcome == .routingGroup, let target { return "\(target): \(attemptsText)" }
            return attemptsText
        }
    }

    /// The signature as a JSON object (docs/formats.md, `map`).
    public func jsonValue(_ view: OriginView) -> JSONValue {
        var members: [(String, JSONValue)] = [("outcome", .string(outcome.rawValue))]
        if let target { members.append(("target", target.jsonValue)) }
        if let release { members.append(("reason", .string(release.rawValue))) }
        members.append(("dialPlan", .string(dialPlan)))
        members.append(("called", called.jsonValue))
        members.append(("caller", caller.jsonValue(view)))
        members.append(("attempts", Self.jsonArray(attempts, view)))
        members.append(("maxDuration", maxDuration.jsonValue(view)))
        if let huntingStrategy {
            members.append(
                (
                    "huntGroup",
                    .object([("strategy", .string(huntingStrategy)), ("operators", .array(huntingOperators.map { .string($0) }))])
                ))
        }
        if let ringGroup { members.append(("ringGroup", ringGroup.jsonValue)) }
        if let followMe {
            let destinations: [JSONValue] = followMe.destinations.map { d in
                var fields: [(String, JSONValue)] = [("number", .string(d.number)), ("after", .int(d.after))]
                fields.append(("outcome", .string(d.outcome.rawValue)))
                if let target = d.target { fields.append(("target", target.jsonValue)) }
                if let release = d.release { fields.append(("reason", .string(release.rawValue))) }
                fields.append(("attempts", Self.jsonArray(d.attempts, view)))
                return .object(fields)
            }
            members.append(
                (
                    "followMe",
                    .object([
                        ("fmtype", .int(followMe.type)), ("strategy", .string(followMe.strategy.rawValue)),
                        ("fminterval", .int(followMe.interval)), ("destinations", .array(destinations)),
                    ])
                ))
        }
        return .object(members)
    }

    /// Attempts as `attempts` of the JSON: the line or trunk, the number sent as a rewrite, the
    /// caller for the view's origins, and whether it is a failover.
    static func jsonArray(_ attempts: [SignatureAttempt], _ view: OriginView) -> JSONValue {
        .array(
            attempts.map { a in
                let via: (String, JSONValue)
                switch a.via {
                case .sipTrunk(let id): via = ("servID", .int(id.rawValue))
                case .externalLine(let name): via = ("extLine", .string(name))
                default: via = ("target", a.via.jsonValue)
                }
                return .object([
                    via, ("called", a.called.jsonValue), ("caller", a.caller.jsonValue(view)), ("failover", .bool(a.isFailover)),
                ])
            })
    }
}
