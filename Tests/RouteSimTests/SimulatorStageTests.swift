import DialPlan
import RouteSim
import Testing

/// Each pipeline stage on its own, on small inline plans.
@Suite("Simulator stages")
struct SimulatorStageTests {
    @Test("origin: unknown users, trunks and lines and bad numbers are input errors")
    func originErrors() throws {
        let sim = try simulator(#"{"localuser": [{"usrname": "100"}]}"#)
        func message(_ origin: Origin, _ called: String) -> String? {
            do {
                _ = try sim.route(Call(origin: origin, called: called))
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message(.localUser("999"), "100") == "no local user named '999' in the plan (localuser usrname)")
        #expect(message(.sipTrunk(7, caller: "1"), "100") == "no SIP trunk with servID 7 in the plan (peerserver)")
        #expect(message(.externalLine("x", caller: "1"), "100") == "no external line named 'x' in the plan (extline extLine)")
        #expect(message(.localUser("100"), "") == "the called number is empty; type digits, * # + or a local user's name")
        #expect(message(.localUser("100"), "1 2") == nil, "a space between digits is a separator")
        #expect(
            message(.localUser("100"), "1_2")
                == #"the called number "1_2" holds "_", which is not part of a number, and no local user has that name; type digits and * # + (spaces, dashes, dots, brackets and slashes between them are removed), or a local user's name"#
        )
        #expect(
            message(.caller(String(repeating: "1", count: 65)), "100")
                == #"the caller number "\#(String(repeating: "1", count: 65))" has 65 digits; at most 64 are allowed"#)
    }

    @Test("origin: a line's calls go to its localUser; aaInd sends them to the auto attendant")
    func externalLineOrigin() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}],
             "extline": [{"extLine": "did1", "localUser": "100"}, {"extLine": "aa", "localUser": "100", "aaInd": 1},
                         {"extLine": "nowhere"}]}
            """#)
        let r = try sim.check(.externalLine("did1", caller: "5551234"), "2125550000")
        #expect(r.target == .user("100"))
        #expect(r.caller == "5551234")
        #expect(r.steps[0].before == "2125550000")
        #expect(r.steps[0].after == "100")
        #expect(r.steps[0].assumption == "externalLineDialPlan=default")
        let aa = try sim.check(.externalLine("aa", caller: "5551234"), "2125550000")
        #expect(aa.outcome == .autoAttendant)
        #expect(aa.target == .externalLine("aa"))
        let none = try sim.check(.externalLine("nowhere", caller: "5551234"), "1")
        #expect(none.outcome == .released)
        #expect(none.release?.reason == .noDestination)
    }

    @Test("analyze caller number: transition on the caller and a switch of dial plan")
    func analyzeCaller() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}, {"usrname": "200"}],
             "natran": [{"tranID": 1, "type": 1, "tranStart": 0, "prefix": "44"}],
             "anaclrnbr": [{"callerNbr": "2", "tranID": 1, "dialPlan": "vip"}],
             "anacldnbr": [{"dialPlan": "vip", "calledNbr": "1", "routeType": 4},
                           {"dialPlan": "default", "calledNbr": "1", "routeType": 0}]}
            """#)
        let vip = try sim.check(.localUser("200"), "100")
        #expect(vip.outcome == .intercept)
        #expect(vip.dialPlan == "vip")
        #expect(vip.caller == "44200")
        let step = try #require(vip.step(.analyzeCaller))
        #expect(step.before == "200")
        #expect(step.after == "44200")
        #expect(step.detail == #"caller prefix "2" matches: transition 1 (add "44" at 0): 200 → 44200; dial plan "default" → "vip""#)
        let plain = try sim.check(.localUser("100"), "100")
        #expect(plain.outcome == .localUser)
        #expect(plain.dialPlan == "default")
    }

    @Test("speed dial: exact by default; prefix mode with speedDialMatch=prefix")
    func speedDial() throws {
        let plan =
            #"{"localuser": [{"usrname": "100"}, {"usrname": "101"}], "speeddial": [{"callerNbr": "", "dialedNbr": "*5", "destNbr": "101"}]}"#
        let exact = try simulator(plan)
        #expect(try exact.check(.localUser("100"), "*5").target == .user("101"))
        #expect(try exact.check(.localUser("100"), "*51").release?.reason == .noSuchUser)
        let prefix = try simulator(plan, ["speedDialMatch=prefix"])
        let r = try prefix.check(.localUser("100"), "*51")
        #expect(r.target == .user("101"))
        #expect(r.step(.speedDial)?.assumption == "speedDialMatch=prefix")
    }

    @Test("hunting detection: exact per dial plan; a missing group is a dangling reference")
    func huntingDetection() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}, {"usrname": "101"}],
             "hginfo": [{"grpID": 1, "strategy": 1}],
             "hgoper": [{"oper": "100", "grpID": 1}, {"oper": "101", "grpID": 1}],
             "hgdect": [{"dialPlan": "default", "calledNbr": "600", "grpID": 1}, {"dialPlan": "default", "calledNbr": "601", "grpID": 9}]}
            """#)
        let hunt = try sim.check(.localUser("100"), "600")
        #expect(hunt.outcome == .huntingGroup)
        var order = HuntingGroupOrder(strategy: .roundRobin, operators: ["100", "101"])
        order.manualLogin = ["100", "101"]  // autoInd is 0: they log in by hand
        #expect(hunt.huntingGroup == order)
        #expect(try sim.check(.localUser("100"), "6001").release?.reason == .noSuchUser)
        let dangling = try sim.check(.localUser("100"), "601")
        #expect(dangling.release == Release(reason: .danglingReference, message: "hgdect 601 names hunting group 9, which does not exist"))
    }

    @Test("analysis: longest prefix per dial plan, changeInd without reAnaInd routes the changed number")
    func changeWithoutReanalysis() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}, {"usrname": "4100"}],
             "natran": [{"tranID": 3, "type": 3, "tranStart": 0, "tranLen": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "4", "routeType": 0},
                           {"dialPlan": "default", "calledNbr": "41", "routeType": 0, "changeInd": 1, "tranID": 3}]}
            """#)
        let r = try sim.check(.localUser("100"), "4100")
        #expect(r.target == .user("100"))
        #expect(r.step(.analyzeCalled)?.key == [.init(name: "dialPlan", value: "default"), .init(name: "calledNbr", value: "41")])
        #expect(r.stages.filter { $0 == .analyzeCalled }.count == 1)
        let other = try sim.check(.localUser("100"), "4200")
        #expect(other.release?.reason == .noSuchUser)
    }

    @Test("re-analysis that never settles is released as a loop after 8 passes")
    func reanalysisLoop() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}],
             "natran": [{"tranID": 1, "type": 2, "tranStart": 0, "tranLen": 1, "prefix": "2"},
                        {"tranID": 2, "type": 2, "tranStart": 0, "tranLen": 1, "prefix": "1"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "changeInd": 1, "tranID": 1, "reAnaInd": 1},
                           {"dialPlan": "default", "calledNbr": "2", "changeInd": 1, "tranID": 2, "reAnaInd": 1}]}
            """#
        let r = try simulator(plan).check(.localUser("100"), "1555")
        #expect(r.outcome == .released)
        #expect(r.release == Release(reason: .loop, message: "the called number was re-analysed 8 times without settling (last 1555)"))
        #expect(r.stages.filter { $0 == .analyzeCalled }.count == 8)
        #expect(r.steps.last(where: { $0.stage == .reanalysis })?.assumption == "maxAnalysisPasses=8")
        let shorter = try simulator(plan, ["maxAnalysisPasses=3"]).check(.localUser("100"), "1555")
        #expect(shorter.stages.filter { $0 == .analyzeCalled }.count == 3)
        #expect(shorter.release?.message == "the called number was re-analysed 3 times without settling (last 2555)")
    }

    @Test("re-analysis that leaves the number unchanged stops")
    func reanalysisUnchanged() throws {
        let r = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}],
             "natran": [{"tranID": 1, "type": 3, "tranStart": 9, "tranLen": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "changeInd": 1, "tranID": 1, "reAnaInd": 1}]}
            """#
        ).check(.localUser("100"), "100")
        #expect(r.target == .user("100"))
        #expect(r.steps.contains { $0.stage == .reanalysis && $0.detail == "reAnaInd = 1 but the number did not change: no re-analysis" })
        #expect(r.step(.changeCalled)?.assumption == "transitionBounds=clamp")
    }

    @Test(
        "dangling references end as released/danglingReference",
        arguments: [
            (
                #"{"dialPlan": "default", "calledNbr": "5", "routeType": 2, "servID": 9}"#,
                #"anacldnbr "5" names SIP trunk 9, which does not exist"#
            ),
            (#"{"dialPlan": "default", "calledNbr": "5", "routeType": 2}"#, #"anacldnbr "5" has route type 2 but no servID"#),
            (
                #"{"dialPlan": "default", "calledNbr": "5", "routeType": 1, "extLine": "gone"}"#,
                #"anacldnbr "5" names external line gone, which does not exist"#
            ),
            (
                #"{"dialPlan": "default", "calledNbr": "5", "routeType": 6, "rtGroupID": 4}"#,
                #"anacldnbr "5" names routing group 4, which does not exist"#
            ),
        ])
    func danglingRoutes(row: String, message: String) throws {
        let r = try simulator(#"{"localuser": [{"usrname": "100"}], "anacldnbr": ["# + row + "]}").check(.localUser("100"), "555")
        #expect(r.outcome == .released)
        #expect(r.release == Release(reason: .danglingReference, message: message))
    }

    @Test("a dangling transition changes nothing and the trace says so")
    func danglingTransition() throws {
        let r = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "changeInd": 1, "tranID": 42, "reAnaInd": 1}]}
            """#
        ).check(.localUser("100"), "100")
        #expect(r.target == .user("100"))
        #expect(r.step(.changeCalled)?.detail == "transition 42 does not exist (dangling reference): the number is unchanged")
    }

    @Test("an unknown route type is rejected; an unknown transition type changes nothing")
    func unknownTypes() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}],
             "natran": [{"tranID": 1, "type": 8, "prefix": "9"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "3", "routeType": 3},
                           {"dialPlan": "default", "calledNbr": "1", "changeInd": 1, "tranID": 1}]}
            """#)
        let rejected = try sim.check(.localUser("100"), "300")
        #expect(rejected.outcome == .rejected)
        #expect(
            rejected.release
                == Release(reason: .unsupportedRouteType, message: #"anacldnbr "3" has route type 3, which the server does not support"#))
        let unchanged = try sim.check(.localUser("100"), "100")
        #expect(unchanged.called == "100")
        #expect(unchanged.step(.changeCalled)?.detail == "transition 1 has unknown type 8: the number is unchanged")
    }

    @Test("call level: trunk calls are not checked, unknown callers are refused")
    func callLevelOrigins() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}], "peerserver": [{"servID": 1}, {"servID": 2}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "0", "routeType": 2, "servID": 2, "callLevel": 2}]}
            """#)
        #expect(try sim.check(.sipTrunk(1, caller: "555"), "0123").outcome == .sipTrunk)
        #expect(try sim.check(.caller("555"), "0123").release?.reason == .callLevel)
        #expect(
            try sim.check(.localUser("100"), "0123").release?.message
                == #"caller 100 (calllevel 0) lacks call level 2 required by prefix "0""#)
    }

    @Test("defaults: out-group prefix picks specextline, then the caller's line, then the first shared one")
    func outGroupLineChoice() throws {
        let sim = try simulator(
            #"""
            {"sysinfo": {"ogpfx": "0"},
             "localuser": [{"usrname": "100", "specextline": "B"}, {"usrname": "101"}, {"usrname": "102"}, {"usrname": "103", "specextline": "gone"}],
             "extline": [{"extLine": "A", "localUser": "101"}, {"extLine": "B"}, {"extLine": "C", "shareInd": 1}, {"extLine": "D", "shareInd": 1}]}
            """#)
        #expect(try sim.check(.localUser("100"), "0555").attemptList == ["line B: 555 from B"])
        #expect(try sim.check(.localUser("101"), "0555").attemptList == ["line A: 555 from A"])
        #expect(try sim.check(.localUser("102"), "0555").attemptList == ["line C: 555 from C"])
        let dangling = try sim.check(.localUser("103"), "0555")
        #expect(dangling.attemptList == ["line C: 555 from C"])
        #expect(dangling.steps.contains { $0.detail == "specextline gone does not exist (dangling): trying other lines" })
        let kept = try simulator(
            #"{"sysinfo": {"ogpfx": "0"}, "localuser": [{"usrname": "100"}], "extline": [{"extLine": "C", "shareInd": 1}]}"#,
            ["stripOutGroupPrefix=none"]
        ).check(.localUser("100"), "0555")
        #expect(kept.attemptList == ["line C: 0555 from C"])
        let none = try simulator(#"{"sysinfo": {"ogpfx": "0"}, "localuser": [{"usrname": "100"}]}"#).check(.localUser("100"), "0555")
        #expect(none.release?.reason == .noExternalLine)
    }

    @Test("refine caller number: the record's group, longest prefix on the caller")
    func refineCaller() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}, {"usrname": "200"}], "peerserver": [{"servID": 1}],
             "natran": [{"tranID": 1, "type": 1, "prefix": "+3120"}, {"tranID": 2, "type": 1, "prefix": "+3110"}],
             "refineclrnbr": [{"grpID": 5, "callerNbr": "1", "tranID": 1}, {"grpID": 5, "callerNbr": "2", "tranID": 2}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "0", "routeType": 2, "servID": 1, "clrRefineID": 5},
                           {"dialPlan": "default", "calledNbr": "8", "routeType": 2, "servID": 1, "clrRefineID": 6}]}
            """#)
        let r = try sim.check(.localUser("200"), "0123")
        #expect(r.caller == "+3110200")
        #expect(r.attemptList == ["trunk 1: 0123 from +3110200"])
        let empty = try sim.check(.localUser("100"), "8123")
        #expect(empty.caller == "100")
        #expect(empty.step(.refineCaller)?.detail == "refine-caller group 6 has no rows: caller unchanged")
    }

    @Test("routing groups: dangling members are skipped; an empty group is released")
    func routingGroups() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}], "peerserver": [{"servID": 1, "callerID": "777"}],
             "routegroup": [{"groupID": 1}, {"groupID": 2}, {"groupID": 3}],
             "route": [{"groupID": 1, "routeType": 2, "sipTrunkID": 9}, {"groupID": 1, "routeType": 2, "sipTrunkID": 1},
                       {"groupID": 3, "routeType": 1, "extLine": "gone"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "routeType": 6, "rtGroupID": 1},
                           {"dialPlan": "default", "calledNbr": "2", "routeType": 6, "rtGroupID": 2},
                           {"dialPlan": "default", "calledNbr": "3", "routeType": 6, "rtGroupID": 3}]}
            """#)
        let r = try sim.check(.localUser("100"), "1555")
        #expect(r.attemptList == ["trunk 1: 1555 from 777"])
        #expect(r.steps.contains { $0.detail == "member SIP trunk 9 does not exist (dangling): skipped" })
        #expect(
            try sim.check(.localUser("100"), "2555").release
                == Release(reason: .emptyRoutingGroup, message: "routing group 2 has no usable route"))
        #expect(try sim.check(.localUser("100"), "3555").release?.reason == .danglingReference)
    }

    @Test("failover chains are followed, cycle-safe and bounded")
    func failoverChains() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}],
             "peerserver": [{"servID": 1, "chainTrunkID": 2}, {"servID": 2, "chainTrunkID": 3}, {"servID": 3, "chainTrunkID": 1},
                            {"servID": 4, "chainTrunkID": 99}],
             "extline": [{"extLine": "a", "chain": "b"}, {"extLine": "b", "chain": "c"}, {"extLine": "c", "chain": "d"},
                         {"extLine": "d", "chain": "e"}, {"extLine": "e", "chain": "f"}, {"extLine": "f", "chain": "g"},
                         {"extLine": "g", "chain": "h"}, {"extLine": "h"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "routeType": 2, "servID": 1},
                           {"dialPlan": "default", "calledNbr": "4", "routeType": 2, "servID": 4},
                           {"dialPlan": "default", "calledNbr": "5", "routeType": 1, "extLine": "a"}]}
            """#)
        let cycle = try sim.check(.localUser("100"), "100")
        #expect(cycle.attempts.map(\.via) == [.sipTrunk(1), .sipTrunk(2), .sipTrunk(3)])
        #expect(cycle.attempts.map(\.isFailover) == [false, true, true])
        #expect(cycle.steps.contains { $0.detail == "SIP trunk 1 was already tried: the chain stops" })
        let dangling = try sim.check(.localUser("100"), "400")
        #expect(dangling.attempts.map(\.via) == [.sipTrunk(4)])
        #expect(dangling.steps.contains { $0.detail == "chainTrunkID 99 does not exist (dangling): no failover" })
        let long = try sim.check(.localUser("100"), "500")
        #expect(long.attempts.map(\.via) == ["a", "b", "c", "d", "e", "f"].map { .externalLine($0) })
        #expect(long.steps.contains { $0.assumption == "maxChainHops=5" })
    }

    @Test("forwarding loops and long chains are released as loops")
    func forwardingLoops() throws {
        let loop = try simulator(
            #"""
            {"localuser": [{"usrname": "100", "right_cfu": 1, "cfunbr": "101"}, {"usrname": "101", "right_cfu": 1, "cfunbr": "100"}, {"usrname": "102"}]}
            """#
        ).check(.localUser("102"), "100")
        #expect(loop.release == Release(reason: .loop, message: "call forwarding loops back to local user 100"))
        let users = (0..<8).map { #"{"usrname": "\#(300 + $0)", "right_cfu": 1, "cfunbr": "\#(301 + $0)"}"# }.joined(separator: ",")
        let long = try simulator(#"{"localuser": [\#(users), {"usrname": "308"}]}"#).check(.localUser("308"), "300")
        #expect(long.release == Release(reason: .loop, message: "call forwarding did not settle within 5 hops"))
        #expect(long.stages.filter { $0 == .forward }.count == 6)
    }

    @Test("maximum duration: the smallest non-zero of user, record and line")
    func maxDuration() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100", "maxdura": 600}, {"usrname": "101"}],
             "extline": [{"extLine": "L", "maxDur": 300}, {"extLine": "M", "maxDur": 0}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "routeType": 1, "extLine": "L", "maxDuration": 900},
                           {"dialPlan": "default", "calledNbr": "2", "routeType": 1, "extLine": "M", "maxDuration": 900}]}
            """#)
        #expect(try sim.check(.localUser("100"), "1").maxDuration == 300)
        #expect(try sim.check(.localUser("100"), "2").maxDuration == 600)
        #expect(try sim.check(.localUser("101"), "2").maxDuration == 900)
    }

    @Test("a catch-all `*` prefix matches everything, unless starIsCatchAll=false")
    func starCatchAll() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}], "peerserver": [{"servID": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "*", "routeType": 2, "servID": 1},
                           {"dialPlan": "default", "calledNbr": "1", "routeType": 0}]}
            """#
        #expect(try simulator(plan).check(.localUser("100"), "0800").outcome == .sipTrunk)
        #expect(try simulator(plan).check(.localUser("100"), "100").outcome == .localUser)
        let literal = try simulator(plan, ["starIsCatchAll=false"])
        #expect(try literal.check(.localUser("100"), "0800").release?.reason == .noSuchUser)
        #expect(try literal.check(.localUser("100"), "*0800").outcome == .sipTrunk)
    }

    @Test("assumptions: unknown names and bad values are refused with the list of choices")
    func assumptionErrors() {
        var a = Assumptions()
        #expect(
            throws: AssumptionError(
                .unknownName, setting: "nope=1",
                message:
                    "no assumption named 'nope'; the assumptions are starIsCatchAll, speedDialMatch, huntingDetectionMatch, unknownCallerDialPlan, externalLineDialPlan, speedDialKey, huntingDetectionPosition, maxAnalysisPasses, unmatchedPlanFallback, callLevelRule, callLevelNonUsers, keepRecordOnReanalysisMiss, stripOutGroupPrefix, defaultLineOrder, forwardedLegContext, maxForwardHops, userState, followMeType1, routingGroupStart, maxChainHops, failoverToTried, outgoingGroupZero, linePresentsOwnNumber, huntingOperatorOrder, transitionBounds"
            )
        ) {
            try a.set("nope=1")
        }
        #expect(
            throws: AssumptionError(
                .invalidValue, setting: "userState=asleep",
                message: "userState: 'asleep' is not one of available, busy, noAnswer, unreachable")
        ) {
            try a.set("userState=asleep")
        }
        #expect(throws: AssumptionError(.notAnAssignment, setting: "userState", message: "'userState': write NAME=VALUE")) {
            try a.set("userState")
        }
        #expect(
            throws: AssumptionError(
                .invalidValue, setting: "maxAnalysisPasses=0", message: "maxAnalysisPasses: '0' is not one of a whole number from 1 to 100")
        ) {
            try a.set("maxAnalysisPasses=0")
        }
        #expect(throws: Never.self) { try a.set("userState=noAnswer") }
        #expect(a.userState == .noAnswer)
        #expect(a.changedFromDefaults == ["userState=noAnswer"])
    }
}

@Suite("Forwarding and refine caller number")
struct ForwardingRefineTests {
    @Test("a forwarded call refines the caller once, from the caller before the first refine")
    func refineOnceAfterForward() throws {
        let sim = try simulator(
            #"""
            {"localuser": [{"usrname": "100"}, {"usrname": "200", "right_cfu": 1, "cfunbr": "0555"}],
             "peerserver": [{"servID": 1}],
             "natran": [{"tranID": 1, "type": 1, "prefix": "44"}],
             "refineclrnbr": [{"grpID": 1, "callerNbr": "", "tranID": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "2", "routeType": 0, "clrRefineID": 1},
                           {"dialPlan": "default", "calledNbr": "0", "routeType": 2, "servID": 1, "clrRefineID": 1}]}
            """#)
        let r = try sim.check(.localUser("100"), "200")
        #expect(r.outcome == .sipTrunk)
        #expect(r.caller == "44100")
        #expect(r.attemptList == ["trunk 1: 0555 from 44100"])
        #expect(r.stages.filter { $0 == .refineCaller }.count == 2)
    }
}
