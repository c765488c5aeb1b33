import DialPlan
import Foundation
import RouteSim

/// `routesim route --batch FILE`: many calls, one result per line.
///
/// The whole file is read and every call simulated before anything is printed, so a bad line
/// (named by file and line number) leaves no partial output. The calls are simulated and their
/// lines rendered in chunks on up to `threads` threads (nil: one per core); the output is in input
/// order and the same for any number of threads, and the error is the first bad line's.
struct BatchRun {
    let simulator: Simulator
    let path: String
    let format: RouteCommand.RouteFormat
    let withSteps: Bool
    let threads: Int?

    /// Calls per chunk: enough to keep a thread busy, few enough to share a small batch out.
    static let chunk = 1_024

    struct Entry {
        var line: Int
        var call: Call
        var input: JSONValue
    }

    func run() throws(CLIError) {
        let text: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            text = String(decoding: try PlanFile.readBytes(path, what: "batch"), as: UTF8.self)
        }
        let entries = try parse(text)
        let chunks = (entries.count + Self.chunk - 1) / Self.chunk
        let rendered = ParallelWork.map(count: chunks, threads: threads ?? ParallelWork.defaultThreads) { c in
            render(entries[(c * Self.chunk)..<min(entries.count, (c + 1) * Self.chunk)])
        }
        var out = ""
        for chunk in rendered {
            switch chunk {
            case .success(let text): out += text
            case .failure(let error): throw error
            }
        }
        StandardOutput.write(out)
        StandardOutput.flush()
    }

    /// The output lines of some calls, or the error of the first that cannot be simulated.
    func render(_ entries: ArraySlice<Entry>) -> Result<String, CLIError> {
        // One call at a time: the prefetch pass of `Simulator.routeFast(_:threads:)` did not pay on
        // the plans measured (docs/benchmarks.md).
        var out = ""
        for entry in entries {
            let result: RouteResult
            do {
                result = withSteps ? try simulator.route(entry.call) : try simulator.routeFast(entry.call)
            } catch {
                return .failure(CLIError.usage("\(path):\(entry.line): \(error.message)"))
            }
            switch format {
            case .json:
                guard case .object(var members) = result.jsonValue else { continue }
                if !withSteps { members.removeAll { $0.0 == "steps" } }
                members.insert(("line", .int(entry.line)), at: 0)
                members.insert(("input", entry.input), at: 1)
                out += JSONValue.object(members).compactText + "\n"
            case .text:
                out += "\(path):\(entry.line)  \(describe(entry.call))  →  \(result.summaryText)\n"
            }
        }
        return .success(out)
    }

    func describe(_ call: Call) -> String {
        switch call.origin {
        case .localUser(let name): return "user \(name) dials \(call.called)"
        case .sipTrunk(let id, let caller): return "\(caller) on trunk \(id) dials \(call.called)"
        case .externalLine(let name, let caller): return "\(caller) on line \(name) dials \(call.called)"
        case .caller(let caller): return "\(caller) dials \(call.called)"
        }
    }

    func parse(_ text: String) throws(CLIError) -> [Entry] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        guard let firstContent = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw CLIError.usage("\(path): the batch file holds no calls")
        }
        let isJSONLines = firstContent.trimmingCharacters(in: .whitespaces).hasPrefix("{")
        var entries: [Entry] = []
        var sawHeader = false
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let number = i + 1
            if isJSONLines {
                entries.append(try parseJSONLine(line, number: number))
            } else if !sawHeader {
                let header = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard header == ["origin", "caller", "called"] else {
                    throw CLIError.usage("\(path):\(number): a CSV batch starts with the header origin,caller,called")
                }
                sawHeader = true
            } else {
                entries.append(try parseCSVLine(line, number: number))
            }
        }
        if entries.isEmpty { throw CLIError.usage("\(path): the batch file holds no calls") }
        return entries
    }

    func parseCSVLine(_ line: String, number: Int) throws(CLIError) -> Entry {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 3 else {
            throw CLIError.usage("\(path):\(number): expected 3 fields (origin,caller,called), found \(fields.count)")
        }
        let (origin, caller, called) = (fields[0], fields[1], fields[2])
        let call = try makeCall(origin: origin, caller: caller.isEmpty ? nil : caller, called: called, number: number)
        return Entry(
            line: number, call: call,
            input: .object([("origin", .string(origin)), ("caller", .string(caller)), ("called", .string(called))]))
    }

    func makeCall(origin: String, caller: String?, called: String, number: Int) throws(CLIError) -> Call {
        if called.isEmpty { throw CLIError.usage("\(path):\(number): the called number is empty") }
        let parts = origin.split(separator: ":", maxSplits: 1).map(String.init)
        func needCaller() throws(CLIError) -> String {
            guard let caller else { throw CLIError.usage("\(path):\(number): origin \(origin) needs a caller number") }
            return caller
        }
        switch (parts.first, parts.count) {
        case (nil, _):
            guard let caller else { throw CLIError.usage("\(path):\(number): give an origin or a caller") }
            return Call(origin: .caller(caller), called: called)
        case ("user", 2):
            if caller != nil && caller != parts[1] {
                throw CLIError.usage("\(path):\(number): origin \(origin) sets the caller; leave the caller field empty")
            }
            return Call(origin: .localUser(parts[1]), called: called)
        case ("trunk", 2):
            guard let id = Int(parts[1]) else {
                throw CLIError.usage("\(path):\(number): trunk origin needs a numeric servID, found '\(parts[1])'")
            }
            return Call(origin: .sipTrunk(TrunkID(id), caller: try needCaller()), called: called)
        case ("line", 2):
            return Call(origin: .externalLine(parts[1], caller: try needCaller()), called: called)
        default:
            throw CLIError.usage("\(path):\(number): origin '\(origin)' is not user:NAME, trunk:ID, line:NAME or empty")
        }
    }

    func parseJSONLine(_ line: String, number: Int) throws(CLIError) -> Entry {
        let value: JSONValue
        do { value = try JSONValue(parsing: line) } catch {
            throw CLIError.usage("\(path):\(number): invalid JSON: \(error.message)")
        }
        guard case .object(let members) = value else {
            throw CLIError.usage("\(path):\(number): expected a JSON object per line")
        }
        let known = ["fromUser", "fromTrunk", "fromLine", "caller", "called"]
        if let unknown = members.first(where: { !known.contains($0.0) }) {
            throw CLIError.usage("\(path):\(number): unknown field \"\(unknown.0)\"; the fields are \(known.joined(separator: ", "))")
        }
        func string(_ name: String) throws(CLIError) -> String? {
            switch value[name] {
            case nil: return nil
            case .string(let s)?: return s
            case .number(let n)?: return n
            case let other?: throw CLIError.usage("\(path):\(number): field \"\(name)\": expected a string, found \(other.kindDescription)")
            }
        }
        guard let called = try string("called") else { throw CLIError.usage("\(path):\(number): field \"called\" is missing") }
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
}
