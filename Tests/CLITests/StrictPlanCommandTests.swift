import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

/// Plans understood or refused, through the binary: a misspelt field warns on stderr (with the
/// closest field) for every command that loads the plan, is an error finding in lint, and is
/// refused under --strict; a record without a key field is refused with file:line.
@Suite("Strict plans, end to end")
struct StrictPlanCommandTests {
    /// The two-site plan of the issue: `reanaInd` for `reAnaInd` and `chainTrunkId` for
    /// `chainTrunkID`, silently changing where calls go.
    static let misspelt = """
        {
          "localuser": [{"usrname": "100", "dialPlan": "hq"}],
          "peerserver": [{"servID": 1, "desc": "carrier A", "dialPlan": "hq", "chainTrunkId": 2}, {"servID": 2, "desc": "carrier B", "dialPlan": "hq"}],
          "natran": [{"tranID": 1, "type": 2, "tranStart": 0, "tranLen": 2, "prefix": "+"}],
          "anacldnbr": [
            {"dialPlan": "hq", "calledNbr": "00", "routeType": 0, "changeInd": 1, "tranID": 1, "reanaInd": 1},
            {"dialPlan": "hq", "calledNbr": "+", "routeType": 2, "servID": 1}
          ]
        }
        """
    static let warnings = [
        #"routesim: warning: PLAN:3: peerserver[0] (servID 1): field "chainTrunkId" is not a field of peerserver, so routing ignores it; did you mean "chainTrunkID"?"#,
        #"routesim: warning: PLAN:6: anacldnbr[0] (dialPlan "hq", calledNbr "00"): field "reanaInd" is not a field of anacldnbr, so routing ignores it; did you mean "reAnaInd"?"#,
    ]

    func expectedWarnings(_ plan: String) -> String {
        Self.warnings.map { $0.replacingOccurrences(of: "PLAN", with: plan) + "\n" }.joined()
    }

