import RouteSim
import Testing

@testable import RouteSimCases

@Suite("Reading case files: YAML and JSON into one model, with clear errors")
struct CaseFileParserTests {
    static let header = "plan: p.json\ncases:\n  - name: intl from 100\n    from: {user: \"100\"}\n    dial: \"0123\"\n"

    @Test("YAML and JSON give the same model")
    func sameModel() throws {
        let yaml = try parseYAML(
            """
            plan: ../plans/p.json
            assume: {userState: busy}
            cases:
              - name: trunk call
                from: {trunk: 3, caller: "0215551234"}
                dial: 0123
                assume: {maxChainHops: 2}
                expect:
                  outcome: sipTrunk
                  target: {servID: 3}
                  attempts: [{servID: 3, called: '/^0086/', failover: false}]
                  maxDuration: 60
            """)
        let json = try CaseFile(
            bytes: Array(
                """
                {"plan": "../plans/p.json", "assume": {"userState": "busy"},
                 "cases": [{"name": "trunk call", "from": {"trunk": 3, "caller": "0215551234"}, "dial": "0123",
                            "assume": {"maxChainHops": 2},
                            "expect": {"outcome": "sipTrunk", "target": {"servID": 3},
                                       "attempts": [{"servID": 3, "called": "/^0086/", "failover": false}], "maxDuration": 60}}]}
                """.utf8), source: "cases.json")
        for file in [yaml, json] {
            #expect(file.plan == "../plans/p.json")
            let c = file.cases[0]
            // An unquoted 0123 stays the string 0123 (YAML would read it as an octal number).
            #expect(c.call == Call(origin: .sipTrunk(3, caller: "0215551234"), called: "0123"))
            #expect(c.assumptions.userState == .busy)
            #expect(c.assumptions.maxChainHops == 2)
            #expect(c.expect.outcome == .sipTrunk)
            #expect(c.expect.target == .sipTrunk(3))
            #expect(c.expect.attempts?.count == 1)
            #expect(c.expect.attempts?[0].via == .sipTrunk(3))
            #expect(c.expect.attempts?[0].called?.description == "/^0086/")
            #expect(c.expect.attempts?[0].failover == false)
            #expect(c.expect.maxDuration == 60)
        }
        #expect(yaml.cases[0].line == 4)
        #expect(json.cases[0].line == 2)
    }

