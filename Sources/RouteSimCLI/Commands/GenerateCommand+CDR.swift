import ArgumentParser
import DialPlan
import Foundation
import RouteSim
import RouteSimReplay

/// The options of `routesim generate --cdr`.
struct CDROptions: ParsableArguments {
    @Flag(help: "Write call detail records of traffic on --plan instead of a plan.")
    var cdr = false

    @Option(
        name: .customLong("plan"),
        help: ArgumentHelp("With --cdr: the plan the traffic runs on (default: $ROUTESIM_PLAN, else dialplan.json).", valueName: "FILE"))
    var planPath: String?

    @Option(help: ArgumentHelp("With --cdr: calls to draw (each one or two records).", valueName: "N"))
    var calls: Int?

    @Option(
        name: .customLong("assume"),
        help: ArgumentHelp("With --cdr: an assumption the server routes under (repeatable).", valueName: "NAME=VALUE"))
    var assumptions: [String] = []

    @Flag(name: .customLong("header"), help: "With --cdr: start with a header row.")
    var header = false

    @Flag(name: .customLong("caller-side-only"), help: "With --cdr: write only caller-side records (O-CDR), no callee-side ones.")
    var callerSideOnly = false

    @Option(help: ArgumentHelp("With --cdr: percent of calls to a user, line or trunk left unanswered (default 10).", valueName: "P"))
    var unanswered: Int?

    @Option(help: ArgumentHelp("With --cdr: percent of calls with failover that leave on a later attempt (default 8).", valueName: "P"))
    var failover: Int?

    @Option(help: ArgumentHelp("With --cdr: calls per thousand the plan cannot explain (default 5).", valueName: "N"))
    var unexplainable: Int?

    @Option(help: ArgumentHelp("With --cdr: malformed lines per thousand records (default 5).", valueName: "N"))
    var malformed: Int?

    /// Whether any CDR option other than --cdr was given.
    var isUsed: Bool {
        planPath != nil || calls != nil || !assumptions.isEmpty || header || callerSideOnly || unanswered != nil || failover != nil
            || unexplainable != nil || malformed != nil
    }
}

extension GenerateCommand {
    /// `generate --cdr`: the records, streamed to the file (or stdout), a summary on stderr.
    func generateRecords() throws(CLIError) {
        if rows != nil || defects != nil { throw .usage("--rows and --defects make a plan; --cdr writes records for --plan") }
        guard let calls = cdr.calls else { throw .usage("--cdr needs --calls N") }
        guard (1...100_000_000).contains(calls) else { throw .usage("--calls must be between 1 and 100000000, found \(calls)") }
        var options = CDRTrafficGenerator.Options(calls: calls, seed: seed)
        for assignment in cdr.assumptions {
            do { try options.assumptions.set(assignment) } catch { throw .assume(error) }
        }
        func percent(_ value: Int?, _ flag: String, _ limit: Int, default fallback: Int) throws(CLIError) -> Int {
            guard let value else { return fallback }
            guard (0...limit).contains(value) else { throw .usage("\(flag) must be between 0 and \(limit), found \(value)") }
            return value
        }
        options.unansweredPercent = try percent(cdr.unanswered, "--unanswered", 100, default: options.unansweredPercent)
        options.failoverPercent = try percent(cdr.failover, "--failover", 100, default: options.failoverPercent)
        options.unexplainablePerMille = try percent(cdr.unexplainable, "--unexplainable", 1000, default: options.unexplainablePerMille)
        options.malformedPerMille = try percent(cdr.malformed, "--malformed", 1000, default: options.malformedPerMille)
        options.header = cdr.header
        options.bothHalves = !cdr.callerSideOnly
        if let output { try OutputFile.check(output, option: "--output") }
        let planPath = PlanFile.resolve(cdr.planPath)
        let snapshot = try PlanFile.load(planPath)
        try StrictOption.report(snapshot.warnings)

        // Through the one file writer (a regular file replaced atomically, a FIFO or device written
        // through, a link followed); a name ending in .gz is written compressed.
        let file = try output.map { (path) throws(CLIError) in try OutputFile.open(path) }
        let writer: CDRFileWriter?
        do {
            writer = try file.map { (file) throws(CDRInputError) in
                try CDRFileWriter(descriptor: file.descriptor, compressed: output?.hasSuffix(".gz") == true, path: file.path)
            }
        } catch {
            throw CLIError(message: error.description, status: .failure)
        }
        var pending: [UInt8] = []
        pending.reserveCapacity(1 << 20)
        func flush() {
            if let writer { writer.write(pending) } else { StandardOutput.write(String(decoding: pending, as: UTF8.self)) }
            pending.removeAll(keepingCapacity: true)
        }
        let summary: CDRTrafficGenerator.Summary
        do throws(SnapshotError) {
            summary = try CDRTrafficGenerator.generate(plan: snapshot, options: options) { line in
                pending += line
                pending += [13, 10]  // CRLF, as the server (a Windows program first) writes its files
                if pending.count >= 1 << 20 { flush() }
            }
        } catch {
            throw .usage(error.description)
        }
        flush()
        if let writer, let file {
            do { try writer.finish() } catch { throw CLIError(message: error.description, status: .failure) }
            try file.commit()
        } else {
            StandardOutput.flush()
        }
        let malformed = summary.malformed.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
        StandardError.write(
            "generated \(summary.calls) calls in \(summary.records) records"
                + (output.map { " into \($0)" } ?? "")
                + ": \(summary.unanswered) unanswered, \(summary.failover) on a failover attempt, \(summary.unexplainable) the plan cannot explain, "
                + "\(summary.malformedLines.count) malformed lines"
                + (malformed.isEmpty ? "" : " (" + malformed.joined(separator: ", ") + ")") + "\n")
    }
}
