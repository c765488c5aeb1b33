import ArgumentParser
import DialPlan
import Foundation
import RouteSim
import RouteSimLint

/// `routesim lint`: the pre-deploy check (docs/lint.md).
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a dial plan for loops, shadowed prefixes and dangling references.",
        discussion: """
            Every finding has a stable code (RS101 …), a category (dangling, loop, shadowed, \
            invalid, exposure, configuration), a severity, the record it is about, and where a \
            number proves it, a witness you can try with `routesim route`:

              routesim lint --plan plan.json
              routesim lint --plan plan.json --format sarif > lint.sarif
              routesim lint --plan plan.json --fail-on warning

            Suppressions live in a lint configuration next to the plan (plan.lint.json for \
            plan.json) or in the file --config names: {"suppress": [{"code": "RS303", "table": \
            "anacldnbr", "key": {"dialPlan": "hq", "calledNbr": "0"}, "reason": "…"}]}; "field" \
            narrows an RS410 suppression to one field, "prefix" an RS501 one to one costly \
            prefix. Each needs a reason; --format json lists what was suppressed. \
            --list-codes lists the codes; --explain CODE prints one code's page: what it means, \
            an example and the fix (the section of docs/lint.md).

            Exit status: 1 when a finding at or above --fail-on (default error) remains; 0 \
            otherwise; 2 when the plan or the configuration cannot be read.
            """)

    @OptionGroup var plan: PlanOption

    @Option(
        help: "Output format: text (one line per finding), json, or sarif (SARIF 2.1.0 for code scanning).", transform: LintFormat.parse)
    var format: LintFormat = .text

    @Option(
        name: .customLong("fail-on"), help: "Exit 1 when a finding of this severity or higher remains: error, warning, or never.",
        transform: FailOn.parse)
    var failOn: FailOn = .error

    @Option(help: ArgumentHelp("The lint configuration (default: PLAN.lint.json beside the plan, when it exists).", valueName: "FILE"))
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Ignore the lint configuration beside the plan.")
    var noConfig = false

    @Option(name: .customLong("assume"), help: ArgumentHelp("Change an assumption, as for `route` (repeatable).", valueName: "NAME=VALUE"))
    var assumptions: [String] = []

    @Flag(help: "Print on stderr how long loading, indexing and linting took.")
    var stats = false

    @Flag(name: .customLong("list-codes"), help: "List every lint code with its category, severity and title, and exit.")
    var listCodes = false

    @Option(help: ArgumentHelp("Print what a code means, an example and the fix, and exit.", valueName: "CODE"))
    var explain: String?

    enum LintFormat: String, ChoiceArgument { case text, json, sarif }

    enum FailOn: String, ChoiceArgument {
        case error, warning, never
        var threshold: Severity? {
            switch self {
            case .error: return .error
            case .warning: return .warning
            case .never: return nil
            }
        }
    }

    func validate() throws {
        if config != nil && noConfig { throw ValidationError("give --config FILE or --no-config, not both") }
    }

    func run() throws {
        if listCodes {
            StandardOutput.write(Self.codesText())
            StandardOutput.flush()
            return
        }
        if let explain {
            let code = explain.uppercased()
            guard let text = LintCatalog.explanation(for: code) else {
                let codes = LintCatalog.rules.map(\.code)
                Self.exit(
                    with: .usage(
                        "--explain: no lint code \(explain)\(DidYouMean.aside(for: code, among: codes)) (`routesim lint --list-codes` lists them)"
                    ))
            }
            StandardOutput.write(text + "\n")
            StandardOutput.flush()
            return
        }
        var options = Assumptions()
        for assignment in assumptions {
            do { try options.set(assignment) } catch { Self.exit(with: .assume(error)) }
        }
        let report: LintReport
        do {
            report = try makeReport(assumptions: options)
        } catch {
            Self.exit(with: error)
        }
        switch format {
        case .text: StandardOutput.write(report.text)
        case .json: StandardOutput.write(report.json(failOn: failOn.threshold).prettyText + "\n")
        case .sarif: StandardOutput.write(report.sarif(toolVersion: RouteSimCommand.configuration.version).prettyText + "\n")
        }
        StandardOutput.flush()
        if report.fails(at: failOn.threshold) { throw ExitStatus.failure.exitCode }
    }

    /// Loads the plan and the configuration, lints, and applies the suppressions.
    func makeReport(assumptions options: Assumptions) throws(CLIError) -> LintReport {
        let clock = ContinuousClock()
        let started = clock.now
        let path = plan.resolvedPath
        let snapshot = try PlanFile.load(given: plan.path)
        let configuration = try loadConfiguration(planPath: path)
        var lintOptions = LintOptions()
        if let prefixes = configuration.costlyPrefixes { lintOptions.costlyPrefixes = prefixes }
        let loaded = clock.now
        let linter = Linter(snapshot: snapshot, assumptions: options, options: lintOptions)
        let indexed = clock.now
        let findings = linter.run()
        let linted = clock.now
        let report = LintReport(findings: findings, configuration: configuration, snapshot: snapshot)
        // The load warnings, but those the configuration accepts (RS410 suppressed for a field a
        // newer server version adds): on stderr, and refused under --strict.
        let accepted = report.suppressed.map(\.finding).filter { $0.code == "RS410" }
        try plan.strictness.report(
            snapshot.warnings.filter { warning in !accepted.contains { $0.table == warning.table && $0.field == warning.field } })
        if stats {
            let records = Table.allCases.reduce(0) { $0 + snapshot.count(of: $1) }
            func s(_ d: Duration) -> String {
                let c = d.components
                return String(format: "%.3f s", Double(c.seconds) + Double(c.attoseconds) / 1e18)
            }
            StandardError.write(
                "routesim lint: \(records) records (\(snapshot.calledAnalysis.count) anacldnbr); load \(s(loaded - started)), index \(s(indexed - loaded)), lint \(s(linted - indexed)); \(findings.count) findings\n"
            )
        }
        return report
    }

    /// The configuration `--config` names, else `PLAN.lint.json` beside the plan if it exists.
    func loadConfiguration(planPath: String) throws(CLIError) -> LintConfiguration {
        if noConfig { return LintConfiguration() }
        let path: String
        if let config {
            path = config
        } else {
            let beside = Self.configPath(besidePlan: planPath)
            guard FileManager.default.fileExists(atPath: beside) else { return LintConfiguration() }
            path = beside
        }
        let bytes = try PlanFile.readBytes(path, what: "lint configuration")
        do {
            return try LintConfiguration(json: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw CLIError.usage("\(path): \(error.message)")
        }
    }

    /// `plan.json` → `plan.lint.json`; `plan` → `plan.lint.json`.
    static func configPath(besidePlan path: String) -> String {
        (path.hasSuffix(".json") ? String(path.dropLast(5)) : path) + ".lint.json"
    }

    static func codesText() -> String {
        var out = ""
        for rule in LintCatalog.rules {
            let severity = rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            let category = rule.category.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
            out += "\(rule.code)  \(severity)\(category)\(rule.title)\n"
        }
        return out
    }
}
