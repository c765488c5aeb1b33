import DialPlan

extension Target {
    /// `{"usrname": …}`, `{"extLine": …}`, `{"servID": …}`, `{"groupID": …}`, `{"grpID": …}`.
    public var jsonValue: JSONValue {
        switch self {
        case .user(let name): return .object([("usrname", .string(name))])
        case .externalLine(let name): return .object([("extLine", .string(name))])
        case .sipTrunk(let id): return .object([("servID", .int(id.rawValue))])
        case .routingGroup(let id): return .object([("groupID", .int(id.rawValue))])
        case .huntingGroup(let id): return .object([("grpID", .int(id.rawValue))])
        }
    }

    /// The target as people read it: `local user 100`, `SIP trunk 3`.
    public var text: String {
        switch self {
        case .user(let name): return "local user \(name)"
        case .externalLine(let name): return "external line \(name)"
        case .sipTrunk(let id): return "SIP trunk \(id)"
        case .routingGroup(let id): return "routing group \(id)"
        case .huntingGroup(let id): return "hunting group \(id)"
        }
    }

    /// The target with its name beside the ID, when it has one: `SIP trunk 3 "carrier B"`.
    public func text(name: String?) -> String { text + Self.nameSuffix(name) }

    /// ` "NAME"`, or nothing without a name.
    package static func nameSuffix(_ name: String?) -> String {
        guard let name else { return "" }
        var quoted = ""
        JSONValue.writeString(name, into: &quoted)
        return " " + quoted
    }

    /// The target as JSON, with `name` beside the ID when it has one.
    func jsonValue(name: String?) -> JSONValue {
        guard let name, case .object(var members) = jsonValue else { return jsonValue }
        members.append(("name", .string(name)))
        return .object(members)
    }
}

extension Attempt {
    /// `SIP trunk 1 "carrier A (US)"`: where the attempt leaves, with its name.
    public var viaText: String { via.text + Target.nameSuffix(name) }

    /// `{"servID": 1, "name": …, "called": …, "caller": …, "failover": …}`, and `blocked` when
    /// the live state refuses the attempt.
    var jsonValue: JSONValue {
        // Room for every member at once: grown one append at a time, the list was copied twice.
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(6)
        members.append(via.jsonMember)
        if let name { members.append(("name", .string(name))) }
        members += [("called", .string(called)), ("caller", .string(caller)), ("failover", .bool(isFailover))]
        if let blocked { members.append(("blocked", .string(blocked.rawValue))) }
        return .object(members)
    }

    /// The attempts as `route --format json` writes them.
    static func jsonArray(_ attempts: [Attempt]) -> JSONValue { .array(attempts.map(\.jsonValue)) }
}

extension Via {
    var jsonMember: (String, JSONValue) {
        switch self {
        case .externalLine(let name): return ("extLine", .string(name))
        case .sipTrunk(let id): return ("servID", .int(id.rawValue))
        }
    }

    /// `external line intl`, `SIP trunk 3`.
    public var text: String {
        switch self {
        case .externalLine(let name): return "external line \(name)"
        case .sipTrunk(let id): return "SIP trunk \(id)"
        }
    }
}

extension TraceStep {
    /// The step as a JSON object (`steps` in docs/formats.md).
    public var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [("stage", .string(stage.rawValue))]
        if let table {
            members.append(("table", .string(table.rawValue)))
            members.append(("key", table.keyJSON(key)))
        }
        if let name { members.append(("name", .string(name))) }
        if let before { members.append(("before", .string(before))) }
        if let after { members.append(("after", .string(after))) }
        if let assumption { members.append(("assumption", .string(assumption))) }
        if assumptions.count > 1 { members.append(("assumptions", .array(assumptions.map { .string($0) }))) }
        members.append(("detail", .string(detail)))
        return .object(members)
    }
}

