import DialPlan
import Foundation
import RouteSim

/// `routesim route --batch FILE`: many calls, one result per line.
///
/// The whole file is read (as `CallBatch`) and every call simulated before anything is printed,
/// so a bad line (named by file and line number) leaves no partial output.
struct BatchRun {
    let simulator: Simulator
    let path: String
    let format: RouteCommand.RouteFormat
    let withSteps: Bool

    func run() throws(CLIError) {
        let text: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            text = String(decoding: try PlanFile.readBytes(path, what: "batch"), as: UTF8.self)
        }
        let batch: CallBatch
        do {
            batch = try CallBatch(parsing: text)
        } catch {
            throw CLIError.usage(error.line.map { "\(path):\($0): \(error.message)" } ?? "\(path): \(error.message)")
        }
        var out = ""
        for entry in batch.entries {
            let result: RouteResult
            do {
                result = withSteps ? try simulator.route(entry.call) : try simulator.routeFast(entry.call)
            } catch {
                throw CLIError.usage("\(path):\(entry.line): \(error.message)")
            }
            switch format {
            case .json: out += entry.jsonLine(result, withSteps: withSteps).compactText + "\n"
            case .text: out += "\(path):\(entry.line)  \(entry.callText)  →  \(result.summaryText)\n"
            }
        }
        StandardOutput.write(out)
        StandardOutput.flush()
    }
}
