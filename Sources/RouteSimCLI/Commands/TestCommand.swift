import ArgumentParser
import DialPlan
import Foundation
import RouteSim
import RouteSimCases

/// `routesim test`: prove that numbers route the way the team wrote down.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run expected-outcome case files against their plans, or record today's routing as cases.",
        discussion: """
            A case file (YAML or JSON) names a plan and lists calls with what must come of each:

              plan: ../plans/refine-called.json
              cases:
                - name: international via line intl
                  from: {user: "100"}
                  dial: "0123"
                  expect:
                    outcome: externalLine
                    attempts:
                      - {extLine: intl, called: "/^0086\\\\d+$/"}

            Every failed expectation prints one line, FILE: case "NAME": FIELD: expected X, got Y, \
            followed by the call's trace; the last line is always "N passed, M failed". A folder \
            stands for its .yaml, .yml and .json files. See docs/cases.md for every field.

            --plan FILE runs every case file against FILE instead of the plan it names: a \
            candidate plan before it goes live, or yesterday's fetch. --coverage lists, per plan \
            and table, the records no case exercised. --format junit writes JUnit XML for CI \
            dashboards; with --output FILE the report goes to FILE and the text report still goes \
            to stdout.

            Recording: --record BATCH simulates every call of a batch file (as `routesim route \
            --batch` reads it: CSV origin,caller,called or JSON lines) on the plan (--plan, else \
            $ROUTESIM_PLAN, else dialplan.json) and writes a case file pinning today's answers \
            (outcome, target, attempts with the numbers sent) to --output FILE or stdout:

              routesim test --record calls.csv --plan dialplan.json --output cases/today.yaml
              routesim test cases/today.yaml                        # passes
              routesim test --plan candidate.json cases/today.yaml  # fails where routing changed

            Exit status: 0 when every case passes (or the cases were recorded); 1 when a case \
            fails; 2 when a case file, batch file or plan cannot be used (every such error is \
            listed on stderr, and no case runs), or a plan has load warnings under --strict.
            """)

    @Option(help: "Report format: text, json, or junit (JUnit XML).", transform: TestFormat.parse)
    var format: TestFormat = .text

    @Option(
        help: ArgumentHelp(
            "Write the --format report (with --record: the case file) to FILE, atomically; stdout gets the text report.",
            valueName: "FILE"))
    var output: String?

    @Option(
        name: .customLong("plan"),
        help: ArgumentHelp(
            "Run every case file against FILE instead of the plan it names. With --record: the plan to record on.", valueName: "FILE"))
    var plan: String?

    @OptionGroup var strictness: StrictOption

    @Option(help: ArgumentHelp("Record every call of a batch file as a case file pinning today's answers.", valueName: "BATCH"))
    var record: String?

    @Option(
        name: .customLong("assume"),
        help: ArgumentHelp("With --record: change an assumption, as for `route` (repeatable).", valueName: "NAME=VALUE"))
    var assumptions: [String] = []

    @Flag(help: "Report the records of each plan that no case exercised.")
    var coverage = false

    @OptionGroup var jobs: JobsOption

    @Flag(name: .shortAndLong, help: "List every case, passed or failed.")
    var verbose = false

    @Argument(help: ArgumentHelp("Case files, or folders of them.", valueName: "FILE"))
    var files: [String] = []

    enum TestFormat: String, ChoiceArgument { case text, json, junit }

    func run() throws {
        if let record {
            do { try recordCases(from: record) } catch { Self.exit(with: error) }
            return
        }
        // Checked here rather than in validate() so that it reads like every other unusable-input
        // error (`routesim: …`, exit 2); validate() would print ArgumentParser's `Error:` and usage.
        if files.isEmpty { Self.exit(with: .usage("test: give one or more case files (or folders of them)")) }
        if !assumptions.isEmpty {
            Self.exit(with: .usage("test: --assume goes with --record; a case file sets its own assumptions (assume:)"))
        }
        if let output {
            do { try OutputFile.check(output, option: "--output") } catch { Self.exit(with: error) }
        }
        let run: TestRun
        do {
            run = try CaseSuite.run(
                paths: CaseSuite.expand(files), plan: plan, threads: jobs.count,
                loadSnapshot: { path throws(SnapshotError) in try PlanCacheUse.load(path) })
        } catch {
            for error in error.errors { StandardError.writeMessage("routesim: \(error)") }
            Self.exit(withError: ExitStatus.unusableInput.exitCode)
        }
        do { try strictness.report(run.warnings) } catch { Self.exit(with: error) }
        let report = render(format, run)
        if let output {
            do { try OutputFile.write(report, to: output) } catch { Self.exit(with: error) }
            StandardOutput.write(render(.text, run))
        } else {
            StandardOutput.write(report)
        }
        StandardOutput.flush()
        if run.failed > 0 { Self.exit(withError: ExitStatus.failure.exitCode) }
    }

    func render(_ format: TestFormat, _ run: TestRun) -> String {
        switch format {
        case .text:
            var text = verbose ? run.listingText : ""
            text += run.failuresText
            if coverage { text += run.coverageText }
            return text + run.summaryText
        case .json:
            return run.json(coverage: coverage).prettyText + "\n"
        case .junit:
            return run.junit(coverage: coverage)
        }
    }

    /// `--record BATCH`: every call of the batch on the plan, written as a case file.
    func recordCases(from batch: String) throws(CLIError) {
        if !files.isEmpty { throw .usage("test --record takes the calls from the batch file: drop the case files") }
        var options = Assumptions()
        for assignment in assumptions {
            do { try options.set(assignment) } catch { throw .assume(error) }
        }
        let planPath = PlanFile.resolve(plan)
        let snapshot = try PlanFile.load(given: plan)
        try strictness.report(snapshot.warnings)
        let simulator: Simulator
        do { simulator = try Simulator(snapshot: snapshot, assumptions: options) } catch { throw .usage(error.description) }
        let entries = try BatchRun(simulator: simulator, path: batch, format: .text, withSteps: false, threads: 1, state: LiveState())
            .entries()
        var recorded: [CaseRecorder.Recorded] = []
        for entry in entries {
            do {
                recorded.append(.init(name: entry.call.summary, call: entry.call, result: try simulator.routeFast(entry.call)))
            } catch {
                throw .usage("\(batch):\(entry.line): \(error.message)")
            }
        }
        let text = CaseRecorder.caseFile(
            plan: output.map { PlanFile.relativePath(planPath, fromFolderOf: $0) } ?? planPath, assumptions: options, cases: recorded,
            comment:
                "Recorded with `routesim test --record \(batch)` on \(planPath): today's answers, pinned.\n`routesim test FILE` proves they still hold; `routesim test --plan OTHER FILE` shows what OTHER changes."
        )
        if let output {
            try OutputFile.write(text, to: output)
            StandardError.write(
                "recorded \(recorded.count) case\(recorded.count == 1 ? "" : "s") from \(batch) on \(planPath) into \(output)\n")
        } else {
            StandardOutput.write(text)
            StandardOutput.flush()
        }
    }
}
