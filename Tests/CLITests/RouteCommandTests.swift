import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

@Suite("routesim route, end to end")
struct RouteCommandTests {
    let demo = "corpus/plans/demo-office.json"

    @Test("text trace: every stage on its own line, then the outcome and attempts")
    func textTrace() throws {
        let r = try routesim(["route", "--plan", demo, "--from-user", "100", "92002"])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(
            r.stdout == """
                  1  origin          92002  ·  localuser (usrname "100")
                                     local user 100 calls 92002, starting in dial plan "default"
                  2  analyzeCalled   92002
                                     no anacldnbr record of dial plan "default" matches 92002: the defaults apply
                  3  defaults        92002 → 2002  ·  sysinfo
                                     starts with the out-group prefix "9": an external-line call, prefix stripped
                                     assumed: stripOutGroupPrefix=lineRoutes
                  4  route           extline (extLine "6001") "provider account shared by the office"
                                     the line whose localUser is the caller
                  5  attempt         2002  ·  extline (extLine "6001")
                                     attempt on external line 6001
                  6  presentedCaller 6001  ·  extline (extLine "6001")
                                     presents the line's own number 6001
                                     assumed: linePresentsOwnNumber=true

                outcome    externalLine  external line 6001 "provider account shared by the office"
                dial plan  default
                caller     100
                called     2002
                max        7200 s
                attempts
                  1. external line 6001 "provider account shared by the office"  called 2002  caller 6001

                """)
    }

