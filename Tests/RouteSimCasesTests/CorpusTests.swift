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
