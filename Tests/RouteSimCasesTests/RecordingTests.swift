import DialPlan
import Foundation
import RouteSim
import RouteSimGenerator
import RouteSimTestSupport
import Testing

@testable import RouteSimCases

/// Today's routing recorded as cases: recorded cases pass on the plan they were recorded on,
/// and fail, naming the field, on a plan that routes differently.
@Suite("Recording cases")
struct RecordingTests {
    /// Records `calls` on `snapshot` and runs the recorded file back on `runOn` (default: the same plan).
    func recordAndRun(_ calls: [Call], on snapshot: Snapshot, runOn other: Snapshot? = nil, assumptions: Assumptions = Assumptions()) throws
        -> (text: String, results: [CaseResult])
    {
        let simulator = try Simulator(snapshot: snapshot, assumptions: assumptions)
        let recorded = try calls.map { call in CaseRecorder.Recorded(name: call.summary, call: call, result: try simulator.route(call)) }
        let text = CaseRecorder.caseFile(plan: "plan.json", assumptions: assumptions, cases: recorded, comment: "recorded by a test")
        let file = try CaseFile(bytes: Array(text.utf8), source: "recorded.yaml")
        return (text, try CaseRunner(snapshot: other ?? snapshot).run(file))
    }

    @Test("the recorded file reads as documented: outcome, target, reason, operators, attempts with numbers")
    func recordedText() throws {
        let snapshot = try Snapshot(contentsOfFile: Corpus.plan("multi-site").path)
        var busy = Assumptions()
        try busy.set("userState", to: "busy")
        let (text, results) = try recordAndRun(
            [
                Call(origin: .localUser("100"), called: "0 212-555 1234"), Call(origin: .caller("5550000"), called: "800"),
                Call(origin: .localUser("100"), called: "500"), Call(origin: .externalLine("pstn-gw", caller: "2015550000"), called: ""),
            ], on: snapshot, assumptions: busy)
        #expect(results.allSatisfy { $0.passed })
        #expect(
            text == """
                # recorded by a test
                plan: "plan.json"
                assume: {userState: "busy"}
                cases:
                  - name: "user 100 dials 0 212-555 1234"
                    from: {user: "100"}
                    dial: "0 212-555 1234"
                    expect:
                      outcome: routingGroup
                      target: {groupID: 1}
                      attempts:
                        - {servID: 1, called: "2125551234", caller: "2125550100", failover: false}
                        - {servID: 2, called: "0012125551234", caller: "+12125550100", failover: true}
                        - {extLine: "pstn-gw", called: "2125551234", caller: "+12125550100", failover: false}
                  - name: "5550000 dials 800"
                    from: {caller: "5550000"}
                    dial: "800"
                    expect:
                      outcome: released
                      reason: noSuchUser
                  - name: "user 100 dials 500"
                    from: {user: "100"}
                    dial: "500"
                    expect:
                      outcome: huntGroup
                      target: {grpID: 1}
                      operators: ["101", "100"]
                  - name: "2015550000 on line pstn-gw dials nothing"
                    from: {line: "pstn-gw", caller: "2015550000"}
                    expect:
                      outcome: localUser
                      target: {usrname: "100"}

                """)
    }

    @Test("names that repeat are numbered; quotes and backslashes survive the round trip")
    func names() throws {
        let snapshot = try Snapshot(json: #"{"localuser": [{"usrname": "1\"0"}, {"usrname": "a\\b"}]}"#)
        let (text, results) = try recordAndRun(
            [Call(origin: .localUser("1\"0"), called: "a\\b"), Call(origin: .localUser("1\"0"), called: "a\\b")], on: snapshot)
        #expect(results.map(\.testCase.name) == [#"user 1"0 dials a\b"#, #"user 1"0 dials a\b #2"#])
        #expect(results.allSatisfy { $0.passed }, "\(text)")
    }

    @Test("property: calls drawn from each bundled plan and a generated one, recorded, pass on the plan they were recorded on")
    func recordedCasesPass() throws {
        var plans = try Corpus.planNames.map { try Snapshot(contentsOfFile: Corpus.plan($0).path) }
        #expect(plans.count >= 5)
        plans.append(PlanGenerator.generate(PlanGenerator.Options(rows: 300, seed: 4)).snapshot)
        for trial in PropertyTrials(seed: 11, count: plans.count) {
            var g = trial.generator
            let snapshot = plans[trial.number - 1]
            // Drawn from the plan's prefixes (a plan without analysis rows has none), and to every user.
            var calls = CallWorkload.calls(in: snapshot, count: 40, seed: g.next())
            calls += snapshot.localUsers.prefix(10).map { Call(origin: .caller("5550000"), called: $0.name) }
            // Some typed with separators, as people write them.
            for i in calls.indices where g.chance(25) && calls[i].called.count > 2 {
                var typed = calls[i].called
                typed.insert("-", at: typed.index(after: typed.startIndex))
                calls[i].called = typed
            }
            let (text, results) = try recordAndRun(calls, on: snapshot)
            #expect(results.count == calls.count, "\(trial)")
            let failed = results.filter { !$0.passed }.map { "\($0.testCase.name): \($0.failures)" }
            #expect(failed == [], "\(trial)\n\(text.prefix(2000))")
        }
    }

    @Test("recorded cases fail on a plan that routes differently, naming the field that changed")
    func changedPlanFails() throws {
        let before = try Snapshot(contentsOfFile: Corpus.plan("multi-site").path)
        var after = before
        after.sipTrunks[0].chain = 0  // carrier A no longer fails over to carrier B
        after.calledRefinements[0].transition = 0
        let calls = [Call(origin: .localUser("100"), called: "02125551234"), Call(origin: .localUser("100"), called: "101")]
        let (_, results) = try recordAndRun(calls, on: before, runOn: after)
        #expect(results.map(\.passed) == [false, true])
        #expect(
            results[0].failures.map(\.description) == [
                "attempts: expected 3 attempts (SIP trunk 1, SIP trunk 2, external line pstn-gw), got 2 attempts (SIP trunk 1, external line pstn-gw)"
            ])
    }
}

