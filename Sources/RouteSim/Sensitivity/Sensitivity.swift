import DialPlan

/// How far an answer leans on guesses (docs/semantics.md §9): the call re-run under every
/// alternative value of every assumption its answer rests on, and what each alternative changes
/// — the outcome, the target, the attempts, the numbers sent, who rings.
public struct Sensitivity: Sendable, Equatable {
    /// The assumptions the answer rests on that were varied, as `name=value` (the value in force),
    /// in catalogue order. What-ifs (`userState`) are live state, not guesses, and are not varied.
    public var assumptions: [String]
    /// Every alternative tried, in catalogue order.
    public var alternatives: [Alternative]

    /// One alternative value of one assumption, and what it changes.
    public struct Alternative: Sendable, Equatable {
        public var assumption: Assumptions.Name
        public var value: String
        /// What the answer becomes under it, one sentence per difference; empty: the same answer.
        public var changes: [String]

        /// `stripOutGroupPrefix=allOutgoing`.
        public var setting: String { "\(assumption)=\(value)" }

        public init(assumption: Assumptions.Name, value: String, changes: [String]) {
            self.assumption = assumption
            self.value = value
            self.changes = changes
        }
    }

    public init(assumptions: [String], alternatives: [Alternative]) {
        self.assumptions = assumptions
        self.alternatives = alternatives
    }

    /// The answer is the same under every alternative.
    public var holds: Bool { alternatives.allSatisfy { $0.changes.isEmpty } }

    /// The alternatives that change the answer.
    public var changing: [Alternative] { alternatives.filter { !$0.changes.isEmpty } }
}

extension Simulator {
    /// Re-runs `call` under every alternative value (`AssumptionInfo.alternatives`) of every
    /// assumption its answer cites, and reports what each changes.
    ///
    /// `simulatorFor` gives the simulator of other assumptions (default: `with(_:)`; a caller
    /// that analyses many calls passes a cache).
    public func sensitivity(of call: Call, simulatorFor: ((Assumptions) -> Simulator)? = nil) throws(CallError) -> Sensitivity {
        let answer = try routeCiting(call)
        return sensitivity(of: call, answer: answer, simulatorFor: simulatorFor)
    }

    /// The same for an answer computed already: `answer` must carry its citations (`route` or
    /// `routeCiting`, not `routeFast`).
    public func sensitivity(
        of call: Call, answer: RouteResult, simulatorFor: ((Assumptions) -> Simulator)? = nil
    ) -> Sensitivity {
        let base = assumptions
        var varied: [String] = []
        var alternatives: [Sensitivity.Alternative] = []
        for name in answer.cited.names where name.info.kind != .whatIf {
            varied.append(base.cite(name))
            for value in name.info.alternatives(to: base, dialPlans: model.dialPlanNames) {
                var other = base
                // Every alternative comes from the catalogue, so it is a value the assumption takes.
                try! other.set(name.text, to: value)
                let simulator = simulatorFor?(other) ?? with(other)
                let changes: [String]
                do {
                    changes = answer.differences(to: try simulator.routeFast(call))
                } catch {
                    changes = ["the call cannot be simulated: \(error.message)"]
                }
                alternatives.append(Sensitivity.Alternative(assumption: name, value: value, changes: changes))
            }
        }
        return Sensitivity(assumptions: varied, alternatives: alternatives)
    }
}

extension RouteResult {
    /// How `other` differs from this answer where a caller would notice: the outcome (and
    /// reason), the target, the attempts and the numbers sent on them, who rings (ring group,
    /// follow-me, hunting operators). One sentence per difference: `external line 6001
    /// receives 92002 instead of 2002`.
    public func differences(to other: RouteResult) -> [String] {
        var out: [String] = []
        func said(_ r: RouteResult) -> String { r.outcome.rawValue + (r.release.map { " (\($0.reason.rawValue))" } ?? "") }
        if said(self) != said(other) { out.append("the call ends \(said(other)) instead of \(said(self))") }
        if target != other.target {
            out.append("it goes to \(other.target?.text ?? "no target") instead of \(target?.text ?? "no target")")
        }
        out += Attempt.differences(attempts, other.attempts)
        if ringGroup?.ringing != other.ringGroup?.ringing {
            out.append("ringing \(Self.list(other.ringGroup?.ringing)) instead of \(Self.list(ringGroup?.ringing))")
        }
        if huntingGroup?.operators != other.huntingGroup?.operators {
            out.append("operators \(Self.list(other.huntingGroup?.operators)) instead of \(Self.list(huntingGroup?.operators))")
        }
        out += FollowMe.differences(followMe, other.followMe)
        return out
    }

    static func list(_ names: [String]?) -> String {
        guard let names, !names.isEmpty else { return "(none)" }
        return names.joined(separator: ", ")
    }
}

extension Attempt {
    /// The attempts as `a`, then `b`: where they leave, and the numbers sent on each.
    static func differences(_ a: [Attempt], _ b: [Attempt]) -> [String] {
        if a.map(\.via) != b.map(\.via) {
            func vias(_ list: [Attempt]) -> String { list.isEmpty ? "none" : list.map(\.via.text).joined(separator: ", ") }
            return ["attempts \(vias(b)) instead of \(vias(a))"]
        }
        var out: [String] = []
        for (i, (x, y)) in zip(a, b).enumerated() {
            let unique = a.filter { $0.via == x.via }.count == 1
            let which = unique ? x.via.text : "attempt \(i + 1) (\(x.via.text))"
            if x.called != y.called { out.append("\(which) receives \(y.called) instead of \(x.called)") }
            if x.caller != y.caller { out.append("\(which) presents \(y.caller) instead of \(x.caller)") }
            if x.isFailover != y.isFailover {
                out.append(
                    "\(which) is \(y.isFailover ? "a failover" : "no failover") instead of \(x.isFailover ? "a failover" : "no failover")")
            }
            if x.blocked != y.blocked {
                out.append(
                    "\(which) is \(y.blocked.map { "blocked (\($0.rawValue))" } ?? "open") instead of \(x.blocked.map { "blocked (\($0.rawValue))" } ?? "open")"
                )
            }
        }
        return out
    }
}

extension FollowMe {
    static func differences(_ a: FollowMe?, _ b: FollowMe?) -> [String] {
        guard a != b else { return [] }
        guard let a, let b else { return ["follow-me \(b == nil ? "does not ring" : "rings")"] }
        if a.destinations.map(\.number) != b.destinations.map(\.number) {
            return [
                "follow-me rings \(b.destinations.map(\.number).joined(separator: ", ")) instead of \(a.destinations.map(\.number).joined(separator: ", "))"
            ]
        }
        var out: [String] = []
        for (x, y) in zip(a.destinations, b.destinations) {
            if x.after != y.after { out.append("follow-me destination \(x.number) rings after \(y.after) s instead of \(x.after) s") }
            let was = RouteResult.summary(outcome: x.outcome, target: x.target, targetName: nil, release: x.release, attempts: x.attempts)
            let now = RouteResult.summary(outcome: y.outcome, target: y.target, targetName: nil, release: y.release, attempts: y.attempts)
            if was != now { out.append("follow-me destination \(x.number) routes \(now) instead of \(was)") }
        }
        return out
    }
}
