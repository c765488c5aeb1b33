import DialPlan
import Foundation
import RouteSim

/// `routesim route --batch FILE`: many calls, one result per line.
///
/// The whole file is read and every call simulated before anything is printed, so a bad line
/// (named by file and line number) leaves no partial output.
struct BatchRun {
    let simulator: Simulator
    let path: String
    let format: RouteCommand.RouteFormat
    let withSteps: Bool

    struct Entry {
        var line: Int
        var call: Call
        var input: JSONValue
    }

    /// Reads and checks the whole batch file: every call, or the first bad line.
    func entries() throws(CLIError) -> [Entry] {
        let text: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            text = String(decoding: try PlanFile.readBytes(path, what: "batch"), as: UTF8.self)
        }
        return try parse(text)
    }

    func run() throws(CLIError) {
        let entries = try entries()
        var out = ""
        for entry in entries {
            let result: RouteResult
            do {
                result = withSteps ? try simulator.route(entry.call) : try simulator.routeFast(entry.call)
            } catch {
                throw CLIError.usage("\(path):\(entry.line): \(error.message)")
            }
            switch format {
            case .json:
                guard case .object(var members) = result.jsonValue else { continue }
                if !withSteps { members.removeAll { $0.0 == "steps" } }
                members.insert(("line", .int(entry.line)), at: 0)
                members.insert(("input", entry.input), at: 1)
                out += JSONValue.object(members).compactText + "\n"
            case .text:
                out += "\(path):\(entry.line)  \(entry.call.summary)  →  \(result.summaryText)\n"
            }
        }
        StandardOutput.write(out)
        StandardOutput.flush()
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
        let parts = origin.split(separator: ":", maxSplits: 1).map(String.init)
        // A call arriving on a line needs no dialed number: the line's destination is called.
        if called.isEmpty && parts.first != "line" { throw CLIError.usage("\(path):\(number): the called number is empty") }
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
            let hint = parts.count == 2 ? DidYouMean.hint(for: parts[0], among: ["user", "trunk", "line"]) : ""
            throw CLIError.usage("\(path):\(number): origin '\(origin)' is not user:NAME, trunk:ID, line:NAME or empty\(hint)")
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
            throw CLIError.usage(
                "\(path):\(number): unknown field \"\(unknown.0)\"\(DidYouMean.aside(for: unknown.0, among: known)); the fields are \(known.joined(separator: ", "))"
            )
        }
        func string(_ name: String) throws(CLIError) -> String? {
            switch value[name] {
            case nil: return nil
            case .string(let s)?: return s
            case .number(let n)?: return n
            case let other?: throw CLIError.usage("\(path):\(number): field \"\(name)\": expected a string, found \(other.kindDescription)")
            }
        }
        guard let called = try string("called") ?? (value["fromLine"] != nil ? "" : nil) else {
            throw CLIError.usage("\(path):\(number): field \"called\" is missing")
        }
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
