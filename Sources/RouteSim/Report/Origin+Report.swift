import DialPlan

extension Origin {
    /// `from user 100`, `from trunk 3 (caller 0)`.
    public var text: String {
        switch self {
        case .localUser(let name): return "from user \(name)"
        case .sipTrunk(let id, let caller): return "from trunk \(id) (caller \(caller))"
        case .externalLine(let name, let caller): return "from line \(name) (caller \(caller))"
        case .caller(let caller): return "from caller \(caller)"
        }
    }

    /// The origin as a `route --batch` JSON line names it: `{"fromUser": "100"}`.
    public var jsonValue: JSONValue {
        switch self {
        case .localUser(let name): return .object([("fromUser", .string(name))])
        case .sipTrunk(let id, let caller): return .object([("fromTrunk", .int(id.rawValue)), ("caller", .string(caller))])
        case .externalLine(let name, let caller): return .object([("fromLine", .string(name)), ("caller", .string(caller))])
        case .caller(let caller): return .object([("caller", .string(caller))])
        }
    }
}

extension Call {
    /// Who dials what, as a person says it: `user 100 dials 92002`, `0215551234 on trunk 3 dials
    /// 8001`, `555 on line pstn dials nothing` (a call on a line needs no number).
    public var summary: String {
        var out = TextBuilder(capacity: 64)
        write(summary: &out)
        return out.text
    }

    /// `summary`, written into `out`.
    public func write(summary out: inout TextBuilder) {
        switch origin {
        case .localUser(let name):
            out.append("user ")
            out.append(name)
        case .sipTrunk(let id, let caller):
            out.append(caller)
            out.append(" on trunk ")
            out.append(id.rawValue)
        case .externalLine(let name, let caller):
            out.append(caller)
            out.append(" on line ")
            out.append(name)
        case .caller(let caller):
            out.append(caller)
        }
        out.append(" dials ")
        out.append(called.isEmpty ? "nothing" : called)
    }
}
