import DialPlan

extension Target {
    /// `{"usrname": …}`, `{"extLine": …}`, `{"servID": …}`, `{"groupID": …}`, `{"grpID": …}`.
    public var jsonValue: JSONValue { jsonValue(name: nil) }

    /// The target's kind as its JSON member and as people say it, and its name or numeric ID.
    private var parts: (key: StaticString, word: StaticString, name: String?, id: Int) {
        switch self {
        case .user(let user): return ("usrname", "local user ", user, 0)
        case .externalLine(let line): return ("extLine", "external line ", line, 0)
        case .sipTrunk(let id): return ("servID", "SIP trunk ", nil, id.rawValue)
        case .routingGroup(let id): return ("groupID", "routing group ", nil, id.rawValue)
        case .huntingGroup(let id): return ("grpID", "hunting group ", nil, id.rawValue)
        }
    }

    /// The target as a JSON object, with `name` beside the ID when it has one.
    func write(to out: inout some JSONWriting, name: String?) {
        out.openObject()
        writeMember(to: &out)
        if let name {
            out.key("name")
            out.string(name)
        }
        out.closeObject()
    }

    /// The member that names the target: `"servID": 3`, `"extLine": "intl"`.
    func writeMember(to out: inout some JSONWriting) {
        let parts = self.parts
        out.key(parts.key)
        if let value = parts.name { out.string(value) } else { out.int(parts.id) }
    }

    /// The target as people read it: `local user 100`, `SIP trunk 3`.
    public var text: String {
        var out = TextBuilder(capacity: 32)
        write(text: &out)
        return out.text
    }

    func write(text out: inout TextBuilder) {
        let parts = self.parts
        out.append(parts.word.description)
        if let value = parts.name { out.append(value) } else { out.append(parts.id) }
    }

    /// The target with its name beside the ID, when it has one: `SIP trunk 3 "carrier B"`.
    public func text(name: String?) -> String {
        var out = TextBuilder(capacity: 64)
        write(text: &out)
        Self.write(nameSuffix: name, to: &out)
        return out.text
    }

    /// ` "NAME"`, or nothing without a name.
    package static func nameSuffix(_ name: String?) -> String {
        var out = TextBuilder(capacity: 32)
        write(nameSuffix: name, to: &out)
        return out.text
    }

    static func write(nameSuffix name: String?, to out: inout TextBuilder) {
        guard let name else { return }
        out.append(" ")
        out.appendQuoted(name)
    }

    /// The target as JSON, with `name` beside the ID when it has one.
    func jsonValue(name: String?) -> JSONValue {
        var tree = JSONTreeWriter()
        write(to: &tree, name: name)
        return tree.value
    }
}

extension Attempt {
    /// `SIP trunk 1 "carrier A (US)"`: where the attempt leaves, with its name.
    public var viaText: String {
        var out = TextBuilder(capacity: 64)
        write(viaText: &out)
        return out.text
    }

    func write(viaText out: inout TextBuilder) {
        via.write(text: &out)
        Target.write(nameSuffix: name, to: &out)
    }

    /// `{"servID": 1, "name": …, "called": …, "caller": …, "failover": …}`, and `blocked` when
    /// the live state refuses the attempt.
    var jsonValue: JSONValue {
        var tree = JSONTreeWriter()
        write(to: &tree)
        return tree.value
    }

    func write(to out: inout some JSONWriting) {
        out.openObject()
        via.target.writeMember(to: &out)
        if let name {
            out.key("name")
            out.string(name)
        }
        out.key("called")
        out.string(called)
        out.key("caller")
        out.string(caller)
        out.key("failover")
        out.bool(isFailover)
        if let blocked {
            out.key("blocked")
            out.string(blocked.rawValue)
        }
        out.closeObject()
    }

    /// The attempts as `route --format json` writes them.
    static func jsonArray(_ attempts: [Attempt]) -> JSONValue {
        var tree = JSONTreeWriter()
        write(attempts, to: &tree)
        return tree.value
    }

    static func write(_ attempts: [Attempt], to out: inout some JSONWriting) {
        out.openArray()
        for attempt in attempts { attempt.write(to: &out) }
        out.closeArray()
    }
}

extension Via {
    /// `external line intl`, `SIP trunk 3`.
    public var text: String {
        var out = TextBuilder(capacity: 32)
        write(text: &out)
        return out.text
    }