@Suite("test --plan: the same cases against another plan")
struct PlanOverrideTests {
    @Test("every case file runs against the plan given instead of the one it names")
    func override() throws {
        let scratch = try ScratchDirectory()
        let cases = try scratch.write(
            "plan: does-not-exist.json\ncases:\n  - name: intl\n    from: {user: \"100\"}\n    dial: \"0 123\"\n    expect: {outcome: externalLine, attempts: [{extLine: intl, called: \"0086123\"}]}\n",
            to: "cases.yaml")
        #expect(throws: CaseSuiteError.self) { try CaseSuite.run(paths: [cases]) }
        let run = try CaseSuite.run(paths: [cases], plan: smallPlanPath)
        #expect(run.passed == 1)
        #expect(run.coverage.map(\.plan) == [smallPlanPath])
        #expect(run.planOfFile[cases] == smallPlanPath)
    }

    @Test("a number the plan cannot read is an error that names the field it came from")
    func badNumberField() throws {
        let error = #expect(throws: CaseFileError.self) {
            try runSmall(
                "plan: p.json\ncases:\n  - name: a\n    from: {user: \"100\"}\n    dial: \"01x3\"\n    expect: {outcome: localUser}\n")
        }
        #expect(error?.field == "dial")
        #expect(error?.message.hasPrefix(#"the called number "01x3" holds "x""#) == true)
        let caller = #expect(throws: CaseFileError.self) {
            try runSmall(
                "plan: p.json\ncases:\n  - name: a\n    from: {caller: \"+1 (555) ?\"}\n    dial: \"101\"\n    expect: {outcome: localUser}\n"
            )
        }
        #expect(caller?.field == "from.caller")
    }
}
