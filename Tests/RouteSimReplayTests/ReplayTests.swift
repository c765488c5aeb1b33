import DialPlan
import Foundation
import RouteSim
import RouteSimCases
import RouteSimGenerator
import RouteSimTestSupport
import Testing

@testable import RouteSimReplay

/// Replay on generated CDRs: agreement on the plan and assumptions they were generated under,
/// calibration that recovers a flipped assumption, a candidate plan checked call by call, and
/// the counts of what could not be read or explained.
@Suite("Replay on generated CDRs")
struct ReplayTests {
    @Test("the bundled plans exist (the parameterised tests below run over them)")
    func plansExist() {
        #expect(Corpus.planNames.count >= 5)
    }

    @Test(
        "under the generating assumptions every explainable call agrees; every count matches what was planted", arguments: Corpus.planNames)
    func agreement(name: String) throws {
        let plan = try ReplayFixture.plan(name)
        let scratch = try ScratchDirectory()
        var options = CDRTrafficGenerator.Options(calls: 3000, seed: 11)
        options.malformedPerMille = 20
        options.unexplainablePerMille = 20
        let (path, summary) = try ReplayFixture.generate(plan, in: scratch, options)
        let run = try ReplayFixture.replay(plan, [path])
        let report = run.report
        #expect(report.explainable > 0)
        #expect(report.agreeing == report.explainable, "\(report.disagreements.map(\.pointText))")
        #expect(report.disagreements.isEmpty)
        #expect(report.calls == summary.calls)
        #expect(report.unexplainableCount == summary.unexplainable)
        #expect(report.explainable == summary.calls - summary.unexplainable)
        #expect(report.malformed == summary.malformed)
        #expect(run.malformed.map(\.place.line) == summary.malformedLines)
        #expect(run.malformed.allSatisfy { $0.place.file == path })
        #expect(report.recordsRead == summary.records + summary.malformedLines.count)
        #expect(report.pairedCalls == summary.records - summary.calls)
        #expect(report.agreeingOnFailover == summary.failover)
        // Each unexplainable record is one the generator made so: an unknown user or trunk.
        for (recorded, replayed) in run.calls where !replayed.verdict.isExplainable {
            let ghost = recorded.record.origin.map { if case .user(let n) = $0 { n.hasPrefix("ghost") } else { false } } ?? false
            let unknownTrunk =
                recorded.record.destination.map { if case .trunk(let id) = $0 { id.rawValue >= 1000 } else { false } } ?? false
            #expect(ghost || unknownTrunk, "\(recorded.record.place)")
        }
    }

    @Test("random plans, seeds and record shapes: 100 % of the explainable calls agree")
    func agreementProperty() throws {
        for trial in PropertyTrials(seed: 0x5EED_CD12, count: 6) {
            var rng = trial.generator
            let plan = PlanGenerator.generate(PlanGenerator.Options(rows: rng.within(100...3000), seed: rng.next())).snapshot
            let scratch = try ScratchDirectory()
            var options = CDRTrafficGenerator.Options(calls: rng.within(500...3000), seed: rng.next())
            options.bothHalves = rng.chance(70)
            options.header = rng.chance(50)
            options.unansweredPercent = rng.within(0...40)
            options.failoverPercent = rng.within(0...50)
            options.malformedPerMille = rng.within(0...30)
            let (path, summary) = try ReplayFixture.generate(plan, in: scratch, name: rng.chance(50) ? "cdr.csv.gz" : "cdr.csv", options)
            var replayOptions = ReplayOptions()
            replayOptions.jobs = rng.within(1...3)
            let report = try ReplayFixture.replay(plan, [path], replayOptions).report
            #expect(report.agreeing == report.explainable, "\(trial)")
            #expect(report.calls == summary.calls, "\(trial)")
            #expect(report.malformed == summary.malformed, "\(trial)")
            #expect(report.mappings.first?.source == (options.header ? .header : .defaultLayout), "\(trial)")
        }
    }

    @Test(
        "generated under a flipped assumption, --calibrate recovers the flipped value",
        arguments: [
            ("demo-office", ["stripOutGroupPrefix=none"]),
            ("demo-office", ["userState=busy"]),
            ("refine-called", ["stripOutGroupPrefix=none"]),
            ("call-level", ["stripOutGroupPrefix=none"]),
            ("paging", ["userState=noAnswer"]),
            ("paging", ["stripOutGroupPrefix=none", "userState=busy"]),
        ])
    func calibration(name: String, flipped: [String]) throws {
        let plan = try ReplayFixture.plan(name)
        let scratch = try ScratchDirectory()
        let (path, _) = try ReplayFixture.generate(plan, in: scratch, try CDRTrafficGenerator.Options(calls: 3000, seed: 5, flipped))
        var options = ReplayOptions()
        options.calibrate = true
        let report = try ReplayFixture.replay(plan, [path], options).report
        // The flip shows: some calls disagree under the defaults.
        #expect(report.disagreeing > 0)
        let calibration = try #require(report.calibration)
        let best = calibration.bestAssumptions(from: Assumptions())
        #expect(best.changedFromDefaults == flipped)
        #expect(calibration.bestAgreeing == report.explainable)
        for setting in flipped {
            let (name, value) = (String(setting.split(separator: "=")[0]), String(setting.split(separator: "=")[1]))
            let result = try #require(calibration.assumptions.first { $0.name == name })
            #expect(result.current == Assumptions.catalog.first { $0.name == name }!.value(in: Assumptions()))
            #expect(result.best == value)
        }
    }

