import DialPlan
import Foundation
import RouteSim
import RouteSimLint
import RouteSimTestSupport
import Testing

/// The lint corpus: `corpus/lint/NAME.json` plans, each with `NAME.expected.json` (the exact
/// findings: code, category, severity, table, key, witness) and optionally `NAME.lint.json`.
enum LintCorpus {
    static let directory = Corpus.lint

    /// The case names, from the expected files (`everyRuleHasACase` expects at least 25).
    static let cases = Corpus.names(in: directory, ending: ".expected.json")

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
        for finding in report.findings + report.suppressed.map(\.finding) {
            let what = "\(name): \(finding.code) on \(finding.table?.rawValue ?? "no table")"
            switch WitnessProof.byCode[finding.code] {
            case nil:
                Issue.record("\(what): the code is not in WitnessProof.byCode; say how its witness is proven")
            case .noWitness?:
                #expect(finding.witness == nil, "\(what) has a witness now; say in WitnessProof.byCode how it is proven")
            case .notRoutable?:
                #expect(finding.witness != nil, "\(what) has no witness any more; make its proof .noWitness")
            case .routes(let tables, let claim, let holds)?:
                guard let table = finding.table, tables.contains(table) else {
                    #expect(finding.witness == nil, "\(what) has a witness now; add the table to its proof")
                    continue
                }
                let witness = try #require(finding.witness, "\(what) has no witness")
                #expect(witness.role == .called, "\(what): a witness to route is a called number")
                let origin = try #require(witness.origin, "\(what): witness \(witness.number) has no origin")
                let index = try #require(finding.recordIndex, "\(what) names no record")
                let result = try simulator.route(Call(origin: origin, called: witness.number))
                #expect(
                    holds(result, index),
                    "\(what): witness \(witness.number) \(origin.text) should be \(claim), but ends \(result.outcome) \(result.release?.message ?? "")"
                )
            }
        }
    }

    @Test("every lint code says how its witness is proven, and the corpus routes every routable witness")
    func everyCodeHasAWitnessProof() throws {
        #expect(Set(WitnessProof.byCode.keys) == Set(LintCatalog.rules.map(\.code)))
        var witnessed = Set<String>()
        for name in LintCorpus.cases {
            for finding in LintCorpus.array(try LintCorpus.expected(name)["findings"])
            where finding["witness"] != nil {
                if case .string(let code)? = finding["code"] { witnessed.insert(code) }
            }
        }
        let routable = WitnessProof.byCode.filter { if case .routes = $0.value { true } else { false } }.keys
        #expect(Set(routable).subtracting(witnessed).sorted() == [], "routable codes no expected finding witnesses")
    }

    /// Every plan of corpus/plans (their lint configurations aside): a new plan is covered too.
    static let bundledPlans = Corpus.planNames

    @Test("corpus/plans holds the bundled plans the README documents")
    func bundledPlansAreListed() {
        // A test parameterised over an empty list runs nothing; this one fails instead.
        #expect(Set(["demo-office", "refine-called", "call-level", "multi-site", "paging"]).isSubset(of: Self.bundledPlans))
    }

    @Test("the bundled plans lint with no error and no warning", arguments: bundledPlans)
    func bundledPlansAreClean(_ name: String) throws {
        let (report, _) = try LintCorpus.lint(Corpus.plan(name))
        #expect(report.findings.filter { $0.severity >= .warning }.map(\.message) == [])
    }

    @Test("edge-cases.json, broken on purpose, gives one finding per defect, each proven by its witness")
    func edgeCases() throws {
        let (report, model) = try LintCorpus.lint(Corpus.broken.appendingPathComponent("edge-cases.json"))
        // RS205 twice: the 301/302 cycle and the forward chain from 310, longer than maxForwardHops;
        // RS201 twice: the 7 record grows the number forever; the 8 record drops a digit and
        // analyses again, so nine 8s use up every pass (a shrinking loop). RS501: the line
        // chain's record routes every number out.
        #expect(report.findings.map(\.code) == ["RS205", "RS205", "RS111", "RS201", "RS402", "RS105", "RS201", "RS501"])
        #expect(report.findings.map { $0.witness?.number } == ["301", "310", nil, "7", "5", "6", "888888888", "1900"])
        let simulator = Simulator(model: model)
        let loop = try simulator.route(Call(origin: .localUser("300"), called: "7"))
        #expect(loop.release?.reason == .loop)
        #expect(try simulator.route(Call(origin: .localUser("300"), called: "301")).release?.reason == .loop)
    }

    @Test("refine-called's international line is a documented decision, not an oversight: each costly prefix on its own")
    func refineCalledSuppression() throws {
        let (report, _) = try LintCorpus.lint(Corpus.plan("refine-called"))
        #expect(report.suppressed.map(\.finding.code) == ["RS501", "RS501"])
        #expect(report.suppressed.map { $0.finding.witness?.number } == ["00", "0900"])
        #expect(report.suppressed.map(\.finding.prefix) == ["00", "0900"])
        // Without the second suppression, the open 0900 premium route would be a finding of its own.
        var configuration = try LintConfiguration(
            json: try String(contentsOf: Corpus.plans.appendingPathComponent("refine-called.lint.json"), encoding: .utf8))
        configuration.suppressions.removeLast()
        let snapshot = try LintCorpus.load(Corpus.plan("refine-called"))
        let narrowed = LintReport(findings: Linter(snapshot: snapshot).run(), configuration: configuration, snapshot: snapshot)
        #expect(narrowed.findings.filter { $0.code == "RS501" }.map(\.prefix) == ["0900"])
    }
}

