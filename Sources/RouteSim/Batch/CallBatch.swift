import DialPlan

/// Many calls at once: the CSV or JSON-lines text that `route --batch` reads and the server's
/// batch endpoint takes (docs/formats.md, "route --batch").
///
/// CSV starts with the header `origin,caller,called` (origin `user:NAME`, `trunk:ID`,
/// `line:NAME`, or empty for a bare caller); JSON lines hold one object per line with
/// `fromUser`, `fromTrunk`, `fromLine`, `caller` and `called`. Blank lines and lines starting
/// with `#` are skipped. The whole text is checked before any call is simulated, so a bad line
/// (named by its number) leaves no partial answer.
public struct CallBatch: Sendable {
    /// One call of the batch, with the line it stood on and its input as the answer echoes it.
    public struct Entry: Sendable {
        /// The 1-based line of the text.
        public var line: Int
        public var call: Call
        /// The line's fields as given (`input` in the JSON answer).
        public var input: JSONValue
    }

    public var entries: [Entry]

    /// Reads a batch; the error names the line and what is wrong with it.
    public init(parsing text: String) throws(CallBatchError) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        guard let firstContent = lines.first(where: { !Self.trimmed($0).isEmpty }) else {
            throw CallBatchError(line: nil, message: "the batch file holds no calls")
        }
        let isJSONLines = Self.trimmed(firstContent).hasPrefix("{")
        var entries: [Entry] = []
        var sawHeader = false
        for (i, raw) in lines.enumerated() {
            let line = Self.trimmed(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let number = i + 1
            if isJSONLines {
                entries.append(try Self.parseJSONLine(line, number: number))
            } else if !sawHeader {
                guard Self.fields(of: line) == ["origin", "caller", "called"] else {
                    throw CallBatchError(line: number, message: "a CSV batch starts with the header origin,caller,called")
                }
                sawHeader = true
            } else {
                entries.append(try Self.parseCSVLine(line, number: number))
            }
        }
        if entries.isEmpty { throw CallBatchError(line: nil, message: "the batch file holds no calls") }
        self.entries = entries
    }

    static func parseCSVLine(_ line: String, number: Int) throws(CallBatchError) -> Entry {
        let fields = fields(of: line)
        guard fields.count == 3 else {
            throw CallBatchError(line: number, message: "expected 3 fields (origin,caller,called), found \(fields.count)")
        }
        let (origin, caller, called) = (fields[0], fields[1], fields[2])
        let call = try makeCall(origin: origin, caller: caller.isEmpty ? nil : caller, called: called, number: number)
        return Entry(
            line: number, call: call,
            input: .object([("origin", .string(origin)), ("caller", .string(caller)), ("called", .string(called))]))
    }

    static func makeCall(origin: String, caller: String?, called: String, number: Int) throws(CallBatchError) -> Call {
        if called.isEmpty { throw CallBatchError(line: number, message: "the called number is empty") }
        let parts = origin.split(separator: ":", maxSplits: 1).map(String.init)
        func needCaller() throws(CallBatchError) -> String {
            guard let caller else { throw CallBatchError(line: number, message: "origin \(origin) needs a caller number") }
            return caller
        }
        switch (parts.first, parts.count) {
        case (nil, _):
            guard let caller else { throw CallBatchError(line: number, message: "give an origin or a caller") }
            return Call(origin: .caller(caller), called: called)
        case ("user", 2):
            if caller != nil && caller != parts[1] {
                throw CallBatchError(line: number, message: "origin \(origin) sets the caller; leave the caller field empty")
            }
            return Call(origin: .localUser(parts[1]), called: called)
        case ("trunk", 2):
            guard let id = Int(parts[1]) else {
                throw CallBatchError(line: number, message: "trunk origin needs a numeric servID, found '\(parts[1])'")
            }
            return Call(origin: .sipTrunk(TrunkID(id), caller: try needCaller()), called: called)
        case ("line", 2):
            return Call(origin: .externalLine(parts[1], caller: try needCaller()), called: called)
        default:
            throw CallBatchError(line: number, message: "origin '\(origin)' is not user:NAME, trunk:ID, line:NAME or empty")
        }
    }

    static func parseJSONLine(_ line: String, number: Int) throws(CallBatchError) -> Entry {
        let value: JSONValue
        do { value = try JSONValue(parsing: line) } catch {
            throw CallBatchError(line: number, message: "invalid JSON: \(error.message)")
        }
        guard case .object(let members) = value else {
            throw CallBatchError(line: number, message: "expected a JSON object per line")
        }
        let known = ["fromUser", "fromTrunk", "fromLine", "caller", "called"]
        if let unknown = members.first(where: { !known.contains($0.0) }) {
            throw CallBatchError(
                line: number, message: "unknown field \"\(unknown.0)\"; the fields are \(known.joined(separator: ", "))")
        }
        func string(_ name: String) throws(CallBatchError) -> String? {
            switch value[name] {
            case nil: return nil
            case .string(let s)?: return s
            case .number(let n)?: return n
            case let other?:
                throw CallBatchError(line: number, message: "field \"\(name)\": expected a string, found \(other.kindDescription)")
            }
        }
        guard let called = try string("called") else { throw CallBatchError(line: number, message: "field \"called\" is missing") }
        let caller = try string("caller")
        let origin: String
        if let user = try string("fromUser") {
            origin = "user:\(user)"
        } else if let trunk = try string("fromTrunk") {
            origin = "trunk:\(trunk)"
        } else if let line = try string("fromLine") {
            origin = "line:\(line)"
        } else {
            origin = ""
        }
        return Entry(line: number, call: try makeCall(origin: origin, caller: caller, called: called, number: number), input: value)
    }

    /// The comma-separated fields of a CSV line, each without surrounding blanks.
    static func fields(of line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { trimmed($0) }
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: some StringProtocol) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = text.lastIndex(where: { !isBlank($0) })!
        return String(text[first...last])
    }
}

/// A batch line that cannot be used: its number (nil when the whole text is at fault) and why.
public struct CallBatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    /// `3: origin 'x' is not …`, or the message alone.
    public var description: String { line.map { "\($0): \(message)" } ?? message }
}

extension CallBatch.Entry {
    /// The call as the text summary reads it: `user 100 dials 92002`.
    public var callText: String {
        switch call.origin {
        case .localUser(let name): return "user \(name) dials \(call.called)"
        case .sipTrunk(let id, let caller): return "\(caller) on trunk \(id) dials \(call.called)"
        case .externalLine(let name, let caller): return "\(caller) on line \(name) dials \(call.called)"
        case .caller(let caller): return "\(caller) dials \(call.called)"
        }
    }

    /// The result as one JSON line of the batch answer: `line`, `input`, then the result's
    /// fields (`steps` only when `withSteps`).
    public func jsonLine(_ result: RouteResult, withSteps: Bool) -> JSONValue {
        guard case .object(var members) = result.jsonValue else { return result.jsonValue }
        if !withSteps { members.removeAll { $0.0 == "steps" } }
        members.insert(("line", .int(line)), at: 0)
        members.insert(("input", input), at: 1)
        return .object(members)
    }
}
