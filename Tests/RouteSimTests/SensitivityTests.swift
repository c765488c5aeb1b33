import DialPlan
import RouteSim
import Testing

/// `route --sensitivity` in the library: the call re-run under every alternative of every
/// assumption it cites, and exactly what changes.
@Suite("Sensitivity")
struct SensitivityTests {
    @Test("a call no assumption changes: every alternative tried, none changes the answer")
    func holds() throws {
        let sim = try bundledSimulator("multi-site")
        let report = try sim.sensitivity(of: Call(origin: .localUser("100"), called: "100"))
        #expect(report.holds)
        #expect(report.assumptions == ["speedDialMatch=exact", "huntingDetectionMatch=exact"])
        #expect(
            report.alternatives == [
                .init(assumption: .speedDialMatch, value: "prefix", changes: []),
                .init(assumption: .huntingDetectionMatch, value: "prefix", changes: []),
            ])
        #expect(
            report.text
                == "sensitivity  this answer holds under all 2 alternatives (assumptions cited: speedDialMatch=exact, huntingDetectionMatch=exact)\n"
        )
    }

    @Test("a call two assumptions change: the exact alternatives and what each changes")
    func twoChange() throws {
        let sim = try bundledSimulator("demo-office")
        let call = Call(origin: .localUser("100"), called: "92002")
        let report = try sim.sensitivity(of: call)
        #expect(!report.holds)
        #expect(report.assumptions == ["stripOutGroupPrefix=lineRoutes", "linePresentsOwnNumber=true"])
        #expect(
            report.alternatives == [
                .init(assumption: .stripOutGroupPrefix, value: "none", changes: ["external line 6001 receives 92002 instead of 2002"]),
                .init(assumption: .stripOutGroupPrefix, value: "defaultsOnly", changes: []),
                .init(assumption: .stripOutGroupPrefix, value: "allOutgoing", changes: []),
                .init(assumption: .linePresentsOwnNumber, value: "false", changes: ["external line 6001 presents 100 instead of 6001"]),
            ])
        #expect(
            report.text == """
                sensitivity  2 of 4 alternatives change this answer (assumptions cited: stripOutGroupPrefix=lineRoutes, linePresentsOwnNumber=true):
                  with stripOutGroupPrefix=none: external line 6001 receives 92002 instead of 2002
                  with linePresentsOwnNumber=false: external line 6001 presents 100 instead of 6001

                """)
        // The traced answer gives the same report as routeCiting's.
        #expect(sim.sensitivity(of: call, answer: try sim.route(call)) == report)
    }

    @Test("what-ifs are not varied; limits try their documented others; dial plans try the plan's others")
    func alternatives() throws {
        let busy = try bundledSimulator("multi-site", ["userState=busy"])
        let report = try busy.sensitivity(of: Call(origin: .localUser("100"), called: "103"))
        #expect(!report.assumptions.contains { $0.hasPrefix("userState") })
        let loop = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}], "natran": [{"tranID": 1, "type": 1, "prefix": "7"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "7", "changeInd": 1, "tranID": 1, "reAnaInd": 1}]}
            """#
        ).sensitivity(of: Call(origin: .localUser("100"), called: "71"))
        #expect(loop.alternatives.filter { $0.assumption == .maxAnalysisPasses }.map(\.value) == ["4", "16"])
        // Released as a loop after 4 or 16 passes as after 8: the same answer.
        #expect(loop.alternatives.filter { $0.assumption == .maxAnalysisPasses }.allSatisfy { $0.changes.isEmpty })
        let unknown = try bundledSimulator("multi-site").sensitivity(of: Call(origin: .caller("5550000"), called: "500"))
        #expect(unknown.alternatives.filter { $0.assumption == .unknownCallerDialPlan }.map(\.value) == ["hq", "branch", "incoming"])
        #expect(
            unknown.alternatives.first { $0.assumption == .unknownCallerDialPlan && $0.value == "hq" }?.changes == [
                "the call ends huntGroup instead of released (noSuchUser)", "it goes to hunting group 1 instead of no target",
                "operators 101, 100 instead of (none)",
            ])
    }

    @Test("differences name the attempt when the same line or trunk is tried twice")
    func differences() {
        let a = RouteResult(outcome: .sipTrunk, target: .sipTrunk(1), dialPlan: "d", caller: "1", called: "2")
        var b = a
        var c = a
        b.attempts = [Attempt(via: .sipTrunk(1), called: "2", caller: "1", isFailover: false)]
        c.attempts = [Attempt(via: .sipTrunk(1), called: "3", caller: "1", isFailover: false, blocked: .down)]
        #expect(b.differences(to: c) == ["SIP trunk 1 receives 3 instead of 2", "SIP trunk 1 is blocked (down) instead of open"])
        b.attempts += b.attempts
        c.attempts = b.attempts
        c.attempts[1].caller = "9"
        #expect(b.differences(to: c) == ["attempt 2 (SIP trunk 1) presents 9 instead of 1"])
        #expect(a.differences(to: a) == [])
    }
}
