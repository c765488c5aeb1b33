import DialPlan
import RouteSim
import Testing

/// Each assumption the vendor's silence forced, at the step it decides: both values, and the
/// citation on the step.
@Suite("Assumptions at the steps they decide")
struct AssumptionStageTests {
    @Test("stripOutGroupPrefix: none, defaultsOnly, lineRoutes, allOutgoing, applied evenly and cited on every route it touches")
    func outGroupPrefixLadder() throws {
        let plan = #"""
            {"sysinfo": {"ogpfx": "9"}, "localuser": [{"usrname": "100"}],
             "extline": [{"extLine": "L", "localUser": "100"}], "peerserver": [{"servID": 1}],
             "routegroup": [{"groupID": 1}], "route": [{"groupID": 1, "routeType": 2, "sipTrunkID": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "91", "routeType": 1, "extLine": "L"},
                           {"dialPlan": "default", "calledNbr": "92", "routeType": 2, "servID": 1},
                           {"dialPlan": "default", "calledNbr": "93", "routeType": 6, "rtGroupID": 1}]}
            """#
        // The number sent for: defaults (95…), line route (91…), trunk route (92…), group route (93…).
        let expected: [String: [String]] = [
            "none": ["95", "91", "92", "93"], "defaultsOnly": ["5", "91", "92", "93"],
            "lineRoutes": ["5", "1", "92", "93"], "allOutgoing": ["5", "1", "2", "3"],
        ]
        for (value, sent) in expected {
            let sim = try simulator(plan, ["stripOutGroupPrefix=\(value)"])
            var got: [String] = []
            for dialed in ["95", "91", "92", "93"] {
                let r = try sim.check(.localUser("100"), dialed)
                got.append(r.attempts.first?.called ?? "none")
                #expect(
                    r.steps.contains { $0.assumptions.contains("stripOutGroupPrefix=\(value)") }, "\(dialed) under \(value) cites it")
            }
            #expect(got == sent, "stripOutGroupPrefix=\(value)")
        }
        let kept = try simulator(plan).check(.localUser("100"), "92")
        #expect(kept.step(.route)?.detail == #"route type 2 without changeInd: the out-group prefix "9" is kept"#)
    }

    @Test("retired names and values are refused with what to write")
    func retired() {
        var a = Assumptions()
        #expect(throws: AssumptionError.self) { try a.set("stripOutGroupPrefixOnLineRoute=false") }
        do {
            try a.set("stripOutGroupPrefix=true")
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .retired)
            #expect(
                error.message
                    == "stripOutGroupPrefix now says where the prefix is stripped: write stripOutGroupPrefix=lineRoutes (the old true, the default: the defaults and route type 1 strip it)"
            )
        }
    }

    @Test("forwardedLegContext: the forwarding user's plan, level, line and duration, or the caller's")
    func forwardedLeg() throws {
        let plan = #"""
            {"sysinfo": {"ogpfx": "9"},
             "localuser": [{"usrname": "100", "dialPlan": "lobby", "calllevel": 0, "maxdura": 60},
                           {"usrname": "200", "dialPlan": "office", "calllevel": 1, "maxdura": 600, "right_cfu": 1, "cfunbr": "0044"}],
             "peerserver": [{"servID": 1}],
             "anacldnbr": [{"dialPlan": "office", "calledNbr": "0", "routeType": 2, "servID": 1, "callLevel": 1},
                           {"dialPlan": "lobby", "calledNbr": "0", "routeType": 2, "servID": 1, "callLevel": 1},
                           {"dialPlan": "lobby", "calledNbr": "2", "routeType": 0}]}
            """#
        let forwarding = try simulator(plan).check(.localUser("100"), "200")
        #expect(forwarding.outcome == .sipTrunk)
        #expect(forwarding.dialPlan == "office")
        #expect(forwarding.maxDuration == 600)
        #expect(forwarding.step(.forward)?.assumptions == ["forwardedLegContext=forwardingUser"])
        #expect(forwarding.step(.callLevel)?.detail == "record requires call level 1; forwarding user 200 has calllevel 1: admitted")
        let caller = try simulator(plan, ["forwardedLegContext=originalCaller"]).check(.localUser("100"), "200")
        #expect(caller.dialPlan == "lobby")
        #expect(caller.release?.message == #"caller 100 (calllevel 0) lacks call level 1 required by prefix "0""#)
    }

    @Test("routingGroupStart rotates the members; failoverToTried=retry tries a tried trunk again")
    func routingGroups() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}],
             "peerserver": [{"servID": 1, "chainTrunkID": 2}, {"servID": 2}, {"servID": 3}],
             "routegroup": [{"groupID": 1}],
             "route": [{"groupID": 1, "routeType": 2, "sipTrunkID": 1}, {"groupID": 1, "routeType": 2, "sipTrunkID": 2},
                       {"groupID": 1, "routeType": 2, "sipTrunkID": 3}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "0", "routeType": 6, "rtGroupID": 1}]}
            """#
        func vias(_ assume: [String]) throws -> [Via] { try simulator(plan, assume).check(.localUser("100"), "0123").attempts.map(\.via) }
        #expect(try vias([]) == [.sipTrunk(1), .sipTrunk(2), .sipTrunk(3)])
        #expect(try vias(["routingGroupStart=2"]) == [.sipTrunk(2), .sipTrunk(3), .sipTrunk(1)])
        #expect(try vias(["routingGroupStart=4"]) == [.sipTrunk(1), .sipTrunk(2), .sipTrunk(3)])  // wraps
        #expect(try vias(["failoverToTried=retry"]) == [.sipTrunk(1), .sipTrunk(2), .sipTrunk(2), .sipTrunk(3)])
        let r = try simulator(plan).check(.localUser("100"), "0123")
        #expect(
            r.steps.contains { $0.assumptions == ["failoverToTried=stop"] && $0.detail == "SIP trunk 2 was already tried: the chain stops" }
        )
        #expect(r.steps.contains { $0.stage == .route && $0.assumptions == ["routingGroupStart=1"] })
    }

    @Test("outgoingGroupZero: ogGroupID 0 is no group, or group 0's rows; cited only when group 0 has rows")
    func groupZero() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}], "peerserver": [{"servID": 1, "ogGroupID": 0}],
             "natran": [{"tranID": 1, "type": 1, "prefix": "00"}],
             "refinecldnbr": [{"groupID": 0, "calledPrefix": "4", "transID": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "4", "routeType": 2, "servID": 1}]}
            """#
        let none = try simulator(plan).check(.localUser("100"), "4412")
        #expect(none.attempts.map(\.called) == ["4412"])
        #expect(none.step(.refineCalled)?.assumptions == ["outgoingGroupZero=none"])
        let zero = try simulator(plan, ["outgoingGroupZero=group0"]).check(.localUser("100"), "4412")
        #expect(zero.attempts.map(\.called) == ["004412"])
        let noRows = try simulator(
            #"{"localuser": [{"usrname": "100"}], "peerserver": [{"servID": 1}],"#
                + #""anacldnbr": [{"dialPlan": "default", "calledNbr": "4", "routeType": 2, "servID": 1}]}"#
        ).check(.localUser("100"), "4412")
        #expect(!noRows.cited.contains(.outgoingGroupZero))
    }

    @Test("* is a catch-all in the refine tables too, and every * match cites starIsCatchAll")
    func starEverywhere() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}], "peerserver": [{"servID": 1, "ogGroupID": 5}],
             "natran": [{"tranID": 1, "type": 1, "prefix": "+1"}],
             "refinecldnbr": [{"groupID": 5, "calledPrefix": "*", "transID": 1}],
             "refineclrnbr": [{"grpID": 2, "callerNbr": "*", "tranID": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "0", "routeType": 2, "servID": 1, "clrRefineID": 2}]}
            """#
        let r = try simulator(plan).check(.localUser("100"), "0555")
        #expect(r.caller == "+1100")
        #expect(r.attempts.map(\.called) == ["+10555"])
        #expect(r.step(.refineCalled)?.assumptions == ["starIsCatchAll=true"])
        #expect(r.step(.refineCaller)?.assumptions == ["starIsCatchAll=true"])
        let literal = try simulator(plan, ["starIsCatchAll=false"]).check(.localUser("100"), "0555")
        #expect(literal.caller == "100")
        #expect(literal.attempts.map(\.called) == ["0555"])
        // A miss where a literal * waits cites it too: as a catch-all it would have matched.
        #expect(literal.step(.refineCalled)?.assumptions == ["starIsCatchAll=false"])
    }

    @Test("huntingDetectionPosition: detection before the records, or only for numbers no record matches")
    func detectionPosition() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}], "hginfo": [{"grpID": 1, "strategy": 2}],
             "hgoper": [{"oper": "100", "grpID": 1, "autoInd": 1}],
             "hgdect": [{"dialPlan": "default", "calledNbr": "500", "grpID": 1}, {"dialPlan": "default", "calledNbr": "600", "grpID": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "5", "routeType": 4}]}
            """#
        let first = try simulator(plan).check(.localUser("100"), "500")
        #expect(first.outcome == .huntingGroup)
        #expect(first.step(.huntingDetection)?.assumptions == ["huntingDetectionMatch=exact", "huntingDetectionPosition=beforeAnalysis"])
        let after = try simulator(plan, ["huntingDetectionPosition=afterNoMatch"])
        let record = try after.check(.localUser("100"), "500")
        #expect(record.outcome == .intercept)
        #expect(record.step(.huntingDetection)?.assumptions == ["huntingDetectionPosition=afterNoMatch"])
        #expect(try after.check(.localUser("100"), "600").outcome == .huntingGroup)
        // Without a record that matches too, the position decides nothing.
        #expect(!(try simulator(plan).check(.localUser("100"), "600").cited.contains(.huntingDetectionPosition)))
    }

    @Test("unmatchedPlanFallback: the system defaults, or the default plan's records first")
    func planFallback() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100", "dialPlan": "lobby"}], "peerserver": [{"servID": 1}],
             "anacldnbr": [{"dialPlan": "lobby", "calledNbr": "1", "routeType": 0},
                           {"dialPlan": "default", "calledNbr": "0", "routeType": 2, "servID": 1}]}
            """#
        let defaults = try simulator(plan).check(.localUser("100"), "0123")
        #expect(defaults.release?.reason == .noSuchUser)
        #expect(defaults.step(.analyzeCalled)?.assumptions == ["unmatchedPlanFallback=defaults"])
        let fallback = try simulator(plan, ["unmatchedPlanFallback=defaultPlan"]).check(.localUser("100"), "0123")
        #expect(fallback.outcome == .sipTrunk)
        #expect(fallback.dialPlan == "lobby")
        #expect(
            fallback.steps.contains { $0.table == .calledAnalysis && $0.detail.hasPrefix(#"prefix "0" of dial plan "default" matches"#) })
        // No default-plan record for the number: nothing to cite.
        #expect(!(try simulator(plan).check(.localUser("100"), "777").cited.contains(.unmatchedPlanFallback)))
    }

    @Test("callLevelNonUsers: trunks and lines pass and unknown callers are refused, or everyone passes, or nobody")
    func nonUserCallLevel() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}], "peerserver": [{"servID": 1}, {"servID": 2}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "0", "routeType": 2, "servID": 2, "callLevel": 1}]}
            """#
        func outcomes(_ assume: [String]) throws -> [Outcome] {
            let sim = try simulator(plan, assume)
            return [try sim.check(.sipTrunk(1, caller: "555"), "0123").outcome, try sim.check(.caller("555"), "0123").outcome]
        }
        #expect(try outcomes([]) == [.sipTrunk, .rejected])
        #expect(try outcomes(["callLevelNonUsers=everyone"]) == [.sipTrunk, .sipTrunk])
        #expect(try outcomes(["callLevelNonUsers=nobody"]) == [.rejected, .rejected])
        #expect(try simulator(plan).check(.caller("555"), "0123").step(.callLevel)?.assumptions == ["callLevelNonUsers=trunksAndLines"])
    }

    @Test("defaultLineOrder: specextline before the user's own line, or after; cited only when the user has both")
    func lineOrder() throws {
        let plan = #"""
            {"sysinfo": {"ogpfx": "9"},
             "localuser": [{"usrname": "100", "specextline": "S"}, {"usrname": "101", "specextline": "S"}],
             "extline": [{"extLine": "S"}, {"extLine": "O", "localUser": "100"}]}
            """#
        #expect(try simulator(plan).check(.localUser("100"), "9555").target == .externalLine("S"))
        #expect(try simulator(plan, ["defaultLineOrder=ownFirst"]).check(.localUser("100"), "9555").target == .externalLine("O"))
        #expect(try simulator(plan).check(.localUser("100"), "9555").cited.contains(.defaultLineOrder))
        #expect(!(try simulator(plan).check(.localUser("101"), "9555").cited.contains(.defaultLineOrder)))
    }

    @Test("speedDialKey: the caller as it arrived, or after analyze caller number")
    func speedDialKey() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}, {"usrname": "104"}, {"usrname": "105"}],
             "natran": [{"tranID": 1, "type": 1, "prefix": "+31"}],
             "anaclrnbr": [{"callerNbr": "100", "tranID": 1}],
             "speeddial": [{"callerNbr": "100", "dialedNbr": "#5", "destNbr": "104"}, {"callerNbr": "*", "dialedNbr": "#5", "destNbr": "105"}]}
            """#
        let arrived = try simulator(plan).check(.localUser("100"), "#5")
        #expect(arrived.target == .user("104"))
        #expect(arrived.step(.speedDial)?.assumptions == ["speedDialMatch=exact", "speedDialKey=callerAsArrived"])
        #expect(try simulator(plan, ["speedDialKey=analyzedCaller"]).check(.localUser("100"), "#5").target == .user("105"))
    }

    @Test("keepRecordOnReanalysisMiss is cited when the kept record has a refine group or a duration")
    func keptRecord() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}, {"usrname": "200"}],
             "natran": [{"tranID": 1, "type": 3, "tranLen": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "8", "routeType": 0, "changeInd": 1, "tranID": 1, "reAnaInd": 1, "maxDuration": 60}]}
            """#
        let kept = try simulator(plan).check(.localUser("100"), "8200")
        #expect(kept.target == .user("200"))
        #expect(kept.maxDuration == 60)
        #expect(kept.cited.contains(.keepRecordOnReanalysisMiss))
        #expect(try simulator(plan, ["keepRecordOnReanalysisMiss=false"]).check(.localUser("100"), "8200").maxDuration == 0)
    }

    @Test("the catalogue lists every name once, in order, each with a section of the semantics and values --sensitivity tries")
    func catalogue() {
        #expect(Assumptions.catalog.map(\.id) == Assumptions.Name.allCases)
        for info in Assumptions.catalog {
            #expect(info.summary.contains("(semantics §"), "\(info.name)")
            #expect(Assumptions.Name(info.name) == info.id)
            let others = info.alternatives(to: Assumptions(), dialPlans: ["default", "office"])
            switch info.kind {
            case .whatIf: #expect(others.isEmpty)
            case .limit, .rule: #expect(!others.isEmpty, "\(info.name) has no alternative")
            }
            for value in others {
                var a = Assumptions()
                #expect(throws: Never.self) { try a.set(info.name, to: value) }
                #expect(info.value(in: a) == value)
            }
        }
        // Every stored property of `Assumptions` is in the catalogue: what a compiled plan's
        // stored index is keyed by, so a property missing here would let a model built under
        // other assumptions be reused.
        let properties = Mirror(reflecting: Assumptions()).children.compactMap(\.label)
        #expect(properties.sorted() == Assumptions.catalog.map(\.name).sorted())
        // Each of them changes the text an `Assumptions` value is described by in the catalogue.
        for info in Assumptions.catalog {
            var a = Assumptions()
            let other = info.alternatives(to: a, dialPlans: ["default", "office"]).first ?? "office"
            guard (try? a.set(info.name, to: other)) != nil else { continue }
            #expect(info.value(in: a) != info.value(in: Assumptions()), "\(info.name)")
        }
        #expect(Assumptions.Name.userState.info.kind == .whatIf)
        #expect(Assumptions.Name.maxChainHops.info.alternatives(to: Assumptions(), dialPlans: []) == ["2", "10"])
        #expect(Assumptions.Name.unknownCallerDialPlan.info.alternatives(to: Assumptions(), dialPlans: ["default", "hq"]) == ["hq"])
    }
}
