import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

/// Cases from today's behaviour, through the binary: `route --emit-case`, `test --record`,
/// `test --plan`.
@Suite("Recording and replaying cases, end to end")
struct RecordingCommandTests {
    @Test("record a batch, and the cases pass on the plan they were recorded on; on a changed plan they fail naming the field")
    func recordThenTest() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(try String(contentsOf: Corpus.plan("multi-site"), encoding: .utf8), to: "plan.json")
        let batch = try scratch.write(
            "origin,caller,called\nuser:100,,02125551234\nuser:101,,0044 20 7946 0123\n,5550000,800\nline:pstn-gw,2015550000,\nuser:100,,500\n",
            to: "calls.csv")
        let cases = scratch.path("cases/today.yaml")
        try FileManager.default.createDirectory(atPath: scratch.path("cases"), withIntermediateDirectories: true)
        let record = try routesim(["test", "--record", batch, "--plan", plan, "--output", cases])
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stdout == "")
        #expect(record.stderr == "recorded 5 cases from \(batch) on \(plan) into \(cases)\n")
        let text = try String(contentsOfFile: cases, encoding: .utf8)
        #expect(text.contains("plan: \"../plan.json\"\n"), "the plan path is relative to the case file's folder")
        #expect(text.contains(#"        - {servID: 2, called: "0012125551234", caller: "+12125550100", failover: true}"#))

        let pass = try routesim(["test", cases])
        #expect(pass.status == 0)
        #expect(pass.stdout == "5 passed, 0 failed\n")

        // Tomorrow's candidate: carrier A loses its failover to carrier B.
        let candidate = try scratch.write(
            try String(contentsOfFile: plan, encoding: .utf8).replacingOccurrences(
                of: #""chainTrunkID": 2}"#, with: #""chainTrunkID": 0}"#),
            to: "candidate.json")
        let fail = try routesim(["test", "--plan", candidate, cases])
        #expect(fail.status == 1)
        #expect(
            fail.stdout.hasPrefix(
                #"\#(cases): case "user 100 dials 02125551234": attempts: expected 3 attempts (SIP trunk 1, SIP trunk 2, external line pstn-gw), got 2 attempts (SIP trunk 1, external line pstn-gw)"#
            ))
        #expect(fail.stdout.hasSuffix("4 passed, 1 failed\n"))
    }

    @Test("route --emit-case prints a case file that passes as it is")
    func emitCase() throws {
        let scratch = try ScratchDirectory()
        let r = try routesim([
            "route", "--plan", Corpus.plan("refine-called").path, "--from-user", "101", "--assume", "linePresentsOwnNumber=false",
            "--emit-case", "0 123",
        ])
        #expect(r.status == 0)
        #expect(
            r.stdout.hasSuffix(
                """
                assume: {linePresentsOwnNumber: "false"}
                cases:
                  - name: "user 101 dials 0 123"
                    from: {user: "101"}
                    dial: "0 123"
                    expect:
                      outcome: externalLine
                      target: {extLine: "intl"}
                      attempts:
                        - {extLine: "intl", called: "0086123", caller: "101", failover: false}

                """))
        let file = try scratch.write(r.stdout, to: "case.yaml")
        let test = try routesim(["test", file])
        #expect(test.stdout == "1 passed, 0 failed\n")
    }

    @Test("test --plan runs the corpus's cases against a plan given on the command line")
    func planOverride() throws {
        let same = try routesim(["test", "--plan", "corpus/plans/demo-office.json", "corpus/cases/demo-office.yaml"])
        #expect(same.status == 0)
        #expect(same.stdout == "9 passed, 0 failed\n")
        // The cases name a line the other plan does not have: refused before any case runs.
        let other = try routesim(["test", "--plan", "corpus/plans/refine-called.json", "corpus/cases/demo-office.yaml"])
        #expect(other.status == 2)
        #expect(other.stdout == "")
        #expect(
            other.stderr
                == #"routesim: corpus/cases/demo-office.yaml:21: case 1 ("92002 reaches external 2002 via line 6001"): field "expect.through[1]": the plan has no record extline (extLine "6001")"#
                + "\n")
    }

    @Test("recording refuses what it cannot use: no batch file, case files beside --record, a bad line")
    func recordErrors() throws {
        let noBatch = try routesim(["test", "--record", "nope.csv", "--plan", "corpus/plans/demo-office.json"])
        #expect(noBatch.status == 2)
        #expect(noBatch.stderr == "routesim: nope.csv: no such batch file\n")
        let bad = try routesim(
            ["test", "--record", "-", "--plan", "corpus/plans/demo-office.json"], input: "origin,caller,called\nuser:999,,1\n")
        #expect(bad.status == 2)
        #expect(bad.stderr == "routesim: -:2: no local user named '999' in the plan (localuser usrname)\n")
        let both = try routesim(["test", "--record", "x.csv", "corpus/cases"])
        #expect(both.status == 2)
    }
}
