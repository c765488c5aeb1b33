import DialPlan
import RouteSim

/// Today's routing written down as a case file: each call with what it does now — outcome,
/// target, the reason of a release, a hunting group's operators, and every outgoing attempt
/// with the numbers sent on it — so that `routesim test` proves it stays that way, and names
/// the field that changed when it does not.
///
/// `routesim route --emit-case` records one call, `routesim test --record BATCH` many. The
/// text is YAML that `CaseFile` reads back; a recorded case passes on the plan it was recorded
/// on (a test checks this over generated calls).
public enum CaseRecorder {
    /// One call and its answer today.
    public struct Recorded: Sendable {
        public var name: String
        public var call: Call
        public var result: RouteResult

        public init(name: String, call: Call, result: RouteResult) {
            self.name = name
            self.call = call
            self.result = result
        }
    }

    /// A case file: `plan` (as the file should name it: relative to its folder), the
    /// assumptions that differ from the defaults, and one case per recorded call. Names that
    /// repeat get ` #2`, ` #3` (a case file's names are unique).
    public static func caseFile(plan: String, assumptions: Assumptions = Assumptions(), cases: [Recorded], comment: String) -> String {
        var out = ""
        for line in comment.split(separator: "\n", omittingEmptySubsequences: false) { out += "# \(line)\n" }
        out += "plan: \(yaml(plan))\n"
        let changed = Assumptions.catalog.filter { $0.value(in: assumptions) != $0.value(in: Assumptions()) }
        if !changed.isEmpty {
            out += "assume: {" + changed.map { "\($0.name): \(yaml($0.value(in: assumptions)))" }.joined(separator: ", ") + "}\n"
        }
        out += "cases:\n"
        var seen: [String: Int] = [:]
        for recorded in cases {
            var name = recorded.name
            seen[name, default: 0] += 1
            if let n = seen[name], n > 1 { name += " #\(n)" }
            out += entry(recorded, name: name)
        }
        return out
    }

    /// One case, indented as an item of `cases`.
    static func entry(_ recorded: Recorded, name: String) -> String {
        let result = recorded.result
        var out = "  - name: \(yaml(name))\n"
        out += "    from: \(origin(recorded.call.origin))\n"
        if !recorded.call.called.isEmpty { out += "    dial: \(yaml(recorded.call.called))\n" }
        if !recorded.call.state.isEmpty {
            let settings = recorded.call.state.settingsText.map { setting in
                let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
                return "\(yaml(parts[0])): \(yaml(parts.count > 1 ? parts[1] : ""))"
            }
            out += "    state: {\(settings.joined(separator: ", "))}\n"
        }
        out += "    expect:\n"
        out += "      outcome: \(result.outcome.rawValue)\n"
        if let target = result.target { out += "      target: {\(target.memberText)}\n" }
        if let release = result.release { out += "      reason: \(release.reason.rawValue)\n" }
        if let order = result.huntingGroup { out += "      operators: [\(order.operators.map(yaml).joined(separator: ", "))]\n" }
        if !result.attempts.isEmpty {
            out += "      attempts:\n"
            for attempt in result.attempts {
                out +=
                    "        - {\(attempt.via.memberText), called: \(yaml(attempt.called)), caller: \(yaml(attempt.caller)), failover: \(attempt.isFailover)}\n"
            }
        }
        return out
    }

    /// `{user: "100"}`, `{trunk: 3, caller: "0215551234"}`: the case file's `from`.
    static func origin(_ origin: Origin) -> String {
        switch origin {
        case .localUser(let name): return "{user: \(yaml(name))}"
        case .sipTrunk(let id, let caller): return "{trunk: \(id.rawValue), caller: \(yaml(caller))}"
        case .externalLine(let name, let caller): return "{line: \(yaml(name)), caller: \(yaml(caller))}"
        case .caller(let caller): return "{caller: \(yaml(caller))}"
        }
    }

    /// A YAML double-quoted scalar: every value is written as text, as the case reader takes it.
    static func yaml(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + (hex.count == 1 ? "0" : "") + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension Target {
    /// `usrname: "100"`, `servID: 3`: the target as a case file's `target` member.
    var memberText: String {
        switch self {
        case .user(let name): return "usrname: \(CaseRecorder.yaml(name))"
        case .externalLine(let name): return "extLine: \(CaseRecorder.yaml(name))"
        case .sipTrunk(let id): return "servID: \(id.rawValue)"
        case .routingGroup(let id): return "groupID: \(id.rawValue)"
        case .huntingGroup(let id): return "grpID: \(id.rawValue)"
        }
    }
}

extension Via {
    /// `extLine: "intl"`, `servID: 3`: the attempt's member in a case file.
    var memberText: String {
        switch self {
        case .externalLine(let name): return "extLine: \(CaseRecorder.yaml(name))"
        case .sipTrunk(let id): return "servID: \(id.rawValue)"
        }
    }
}