    func write(text out: inout TextBuilder) { target.write(text: &out) }

    /// The line or trunk as a target, which names it the same way.
    var target: Target {
        switch self {
        case .externalLine(let name): return .externalLine(name)
        case .sipTrunk(let id): return .sipTrunk(id)
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
        var tree = JSONTreeWriter()
        tree.openObject()
        writeMembers(to: &tree, steps: true)
        tree.closeObject()
        return tree.value
    }

    /// `writeMembers` into a compact line. The generic function is specialised for the line
    /// writer here, in its own module: called from another (a batch line), it went through the
    /// protocol's witness table for every member, value and byte run.
    package func writeMembers(toLine out: inout JSONLineWriter, steps withSteps: Bool) {
        writeMembers(to: &out, steps: withSteps)
    }

    /// The result's members, as `jsonValue` has them (`steps` only when `steps`), written into
    /// the open object of `out`: the one place the shape of a result's JSON is set.
    package func writeMembers(to out: inout some JSONWriting, steps withSteps: Bool) {
        out.key("outcome")
        out.string(outcome.rawValue)
        if let target {
            out.key("target")
            target.write(to: &out, name: targetName)
        }
        out.key("dialPlan")
        out.string(dialPlan)
        out.key("caller")
        out.string(caller)
        out.key("called")
        out.string(called)
        if typedCalled != nil || typedCaller != nil {
            out.key("typed")
            out.openObject()
            if let typedCalled {
                out.key("called")
                out.string(typedCalled)
            }
            if let typedCaller {
                out.key("caller")
                out.string(typedCaller)
            }
            out.closeObject()
        }
        out.key("attempts")
        Attempt.write(attempts, to: &out)
        if let release {
            out.key("reason")
            out.string(release.reason.rawValue)
            out.key("message")
            out.string(release.message)
        }
        out.key("maxDuration")
        out.int(maxDuration)
        if let order = huntingGroup {
            out.key("huntGroup")
            out.value(order.jsonValue)
        }
        if let ringGroup {
            out.key("ringGroup")
            out.value(ringGroup.jsonValue)
        }
        if let followMe {
            out.key("followMe")
            out.value(followMe.jsonValue)
        }
        if withSteps {
            out.key("steps")
            out.openArray()
            for step in steps { out.value(step.jsonValue) }
            out.closeArray()
        }
    }

    /// The target with its name, as the text formats print it (empty without a target).
    public var targetText: String { target?.text(name: targetName) ?? "" }

    /// One line: `externalLine  external line line1  via external line line1 [2002]` (control
    /// characters not yet escaped: the caller prints it in a line of its own).
    public var summaryText: String {
        Self.summary(outcome: outcome, target: target, targetName: targetName, release: release, attempts: attempts)
    }

    /// `summaryText`, written into `out`.
    public func write(summary out: inout TextBuilder) {
        Self.write(summary: &out, outcome: outcome, target: target, targetName: targetName, release: release, attempts: attempts)
    }

    /// `OUTCOME  TARGET  (REASON) MESSAGE  via VIA [CALLED] (BLOCKED), …`, each part only when
    /// there is one.
    static func summary(outcome: Outcome, target: Target?, targetName: String?, release: Release?, attempts: [Attempt]) -> String {
        var out = TextBuilder(capacity: 64 + 64 * attempts.count)
        write(summary: &out, outcome: outcome, target: target, targetName: targetName, release: release, attempts: attempts)
        return out.text
    }

    static func write(
        summary out: inout TextBuilder, outcome: Outcome, target: Target?, targetName: String?, release: Release?, attempts: [Attempt]
    ) {
        out.append(outcome.rawValue)
        if let target {
            out.append("  ")
            target.write(text: &out)
            Target.write(nameSuffix: targetName, to: &out)
        }
        if let release {
            out.append("  (")
            out.append(release.reason.rawValue)
            out.append(") ")
            out.append(release.message)
        }
        for (i, attempt) in attempts.enumerated() {
            out.append(i == 0 ? "  via " : ", ")
            attempt.write(viaText: &out)
            out.append(" [")
            out.append(attempt.called)
            out.append("]")
            if let blocked = attempt.blocked {
                out.append(" (")
                out.append(blocked.rawValue)
                out.append(")")
            }
        }
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
