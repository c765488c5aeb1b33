import ArgumentParser
import DialPlan
import RouteSimCases

/// `routesim test`: prove that numbers route the way the team wrote down.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run expected-outcome case files against their plans.",
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

            --coverage lists, per plan and table, the records no case exercised. --format junit \
            writes JUnit XML for CI dashboards; with --output FILE the report goes to FILE and the \
            text report still goes to stdout.

            Exit status: 0 when every case passes; 1 when a case fails; 2 when a case file or its \
            plan cannot be used (every such error is listed on stderr, and no case runs).
            """)

    @Option(help: "Report format: text, json, or junit (JUnit XML).")
    var format: TestFormat = .text

    @Option(help: ArgumentHelp("Write the --format report to FILE (atomically); stdout gets the text report.", valueName: "FILE"))
    var output: String?

    @Flag(help: "Report the records of each plan that no case exercised.")
    var coverage = false

    @Flag(name: .shortAndLong, help: "List every case, passed or failed.")
    var verbose = false

    @Argument(help: ArgumentHelp("Case files, or folders of them.", valueName: "FILE"))
    var files: [String] = []

    enum TestFormat: String, ExpressibleByArgument, CaseIterable { case text, json, junit }

    func run() throws {
        // Checked here rather than in validate() so that it reads like every other unusable-input
        // error (`routesim: …`, exit 2); validate() would print ArgumentParser's `Error:` and usage.
        if files.isEmpty { Self.exit(with: .usage("test: give one or more case files (or folders of them)")) }
        if let output {
            do { try OutputFile.check(output, option: "--output") } catch { Self.exit(with: error) }
        }
        let run: TestRun
        do {
            run = try CaseSuite.run(paths: CaseSuite.expand(files))
        } catch {
            for error in error.errors { StandardError.writeMessage("routesim: \(error)") }
            Self.exit(withError: ExitStatus.unusableInput.exitCode)
        }
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
}