/// How the witness of a lint code is proven. `LintCorpusTests` routes every witness it can
/// through `Simulator.route` and checks that the rest carry the witness they claim or none.
enum WitnessProof {
    /// Routing the witness of a finding on one of `tables` from its origin must show `claim`
    /// (what `holds` checks, given the result and the finding's record index); findings on other
    /// tables carry no witness.
    case routes(on: Set<Table>, claim: String, holds: @Sendable (RouteResult, Int) -> Bool)
    /// The finding carries a witness that is no call on its own: the expected file pins it.
    case notRoutable(because: String)
    /// The finding carries no witness.
    case noWitness

    /// Every code of `LintCatalog`, with its proof (a test checks that none is missing).
    static let byCode: [String: WitnessProof] = [
        "RS101": .routes(on: [.calledAnalysis], claim: "analysed by the record whose transition is missing", holds: analysedBy),
        "RS102": .notRoutable(because: "the witness is a caller number, and the finding names no call"),
        "RS103": .notRoutable(because: "the witness is a caller number, and the finding names no call"),
        "RS104": .notRoutable(because: "the witness is a number a line or trunk sends, and the finding names no call"),
        "RS105": .routes(on: [.calledAnalysis], claim: "released as a dangling reference", holds: released(.danglingReference)),
        "RS106": .routes(on: [.calledAnalysis], claim: "released as a dangling reference", holds: released(.danglingReference)),
        "RS107": .routes(on: [.calledAnalysis], claim: "released as a dangling reference", holds: released(.danglingReference)),
        "RS108": .noWitness, "RS109": .noWitness, "RS110": .noWitness, "RS111": .noWitness,
        "RS112": .routes(on: [.huntingDetections], claim: "released as a dangling reference", holds: released(.danglingReference)),
        "RS113": .noWitness, "RS114": .noWitness, "RS115": .noWitness, "RS116": .noWitness, "RS117": .noWitness,
        "RS118": .routes(on: [.localUsers], claim: "released", holds: { result, _ in result.outcome == .released }),
        "RS119": .noWitness,
        "RS201": .routes(on: [.calledAnalysis], claim: "released as a loop", holds: released(.loop)),
        "RS202": .routes(on: [.calledAnalysis], claim: "released as a loop", holds: released(.loop)),
        "RS203": .noWitness, "RS204": .noWitness,
        "RS205": .routes(on: [.localUsers], claim: "released as a loop", holds: released(.loop)),
        "RS206": .notRoutable(because: "speed dial applies once per call, so no call follows the chain"),
        "RS207": .noWitness,
        "RS301": .noWitness, "RS302": .noWitness,
        "RS303": .notRoutable(because: "the witness is a number in a dial plan, and the finding names no origin"),
        "RS304": .noWitness,
        "RS305": .notRoutable(because: "the witness is a caller number, and the finding names no call"),
        "RS306": .noWitness, "RS307": .noWitness, "RS308": .noWitness,
        "RS401": .noWitness,
        "RS402": .routes(
            on: [.calledAnalysis], claim: "rejected for its route type",
            holds: { result, _ in result.outcome == .rejected && result.release?.reason == .unsupportedRouteType }),
        "RS403": .routes(on: [.calledAnalysis], claim: "released as a dangling reference", holds: released(.danglingReference)),
        "RS404": .noWitness, "RS405": .noWitness,
        "RS406": .routes(on: [.calledAnalysis], claim: "analysed by the catch-all record", holds: analysedBy),
        "RS407": .noWitness, "RS408": .noWitness, "RS409": .noWitness, "RS410": .noWitness,
        "RS501": .routes(
            on: [.calledAnalysis], claim: "sent out through the record",
            holds: { result, index in
                [.externalLine, .sipTrunk, .routingGroup].contains(result.outcome)
                    && result.steps.contains { $0.table == .calledAnalysis && $0.recordIndex == index }
            }),
        "RS601": .routes(on: [.calledAnalysis], claim: "analysed by the record whose routing depends on an assumption", holds: analysedBy),
        "RS602": .noWitness,
        "RS901": .noWitness,
    ]

    static func released(_ reason: ReleaseReason) -> @Sendable (RouteResult, Int) -> Bool {
        { result, _ in result.release?.reason == reason }
    }

    static let analysedBy: @Sendable (RouteResult, Int) -> Bool = { result, index in
        result.steps.contains { $0.stage == .analyzeCalled && $0.table == .calledAnalysis && $0.recordIndex == index }
    }
}
