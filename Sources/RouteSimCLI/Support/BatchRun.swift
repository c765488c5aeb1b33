import DialPlan
import Foundation
import RouteSim
import RouteSimCases

/// `routesim route --batch FILE`: many calls, one result per line, streamed.
///
/// Two passes over the batch's text: the first reads every line and places every call on the
/// fast path (no trace), keeping nothing, so a bad line or a call the plan cannot place (an
/// unknown user, a bad number) stops the batch — named by file and line — before anything is
/// printed; the second simulates each call again and prints its result at once. Memory holds the
/// batch's text and one result, however many lines and steps there are.
struct BatchRun {
    let simulator: Simulator
    let path: String
    let format: RouteCommand.RouteFormat
    let withSteps: Bool

    func run() throws(CLIError) {
        let bytes: [UInt8]
        if path == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            bytes = try PlanFile.readBytes(path, what: "batch")
        }
        let batch = CallBatch(bytes: bytes, source: path)
        do throws(CallBatch.ReadError) {
            try batch.forEachCall { (entry) throws(CallBatch.ReadError) in
                do throws(CallError) {
                    _ = try simulator.routeFast(entry.call)
                } catch {
                    throw batch.error(line: entry.line, error.message)
                }
            }
            try batch.forEachCall { (entry) throws(CallBatch.ReadError) in
                let result: RouteResult
                do throws(CallError) {
                    result = withSteps ? try simulator.route(entry.call) : try simulator.routeFast(entry.call)
                } catch {
                    throw batch.error(line: entry.line, error.message)
                }
                StandardOutput.write(render(entry, result))
            }
        } catch {
            StandardOutput.flush()
            throw CLIError.usage(error.description)
        }
        StandardOutput.flush()
    }

    func render(_ entry: CallBatch.Entry, _ result: RouteResult) -> String {
        switch format {
        case .json:
            guard case .object(var members) = result.jsonValue else { return "" }
            if !withSteps { members.removeAll { $0.0 == "steps" } }
            members.insert(("line", .int(entry.line)), at: 0)
            members.insert(("input", entry.input), at: 1)
            return JSONValue.object(members).compactText + "\n"
        case .text:
            return "\(path):\(entry.line)  \(describe(entry.call))  →  \(result.summaryText)".escapingControlCharacters + "\n"
        }
    }

    func describe(_ call: Call) -> String {
        switch call.origin {
        case .localUser(let name): return "user \(name) dials \(call.called)"
        case .sipTrunk(let id, let caller): return "\(caller) on trunk \(id) dials \(call.called)"
        case .externalLine(let name, let caller): return "\(caller) on line \(name) dials \(call.called)"
        case .caller(let caller): return "\(caller) dials \(call.called)"
        }
    }
}
