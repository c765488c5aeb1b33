import DialPlan
import RouteSim

/// The call `/api/route` is asked about: from query parameters (GET) or a JSON object (POST),
/// with the field names of `route --batch`'s JSON lines (`fromUser`, `fromTrunk`, `fromLine`,
/// `caller`, `called`), `assume` (`NAME=VALUE`, repeatable; in JSON an object or a list) and
/// `format` (`json`, the default, or `text`).
struct APIRouteRequest {
    var call: Call
    var assumptions = Assumptions()
    var format = "json"

    static let parameters = ["fromUser", "fromTrunk", "fromLine", "caller", "called", "assume", "format"]

    init(query: QueryString) throws(RequestError) {
        if let unknown = query.names.first(where: { !Self.parameters.contains($0) && $0 != "token" }) {
            throw .badRequest("unknown parameter '\(unknown)'; the parameters are \(Self.parameters.joined(separator: ", "))")
        }
        for name in Self.parameters where name != "assume" && query.all(name).count > 1 {
            throw .badRequest("parameter '\(name)' is given \(query.all(name).count) times; give it once")
        }
        try self.init(
            fromUser: query["fromUser"], fromTrunk: query["fromTrunk"], fromLine: query["fromLine"], caller: query["caller"],
            called: query["called"], assume: query.all("assume"), format: query["format"])
    }

    init(json body: [UInt8]) throws(RequestError) {
        let value: JSONValue
        do { value = try JSONValue(parsing: body) } catch {
            throw .badRequest("the body is not JSON: \(error.message) (line \(error.line), column \(error.column))")
        }
        guard case .object(let members) = value else {
            throw .badRequest(
                "the body must be a JSON object such as {\"fromUser\": \"100\", \"called\": \"92002\"}, not \(value.kindDescription)")
        }
        if let unknown = members.first(where: { !Self.parameters.contains($0.0) }) {
            throw .badRequest("unknown field '\(unknown.0)'; the fields are \(Self.parameters.joined(separator: ", "))")
        }
        func string(_ name: String) throws(RequestError) -> String? {
            switch value[name] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case .number(let n)?: return n
            case let other?: throw .badRequest("field '\(name)': expected a string, found \(other.kindDescription)")
            }
        }
        var assume: [String] = []
        switch value["assume"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items {
                guard case .string(let s) = item else {
                    throw .badRequest("field 'assume': a list holds \"NAME=VALUE\" strings, found \(item.kindDescription)")
                }
                assume.append(s)
            }
        case .object(let settings)?:
            for (name, setting) in settings {
                switch setting {
                case .string(let s): assume.append("\(name)=\(s)")
                case .number(let n): assume.append("\(name)=\(n)")
                case .bool(let b): assume.append("\(name)=\(b)")
                default: throw .badRequest("field 'assume': \(name) must be a string, number or boolean, not \(setting.kindDescription)")
                }
            }
        case let other?: throw .badRequest("field 'assume': expected an object or a list, found \(other.kindDescription)")
        }
        try self.init(
            fromUser: try string("fromUser"), fromTrunk: try string("fromTrunk"), fromLine: try string("fromLine"),
            caller: try string("caller"), called: try string("called"), assume: assume, format: try string("format"))
    }

    /// The same rules as `routesim route`'s origin options, with the same messages.
    init(fromUser: String?, fromTrunk: String?, fromLine: String?, caller: String?, called: String?, assume: [String], format: String?)
        throws(RequestError)
    {
        let origins = [fromUser != nil, fromTrunk != nil, fromLine != nil].filter { $0 }.count
        if origins > 1 { throw .badRequest("give one origin: fromUser, fromTrunk or fromLine") }
        if (fromTrunk != nil || fromLine != nil) && caller == nil {
            throw .badRequest("fromTrunk and fromLine need caller (the number calling in)")
        }
        if fromUser != nil && caller != nil { throw .badRequest("fromUser sets the caller (the user's name); drop caller") }
        if origins == 0 && caller == nil {
            throw .badRequest("say who calls: fromUser, fromTrunk with caller, fromLine with caller, or caller")
        }
        guard let called, !called.isEmpty else { throw .badRequest("give the dialed number (called)") }
        let origin: Origin
        if let fromUser {
            origin = .localUser(fromUser)
        } else if let fromTrunk {
            guard let id = Int(fromTrunk) else { throw .badRequest("fromTrunk must be a servID (a whole number), not '\(fromTrunk)'") }
            origin = .sipTrunk(TrunkID(id), caller: caller!)
        } else if let fromLine {
            origin = .externalLine(fromLine, caller: caller!)
        } else {
            origin = .caller(caller!)
        }
        call = Call(origin: origin, called: called)
        for setting in assume {
            do { try assumptions.set(setting) } catch { throw .badRequest(Self.assumeMessage(error)) }
        }
        if let format {
            guard ["json", "text"].contains(format) else { throw .badRequest("format must be json or text, not '\(format)'") }
            self.format = format
        }
    }

    /// An assumption refused, in the words `route --assume` uses.
    static func assumeMessage(_ error: AssumptionError) -> String {
        switch error.kind {
        case .notAnAssignment: return "assume \(error.message) (GET /api/assumptions lists them)"
        case .unknownName: return "assume: \(error.message)"
        case .invalidValue: return "assume \(error.message)"
        case .retired: return "assume \(error.setting): \(error.message)"
        }
    }
}
