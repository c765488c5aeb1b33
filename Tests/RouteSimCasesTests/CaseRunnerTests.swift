import DialPlan
import RouteSim
import RouteSimTestSupport
import Testing

@testable import RouteSimCases

@Suite("Running cases against a plan")
struct CaseRunnerTests {
    @Test("a file whose cases all hold passes")
    func passing() throws {
        let results = try runSmall(
            """
            plan: small-plan.json
            cases:
              - name: intl from 100
                from: {user: "100"}
                dial: "0123"
                expect:
                  outcome: externalLine
                  target: {extLine: intl}
                  dialPlan: default
                  caller: "100"
                  called: "0123"
                  attempts: [{extLine: intl, called: "0086123", caller: "100", failover: false}]
                  through: [{table: refinecldnbr, key: {groupID: 1, calledPrefix: "0"}}]
              - name: local user
                from: {caller: "555"}
                dial: "101"
                expect: {outcome: localUser, target: {usrname: "101"}, caller: "555"}
              - name: intercept
                from: {user: "101"}
                dial: "800"
                expect: {outcome: intercept}
            """)
        #expect(results.map(\.passed) == [true, true, true])
        #expect(results.map(\.testCase.name) == ["intl from 100", "local user", "intercept"])
    }

    @Test("a failing case prints one line per unmet expectation, then its trace")
    func failing() throws {
        let results = try runSmall(
            """
            plan: small-plan.json
            cases:
              - name: intl from 100
                from: {user: "100"}
                dial: "0123"
                expect:
                  outcome: externalLine
                  called: '/^0086\\d+$/'
                  dialPlan: office
            """)
        let run = TestRun(results: results, coverage: [], planOfFile: [:])
        #expect(run.passed == 0 && run.failed == 1)
        let lines = run.failuresText.split(separator: "\n", omittingEmptySubsequences: false)
        // In the order of the expect fields' reference: outcome, target, dialPlan, caller, called, ...
        #expect(lines[0] == #"cases.yaml: case "intl from 100": dialPlan: expected "office", got "default""#)
        #expect(lines[1] == #"cases.yaml: case "intl from 100": called: expected /^0086\d+$/, got "0123""#)
        #expect(lines[2] == #"      1  origin          0123  ·  localuser (usrname "100")"#)
        #expect(lines.contains("    outcome    externalLine  external line intl"))
        #expect(lines.contains("      1. external line intl  called 0086123  caller 100"))
        #expect(run.summaryText == "0 passed, 1 failed\n")
    }

