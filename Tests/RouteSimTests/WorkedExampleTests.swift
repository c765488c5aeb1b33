import DialPlan
import RouteSim
import Testing

/// The bundled plans of corpus/plans and their documented outcomes (corpus/plans/README.md).
@Suite("Worked examples")
struct WorkedExampleTests {
    @Test("demo office: 92002 from 100 leaves on line 6001 as 2002 (the line is 100's own)")
    func demoOfficeOwnLine() throws {
        let r = try bundledSimulator("demo-office").check(.localUser("100"), "92002")
        #expect(r.outcome == .externalLine)
        #expect(r.target == .externalLine("6001"))
        #expect(r.dialPlan == "default")
        #expect(r.caller == "100")
        #expect(r.called == "2002")
        #expect(r.attemptList == ["line 6001: 2002 from 6001"])
        #expect(r.maxDuration == 7200)
        let defaults = try #require(r.step(.defaults))
        #expect(defaults.before == "92002")
        #expect(defaults.after == "2002")
        #expect(defaults.assumption == "stripOutGroupPrefix=lineRoutes")
        #expect(r.steps.contains { $0.stage == .route && $0.detail == "the line whose localUser is the caller" })
    }

    @Test("demo office: 101 shares the line; its own maximum duration is the smaller")
    func demoOfficeSharedLine() throws {
        let r = try bundledSimulator("demo-office").check(.localUser("101"), "92002")
        #expect(r.target == .externalLine("6001"))
        #expect(r.attemptList == ["line 6001: 2002 from 6001"])
        #expect(r.maxDuration == 3600)
        #expect(r.steps.contains { $0.stage == .route && $0.detail == "the first shared line (shareInd = 1)" })
    }

    @Test("demo office: internal calls reach local users; unknown numbers are released")
    func demoOfficeInternal() throws {
        let sim = try bundledSimulator("demo-office")
        let r = try sim.check(.localUser("100"), "102")
        #expect(r.outcome == .localUser)
        #expect(r.target == .user("102"))
        #expect(r.attempts.isEmpty)
        let missing = try sim.check(.localUser("100"), "555")
        #expect(missing.outcome == .released)
        #expect(missing.release == Release(reason: .noSuchUser, message: "no local user is named 555"))
        #expect(missing.target == nil)
    }

    @Test("demo office: 102 forwards on busy only when asked (userState=busy)")
    func demoOfficeBusy() throws {
        let available = try bundledSimulator("demo-office").check(.localUser("100"), "102")
        #expect(available.target == .user("102"))
        #expect(available.steps.contains { $0.stage == .liveState && $0.detail.hasPrefix("would forward on busy to 100") })
        let busy = try bundledSimulator("demo-office", ["userState=busy"]).check(.localUser("101"), "102")
        #expect(busy.target == .user("100"))
        let forward = try #require(busy.step(.forward))
        #expect(forward.before == "102")
        #expect(forward.after == "100")
        #expect(forward.assumptions == ["forwardedLegContext=forwardingUser", "userState=busy"])
    }

    @Test("refine called number: 0123 leaves line intl as 0086123")
    func refineCalled() throws {
        let r = try bundledSimulator("refine-called").check(.localUser("101"), "0123")
        #expect(r.outcome == .externalLine)
        #expect(r.target == .externalLine("intl"))
        #expect(r.called == "0123")
        #expect(r.attemptList == ["line intl: 0086123 from 101"])
        let refine = try #require(r.step(.refineCalled))
        #expect(refine.table == .calledRefinements)
        #expect(refine.key == [.init(name: "groupID", value: "1"), .init(name: "calledPrefix", value: "0")])
        #expect(refine.before == "0123")
        #expect(refine.after == "0086123")
    }

    @Test(
        "call level: prefix 9 admits level-1 users only",
        arguments: [
            ("100", Outcome.externalLine), ("101", Outcome.rejected), ("102", Outcome.externalLine),
        ])
    func callLevel(user: String, outcome: Outcome) throws {
        let r = try bundledSimulator("call-level").check(.localUser(user), "95551234")
        #expect(r.outcome == outcome)
        if outcome == .rejected {
            #expect(r.release?.reason == .callLevel)
            #expect(r.release?.message == "caller 101 (calllevel 0) lacks call level 1 required by prefix \"9\"")
            #expect(r.attempts.isEmpty)
        } else {
            #expect(r.attemptList == ["line 6001: 5551234 from 6001"])
            #expect(r.steps.contains { $0.stage == .route && $0.assumption == "stripOutGroupPrefix=lineRoutes" })
        }
    }

    @Test("call level with callLevelRule=minimum: level 3 passes level 1")
    func callLevelMinimum() throws {
        let r = try bundledSimulator("call-level", ["callLevelRule=minimum"]).check(.localUser("102"), "95551234")
        #expect(r.outcome == .externalLine)
        #expect(r.step(.callLevel)?.assumption == "callLevelRule=minimum")
    }