    @Test("an invalid regular expression names file, line, case and field")
    func invalidRegex() {
        #expect(
            parseError(Self.header + "    expect:\n      called: '/^0086(\\d+$/'\n")
                == #"cases.yaml:7: case 1 ("intl from 100"): field "expect.called": invalid regular expression /^0086(\d+$/: missing closing parenthesis at offset 10"#
        )
        let json =
            #"{"plan": "p.json", "cases": [{"name": "intl from 100", "from": {"user": "100"}, "dial": "0123","#
            + "\n" + #""expect": {"attempts": [{"extLine": "intl", "caller": "/[0-9/"}]}}]}"#
        #expect(
            parseError(json, source: "cases.json")
                == #"cases.json:2: case 1 ("intl from 100"): field "expect.attempts[0].caller": invalid regular expression /[0-9/: missing terminating ] for character class at offset 4"#
        )
    }

    @Test(
        "malformed files are refused with what and where",
        arguments: [
            (
                header + "    expect: {called: \"/0086\"}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.called": "/0086" starts with / but does not end with one: write /…/ for a regular expression"#
            ),
            (
                header + "    expect: {calld: \"0086\"}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.calld": unknown field (did you mean "called"?); the fields here are outcome, target, dialPlan, caller, called, attempts, reason, operators, maxDuration, through, ringing, followMe, robust"#
            ),
            (
                "plan: p.json\ncases: []\nextra: 1\n",
                #"cases.yaml:3: field "extra": unknown field; the fields here are plan, assume, state, cases"#
            ),
            (
                header + "    expect: {outcome: delivered}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.outcome": "delivered" is not one of localUser, externalLine, sipTrunk, routingGroup, huntGroup, intercept, autoAttendant, released, rejected, voicemail"#
            ),
            (
                header + "    expect: {}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect": is empty: expect at least one of outcome, target, dialPlan, caller, called, attempts, reason, operators, maxDuration, through, ringing, followMe, robust"#
            ),
            (
                header + "    expect: {outcome: localUser, reason: noSuchUser}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.reason": only a released or rejected call has a reason (outcome is localUser)"#
            ),
            (
                header + "    expect: {attempts: [{called: \"1\"}]}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.attempts[0]": give exactly one of extLine, servID (where the attempt leaves)"#
            ),
            (
                header + "    expect: {through: [{table: routes}]}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.through[0].table": "routes" is not one of sysinfo, localuser, extline, peerserver, routegroup, route, natran, refineclrnbr, refinecldnbr, anaclrnbr, anacldnbr, speeddial, hginfo, hgoper, hgdect; did you mean "route"?"#
            ),
            (
                header + "    expect: {through: [{table: natran, key: {prefix: \"0\"}}]}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.through[0].key.prefix": unknown field; the fields here are tranID"#
            ),
            (
                header + "    assume: {userState: asleep}\n    expect: {outcome: localUser}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "assume.userState": "asleep" is not one of available, busy, noAnswer, unreachable"#
            ),
            (
                header + "    assume: {stripOutGroupPrefix: \"false\"}\n    expect: {outcome: localUser}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "assume.stripOutGroupPrefix": stripOutGroupPrefix now says where the prefix is stripped: write stripOutGroupPrefix=none (the defaults keep it; the old false still let route type 1 strip it, which no value does alone)"#
            ),
            (
                header + "    state: {\"100\": asleep}\n    expect: {outcome: localUser}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "state.100": user 100: 'asleep' is not one of available, busy, noAnswer, unreachable"#
            ),
            (
                header + "    state: [\"100=busy\"]\n    expect: {outcome: localUser}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "state": expected a mapping of settings such as {"103": busy, "trunk:3": down}, found a list"#
            ),
            (
                header + "    expect: {robust: maybe}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.robust": expected true or false, found "maybe""#
            ),
            (
                header + "    expect: {followMe: [{after: 5}]}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.followMe[0].number": is missing: give the destination's number"#
            ),
            (
                header + "    expect: {attempts: [{extLine: intl, blocked: yes}]}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.attempts[0].blocked": "yes" is not one of down, closed, none"#
            ),
            (
                header + "    assume: {userState: bussy}\n    expect: {outcome: localUser}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "assume.userState": "bussy" is not one of available, busy, noAnswer, unreachable; did you mean "busy"?"#
            ),
            (
                header + "    expect: {outcome: relased}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "expect.outcome": "relased" is not one of localUser, externalLine, sipTrunk, routingGroup, huntGroup, intercept, autoAttendant, released, rejected, voicemail; did you mean "released"?"#
            ),
            (
                header + "    assume: {speed: 1}\n    expect: {outcome: localUser}\n",
                #"cases.yaml:6: case 1 ("intl from 100"): field "assume.speed": unknown field; the fields here are starIsCatchAll, speedDialMatch, huntingDetectionMatch, unknownCallerDialPlan, externalLineDialPlan, speedDialKey, huntingDetectionPosition, maxAnalysisPasses, unmatchedPlanFallback, callLevelRule, callLevelNonUsers, keepRecordOnReanalysisMiss, stripOutGroupPrefix, defaultLineOrder, forwardedLegContext, maxForwardHops, userState, followMeType1, routingGroupStart, maxChainHops, failoverToTried, outgoingGroupZero, linePresentsOwnNumber, huntingOperatorOrder, transitionBounds"#
            ),
            (
                "plan: p.json\ncases:\n  - name: a\n    from: {trunk: 3}\n    dial: \"1\"\n    expect: {outcome: localUser}\n",
                #"cases.yaml:4: case 1 ("a"): field "from.caller": is missing: a call on a trunk needs the caller number"#
            ),
            (
                "plan: p.json\ncases:\n  - name: a\n    from: {user: \"100\"}\n    expect: {outcome: localUser}\n",
                #"cases.yaml:3: case 1 ("a"): field "dial": is missing: give the dialed number"#
            ),
            (
                "plan: p.json\ncases:\n  - name: a\n    from: {user: \"100\"}\n    dial: \"\"\n    expect: {outcome: localUser}\n",
                #"cases.yaml:5: case 1 ("a"): field "dial": is empty: give the number (digits, * # +, or a local user's name)"#
            ),
            (
                "plan: p.json\ncases:\n  - name: a\n    from: {user: \"1\"}\n    dial: \"1\"\n    expect: {outcome: localUser}\n  - name: a\n    from: {user: \"1\"}\n    dial: \"2\"\n    expect: {outcome: localUser}\n",
                #"cases.yaml:7: case 2 ("a"): field "name": case 1 has the same name: give each case its own name"#
            ),
            ("plan: p.json\ncases: []\n", #"cases.yaml:2: field "cases": is empty: a case file with no cases proves nothing"#),
            ("cases:\n  - name: a\n", #"cases.yaml:1: field "plan": is missing: name the plan file, relative to this file"#),
            (
                "plan: p.json\ncases:\n  - name: a\n    from: {user: 100\n",
                #"cases.yaml:5: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping)"#
            ),
            ("plan: p.json\nplan: q.json\n", #"cases.yaml:1: invalid YAML: the key "plan" appears twice in one mapping"#),
            ("", "cases.yaml: the file is empty"),
            ("- just\n- a list\n", "cases.yaml:1: expected a mapping with plan, assume, state, cases, found a list"),
        ])
    func malformed(text: String, message: String) {
        #expect(parseError(text) == message)
    }

    @Test("malformed JSON is refused with line and column")
    func malformedJSON() {
        #expect(
            parseError("{\"plan\": \"p.json\",\n \"cases\": [}\n", source: "c.json")
                == "c.json:2: invalid JSON: column 12: expected a value, found '}'")
        #expect(
            parseError("{\"plan\": \"p.json\", \"plan\": \"q.json\"}", source: "c.json")?.hasPrefix("c.json:1: invalid JSON: column")
                == true)
    }
}