    @Test(
        "regular expressions match numbers unanchored; exact strings must be equal",
        arguments: [
            (#"/^0086\d+$/"#, true), (#"/0086/"#, true), (#"/^086/"#, false), (#"/\d{7}/"#, true), (#"/^\d{8}$/"#, false),
            ("0086123", true), ("008612", false), ("/0086123/", true),
        ])
    func numberExpectations(pattern: String, matches: Bool) throws {
        let results = try runSmall(
            """
            plan: small-plan.json
            cases:
              - name: refined number
                from: {user: "100"}
                dial: "0123"
                expect:
                  attempts: [{extLine: intl, called: '\(pattern)'}]
            """)
        #expect(results[0].passed == matches)
        if !matches {
            #expect(
                results[0].failures.map(\.description) == [
                    "attempts[0].called: expected \(pattern.hasPrefix("/") ? pattern : "\"\(pattern)\""), got \"0086123\""
                ])
        }
    }

    @Test("wrong attempts, outcome, target, reason and through are each reported")
    func mismatches() throws {
        let results = try runSmall(
            """
            plan: small-plan.json
            cases:
              - name: two attempts expected
                from: {user: "100"}
                dial: "0123"
                expect:
                  attempts: [{extLine: intl}, {servID: 3}]
              - name: wrong line
                from: {user: "100"}
                dial: "0123"
                expect:
                  target: {extLine: other}
                  attempts: [{extLine: other}]
              - name: released, not delivered
                from: {user: "100"}
                dial: "199"
                expect: {outcome: localUser, target: {usrname: "199"}}
              - name: wrong reason
                from: {user: "100"}
                dial: "199"
                expect: {outcome: released, reason: loop}
              - name: never through
                from: {user: "100"}
                dial: "101"
                expect:
                  through: [{table: natran, key: {tranID: 1}}]
            """)
        #expect(
            results.map { $0.failures.map(\.description) } == [
                ["attempts: expected 2 attempts (external line intl, SIP trunk 3), got 1 attempt (external line intl)"],
                [
                    "target: expected external line other, got external line intl",
                    "attempts[0]: expected external line other, got external line intl",
                ],
                [
                    "outcome: expected localUser, got released (noSuchUser)",
                    "target: expected local user 199, got no target (outcome released)",
                ],
                ["reason: expected loop, got noSuchUser"],
                [#"through[0]: expected natran (tranID 1), got a trace that never touches it"#],
            ])
    }

    @Test("a case's assume overrides the file's")
    func assumptions() throws {
        let results = try runSmall(
            """
            plan: small-plan.json
            assume: {stripOutGroupPrefix: "none"}
            cases:
              - name: file-wide keeps the 9
                from: {user: "100"}
                dial: "90123"
                expect: {called: "90123"}
              - name: the case strips it again
                from: {user: "100"}
                dial: "90123"
                assume: {stripOutGroupPrefix: lineRoutes}
                expect: {called: "0123", attempts: [{extLine: intl, called: "0086123"}]}
            """)
        #expect(results.map(\.passed) == [true, true])
    }

    @Test("a case naming what the plan lacks is an input error, not a failure")
    func missingInPlan() throws {
        let runner = try CaseRunner(snapshot: try loadSmallPlan())
        let cases: [(String, String)] = [
            (#"from: {user: "999"}"#, #"cases.yaml:3: case 1 ("x"): field "from.user": the plan has no local user "999""#),
            (
                #"from: {trunk: 7, caller: "1"}"#,
                #"cases.yaml:3: case 1 ("x"): field "from.trunk": the plan has no SIP trunk with servID 7"#
            ),
            (#"from: {line: nope, caller: "1"}"#, #"cases.yaml:3: case 1 ("x"): field "from.line": the plan has no external line "nope""#),
        ]
        for (from, message) in cases {
            let file = try parseYAML("plan: p.json\ncases:\n  - name: x\n    \(from)\n    dial: \"1\"\n    expect: {outcome: localUser}\n")
            #expect(throws: CaseFileError.self) { try runner.run(file) }
            do { _ = try runner.run(file) } catch { #expect(error.description == message) }
        }
        let through = try parseYAML(
            """
            plan: p.json
            cases:
              - name: x
                from: {user: "100"}
                dial: "101"
                expect:
                  through:
                    - {table: anacldnbr, key: {dialPlan: default, calledNbr: "7"}}
            """)
        do {
            _ = try runner.run(through)
            Issue.record("a through record the plan lacks was accepted")
        } catch {
            #expect(
                error.description
                    == #"cases.yaml:8: case 1 ("x"): field "expect.through[0]": the plan has no record anacldnbr (dialPlan "default", calledNbr "7")"#
            )
        }
    }

    @Test("state: the file's and the case's, the case's winning; a setting the plan lacks is an input error")
    func liveState() throws {
        let results = try runSmall(
            """
            plan: small-plan.json
            state: {"101": unreachable}
            cases:
              - name: offline
                from: {user: "100"}
                dial: "101"
                expect: {outcome: released, reason: notOnline}
              - name: back online
                from: {user: "100"}
                dial: "101"
                state: {"101": available}
                expect: {outcome: localUser}
              - name: the line down
                from: {user: "100"}
                dial: "0123"
                state: {"line:intl": down}
                expect: {outcome: released, reason: routesUnavailable, attempts: [{extLine: intl, blocked: down}]}
            """)
        #expect(results.map(\.passed) == [true, true, true])
        let runner = try CaseRunner(snapshot: try loadSmallPlan())
        let file = try parseYAML(
            """
            plan: small-plan.json
            cases:
              - name: a trunk it lacks
                from: {user: "100"}
                dial: "101"
                state: {"trunk:7": down}
                expect: {outcome: localUser}
            """)
        #expect(
            throws: CaseFileError(
                source: "cases.yaml", line: 3, caseNumber: 1, caseName: "a trunk it lacks", field: "state",
                message: "trunk:7=down: the plan has no SIP trunk with servID 7")
        ) {
            _ = try runner.run(file)
        }
    }

    @Test("robust: holds, or the failure lists the alternatives that change the answer")
    func robust() throws {
        let results = try runSmall(
            """
            plan: small-plan.json
            cases:
              - name: the line presents the caller either way
                from: {user: "100"}
                dial: "0123"
                expect: {robust: true}
              - name: out-group via the defaults
                from: {user: "100"}
                dial: "9555"
                expect: {robust: true}
            """)
        #expect(results.map(\.passed) == [true, false])
        #expect(
            results[1].failures == [
                ExpectationFailure(
                    field: "robust", expected: "true",
                    actual: "false (with stripOutGroupPrefix=none: external line intl receives 9555 instead of 555)")
            ])
    }

    @Test("ringing and followMe: who rings and where the destinations go, with exact failure lines")
    func services() throws {
        let runner = try CaseRunner(snapshot: try Snapshot(contentsOfFile: Corpus.plan("front-desk").path))
        let results = try runner.run(
            try parseYAML(
                """
                plan: front-desk.json
                cases:
                  - name: group
                    from: {user: "103"}
                    dial: "100"
                    expect: {ringing: ["100", "101"]}
                  - name: follow-me
                    from: {user: "100"}
                    dial: "103"
                    expect: {followMe: [{number: "104", after: 10, outcome: localUser}, {number: "90612345678", target: {servID: 1}}]}
                  - name: no follow-me here
                    from: {user: "100"}
                    dial: "105"
                    expect: {followMe: [{number: "104"}]}
                """))
        #expect(
            results.map { $0.failures.map(\.description) } == [
                [#"ringing: expected ["100", "101"], got ["100", "101", "102"]"#],
                ["followMe[0].after: expected 10, got 15", "followMe[1].target: expected SIP trunk 1, got external line main"],
                [#"followMe: expected ["104"], got no follow-me"#],
            ])
    }
}