    @Test("route: the plan loads, each misspelt field warns on stderr with did-you-mean, and the JSON carries the warnings")
    func routeWarns() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(Self.misspelt, to: "plan.json")
        let r = try routesim(["route", "--plan", plan, "--from-user", "100", "0044123"])
        #expect(r.status == 0)
        #expect(r.stderr == expectedWarnings(plan))
        #expect(r.stdout.contains("outcome    released"), "the misspelt reanaInd leaves +44123 unanalysed: \(r.stdout)")
        let json = try routesim(["route", "--plan", plan, "--from-user", "100", "--format", "json", "0044123"])
        guard case .array(let warnings)? = try JSONValue(parsing: json.stdout)["warnings"] else {
            Issue.record("no warnings in the JSON")
            return
        }
        #expect(warnings.map { $0["field"] } == [.string("chainTrunkId"), .string("reanaInd")])
        #expect(
            warnings.last
                == .object([
                    ("file", .string(plan)), ("line", .number("6")), ("table", .string("anacldnbr")), ("recordIndex", .number("0")),
                    ("key", .object([("dialPlan", .string("hq")), ("calledNbr", .string("00"))])), ("field", .string("reanaInd")),
                    ("records", .number("1")), ("suggestion", .string("reAnaInd")),
                    (
                        "message",
                        .string(#"field "reanaInd" is not a field of anacldnbr, so routing ignores it; did you mean "reAnaInd"?"#)
                    ),
                ]))
        let clean = try routesim(["route", "--plan", "corpus/plans/demo-office.json", "--from-user", "100", "--format", "json", "101"])
        #expect(try JSONValue(parsing: clean.stdout)["warnings"] == nil)
    }

    @Test("lint: each misspelt field is an RS410 error with the same text (exit 1)")
    func lintFinds() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(Self.misspelt, to: "plan.json")
        let r = try routesim(["lint", "--plan", plan])
        #expect(r.status == 1)
        #expect(
            r.stdout.contains(
                #"\#(plan):3: RS410 error peerserver(servID 1): field "chainTrunkId" is not a field of peerserver, so routing ignores it; did you mean "chainTrunkID"?"#
            ))
        #expect(r.stdout.contains(#"\#(plan):6: RS410 error anacldnbr(dialPlan "hq", calledNbr "00"): field "reanaInd""#))
        #expect(r.stderr == expectedWarnings(plan))
    }

    @Test(
        "--strict and ROUTESIM_STRICT=1 refuse a plan with warnings (exit 2), for every command that loads a plan",
        arguments: [
            ["route", "--from-user", "100", "1"], ["lint"], ["bench", "--calls", "10"],
        ])
    func strict(_ command: [String]) throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(Self.misspelt, to: "plan.json")
        let flagged = try routesim(command + ["--plan", plan, "--strict"])
        #expect(flagged.status == 2)
        #expect(flagged.stdout == "")
        #expect(
            flagged.stderr
                == expectedWarnings(plan)
                + "routesim: \(plan): --strict refuses a plan that loads with warnings (2 above); correct the fields it names\n")
        let environment = try routesim(command + ["--plan", plan], environment: ["ROUTESIM_STRICT": "1"])
        #expect(environment.status == 2)
        #expect(
            environment.stderr.hasSuffix(
                "ROUTESIM_STRICT=1 refuses a plan that loads with warnings (2 above); correct the fields it names\n"))
        let clean = try routesim(command + ["--plan", "corpus/plans/multi-site.json", "--strict"])
        #expect(clean.status == 0 || command[0] == "lint" && clean.status == 1, "\(clean.stderr)")
        #expect(clean.stderr.contains("warning") == false)
    }

    @Test("emulate --strict refuses a plan with warnings before it listens")
    func emulateStrict() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(Self.misspelt, to: "plan.json")
        // A regression would start a server: the short timeout ends it (SIGKILL) and fails the test.
        let r = try routesim(["emulate", "--plan", plan, "--strict", "--host", "127.0.0.1", "--port", "0"], timeout: .seconds(20))
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(
            r.stderr
                == expectedWarnings(plan)
                + "routesim: \(plan): --strict refuses a plan that loads with warnings (2 above); correct the fields it names\n")
    }

    @Test("replay warns about its plan and its --against plan, and --strict refuses them; generate --cdr warns")
    func replayStrict() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(Self.misspelt, to: "plan.json")
        let cdr = scratch.path("cdr.csv")
        let generate = try routesim(["generate", "--cdr", "--plan", plan, "--calls", "20", "--seed", "1", "--output", cdr])
        #expect(generate.status == 0)
        #expect(generate.stderr.hasPrefix(expectedWarnings(plan)))
        let replay = try routesim(["replay", "--plan", plan, cdr])
        #expect(replay.status == 0)
        #expect(replay.stderr.hasPrefix(expectedWarnings(plan)))
        let strict = try routesim(["replay", "--plan", plan, "--strict", cdr])
        #expect(strict.status == 2)
        #expect(strict.stdout == "")
        let against = try routesim(["replay", "--plan", "corpus/plans/multi-site.json", "--against", plan, "--strict", cdr])
        #expect(against.status == 2)
        #expect(
            against.stderr
                == expectedWarnings(plan)
                + "routesim: \(plan): --strict refuses a plan that loads with warnings (2 above); correct the fields it names\n")
    }

    @Test("test --strict refuses a case file's plan with warnings; without it, the warnings go to stderr")
    func testStrict() throws {
        let scratch = try ScratchDirectory()
        try scratch.write(Self.misspelt, to: "plan.json")
        let cases = try scratch.write(
            "plan: plan.json\ncases:\n  - name: a\n    from: {user: \"100\"}\n    dial: \"100\"\n    expect: {outcome: localUser}\n",
            to: "cases.yaml")
        let plain = try routesim(["test", cases])
        #expect(plain.status == 0)
        #expect(plain.stderr == expectedWarnings(scratch.path("plan.json")))
        let strict = try routesim(["test", "--strict", cases])
        #expect(strict.status == 2)
        #expect(strict.stdout == "")
    }

    @Test("lint leaves out, and --strict accepts, the fields its configuration accepts")
    func lintAcceptedField() throws {
        let r = try routesim(["lint", "--plan", "corpus/lint/unknown-fields.json", "--strict"])
        #expect(r.status == 2)
        #expect(!r.stderr.contains("ringTone"))
        #expect(r.stderr.contains("chainTrunkId"))
    }

    @Test("a record without a key field: exit 2 with file:line, table, record and field, for route, lint and test")
    func missingKey() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(
            "{\"localuser\": [{\"usrname\": \"100\", \"dialPlan\": \"muc\"}],\n \"anacldnbr\": [\n  {\"dialPlan\": \"muc\", \"calledNbr\": \"0\", \"routeType\": 4},\n  {\"calledNbr\": \"112\", \"routeType\": 4}\n]}",
            to: "plan.json")
        let message =
            #"routesim: \#(plan):4: anacldnbr[1] (calledNbr "112"), field "dialPlan": the key field is missing; every anacldnbr record needs dialPlan and calledNbr (write "default" for the default dial plan)"#
            + "\n"
        for command in [["route", "--plan", plan, "--from-user", "100", "112"], ["lint", "--plan", plan]] {
            let r = try routesim(command)
            #expect(r.status == 2)
            #expect(r.stdout == "")
            #expect(r.stderr == message)
        }
        let cases = try scratch.write(
            "plan: plan.json\ncases:\n  - name: a\n    from: {user: \"100\"}\n    dial: \"112\"\n    expect: {outcome: intercept}\n",
            to: "c.yaml")
        let test = try routesim(["test", cases])
        #expect(test.status == 2)
        #expect(test.stderr.contains(#"plan.json:4: anacldnbr[1] (calledNbr "112"), field "dialPlan": the key field is missing"#))
    }

    @Test("no plan given and no dialplan.json: the error names --plan and $ROUTESIM_PLAN")
    func missingPlan() throws {
        let scratch = try ScratchDirectory()
        let r = try routesim(["route", "--from-user", "100", "1"], in: scratch.url)
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "routesim: dialplan.json: no such plan file; name the plan with --plan FILE or $ROUTESIM_PLAN (without either, routesim reads dialplan.json)\n"
        )
        let env = try routesim(["lint"], environment: ["ROUTESIM_PLAN": "site.json"], in: scratch.url)
        #expect(env.stderr == "routesim: site.json: no such plan file (named by $ROUTESIM_PLAN; --plan FILE names another)\n")
        let given = try routesim(["route", "--plan", "nope.json", "--from-user", "100", "1"], in: scratch.url)
        #expect(given.stderr == "routesim: nope.json: no such plan file\n")
        // An empty $ROUTESIM_PLAN is no plan named; an empty --plan is an empty name.
        let emptyEnv = try routesim(["lint"], environment: ["ROUTESIM_PLAN": ""], in: scratch.url)
        #expect(
            emptyEnv.stderr
                == "routesim: dialplan.json: no such plan file; name the plan with --plan FILE or $ROUTESIM_PLAN (without either, routesim reads dialplan.json)\n"
        )
        let empty = try routesim(["route", "--plan", "", "--from-user", "100", "1"], in: scratch.url)
        #expect(empty.stderr == "routesim: the plan file's name is empty\n")
        let emptyCase = try routesim(["test", ""], in: scratch.url)
        #expect(emptyCase.status == 2)
        #expect(emptyCase.stderr == "routesim: the case file's name is empty\n")
    }

    @Test("did you mean: an option value, a command, a table of --tables, an assumption")
    func didYouMean() throws {
        let format = try routesim(["route", "--plan", "corpus/plans/demo-office.json", "--format", "jsn", "--caller", "1", "2"])
        #expect(format.status == 2)
        #expect(
            format.stderr.hasPrefix(
                #"Error: The value 'jsn' is invalid for '--format <format>': 'jsn' is not one of text, json; did you mean "json"?"#))
        let failOn = try routesim(["lint", "--plan", "corpus/plans/demo-office.json", "--fail-on", "warnings"])
        #expect(failOn.stderr.contains(#"'warnings' is not one of error, warning, never; did you mean "warning"?"#))
        let command = try routesim(["rout", "--plan", "x.json"])
        #expect(command.status == 2)
        #expect(
            command.stderr
                == #"routesim: 'rout' is not a command (did you mean "route"?); the commands are route, lint, test, map, diff, reach, replay, fetch, emulate, generate, bench, init, schema, graph, serve (routesim --help explains them)"#
                + "\n")
        let tables = try routesim(
            ["fetch", "--url", "http://127.0.0.1:9", "--tables", "anacldnbr,natrans"], environment: ["ROUTESIM_SYSKEY": "x"])
        #expect(tables.status == 2)
        #expect(tables.stderr.hasPrefix(#"routesim: --tables: natrans is not a table (did you mean "natran"?); the tables are"#))
        let assume = try routesim([
            "route", "--plan", "corpus/plans/demo-office.json", "--assume", "userstate=busy", "--from-user", "100", "101",
        ])
        #expect(
            assume.stderr.hasPrefix(
                #"routesim: --assume: no assumption named 'userstate' (did you mean "userState"?); the assumptions are"#))
        let value = try routesim([
            "route", "--plan", "corpus/plans/demo-office.json", "--assume", "userState=bussy", "--from-user", "100", "101",
        ])
        #expect(
            value.stderr
                == #"routesim: --assume userState: 'bussy' is not one of available, busy, noAnswer, unreachable; did you mean "busy"?"#
                + "\n")
    }
}
