import DialPlan
import Foundation
import RouteSim
import RouteSimLint
import Testing

/// The lint corpus: `corpus/lint/NAME.json` plans, each with `NAME.expected.json` (the exact
/// findings: code, category, severity, table, key, witness) and optionally `NAME.lint.json`.
enum LintCorpus {
    static let directory = repositoryRoot.appendingPathComponent("corpus/lint")

    /// The case names, from the expected files.
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".expected.json") }.map { String($0.dropLast(".expected.json".count)) }.sorted()
    }()

    static func load(_ path: URL) throws -> Snapshot {
        try Snapshot(json: [UInt8](try Data(contentsOf: path)), source: path.path)
    }

    /// Lints a plan with its configuration (the file beside it, if any).
    static func lint(_ plan: URL) throws -> (LintReport, RoutingModel) {
        let snapshot = try load(plan)
        let configURL = plan.deletingPathExtension().appendingPathExtension("lint.json")
        var configuration = LintConfiguration()
        if FileManager.default.fileExists(atPath: configURL.path) {
            configuration = try LintConfiguration(json: String(decoding: try Data(contentsOf: configURL), as: UTF8.self))
        }
        var options = LintOptions()
        if let prefixes = configuration.costlyPrefixes { options.costlyPrefixes = prefixes }
        let linter = Linter(snapshot: snapshot, options: options)
        return (LintReport(findings: linter.run(), configuration: configuration, snapshot: snapshot), linter.model)
    }

    /// The findings of `--format json` cut to the fields the expected files hold.
    static func slim(_ findings: JSONValue?, extra: [String] = []) -> JSONValue {
        .array(
            array(findings).map { finding in
                let fields = ["code", "category", "severity", "table", "key", "witness"] + extra
                guard case .object(let members) = finding else { return finding }
                return .object(fields.compactMap { name in members.first { $0.0 == name } })
            })
    }

    static func array(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let items)? = value { return items }
        return []
    }

    static func expected(_ name: String) throws -> JSONValue {
        try JSONValue(parsing: [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).expected.json"))))
    }
}

@Suite("Lint corpus")
struct LintCorpusTests {
    @Test("the corpus has a case for every rule but the exploration limit")
    func everyRuleHasACase() throws {
        var seen = Set<String>()
        for name in LintCorpus.cases {
            for finding in LintCorpus.array(try LintCorpus.expected(name)["findings"]) {
                if case .string(let code)? = finding["code"] { seen.insert(code) }
            }
        }
        let missing = LintCatalog.rules.map(\.code).filter { !seen.contains($0) && $0 != "RS207" }
        #expect(missing == [])
        #expect(LintCorpus.cases.count >= 25)
    }

    @Test("each plan gives exactly the expected findings", arguments: LintCorpus.cases)
    func expectedFindings(_ name: String) throws {
        let (report, _) = try LintCorpus.lint(LintCorpus.directory.appendingPathComponent("\(name).json"))
        let expected = try LintCorpus.expected(name)
        let json = report.json(failOn: .error)
        let found = LintCorpus.slim(json["findings"])
        #expect(found == expected["findings"], "\(name): \(found.prettyText)")
        let suppressed = LintCorpus.slim(json["suppressed"], extra: ["reason"])
        #expect(suppressed == LintCorpus.slim(expected["suppressed"], extra: ["reason"]), "\(name): \(suppressed.prettyText)")
    }

    @Test("witnesses do what their findings say, through Simulator.route", arguments: LintCorpus.cases)
    func witnessesHold(_ name: String) throws {
        let (report, model) = try LintCorpus.lint(LintCorpus.directory.appendingPathComponent("\(name).json"))
        let simulator = Simulator(model: model)
        for finding in report.findings {
            guard let witness = finding.witness, witness.role == .called, let index = finding.recordIndex else { continue }
            let outgoing: Set<Outcome> = [.externalLine, .sipTrunk, .routingGroup]
            let check: ((RouteResult) -> Bool)?
            switch finding.code {
            case "RS201", "RS202", "RS205": check = { $0.release?.reason == .loop }
            case "RS105", "RS106", "RS107", "RS112": check = { $0.release?.reason == .danglingReference }
            case "RS403" where finding.table == .calledAnalysis: check = { $0.release?.reason == .danglingReference }
            case "RS402" where finding.table == .calledAnalysis:
                check = { $0.outcome == .rejected && $0.release?.reason == .unsupportedRouteType }
            case "RS118": check = { $0.outcome == .released }
            case "RS101", "RS406":
                check = { r in r.steps.contains { $0.stage == .analyzeCalled && $0.table == .calledAnalysis && $0.recordIndex == index } }
            case "RS501":
                check = { r in outgoing.contains(r.outcome) && r.steps.contains { $0.table == .calledAnalysis && $0.recordIndex == index } }
            default: check = nil
            }
            guard let check else { continue }
            let origin = try #require(witness.origin, "\(name): \(finding.code) witness \(witness.number) has no origin")
            let result = try simulator.route(Call(origin: origin, called: witness.number))
            #expect(
                check(result),
                "\(name): \(finding.code) witness \(witness.number) \(origin.text) ends \(result.outcome) \(result.release?.message ?? "")")
        }
    }

    /// Every plan of corpus/plans (their lint configurations aside): a new plan is covered too.
    static let bundledPlans: [String] = {
        let dir = repositoryRoot.appendingPathComponent("corpus/plans")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".lint.json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test("the bundled plans lint with no error and no warning", arguments: bundledPlans)
    func bundledPlansAreClean(_ name: String) throws {
        #expect(Self.bundledPlans.count >= 5)
        let (report, _) = try LintCorpus.lint(repositoryRoot.appendingPathComponent("corpus/plans/\(name).json"))
        #expect(report.findings.filter { $0.severity >= .warning }.map(\.message) == [])
    }

    @Test("edge-cases.json, broken on purpose, gives one finding per defect, each proven by its witness")
    func edgeCases() throws {
        let (report, model) = try LintCorpus.lint(repositoryRoot.appendingPathComponent("corpus/broken/edge-cases.json"))
        #expect(report.findings.map(\.code) == ["RS205", "RS111", "RS201", "RS402", "RS105"])
        #expect(report.findings.map { $0.witness?.number } == ["301", nil, "7", "5", "6"])
        let simulator = Simulator(model: model)
        let loop = try simulator.route(Call(origin: .localUser("300"), called: "7"))
        #expect(loop.release?.reason == .loop)
        #expect(try simulator.route(Call(origin: .localUser("300"), called: "301")).release?.reason == .loop)
    }

    @Test("refine-called's international line is a documented decision, not an oversight")
    func refineCalledSuppression() throws {
        let (report, _) = try LintCorpus.lint(repositoryRoot.appendingPathComponent("corpus/plans/refine-called.json"))
        #expect(report.suppressed.map(\.finding.code) == ["RS501"])
        #expect(report.suppressed.first?.finding.witness?.number == "00")
    }
}
