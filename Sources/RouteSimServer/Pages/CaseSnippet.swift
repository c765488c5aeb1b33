import DialPlan
import RouteSim

/// The `routesim test` case file that pins an answer (the route page's "copy as case"): the call,
/// the assumptions that differ from the defaults, and every field of the result a case can check.
enum CaseSnippet {
    static func yaml(plan: String, call: Call, assumptions: Assumptions, result: RouteResult) -> String {
        var out = "plan: \(quote(plan))\n"
        out += "cases:\n"
        out += "  - name: \(quote(caseName(call)))\n"
        out += "    from: \(origin(call.origin))\n"
        out += "    dial: \(quote(call.called))\n"
        let changed = assumptions.changedFromDefaults
        if !changed.isEmpty {
            let pairs = changed.map { setting -> String in
                let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
                return "\(parts[0]): \(quote(parts.count > 1 ? parts[1] : ""))"
            }
            out += "    assume: {\(pairs.joined(separator: ", "))}\n"
        }
        out += "    expect:\n"
        out += "      outcome: \(result.outcome.rawValue)\n"
        if let target = result.target { out += "      target: \(flow(target.jsonValue))\n" }
        if let release = result.release { out += "      reason: \(release.reason.rawValue)\n" }
        out += "      dialPlan: \(quote(result.dialPlan))\n"
        out += "      caller: \(quote(result.caller))\n"
        out += "      called: \(quote(result.called))\n"
        if result.attempts.isEmpty {
            out += "      attempts: []\n"
        } else {
            out += "      attempts:\n"
            for attempt in result.attempts {
                let via: String
                switch attempt.via {
                case .externalLine(let name): via = "extLine: \(quote(name))"
                case .sipTrunk(let id): via = "servID: \(id)"
                }
                out +=
                    "        - {\(via), called: \(quote(attempt.called)), caller: \(quote(attempt.caller)), failover: \(attempt.isFailover)}\n"
            }
        }
        if let order = result.huntingGroup {
            out += "      operators: [\(order.operators.map(quote).joined(separator: ", "))]\n"
        }
        out += "      maxDuration: \(result.maxDuration)\n"
        return out
    }

    static func caseName(_ call: Call) -> String {
        switch call.origin {
        case .localUser(let name): return "user \(name) dials \(call.called)"
        case .sipTrunk(let id, let caller): return "\(caller) on trunk \(id) dials \(call.called)"
        case .externalLine(let name, let caller): return "\(caller) on line \(name) dials \(call.called)"
        case .caller(let caller): return "\(caller) dials \(call.called)"
        }
    }

    static func origin(_ origin: Origin) -> String {
        switch origin {
        case .localUser(let name): return "{user: \(quote(name))}"
        case .sipTrunk(let id, let caller): return "{trunk: \(id), caller: \(quote(caller))}"
        case .externalLine(let name, let caller): return "{line: \(quote(name)), caller: \(quote(caller))}"
        case .caller(let caller): return "{caller: \(quote(caller))}"
        }
    }

    /// `{extLine: "6001"}` from a target's JSON.
    static func flow(_ value: JSONValue) -> String {
        guard case .object(let members) = value else { return value.compactText }
        return "{"
            + members.map { name, value in
                if case .number(let n) = value { return "\(name): \(n)" }
                return "\(name): \(quote(value.plainText))"
            }.joined(separator: ", ") + "}"
    }

    /// A double-quoted YAML scalar: numbers stay strings, `#` stays a number, not a comment.
    static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