extension RouteResult {
    /// The result as `routesim route --format json` prints it (docs/formats.md).
    public var jsonValue: JSONValue {
        // Room for every member at once (and the two a batch line puts first): grown one append
        // at a time, the list was copied four times.
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(16)
        members.append(("outcome", .string(outcome.rawValue)))
        if let target { members.append(("target", target.jsonValue(name: targetName))) }
        members.append(("dialPlan", .string(dialPlan)))
        members.append(("caller", .string(caller)))
        members.append(("called", .string(called)))
        if typedCalled != nil || typedCaller != nil {
            var typed: [(String, JSONValue)] = []
            if let typedCalled { typed.append(("called", .string(typedCalled))) }
            if let typedCaller { typed.append(("caller", .string(typedCaller))) }
            members.append(("typed", .object(typed)))
        }
        members.append(("attempts", Attempt.jsonArray(attempts)))
        if let release {
            members.append(("reason", .string(release.reason.rawValue)))
            members.append(("message", .string(release.message)))
        }
        members.append(("maxDuration", .int(maxDuration)))
        if let order = huntingGroup { members.append(("huntGroup", order.jsonValue)) }
        if let ringGroup { members.append(("ringGroup", ringGroup.jsonValue)) }
        if let followMe { members.append(("followMe", followMe.jsonValue)) }
        members.append(("steps", .array(steps.map(\.jsonValue))))
        return .object(members)
    }

    /// The target with its name, as the text formats print it (empty without a target).
    public var targetText: String { target?.text(name: targetName) ?? "" }

    /// One line: `externalLine  external line line1  via external line line1 [2002]` (control
    /// characters not yet escaped: the caller prints it in a line of its own).
    public var summaryText: String {
        Self.summary(outcome: outcome, target: target, targetName: targetName, release: release, attempts: attempts)
    }

    static func summary(outcome: Outcome, target: Target?, targetName: String?, release: Release?, attempts: [Attempt]) -> String {
        var parts = [outcome.rawValue]
        if let target { parts.append(target.text(name: targetName)) }
        if let release { parts.append("(\(release.reason.rawValue)) \(release.message)") }
        if !attempts.isEmpty {
            parts.append(
                "via "
                    + attempts.map { "\($0.viaText) [\($0.called)]\($0.blocked.map { " (\($0.rawValue))" } ?? "")" }.joined(
                        separator: ", "))
        }
        return parts.joined(separator: "  ")
    }

    /// The readable trace: one block per step (stage, numbers, record with its name the first
    /// time it is cited, what happened, the assumption that decided), then the destination and
    /// the ordered outgoing attempts, names beside IDs.
    ///
    /// Every line is one line: control characters from the plan or the call (an escape
    /// sequence, a newline in a name) are written out (`escapingControlCharacters`).
    public var traceText: String {
        var out = ""
        var named = Set<RecordID>()
        func line(_ text: String) { out += text.escapingControlCharacters + "\n" }
        let indent = String(repeating: " ", count: 21)
        for (i, step) in steps.enumerated() {
            var head = "\(String(i + 1).leftPadded(3))  \(step.stage.rawValue.rightPadded(16))"
            var facts: [String] = []
            if let before = step.before, let after = step.after, before != after {
                facts.append("\(before) → \(after)")
            } else if let number = step.after ?? step.before {
                facts.append(number)
            }
            if let table = step.table {
                let key = table.keyText(step.key)
                // The record's name beside its key the first time the trace cites it.
                let first = step.recordIndex.map { named.insert(RecordID(table, $0)).inserted } ?? true
                facts.append((key.isEmpty ? table.rawValue : "\(table.rawValue) (\(key))") + Target.nameSuffix(first ? step.name : nil))
            }
            head += facts.joined(separator: "  ·  ")
            line(head.trimmingTrailingSpaces)
            line(indent + step.detail)
            if !step.assumptions.isEmpty { line(indent + "assumed: \(step.assumptions.joined(separator: ", "))") }
        }
        out += "\n"
        line("outcome    \(outcome.rawValue)\(target == nil ? "" : "  " + targetText)")
        if let release { line("reason     \(release.reason.rawValue): \(release.message)") }
        line("dial plan  \(dialPlan)")
        line("caller     \(caller)")
        line("called     \(called)")
        if let order = huntingGroup {
            line("operators  \(order.operators.isEmpty ? "(none)" : order.operators.joined(separator: ", ")) (\(order.strategy))")
            if !order.skipped.isEmpty { line("skipped    \(order.skipped.joined(separator: ", "))") }
            if let queue = order.queue { line("queue      up to \(queue.maxCalls) calls, \(queue.maxWait) s each") }
        }
        if let ringGroup { line("ringing    \(ringGroup.ringing.joined(separator: ", ")) (ring group \(ringGroup.group))") }
        if let followMe {
            line(
                "follow-me  \(followMe.strategy.rawValue) (fmtype \(followMe.type)\(followMe.strategy == .sequential ? ", every \(followMe.interval) s" : ""))"
            )
            for destination in followMe.destinations {
                line(
                    "  \(destination.number) after \(destination.after) s  \(Self.summary(outcome: destination.outcome, target: destination.target, targetName: nil, release: destination.release, attempts: destination.attempts))"
                )
            }
        }
        if maxDuration > 0 { line("max        \(maxDuration) s") }
        if !attempts.isEmpty {
            line("attempts")
            for (i, attempt) in attempts.enumerated() {
                line(
                    "  \(i + 1). \(attempt.viaText)\(attempt.isFailover ? " (failover)" : "")  called \(attempt.called)  caller \(attempt.caller)\(attempt.blocked.map { "  blocked: \($0.rawValue)" } ?? "")"
                )
            }
        }
        return out
    }
}

