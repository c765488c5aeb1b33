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
    /// The live state every call meets (`--state`), checked against the plan already.
    let state: LiveState

    /// Reads and checks the whole batch file: every call (`test --record`), or the first bad line.
    func entries() throws(CLIError) -> [CallBatch.Entry] {
        let batch = try read()
        var entries: [CallBatch.Entry] = []
        do throws(CallBatch.ReadError) {
            try batch.forEachCall { (entry) throws(CallBatch.ReadError) in entries.append(entry) }
        } catch {
            throw CLIError.usage(error.description)
        }
        return entries
    }

    private func read() throws(CLIError) -> CallBatch {
        let bytes: [UInt8]
        if path == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            bytes = try PlanFile.readBytes(path, what: "batch")
        }
        return CallBatch(bytes: bytes, source: path)
    }

    func run() throws(CLIError) {
        let batch = try read()
        do throws(CallBatch.ReadError) {
            try batch.forEachCall { (entry) throws(CallBatch.ReadError) in
                do throws(CallError) {
                    _ = try simulator.routeFast(self.call(entry))
                } catch {
                    throw batch.error(line: entry.line, error.message)
                }
            }
            try batch.forEachCall { (entry) throws(CallBatch.ReadError) in
                let result: RouteResult
                do throws(CallError) {
                    let call = self.call(entry)
                    result = withSteps ? try simulator.route(call) : try simulator.routeFast(call)
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

    /// The batch line's call, meeting the command's live state.
    func call(_ entry: CallBatch.Entry) -> Call {
        var call = entry.call
        call.state = state
        return call
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
            return "\(path):\(entry.line)  \(entry.call.summary)  →  \(result.summaryText)".escapingControlCharacters + "\n"
        }
    }
}
