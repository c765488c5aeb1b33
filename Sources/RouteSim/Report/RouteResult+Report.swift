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
}

extension Via {
    var jsonMember: (String, JSONValue) {
        switch self {
        case .externalLine(let name): return ("extLine", .string(name))
        case .sipTrunk(let id): return ("servID", .int(id.rawValue))
        }
    }

    var text: String {
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
        if let before { members.append(("before", .string(before))) }
        if let after { members.append(("after", .string(after))) }
        if let assumption { members.append(("assumption", .string(assumption))) }
        members.append(("detail", .string(detail)))
        return .object(members)
    }
}

extension RouteResult {
    /// The result as `routesim route --format json` prints it (docs/formats.md).
    public var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [("outcome", .string(outcome.rawValue))]
        if let target { members.append(("target", target.jsonValue)) }
        members.append(("dialPlan", .string(dialPlan)))
        members.append(("caller", .string(caller)))
        members.append(("called", .string(called)))
        members.append(
            (
                "attempts",
                .array(
                    attempts.map { attempt in
                        .object([
                            attempt.via.jsonMember, ("called", .string(attempt.called)), ("caller", .string(attempt.caller)),
                            ("failover", .bool(attempt.isFailover)),
                        ])
                    })
            ))
        if let release {
            members.append(("reason", .string(release.reason.rawValue)))
            members.append(("message", .string(release.message)))
        }
        members.append(("maxDuration", .int(maxDuration)))
        if let order = huntingGroup {
            members.append(
                (
                    "huntGroup",
                    .object([
                        ("strategy", .int(order.strategy.rawValue)),
                        ("operators", .array(order.operators.map { .string($0) })),
                    ])
                ))
        }
        members.append(("steps", .array(steps.map(\.jsonValue))))
        return .object(members)
    }

    /// One line: `externalLine  external line line1  called 2002  caller 100` (control
    /// characters not yet escaped: the caller prints it in a line of its own).
    public var summaryText: String {
        var parts = [outcome.rawValue]
        if let target { parts.append(target.text) }
        if let release { parts.append("(\(release.reason.rawValue)) \(release.message)") }
        if !attempts.isEmpty {
            parts.append("via " + attempts.map { "\($0.via.text) [\($0.called)]" }.joined(separator: ", "))
        }
        return parts.joined(separator: "  ")
    }

    /// The readable trace: one block per step (stage, numbers, record, what happened, the
    /// assumption that decided), then the destination and the ordered outgoing attempts.
    ///
    /// Every line is one line: control characters from the plan or the call (an escape
    /// sequence, a newline in a name) are written out (`escapingControlCharacters`).
    public var traceText: String {
        var out = ""
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
                facts.append(key.isEmpty ? table.rawValue : "\(table.rawValue) (\(key))")
            }
            head += facts.joined(separator: "  ·  ")
            line(head.trimmingTrailingSpaces)
            line(indent + step.detail)
            if let assumption = step.assumption { line(indent + "assumed: \(assumption)") }
        }
        out += "\n"
        line("outcome    \(outcome.rawValue)\(target.map { "  " + $0.text } ?? "")")
        if let release { line("reason     \(release.reason.rawValue): \(release.message)") }
        line("dial plan  \(dialPlan)")
        line("caller     \(caller)")
        line("called     \(called)")
        if let order = huntingGroup {
            line("operators  \(order.operators.isEmpty ? "(none)" : order.operators.joined(separator: ", ")) (\(order.strategy))")
        }
        if maxDuration > 0 { line("max        \(maxDuration) s") }
        if !attempts.isEmpty {
            line("attempts")
            for (i, attempt) in attempts.enumerated() {
                line(
                    "  \(i + 1). \(attempt.via.text)\(attempt.isFailover ? " (failover)" : "")  called \(attempt.called)  caller \(attempt.caller)"
                )
            }
        }
        return out
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