extension HuntingGroupOrder {
    /// `huntGroup` in `route --format json`.
    var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [
            ("strategy", .int(strategy.rawValue)), ("operators", .array(operators.map { .string($0) })),
        ]
        if !skipped.isEmpty { members.append(("skipped", .array(skipped.map { .string($0) }))) }
        if !manualLogin.isEmpty { members.append(("manualLogin", .array(manualLogin.map { .string($0) }))) }
        if noAnswerTimer > 0 { members.append(("noAnsTmr", .int(noAnswerTimer))) }
        if let queue { members.append(("queue", .object([("maxCall", .int(queue.maxCalls)), ("maxDura", .int(queue.maxWait))]))) }
        return .object(members)
    }
}

extension RingGroupRinging {
    /// `ringGroup` in `route --format json` (and in `map`'s signatures): `ringgrpid` and `ringing`.
    public var jsonValue: JSONValue {
        .object([("ringgrpid", .int(group)), ("ringing", .array(ringing.map { .string($0) }))])
    }
}

extension FollowMe {
    /// `followMe` in `route --format json`.
    var jsonValue: JSONValue {
        .object([
            ("fmtype", .int(type)), ("strategy", .string(strategy.rawValue)), ("fminterval", .int(interval)),
            (
                "destinations",
                .array(
                    destinations.map { d in
                        var members: [(String, JSONValue)] = [("number", .string(d.number)), ("after", .int(d.after))]
                        members.append(("outcome", .string(d.outcome.rawValue)))
                        if let target = d.target { members.append(("target", target.jsonValue)) }
                        members.append(("attempts", Attempt.jsonArray(d.attempts)))
                        if let release = d.release {
                            members.append(("reason", .string(release.reason.rawValue)))
                            members.append(("message", .string(release.message)))
                        }
                        return .object(members)
                    })
            ),
        ])
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    func rightPadded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

extension Sensitivity {
    /// `sensitivity` in `route --format json`: `holds`, `assumptions` (`name=value` varied) and
    /// `alternatives` (`assumption`, `value`, `changes`).
    public var jsonValue: JSONValue {
        .object([
            ("holds", .bool(holds)),
            ("assumptions", .array(assumptions.map { .string($0) })),
            (
                "alternatives",
                .array(
                    alternatives.map { a in
                        .object([
                            ("assumption", .string(a.assumption.text)), ("value", .string(a.value)),
                            ("changes", .array(a.changes.map { .string($0) })),
                        ])
                    })
            ),
        ])
    }

    /// The text `route --sensitivity` prints after the trace: one line when the answer holds,
    /// else one line per alternative that changes it, each difference after it.
    public var text: String {
        guard !assumptions.isEmpty else { return "sensitivity  this answer rests on no assumption routesim can vary\n" }
        let cited = "(assumptions cited: \(assumptions.joined(separator: ", ")))"
        let all = "\(alternatives.count) alternative\(alternatives.count == 1 ? "" : "s")"
        if holds { return "sensitivity  this answer holds under all \(all) \(cited)\n" }
        var out = "sensitivity  \(changing.count) of \(all) change\(changing.count == 1 ? "s" : "") this answer \(cited):\n"
        for alternative in changing {
            out += "  with \(alternative.setting): \(alternative.changes.joined(separator: "; "))".escapingControlCharacters + "\n"
        }
        return out
    }
}
