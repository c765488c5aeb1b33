import DialPlan
import Foundation
import RouteSim
import RouteSimTestSupport
import Testing

@testable import RouteSimCases

/// The project's own corpus, run through the library: every case of every file must hold, and
/// together the files must reach every stage of the pipeline and every route type.
@Suite("The bundled corpus")
struct CorpusTests {
    static let casesFolder = Corpus.cases.path

    static func runCorpus() throws -> TestRun {
        let files = CaseSuite.expand([casesFolder])
        #expect(files.count >= 5)
        return try CaseSuite.run(paths: files)
    }

    @Test("every case of corpus/cases passes")
    func allPass() throws {
        let run = try Self.runCorpus()
        #expect(run.results.count >= 50)
        let failures = run.results.filter { !$0.passed }
        #expect(failures.isEmpty, "\(TestRun(results: failures, coverage: [], planOfFile: [:]).failuresText)")
    }

    @Test("every case file and its plan load with no warning")
    func noWarnings() throws {
        #expect(try Self.runCorpus().warnings.map(\.description) == [])
    }

    @Test("the corpus reaches every stage the simulator traces, every outcome and every release reason")
    func everyStage() throws {
        let run = try Self.runCorpus()
        let reached = Set(run.results.flatMap { $0.result.steps.map(\.stage.rawValue) })
        // The maximum duration is a value of every result, not a trace step: no step carries the
        // stage `maxDuration` (named by its raw value, so this holds with or without the case).
        let notTraced: Set<String> = ["maxDuration"]
        #expect(reached.intersection(notTraced).isEmpty, "a step carries a stage listed as never traced")
        #expect(Set(Stage.allCases.map(\.rawValue)).subtracting(notTraced).subtracting(reached).sorted() == [])
        // So the corpus proves maximum durations by value: cases expect several, and they pass.
        let durations = run.results.filter(\.passed).compactMap(\.testCase.expect.maxDuration)
        #expect(Set(durations.filter { $0 > 0 }).count >= 3, "the corpus checks too few maximum durations: \(durations)")
        #expect(Set(run.results.map(\.result.outcome)) == Set(Outcome.allCases))
        #expect(Set(run.results.compactMap(\.result.release?.reason)) == Set(ReleaseReason.allCases))
    }

    @Test("the corpus routes through every route type, and through the defaults")
    func everyRouteType() throws {
        let run = try Self.runCorpus()
        var routeTypes = Set<Int>()
        for plan in run.coverage {
            for record in plan.exercised where record.table == .calledAnalysis {
                routeTypes.insert(plan.snapshot.calledAnalysis[record.index].routeType.rawValue)
            }
        }
        #expect(routeTypes.isSuperset(of: [0, 1, 2, 4, 6]))
        #expect(routeTypes.contains { RouteType(rawValue: $0) == .unsupported($0) })
        #expect(run.results.contains { $0.result.steps.contains { $0.stage == .defaults && $0.table == .systemInfo } })
    }
}

@Suite("Case files on several threads")
struct ParallelCaseTests {
    /// Every report of a run, as the command writes them.
    static func reports(_ run: TestRun) -> [String] {
        [
            run.listingText + run.failuresText + run.coverageText + run.summaryText, run.json(coverage: true).prettyText,
            run.junit(coverage: true),
        ]
    }

    @Test("the corpus gives the same reports on one thread and on several")
    func corpusSerialEqualsParallel() throws {
        let files = CaseSuite.expand([CorpusTests.casesFolder])
        let serial = try CaseSuite.run(paths: files, threads: 1)
        #expect(serial.results.count >= 50)
        for threads in [2, 5] {
            #expect(Self.reports(try CaseSuite.run(paths: files, threads: threads)) == Self.reports(serial), "\(threads) threads")
        }
    }

    @Test("unusable files give the same errors, in file order, on one thread and on several")
    func errorsSerialEqualsParallel() throws {
        let scratch = try ScratchDirectory()
        let good = CaseSuite.expand([CorpusTests.casesFolder])
        func caseFile(plan: String, user: String) -> String {
            "plan: \(plan)\ncases:\n  - name: a\n    from: {user: \"\(user)\"}\n    dial: \"1\"\n    expect: {outcome: released}\n"
        }
        let missingPlan = try scratch.write(caseFile(plan: "nowhere.json", user: "100"), to: "missing-plan.yaml")
        let badYAML = try scratch.write("plan: [\n", to: "bad.yaml")
        let demo = Corpus.plan("demo-office").path
        let unknownUser = try scratch.write(caseFile(plan: demo, user: "nobody"), to: "unknown-user.yaml")
        let otherUnknownUser = try scratch.write(caseFile(plan: demo, user: "nobody-else"), to: "other-unknown-user.yaml")
        func errors(_ paths: [String], threads: Int) -> [String] {
            do {
                _ = try CaseSuite.run(paths: paths, threads: threads)
                return []
            } catch {
                return error.errors.map(\.description)
            }
        }
        // Files or plans that cannot be read: reported before any case runs.
        let unreadable = [missingPlan] + good + [badYAML, missingPlan]
        let serial = errors(unreadable, threads: 1)
        #expect(serial.count == 3 && serial[0].contains("missing-plan.yaml") && serial[1].contains("bad.yaml"), "\(serial)")
        #expect(errors(unreadable, threads: 3) == serial)
        // Cases that name what the plan lacks: found while running, one error per file.
        let unrunnable = [unknownUser] + good + [otherUnknownUser]
        let serialRun = errors(unrunnable, threads: 1)
        #expect(serialRun.count == 2 && serialRun[0].contains("\"nobody\"") && serialRun[1].contains("nobody-else"), "\(serialRun)")
        #expect(errors(unrunnable, threads: 3) == serialRun)
    }
}