    @Test("json: the documented fields, with their JSON types")
    func jsonFields() throws {
        let r = try routesim(["route", "--plan", "corpus/plans/multi-site.json", "--from-user", "100", "--format", "json", "02125551234"])
        #expect(r.status == 0)
        let json = try JSONValue(parsing: r.stdout)
        #expect(json["outcome"] == .string("routingGroup"))
        #expect(
            json["target"]
                == .object([("groupID", .number("1")), ("name", .string("US calls: carrier A (fails over to B), then the FXO gateway"))]))
        #expect(json["dialPlan"] == .string("hq"))
        #expect(json["caller"] == .string("+12125550100"))
        #expect(json["called"] == .string("+12125551234"))
        #expect(
            json["attempts"]
                == .array([
                    .object([
                        ("servID", .number("1")), ("name", .string("carrier A (US)")), ("called", .string("2125551234")),
                        ("caller", .string("2125550100")), ("failover", .bool(false)),
                    ]),
                    .object([
                        ("servID", .number("2")), ("name", .string("carrier B (international)")), ("called", .string("0012125551234")),
                        ("caller", .string("+12125550100")), ("failover", .bool(true)),
                    ]),
                    .object([
                        ("extLine", .string("pstn-gw")), ("name", .string("FXO gateway, last resort for US calls")),
                        ("called", .string("2125551234")), ("caller", .string("+12125550100")), ("failover", .bool(false)),
                    ]),
                ]))
        #expect(json["reason"] == nil)
        guard case .array(let steps)? = json["steps"] else { Issue.record("no steps"); return }
        let change = try #require(steps.first { $0["stage"] == .string("changeCalled") })
        #expect(
            change
                == .object([
                    ("stage", .string("changeCalled")), ("table", .string("natran")), ("key", .object([("tranID", .number("1"))])),
                    ("before", .string("02125551234")), ("after", .string("+12125551234")),
                    ("detail", .string(#"transition 1 (replace 1 at 0 by "+1"): 02125551234 → +12125551234"#)),
                ]))
        let level = try #require(steps.first { $0["stage"] == .string("callLevel") })
        #expect(level["assumption"] == .string("callLevelRule=bitmask"))
    }

    @Test("json: released calls carry reason and message, and no target")
    func jsonReleased() throws {
        let r = try routesim(["route", "--plan", demo, "--caller", "555", "--format", "json", "4711"])
        #expect(r.status == 0)
        let json = try JSONValue(parsing: r.stdout)
        #expect(json["outcome"] == .string("released"))
        #expect(json["target"] == nil)
        #expect(json["reason"] == .string("noSuchUser"))
        #expect(json["message"] == .string("no local user is named 4711"))
    }

    @Test("--assume changes an assumption and the trace names it")
    func assume() throws {
        let r = try routesim(["route", "--plan", demo, "--from-user", "101", "--assume", "userState=busy", "--format", "json", "102"])
        let json = try JSONValue(parsing: r.stdout)
        #expect(json["target"] == .object([("usrname", .string("100"))]))
        let bad = try routesim(["route", "--plan", demo, "--from-user", "101", "--assume", "userState=asleep", "102"])
        #expect(bad.status == 2)
        #expect(bad.stdout == "")
        #expect(bad.stderr == "routesim: --assume userState: 'asleep' is not one of available, busy, noAnswer, unreachable\n")
    }

    @Test("--list-assumptions shows every assumption with its value")
    func listAssumptions() throws {
        let r = try routesim(["route", "--list-assumptions", "--assume", "maxChainHops=2"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("  maxChainHops=2   (default 5)\n"))
        #expect(r.stdout.contains("  stripOutGroupPrefix=lineRoutes\n"))
    }

    @Test(
        "unusable input exits 2 with one line on stderr and nothing on stdout",
        arguments: [
            (
                ["--plan", "corpus/plans/demo-office.json", "--from-user", "999", "100"],
                "routesim: no local user named '999' in the plan (localuser usrname)\n"
            ),
            (
                ["--plan", "corpus/plans/demo-office.json", "--from-user", "100", "1;2"],
                "routesim: the called number \"1;2\" holds \";\", which is not part of a number, and no local user has that name; type digits and * # + (spaces, dashes, dots, brackets and slashes between them are removed), or a local user's name\n"
            ),
            (["--plan", "corpus/plans/nope.json", "--from-user", "100", "100"], "routesim: corpus/plans/nope.json: no such plan file\n"),
            (["--plan", "corpus/plans", "--from-user", "100", "100"], "routesim: corpus/plans: is a directory, not a plan file\n"),
            (
                ["--plan", "corpus/plans/demo-office.json", "--from-trunk", "1", "100"],
                "Error: --from-trunk and --from-line need --caller NUMBER (the number calling in)\n"
            ),
            (
                ["--plan", "corpus/plans/demo-office.json", "--from-user", "100", "--state", "100=asleep", "101"],
                "routesim: --state user 100: 'asleep' is not one of available, busy, noAnswer, unreachable\n"
            ),
            (
                ["--plan", "corpus/plans/demo-office.json", "--from-user", "100", "--state", "trunk:3=down", "101"],
                "routesim: --state trunk:3=down: the plan has no SIP trunk with servID 3\n"
            ),
            (
                ["--plan", "corpus/plans/demo-office.json", "--from-user", "100", "--assume", "stripOutGroupPrefixOnLineRoute=false", "9"],
                "routesim: --assume stripOutGroupPrefixOnLineRoute=false: stripOutGroupPrefixOnLineRoute is now part of stripOutGroupPrefix: write stripOutGroupPrefix=lineRoutes (its true, the default) or stripOutGroupPrefix=defaultsOnly (its false)\n"
            ),
            (
                ["--plan", "corpus/plans/demo-office.json", "--batch", "-", "--sensitivity"],
                "Error: --sensitivity works on one call: drop --batch (or write robust: true in a case file)\n"
            ),
        ])
    func unusableInput(arguments: [String], message: String) throws {
        let r = try routesim(["route"] + arguments)
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix(message))
    }

    @Test(
        "malformed plans exit 2 naming file, table, record and field",
        arguments: [
            (
                "{\"anacldnbr\": [{\"calledNbr\": \"1\",}]}",
                "plan.json:1: anacldnbr[0]: invalid JSON: expected a member name in quotes, found '}' (column 34)"
            ),
            (
                "{\"anacldnbr\": [{\"calledNbr\": \"1\", \"routeType\": \"x\"}]}",
                #"plan.json:1: anacldnbr[0] (dialPlan "", calledNbr "1"), field "routeType": expected an integer (a number or a string of digits), found the string "x""#
            ),
            (
                "{\"anacldnbr\": [\n{\"dialPlan\": \"hq\", \"calledNbr\": \"0\"},\n{\"calledNbr\": \"112\", \"routeType\": 2}]}",
                #"plan.json:3: anacldnbr[1] (calledNbr "112"), field "dialPlan": the key field is missing; every anacldnbr record needs dialPlan and calledNbr (write "default" for the default dial plan)"#
            ),
            ("{\"peerserver\": {\"servID\": 1}}", "plan.json:1: peerserver: expected an array of records, found an object"),
            (
                "{\"localuser\": [{\"usrname\": \"1\"},\n{\"usrname\": \"1\"}]}",
                #"plan.json:2: localuser[1] (usrname "1"): same key as localuser[0] (line 1): routing would be ambiguous; remove or change one of the two records"#
            ),
        ])
    func malformedPlans(text: String, message: String) throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(text, to: "plan.json")
        let r = try routesim(["route", "--plan", file, "--from-user", "1", "100"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == "routesim: \(scratch.url.path)/\(message)\n")
    }

    @Test("ROUTESIM_PLAN names the plan when --plan is absent")
    func planFromEnvironment() throws {
        let r = try routesim(["route", "--from-user", "100", "--format", "json", "101"], environment: ["ROUTESIM_PLAN": demo])
        #expect(r.status == 0)
        #expect(try JSONValue(parsing: r.stdout)["target"] == .object([("usrname", .string("101"))]))
    }

    @Test("batch: CSV in, one line per call out, in order")
    func batchCSV() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(
            """
            origin,caller,called
            user:100,,92002
            ,555,101
            # a comment line
            user:102,,4711

            """, to: "calls.csv")
        let r = try routesim(["route", "--plan", demo, "--batch", file])
        #expect(r.status == 0)
        #expect(
            r.stdout == """
                \(file):2  user 100 dials 92002  →  externalLine  external line 6001 "provider account shared by the office"  via external line 6001 "provider account shared by the office" [2002]
                \(file):3  555 dials 101  →  localUser  local user 101
                \(file):5  user 102 dials 4711  →  released  (noSuchUser) no local user is named 4711

                """)
    }

    @Test("batch: JSON lines in, JSON lines out with the input echoed")
    func batchJSONLines() throws {
        let input = """
            {"fromUser": "100", "called": "92002"}
            {"caller": "555", "called": "101"}

            """
        let r = try routesim(["route", "--plan", demo, "--batch", "-", "--format", "json"], input: input)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let first = try JSONValue(parsing: lines[0])
        #expect(first["line"] == .number("1"))
        #expect(first["input"] == .object([("fromUser", .string("100")), ("called", .string("92002"))]))
        #expect(first["outcome"] == .string("externalLine"))
        #expect(first["steps"] == nil)
        #expect(try JSONValue(parsing: lines[1])["target"] == .object([("usrname", .string("101"))]))
    }

    @Test("batch: a bad line fails the whole batch before any output")
    func batchErrors() throws {
        let bad = "{\"fromUser\": \"100\", \"called\": \"101\"}\n{\"fromUser\": \"999\", \"called\": \"101\"}\n"
        let r = try routesim(["route", "--plan", demo, "--batch", "-"], input: bad)
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == "routesim: -:2: no local user named '999' in the plan (localuser usrname)\n")
        let csv = try routesim(["route", "--plan", demo, "--batch", "-"], input: "origin,caller,called\ntrunk:x,1,2\n")
        #expect(csv.stderr == "routesim: -:2: trunk origin needs a numeric servID, found 'x'\n")
        let unknown = try routesim(["route", "--plan", demo, "--batch", "-"], input: "{\"from\": \"100\", \"called\": \"1\"}\n")
        #expect(unknown.stderr == "routesim: -:1: unknown field \"from\"; the fields are fromUser, fromTrunk, fromLine, caller, called\n")
        let misspelt = try routesim(["route", "--plan", demo, "--batch", "-"], input: "{\"fromUsr\": \"100\", \"called\": \"1\"}\n")
        #expect(
            misspelt.stderr
                == "routesim: -:1: unknown field \"fromUsr\" (did you mean \"fromUser\"?); the fields are fromUser, fromTrunk, fromLine, caller, called\n"
        )
    }

    @Test("--state: a what-if per user, trunk, line, time condition or operator; --batch calls meet it too")
    func liveState() throws {
        let plan = "corpus/plans/front-desk.json"
        let r = try routesim(["route", "--plan", plan, "--from-user", "100", "--state", "103=busy", "--format", "json", "103"])
        #expect(r.status == 0)
        let json = try JSONValue(parsing: r.stdout)
        #expect(json["outcome"] == .string("voicemail"))
        #expect(json["target"] == .object([("usrname", .string("103"))]))
        let closed = try routesim(
            ["route", "--plan", plan, "--from-user", "100", "--state", "tc:1=closed", "--state", "trunk:2=down", "00447700900123"])
        #expect(
            closed.stdout.contains(
                "  1. SIP trunk 1 \"international carrier: business hours only (time condition 1)\"  called 00447700900123  caller 3120555000  blocked: closed\n"
            ))
        #expect(
            closed.stdout.contains(
                "reason     routesUnavailable: every line and trunk the call would try is down or outside its time condition\n"))
        let batch = try routesim(
            ["route", "--plan", plan, "--batch", "-", "--state", "105=unreachable"], input: "{\"fromUser\": \"100\", \"called\": \"105\"}\n"
        )
        #expect(
            batch.stdout
                == "-:1  user 100 dials 105  →  released  (notOnline) local user 105 is not online and has no CFNC and no voice mail\n")
    }

    @Test("--sensitivity: a block after the trace, or a JSON member before steps")
    func sensitivity() throws {
        let text = try routesim(["route", "--plan", demo, "--from-user", "100", "--sensitivity", "92002"])
        #expect(text.status == 0)
        #expect(
            text.stdout.hasSuffix(
                """
                  1. external line 6001 "provider account shared by the office"  called 2002  caller 6001

                sensitivity  2 of 4 alternatives change this answer (assumptions cited: stripOutGroupPrefix=lineRoutes, linePresentsOwnNumber=true):
                  with stripOutGroupPrefix=none: external line 6001 receives 92002 instead of 2002
                  with linePresentsOwnNumber=false: external line 6001 presents 100 instead of 6001

                """))
        let json = try routesim(["route", "--plan", demo, "--from-user", "100", "--sensitivity", "--format", "json", "92002"])
        let value = try JSONValue(parsing: json.stdout)
        guard case .object(let members) = value else { Issue.record("no object"); return }
        #expect(members.suffix(2).map(\.0) == ["sensitivity", "steps"])
        #expect(value["sensitivity"]?["holds"] == .bool(false))
        #expect(
            value["sensitivity"]?["assumptions"]
                == .array([.string("stripOutGroupPrefix=lineRoutes"), .string("linePresentsOwnNumber=true")]))
        #expect(
            value["sensitivity"]?["alternatives"]
                == .array([
                    .object([
                        ("assumption", .string("stripOutGroupPrefix")), ("value", .string("none")),
                        ("changes", .array([.string("external line 6001 receives 92002 instead of 2002")])),
                    ]),
                    .object([("assumption", .string("stripOutGroupPrefix")), ("value", .string("defaultsOnly")), ("changes", .array([]))]),
                    .object([("assumption", .string("stripOutGroupPrefix")), ("value", .string("allOutgoing")), ("changes", .array([]))]),
                    .object([
                        ("assumption", .string("linePresentsOwnNumber")), ("value", .string("false")),
                        ("changes", .array([.string("external line 6001 presents 100 instead of 6001")])),
                    ]),
                ]))
    }
}