    @Test("no disagreement, nothing to calibrate: the assumptions in force stay")
    func calibrationWithoutDisagreement() throws {
        let plan = try ReplayFixture.plan("multi-site")
        let scratch = try ScratchDirectory()
        let (path, _) = try ReplayFixture.generate(plan, in: scratch, CDRTrafficGenerator.Options(calls: 800, seed: 2))
        var options = ReplayOptions()
        options.calibrate = true
        let calibration = try #require(try ReplayFixture.replay(plan, [path], options).report.calibration)
        #expect(calibration.assumptions.isEmpty)
        #expect(calibration.bestChanges.isEmpty)
        #expect(calibration.untouched.count == Assumptions.catalog.count)
    }

    @Test(
        "--against an edited plan reports exactly the calls whose route the edit changes, checked call by call",
        arguments: ["endpoint", "transition", "user"])
    func against(edit: String) throws {
        let plan = try ReplayFixture.plan("multi-site")
        var edited = plan
        switch edit {
        case "endpoint":
            let i = try #require(edited.calledAnalysis.firstIndex { $0.calledPrefix == "+44" })
            edited.calledAnalysis[i].trunk = 2
        case "transition":
            edited.transitions[0].prefix = "+1" + edited.transitions[0].prefix
        default:
            edited.localUsers.removeFirst()
        }
        let scratch = try ScratchDirectory()
        let (path, _) = try ReplayFixture.generate(plan, in: scratch, CDRTrafficGenerator.Options(calls: 3000, seed: 9))
        let run = try ReplayFixture.replay(plan, [path], candidate: edited)
        let old = try Simulator(snapshot: plan), new = try Simulator(snapshot: edited)
        var changed = 0
        for (recorded, replayed) in run.calls where replayed.verdict.isExplainable {
            let call = replayed.call
            #expect(call == Comparison.call(of: recorded.record))
            let before = try old.routeFast(call)
            let after = try? new.routeFast(call)
            let differs = after != before
            #expect((replayed.change != nil) == differs, "\(recorded.record.place)")
            if differs { changed += 1 }
            if let change = replayed.change, let after {
                #expect(change.before.hasPrefix(RouteChange.exitText(before)))
                if change.kind == .endpoint || change.kind == .destination { #expect(change.after == RouteChange.exitText(after)) }
            }
        }
        let comparison = try #require(run.report.comparison)
        #expect(changed > 0)
        #expect(comparison.changed == changed)
        #expect(comparison.compared == run.report.explainable)
        #expect(comparison.groups.reduce(0) { $0 + $1.count } == changed)
        if edit == "endpoint" {
            #expect(comparison.groups.map(\.kind) == [.endpoint])
            #expect(comparison.groups.map(\.before) == ["SIP trunk 3"])
            #expect(comparison.groups.map(\.after) == ["SIP trunk 2"])
        }
        if edit == "user" { #expect(comparison.count(.unroutable) > 0) }
    }

    @Test("coverage: the records real calls used are the union of their traces, counted per call")
    func coverage() throws {
        let plan = try ReplayFixture.plan("multi-site")
        let scratch = try ScratchDirectory()
        let (path, _) = try ReplayFixture.generate(plan, in: scratch, CDRTrafficGenerator.Options(calls: 2000, seed: 4))
        var options = ReplayOptions()
        options.coverage = true
        let run = try ReplayFixture.replay(plan, [path], options)
        let simulator = try Simulator(snapshot: plan)
        var uses: [RecordID: Int] = [:]
        var stages: [String: Int] = [:]
        for (_, replayed) in run.calls where replayed.verdict.isExplainable {
            let traced = try simulator.route(replayed.call)
            for id in PlanCoverage.records(touchedBy: traced, in: plan) { uses[id, default: 0] += 1 }
            stages[Divergence.decidingStep(traced.steps)!.stage.rawValue, default: 0] += 1
        }
        let coverage = try #require(run.report.coverage)
        #expect(coverage.uses == uses)
        #expect(coverage.coverage.exercised == Set(uses.keys))
        #expect(Dictionary(uniqueKeysWithValues: (run.report.byStage ?? []).map { ($0.name, $0.calls) }) == stages)
    }

    @Test("one worker or three: the same report")
    func workers() throws {
        let plan = try ReplayFixture.plan("paging")
        let scratch = try ScratchDirectory()
        let (path, _) = try ReplayFixture.generate(
            plan, in: scratch, try CDRTrafficGenerator.Options(calls: 20_000, seed: 3, ["userState=busy"]))
        var options = ReplayOptions()
        options.coverage = true
        options.jobs = 1
        let one = try ReplayFixture.replay(plan, [path], options).report
        options.jobs = 3
        let three = try ReplayFixture.replay(plan, [path], options).report
        #expect(one.disagreeing > 0)
        #expect(one.jsonValue.prettyText == three.jsonValue.prettyText)
    }

    @Test("disagreements are grouped where the trace first goes another way")
    func divergence() throws {
        let plan = try ReplayFixture.plan("demo-office")
        let scratch = try ScratchDirectory()
        let (path, _) = try ReplayFixture.generate(
            plan, in: scratch, try CDRTrafficGenerator.Options(calls: 2000, seed: 8, ["stripOutGroupPrefix=none"]))
        let report = try ReplayFixture.replay(plan, [path]).report
        #expect(report.disagreements.count == 1)
        let group = try #require(report.disagreements.first)
        #expect(group.kind == .numberSent)
        #expect(
            group.point
                == DivergencePoint(stage: .defaults, table: .systemInfo, recordIndex: 0, assumption: "stripOutGroupPrefix=lineRoutes"))
        #expect(group.pointText == "defaults · sysinfo · assumed stripOutGroupPrefix=lineRoutes")
        #expect(group.count == report.disagreeing)
        #expect(group.examples.count == 3)
        let example = group.examples[0]
        #expect(example.recorded.hasPrefix("external line 6001, sent 9"))
        #expect(example.simulated.hasPrefix("external line 6001, sends "))
        #expect(
            Format.routeCommand(example.call, plan: "p.json", assumptions: Assumptions()).hasPrefix(
                "routesim route --plan p.json --from-user "))
    }

