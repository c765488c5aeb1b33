import DialPlan
import RouteSim

/// A batch of calls, as `routesim route --batch` reads it: CSV with the header
/// `origin,caller,called` (origin `user:NAME`, `trunk:ID`, `line:NAME`, or empty for a bare
/// caller) or JSON lines (`{"fromUser":"100","called":"92002"}`, …), one call a line.
///
/// UTF-8 text with or without a byte-order mark, lines ending in LF or CRLF (files saved by Excel
/// or on Windows); blank lines and lines starting with `#` are skipped. Reading is pure and
/// streams: `forEachCall` hands out one call at a time and keeps none, so a batch of any length
/// takes memory for its text only.
public struct CallBatch: Sendable {
    /// The batch's text, as read (a byte-order mark is skipped when the lines are read).
    public let bytes: [UInt8]
    /// The file as the user named it, for messages (`-` for standard input).
    public let source: String

    /// One call of the batch: its line, the call, and the line's fields as the output echoes them.
    public struct Entry: Sendable {
        public var line: Int
        public var call: Call
        public var input: JSONValue
    }

    /// Why a batch cannot be used: `calls.csv:3: expected 3 fields (origin,caller,called), found 2`.
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var source: String
        /// The 1-based line, when the problem is on one.
        public var line: Int?
        public var message: String
        public var description: String {
            "\(source)\(line.map { ":\($0)" } ?? ""): \(message)"
        }
    }

    public init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// The fields a JSON line may hold.
    public static let jsonFields = ["fromUser", "fromTrunk", "fromLine", "caller", "called"]

    /// Reads every call in file order and hands it to `body`; stops at the first bad line (or
    /// the first error `body` throws: `error(line:_:)` makes one that names the line). A batch
    /// without calls is an error.
    public func forEachCall(_ body: (Entry) throws(ReadError) -> Void) throws(ReadError) {
        try forEachLineWindow(size: 1) { (lines) throws(ReadError) in
            for line in lines { try body(try entry(line)) }
        }
    }

    /// A line that holds a call, found but not read yet (`entry(_:)` reads it, on any thread).
    public struct CallLine: Sendable {
        /// The 1-based line number.
        public var number: Int
        /// Where its text is in `bytes` (without the line end).
        var range: Range<Int>
        var isJSON: Bool
    }

    /// Finds the batch's call lines in file order, in groups of `size` (the last may be
    /// smaller), without reading the calls: the encoding, the header and the kind of batch are
    /// checked here; each call's own line is read by `entry(_:)`, so that callers can read
    /// lines on several threads. Stops at the first error, of the scan or of `body`; a batch
    /// without calls is an error. Blank lines and lines starting with `#` are skipped.
    public func forEachLineWindow(size: Int, _ body: ([CallLine]) throws(ReadError) -> Void) throws(ReadError) {
        if let problem = TextEncoding.problem(bytes) { throw ReadError(source: source, line: 1, message: problem) }
        var format: Format?
        var calls = 0
        var lineNumber = 0
        var window: [CallLine] = []
        window.reserveCapacity(size)
        var start = TextEncoding.byteOrderMarkLength(bytes)
        while start <= bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let lineStart = start
            start = end + 1
            // What `trimmed` keeps of the line starts at the first byte that is no space or tab.
            var first = lineStart
            while first < lineEnd && (bytes[first] == 0x20 || bytes[first] == 0x09) { first += 1 }
            if first == lineEnd || bytes[first] == UInt8(ascii: "#") { continue }
            if format == nil { format = bytes[first] == UInt8(ascii: "{") ? .jsonLines : .csv(sawHeader: false) }
            if case .csv(sawHeader: false) = format! {
                let line = Self.trimmed(String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))
                let header = line.split(separator: ",", omittingEmptySubsequences: false).map { Self.trimmed(String($0)) }
                guard header == ["origin", "caller", "called"] else {
                    throw error(line: lineNumber, "a CSV batch starts with the header origin,caller,called")
                }
                format = .csv(sawHeader: true)
                continue
            }
            calls += 1
            window.append(CallLine(number: lineNumber, range: lineStart..<lineEnd, isJSON: format! == .jsonLines))
            if window.count >= size {
                try body(window)
                window.removeAll(keepingCapacity: true)
            }
        }
        if !window.isEmpty { try body(window) }
        if calls == 0 { throw ReadError(source: source, line: nil, message: "the batch file holds no calls") }
    }

    /// The call on `line` (found by `forEachLineWindow`), or why it cannot be read.
    public func entry(_ line: CallLine) throws(ReadError) -> Entry {
        let text = Self.trimmed(bytes[line.range])
        return line.isJSON ? try parseJSONLine(text, number: line.number) : try parseCSVLine(text, number: line.number)
    }

    private enum Format: Equatable {
        case jsonLines
        case csv(sawHeader: Bool)
    }

    /// An error on line `line` of the batch.
    public func error(line: Int, _ message: String) -> ReadError {
        ReadError(source: source, line: line, message: message)
    }

    /// The line's text without the spaces and tabs around it, as `trimmed(_: String)` gives it,
    /// found in the bytes: trimming the decoded text character by character cost some 500
    /// instructions a line. A space or tab next to a byte of a multi-byte character (a
    /// combining mark after a space is one character with it) is left to the character-wise trim.
    static func trimmed(_ line: ArraySlice<UInt8>) -> String {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        var start = line.startIndex
        var end = line.endIndex
        while start < end, isBlank(line[start]) { start += 1 }
        while end > start, isBlank(line[end - 1]) { end -= 1 }
        let trimmedNext = start > line.startIndex && start < end && line[start] >= 0x80
        let trimmedAfter = end < line.endIndex && end > start && line[end - 1] >= 0x80
        if trimmedNext || trimmedAfter { return trimmed(String(decoding: line, as: UTF8.self)) }
        return String(decoding: line[start..<end], as: UTF8.self)
    }

    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }

    func parseCSVLine(_ line: String, number: Int) throws(ReadError) -> Entry {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { Self.trimmed(String($0)) }
        guard fields.count == 3 else {
            throw error(line: number, "expected 3 fields (origin,caller,called), found \(fields.count)")
        }
        let (origin, caller, called) = (fields[0], fields[1], fields[2])
        let call = try makeCall(origin: origin, caller: caller.isEmpty ? nil : caller, called: called, number: number)
        return Entry(
            line: number, call: call,
            input: .object([("origin", .string(origin)), ("caller", .string(caller)), ("called", .string(called))]))
    }

    func makeCall(origin: String, caller: String?, called: String, number: Int) throws(ReadError) -> Call {
        let parts = origin.split(separator: ":", maxSplits: 1).map(String.init)
        return try makeCall(
            kind: parts.first, name: parts.count == 2 ? parts[1] : nil, origin: origin, caller: caller, called: called, number: number)
    }

    /// The call from an origin split at its first colon (`user:NAME`: "user" and "NAME"; `name`
    /// nil when nothing non-empty follows the colon), `origin` the origin's text for a message.
    /// A JSON line's `fromUser` and the others come split already: their text is made only for a
    /// message (made and split again on every line, it cost 6 % of a batch line's instructions).
    func makeCall(
        kind: String?, name: String?, origin: @autoclosure () -> String, caller: String?, called: String, number: Int
    ) throws(ReadError) -> Call {
        // A call arriving on a line needs no dialed number: the line's destination is called.
        if called.isEmpty && kind != "line" { throw error(line: number, "the called number is empty") }
        func needCaller() throws(ReadError) -> String {
            guard let caller else { throw error(line: number, "origin \(origin()) needs a caller number") }
            return caller
        }
        switch (kind, name) {
        case (nil, _):
            guard let caller else { throw error(line: number, "give an origin or a caller") }
            return Call(origin: .caller(caller), called: called)
        case ("user", let name?):
            if caller != nil && caller != name {
                throw error(line: number, "origin \(origin()) sets the caller; leave the caller field empty")
            }
            return Call(origin: .localUser(name), called: called)
        case ("trunk", let name?):
            guard let id = Int(name) else {
                throw error(line: number, "trunk origin needs a numeric servID, found '\(name)'")
            }
            return Call(origin: .sipTrunk(TrunkID(id), caller: try needCaller()), called: called)
        case ("line", let name?):
            return Call(origin: .externalLine(name, caller: try needCaller()), called: called)
        case (let kind?, let name):
            let hint = name != nil ? DidYouMean.hint(for: kind, among: ["user", "trunk", "line"]) : ""
            throw error(line: number, "origin '\(origin())' is not user:NAME, trunk:ID, line:NAME or empty\(hint)")
        }
    }

    func parseJSONLine(_ line: String, number: Int) throws(ReadError) -> Entry {
        let value: JSONValue
        do { value = try JSONValue(parsing: line) } catch {
            throw self.error(line: number, "invalid JSON: \(error.message)")
        }
        guard case .object(let members) = value else {
            throw error(line: number, "expected a JSON object per line")
        }
        if let unknown = members.first(where: { !Self.jsonFields.contains($0.0) }) {
            throw error(
                line: number,
                "unknown field \"\(unknown.0)\"\(DidYouMean.aside(for: unknown.0, among: Self.jsonFields)); the fields are \(Self.jsonFields.joined(separator: ", "))"
            )
        }
        func string(_ name: String) throws(ReadError) -> String? {
            switch value[name] {
            case nil: return nil
            case .string(let s)?: return s
            case .number(let n)?: return n
            case let other?: throw error(line: number, "field \"\(name)\": expected a string, found \(other.kindDescription)")
            }
        }
        guard let called = try string("called") ?? (value["fromLine"] != nil ? "" : nil) else {
            throw error(line: number, "field \"called\" is missing")
        }
        let caller = try string("caller")
        // Counted among the members (their names are unique), without a list made on every line.
        if members.count(where: { $0.0 == "fromUser" || $0.0 == "fromTrunk" || $0.0 == "fromLine" }) > 1 {
            let origins = ["fromUser", "fromTrunk", "fromLine"].filter { value[$0] != nil }
            throw error(line: number, "give one origin: fromUser, fromTrunk or fromLine (found \(origins.joined(separator: " and ")))")
        }
        // The origin as `user:NAME`, `trunk:ID` or `line:NAME` would be split (nothing after the
        // colon: no name).
        var origin: (kind: String, name: String)?
        if let user = try string("fromUser") {
            origin = ("user", user)
        } else if let trunk = try string("fromTrunk") {
            origin = ("trunk", trunk)
        } else if let line = try string("fromLine") {
            origin = ("line", line)
        }
        let call = try makeCall(
            kind: origin?.kind, name: origin.flatMap { $0.name.isEmpty ? nil : $0.name },
            origin: origin.map { "\($0.kind):\($0.name)" } ?? "", caller: caller, called: called, number: number)
        return Entry(line: number, call: call, input: value)
    }
}