    @Test("multi-site: national number re-analysed to +1, routing group with failover and refine per attempt")
    func multiSiteNational() throws {
        let r = try bundledSimulator("multi-site").check(.localUser("100"), "02125551234")
        #expect(r.outcome == .routingGroup)
        #expect(r.target == .routingGroup(1))
        #expect(r.dialPlan == "hq")
        #expect(r.caller == "+12125550100")
        #expect(r.called == "+12125551234")
        #expect(
            r.attemptList == [
                "trunk 1: 2125551234 from 2125550100",
                "trunk 2: 0012125551234 from +12125550100 (failover)",
                "line pstn-gw: 2125551234 from +12125550100",
            ])
        #expect(r.maxDuration == 1800)
        #expect(r.stages.filter { $0 == .analyzeCalled }.count == 2)
        let change = try #require(r.step(.changeCalled))
        #expect(change.table == .transitions)
        #expect(change.before == "02125551234")
        #expect(change.after == "+12125551234")
    }

    @Test("multi-site: London dials international; carrier B first, then carrier A whose chain was tried")
    func multiSiteInternational() throws {
        let r = try bundledSimulator("multi-site").check(.localUser("200"), "00331234")
        #expect(r.target == .routingGroup(2))
        #expect(r.dialPlan == "branch")
        #expect(r.called == "+331234")
        #expect(r.attemptList == ["trunk 2: 00331234 from 200", "trunk 1: +331234 from 2125550100"])
        #expect(r.steps.contains { $0.stage == .attempt && $0.detail == "SIP trunk 2 was already tried: the chain stops" })
    }

    @Test("multi-site: UK number on the UK trunk, failing over to carrier B")
    func multiSiteUK() throws {
        let r = try bundledSimulator("multi-site").check(.localUser("200"), "02079460123")
        #expect(r.outcome == .sipTrunk)
        #expect(r.target == .sipTrunk(3))
        #expect(r.called == "+442079460123")
        #expect(r.attemptList == ["trunk 3: 02079460123 from 442079460000", "trunk 2: 00442079460123 from 200 (failover)"])
    }

    @Test("multi-site: the London lobby has no call level for outside calls")
    func multiSiteLobby() throws {
        let r = try bundledSimulator("multi-site").check(.localUser("201"), "02079460123")
        #expect(r.outcome == .rejected)
        #expect(r.release?.reason == .callLevel)
    }

    @Test("multi-site: 102 forwards unconditionally to 100 in its own dial plan")
    func multiSiteForward() throws {
        let r = try bundledSimulator("multi-site").check(.localUser("200"), "102")
        #expect(r.outcome == .localUser)
        #expect(r.target == .user("100"))
        let forward = try #require(r.step(.forward))
        #expect(forward.before == "102")
        #expect(forward.after == "100")
        #expect(
            forward.detail
                == "local user 102 forwards unconditionally (CFU) to 100: a new call in dial plan \"hq\" with 102's call level, line and duration"
        )
        #expect(forward.assumption == "forwardedLegContext=forwardingUser")
    }

    @Test("multi-site: 500 is the sales hunting group, linear, operators in snapshot order")
    func multiSiteHunt() throws {
        let r = try bundledSimulator("multi-site").check(.localUser("100"), "500")
        #expect(r.outcome == .huntingGroup)
        #expect(r.target == .huntingGroup(1))
        var order = HuntingGroupOrder(strategy: .linear, operators: ["101", "100"])
        order.noAnswerTimer = 20  // noAnsTmr; both operators log in automatically (autoInd = 1)
        #expect(r.huntingGroup == order)
    }

    @Test("multi-site: speed dial #1 — the caller's own entry wins over the one for everyone")
    func multiSiteSpeedDial() throws {
        let sim = try bundledSimulator("multi-site")
        let everyone = try sim.check(.localUser("100"), "#1")
        #expect(everyone.step(.speedDial)?.after == "02125550100")
        #expect(everyone.called == "+12125550100")
        #expect(everyone.target == .routingGroup(1))
        let own = try sim.check(.localUser("200"), "#1")
        #expect(own.step(.speedDial)?.after == "02079460999")
        #expect(own.target == .sipTrunk(3))
    }

    @Test("multi-site: intercept, emergency trunk without refine")
    func multiSiteInterceptAndEmergency() throws {
        let sim = try bundledSimulator("multi-site")
        let intercept = try sim.check(.localUser("101"), "800")
        #expect(intercept.outcome == .intercept)
        #expect(intercept.target == nil)
        let emergency = try sim.check(.localUser("201"), "999")
        #expect(emergency.outcome == .sipTrunk)
        #expect(emergency.attemptList == ["trunk 4: 999 from 201"])
    }

    @Test("multi-site: a call on trunk 1 to the main DID is re-analysed to reception")
    func multiSiteIncomingDID() throws {
        let r = try bundledSimulator("multi-site").check(.sipTrunk(1, caller: "0033155512345"), "2125550100")
        #expect(r.outcome == .localUser)
        #expect(r.target == .user("100"))
        #expect(r.dialPlan == "incoming")
        #expect(r.caller == "+33155512345")
        #expect(r.step(.analyzeCaller)?.after == "+33155512345")
    }

    @Test("a bare caller number: the user of that name, else an unknown caller on default")
    func bareCaller() throws {
        let sim = try bundledSimulator("multi-site")
        let user = try sim.check(.caller("200"), "00331234")
        #expect(user.dialPlan == "branch")
        let unknown = try sim.check(.caller("5550000"), "100")
        #expect(unknown.dialPlan == "default")
        #expect(unknown.outcome == .localUser)
        #expect(unknown.steps.first?.assumption == "unknownCallerDialPlan=default")
    }
}