    @Test("a forward the server followed and routesim did not: the divergence is the user's live state")
    func liveStateDivergence() throws {
        let plan = try ReplayFixture.plan("demo-office")
        let scratch = try ScratchDirectory()
        let options = try CDRTrafficGenerator.Options(calls: 1000, seed: 7, ["userState=busy"])
        let (path, _) = try ReplayFixture.generate(plan, in: scratch, options)
        let report = try ReplayFixture.replay(plan, [path]).report
        #expect(report.disagreements.map(\.kind) == [.destination])
        #expect(report.disagreements.map(\.pointText) == [#"liveState · localuser (usrname "102")"#])
        #expect(report.disagreements.first?.examples.first?.recorded == "local user 100, sent 100, answered")
        #expect(report.disagreements.first?.examples.first?.simulated == "local user 102")
    }

    @Test("--malformed fatal: the first malformed record stops the replay, named by file and line")
    func fatal() throws {
        let plan = try ReplayFixture.plan("demo-office")
        let scratch = try ScratchDirectory()
        let path = try scratch.write(
            "O,2024-05-01 08:00:00,5,100,101,101,user,100,user,101,answered,callTag=1\nO,2024-05-01 08:00:01,5,100,,,user,100,,,answered,\n",
            to: "cdr.csv")
        var options = ReplayOptions()
        options.stopOnMalformed = true
        #expect(throws: ReplayError.self) { try ReplayFixture.replay(plan, [path], options) }
        do {
            _ = try ReplayFixture.replay(plan, [path], options)
        } catch let error as ReplayError {
            #expect(error.description == "\(path):2: column 5 (the dialled number) is empty (--malformed fatal stops here)")
        }
    }

    @Test("a damaged gzip file is counted as unreadable at the line it stopped, and the next file is read")
    func damagedFile() throws {
        let plan = try ReplayFixture.plan("demo-office")
        let scratch = try ScratchDirectory()
        var options = CDRTrafficGenerator.Options(calls: 4000, seed: 1)
        options.malformedPerMille = 0
        options.unexplainablePerMille = 0
        let (good, summary) = try ReplayFixture.generate(plan, in: scratch, name: "b.csv", options)
        let (whole, _) = try ReplayFixture.generate(plan, in: scratch, name: "a.csv.gz", options)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: whole))
        let run = try ReplayFixture.replay(plan, [whole, good])
        #expect(run.report.malformed == [.unreadable: 1])
        #expect(run.malformed.first?.place.file == whole)
        #expect(run.malformed.first?.message.hasSuffix("(is it a damaged gzip file?); the rest of the file is skipped") == true)
        #expect(run.calls.filter { $0.recorded.record.place.file == good }.count == summary.calls)
        #expect(run.report.agreeing == run.report.explainable)
    }

    @Test("no records at all is an error naming the files")
    func empty() throws {
        let plan = try ReplayFixture.plan("demo-office")
        let scratch = try ScratchDirectory()
        let path = try scratch.write("\n\n", to: "empty.csv")
        #expect(throws: ReplayError.self) { try ReplayFixture.replay(plan, [path]) }
    }
}
