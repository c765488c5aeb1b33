import DialPlan
import RouteSim
import Testing

/// The steps a traced call takes most are kept as data and put in words when read
/// (`StepDetail`, `TransitionNote`): the words are those the trace always had, and a step
/// changed by its reader keeps the change.
@Suite("Trace steps put in words when read")
struct TraceWordsTests {
    /// Three lines, each in an outgoing group whose refine-called row names a transition that
    /// dangles, has an unknown type, or reaches past the number's end.
    static let plan = """
        {
          "localuser": [{"usrname": "100", "dialPlan": "default"}, {"usrname": "101"}],
          "extline": [{"extLine": "a", "ogGroupID": 1}, {"extLine": "b", "ogGroupID": 2}, {"extLine": "c", "ogGroupID": 3}],
          "natran": [
            {"tranID": 2, "type": 7, "tranStart": 0, "tranLen": 1, "prefix": "9"},
            {"tranID": 3, "type": 2, "tranStart": 10, "tranLen": 3, "prefix": "x"}
          ],
          "refinecldnbr": [
            {"groupID": 1, "calledPrefix": "1", "transID": 99},
            {"groupID": 2, "calledPrefix": "2", "transID": 2},
            {"groupID": 3, "calledPrefix": "3", "transID": 3}
          ],
          "anacldnbr": [
            {"dialPlan": "default", "calledNbr": "1", "routeType": 1, "extLine": "a"},
            {"dialPlan": "default", "calledNbr": "2", "routeType": 1, "extLine": "b"},
            {"dialPlan": "default", "calledNbr": "3", "routeType": 1, "extLine": "c"}
          ]
        }
        """

    @Test(
        "refine-called rows with a dangling, an unknown and a clamped transition, and the attempt before each",
        arguments: [
            (
                "15551", "a", "15551",
                "called prefix \"1\" of outgoing group 1: transition 99 does not exist (dangling reference): the number is unchanged"
            ),
            ("25551", "b", "25551", "called prefix \"2\" of outgoing group 2: transition 2 has unknown type 7: the number is unchanged"),
            (
                "35551", "c", "35551x",
                "called prefix \"3\" of outgoing group 3: transition 3 (replace 3 at 10 by \"x\"): 35551 → 35551x (clamped to the number's length)"
            ),
        ])
    func refineNotes(called: String, line: String, after: String, detail: String) throws {
        let r = try simulator(Self.plan).check(.localUser("100"), called)
        let attempt = try #require(r.step(.attempt))
        #expect(attempt.detail == "attempt on external line \(line)")
        #expect(attempt.key == [KeyField(name: "extLine", value: line)])
        let refine = try #require(r.step(.refineCalled))
        #expect(refine.detail == detail)
        #expect(refine.before == called && refine.after == after)
        // Each line's outgoing group is numbered as its prefix is.
        let group = String(called.prefix(1))
        #expect(refine.key == [KeyField(name: "groupID", value: group), KeyField(name: "calledPrefix", value: group)])
        #expect(refine.assumptions == (after == called ? [] : ["transitionBounds=clamp"]))
    }

    @Test("a failover's attempt on a SIP trunk, and its refine-called row, in the bundled multi-site plan")
    func failover() throws {
        var state = LiveState()
        try state.set("trunk:1=down")
        let r = try bundledSimulator("multi-site").route(Call(origin: .localUser("100"), called: "0012125551234", state: state))
        #expect(
            r.steps.prefix(5).map(\.detail) == [
                "local user 100 calls 0012125551234, starting in dial plan \"hq\"",
                "no anaclrnbr record matches caller 100",
                "no speed-dial entry for 0012125551234",
                "no hgdect entry of dial plan \"hq\" for 0012125551234",
                "prefix \"00\" of dial plan \"hq\" matches 0012125551234 (route: local user)",
            ])
        #expect(
            r.steps.filter { $0.stage == .analyzeCalled }.last?.detail
                == "prefix \"+1\" of dial plan \"hq\" matches +12125551234 (route: routing group 1)")
        let attempts = r.steps.filter { $0.stage == .attempt }.map(\.detail)
        #expect(attempts == ["attempt on SIP trunk 1", "failover to SIP trunk 2", "attempt on external line pstn-gw"])
        #expect(
            r.steps.filter { $0.stage == .attempt }.map(\.name) == [
                "carrier A (US)", "carrier B (international)", "FXO gateway, last resort for US calls",
            ])
        #expect(
            r.steps.filter { $0.stage == .presentedCaller }.map(\.detail) == [
                "presents the trunk's callerID 2125550100", "presents the caller +12125550100 (origCallerNbr = 1)",
            ])
        let refines = r.steps.filter { $0.stage == .refineCalled }.map(\.detail)
        #expect(
            refines == [
                "called prefix \"+1\" of outgoing group 10: transition 4 (delete 2 at 0): +12125551234 → 2125551234",
                "called prefix \"+\" of outgoing group 20: transition 5 (replace 1 at 0 by \"00\"): +12125551234 → 0012125551234",
                "called prefix \"+1\" of outgoing group 10: transition 4 (delete 2 at 0): +12125551234 → 2125551234",
            ])
    }

    @Test("a user with no dial plan of its own starts in the default one, and says so")
    func userWithoutPlan() throws {
        let r = try simulator(Self.plan).check(.localUser("101"), "15551")
        #expect(r.steps.first?.detail == "local user 101 calls 15551, starting in dial plan \"default\" (dialPlan empty: default)")
        #expect(r.step(.analyzeCalled)?.detail == "prefix \"1\" of dial plan \"default\" matches 15551 (route: external line a)")
    }

    @Test("a step's detail, key and name, set by their reader, read back as set, each alone; equality compares what is read")
    func setByReader() throws {
        let r = try simulator(Self.plan).check(.localUser("100"), "35551")
        let attempt = try #require(r.step(.attempt))
        #expect(attempt.name == nil, "line c has no description")
        var named = attempt
        named.key = []
        #expect(named.detail == "attempt on external line c", "the words are still read from the plan after the key is set")
        named.name = "the c line"
        #expect(named.name == "the c line" && named.detail == attempt.detail && named.key.isEmpty)
        named.name = nil
        #expect(named.name == nil)
        named.assumptions = ["linePresentsOwnNumber=true"]
        #expect(named.assumptions == ["linePresentsOwnNumber=true"] && named.name == nil && named.key.isEmpty)
        #expect(attempt.assumptions.isEmpty && attempt.key == r.step(.attempt)?.key, "the step it was copied from is unchanged")
        let original = try #require(r.step(.refineCalled))
        var step = original
        #expect(step == original)
        step.detail = original.detail
        step.key = original.key
        #expect(step == original, "the same words and key, kept as text")
        step.detail = "rewritten"
        step.key = []
        #expect(step.detail == "rewritten" && step.key.isEmpty)
        #expect(step != original)
    }

    /// Caller analysis and refine caller rows with and without a transition or a plan, records
    /// that change the called number with and without one, and a routing group.
    static let callerPlan = #"""
        {
          "localuser": [{"usrname": "100"}, {"usrname": "200"}, {"usrname": "300"}, {"usrname": "400"}],
          "peerserver": [{"servID": 1}, {"servID": 2}],
          "natran": [
            {"tranID": 1, "type": 1, "tranStart": 0, "prefix": "44"},
            {"tranID": 2, "type": 3, "tranStart": 0, "tranLen": 1}
          ],
          "anaclrnbr": [{"callerNbr": "2"}, {"callerNbr": "3", "dialPlan": "vip"}, {"callerNbr": "4", "tranID": 1, "dialPlan": "vip"}],
          "refineclrnbr": [{"grpID": 5, "callerNbr": "1", "tranID": 1}, {"grpID": 5, "callerNbr": "2"}],
          "routegroup": [{"groupID": 7}],
          "route": [{"groupID": 7, "routeType": 2, "sipTrunkID": 1}, {"groupID": 7, "routeType": 2, "sipTrunkID": 2}],
          "anacldnbr": [
            {"dialPlan": "default", "calledNbr": "0", "routeType": 6, "rtGroupID": 7, "clrRefineID": 5},
            {"dialPlan": "default", "calledNbr": "5", "routeType": 2, "servID": 1, "changeInd": 1, "tranID": 2},
            {"dialPlan": "default", "calledNbr": "6", "routeType": 2, "servID": 1, "changeInd": 1},
            {"dialPlan": "vip", "calledNbr": "0", "routeType": 2, "servID": 2}
          ]
        }
        """#

    @Test(
        "a caller-analysis row that changes nothing, only the dial plan, and both the caller and the plan",
        arguments: [
            ("200", #"caller prefix "2" matches; nothing changes"#),
            ("300", #"caller prefix "3" matches: dial plan "default" → "vip""#),
            ("400", #"caller prefix "4" matches: transition 1 (add "44" at 0): 400 → 44400; dial plan "default" → "vip""#),
        ])
    func callerAnalysis(user: String, detail: String) throws {
        let r = try simulator(Self.callerPlan).check(.localUser(user), "0123")
        let step = try #require(r.step(.analyzeCaller))
        #expect(step.detail == detail)
        #expect(step.key == [KeyField(name: "callerNbr", value: String(user.prefix(1)))])
    }

    @Test("a refine-caller row with a transition and one without, in the group its analysis row names")
    func callerRefinement() throws {
        let sim = try simulator(Self.callerPlan)
        let changed = try #require(try sim.check(.localUser("100"), "0123").step(.refineCaller))
        #expect(changed.detail == #"caller prefix "1" of group 5: transition 1 (add "44" at 0): 100 → 44100"#)
        #expect(changed.before == "100" && changed.after == "44100")
        #expect(changed.key == [KeyField(name: "grpID", value: "5"), KeyField(name: "callerNbr", value: "1")])
        let unchanged = try #require(try sim.check(.localUser("200"), "0123").step(.refineCaller))
        #expect(unchanged.detail == #"caller prefix "2" of group 5: no transition"#)
    }

    @Test("a trace gives each step its plan as it is read: rebuilt from its steps, it reads the same")
    func traceKeepsPlanOnce() throws {
        let r = try simulator(Self.callerPlan).check(.localUser("100"), "5123")
        let change = try #require(r.steps.first { $0.stage == .changeCalled })
        #expect(change.detail == "transition 2 (delete 1 at 0): 5123 → 123")
        #expect(change.key == [KeyField(name: "tranID", value: "2")])
        let rebuilt = Trace(Array(r.steps))
        #expect(rebuilt == r.steps && rebuilt.count == r.steps.count)
        #expect(rebuilt.map(\.detail) == r.steps.map(\.detail))
        #expect(Trace(r.steps.dropLast()) != r.steps)
        let empty: Trace = []
        #expect(empty.isEmpty && empty != r.steps)
    }

    @Test("a transition's note reads the step's numbers: numbers set by a reader leave the words as they were")
    func numbersSetByReader() throws {
        let sim = try simulator(Self.callerPlan)
        let original = try #require(try sim.check(.localUser("100"), "5123").step(.changeCalled))
        var step = original
        step.before = "9"
        step.after = nil
        #expect(step.detail == "transition 2 (delete 1 at 0): 5123 → 123")
        #expect(step.before == "9" && step.after == nil)
        #expect(step != original, "the numbers differ")
        step.before = original.before
        step.after = original.after
        #expect(step == original, "the same numbers and words, the words now kept as text")
    }

    @Test("a record that changes the called number, and one with changeInd = 1 that names no transition")
    func changeCalled() throws {
        let sim = try simulator(Self.callerPlan)
        let changed = try #require(try sim.check(.localUser("100"), "5123").step(.changeCalled))
        #expect(changed.detail == "transition 2 (delete 1 at 0): 5123 → 123")
        #expect(changed.key == [KeyField(name: "tranID", value: "2")])
        let unchanged = try #require(try sim.check(.localUser("100"), "6123").step(.changeCalled))
        #expect(unchanged.detail == "changeInd = 1 but no transition applies")
        #expect(unchanged.before == "6123" && unchanged.after == "6123")
    }

    @Test(
        "a routing group in snapshot order, and from its second member (round robin)",
        arguments: [
            ([], "routing group 7: 2 route(s) in snapshot order"),
            (["routingGroupStart=2"], "routing group 7: 2 route(s), starting at member 2 of 2 (round robin)"),
        ])
    func routingGroup(assume: [String], detail: String) throws {
        let r = try simulator(Self.callerPlan, assume).check(.localUser("100"), "0123")
        let step = try #require(r.step(.route))
        #expect(step.detail == detail)
        #expect(step.key == [KeyField(name: "groupID", value: "7")])
        #expect(step.assumptions == ["routingGroupStart=\(assume.isEmpty ? "1" : "2")"])
    }

    @Test(
        "the call level of a caller who is no local user, admitted or refused, and an unknown caller's origin",
        arguments: [
            ("callLevelNonUsers=trunksAndLines", false, "record requires call level 2; caller 555 is no local user"),
            ("callLevelNonUsers=everyone", false, "record requires call level 2; caller 555 is no local user: not checked"),
            ("callLevelNonUsers=trunksAndLines", true, "record requires call level 2; calls from trunks and lines are not checked"),
            ("callLevelNonUsers=nobody", true, "record requires call level 2; calls from trunks and lines are refused"),
        ])
    func callLevelOfNonUser(rule: String, onTrunk: Bool, detail: String) throws {
        let plan = #"""
            {"peerserver": [{"servID": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "routeType": 2, "servID": 1, "callLevel": 2}]}
            """#
        let origin: Origin = onTrunk ? .sipTrunk(1, caller: "555") : .caller("555")
        let r = try simulator(plan, [rule]).check(origin, "123")
        let step = try #require(r.step(.callLevel))
        #expect(step.detail == detail)
        #expect(step.assumptions == [rule])
        let refused = detail.hasSuffix("is no local user") || detail.hasSuffix("are refused")
        #expect(
            r.step(.release)?.detail
                == (refused ? #"rejected (callLevel): caller 555 is no local user and prefix "1" requires call level 2"# : nil))
        if !onTrunk {
            #expect(r.steps.first?.detail == #"caller 555 is no local user: an unknown caller, starting in dial plan "default""#)
            #expect(r.steps.first?.assumptions == ["unknownCallerDialPlan=default"])
        }
    }

    @Test("a call arriving on a SIP trunk, a refine-called group with no row for the number, and a call to an available user")
    func arrivalNoRefineAndUser() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}],
             "peerserver": [{"servID": 7, "dialPlan": "in", "ogGroupID": 3}],
             "refinecldnbr": [{"groupID": 3, "calledPrefix": "9", "transID": 1}],
             "natran": [{"tranID": 1, "type": 3, "tranStart": 0, "tranLen": 1}],
             "anacldnbr": [{"dialPlan": "in", "calledNbr": "1", "routeType": 0},
                           {"dialPlan": "in", "calledNbr": "5", "routeType": 2, "servID": 7}]}
            """#
        let sim = try simulator(plan)
        let toUser = try sim.check(.sipTrunk(7, caller: "555"), "100")
        let origin = try #require(toUser.step(.origin))
        #expect(origin.detail == #"incoming call from 555 on SIP trunk 7, starting in dial plan "in""#)
        #expect(origin.key == [KeyField(name: "servID", value: "7")])
        let route = try #require(toUser.steps.last { $0.stage == .route })
        #expect(route.detail == "local user 100")
        #expect(route.key == [KeyField(name: "usrname", value: "100")] && route.before == "100")
        let out = try sim.check(.sipTrunk(7, caller: "555"), "5123")
        let refine = try #require(out.step(.refineCalled))
        #expect(refine.detail == "no refine-called row of the outgoing group matches 5123")
        #expect(refine.before == "5123" && refine.key.isEmpty)
    }

    @Test(
        "a call arriving on an external line: its auto attendant, no destination, its destination; and the release step",
        arguments: [
            ("aa", "incoming call from 555 on external line aa: aaInd = 1, the auto attendant answers", nil),
            (
                "nowhere", "incoming call on external line nowhere",
                "released (noDestination): external line nowhere has no destination for incoming calls (localUser is empty)"
            ),
            ("desk", #"incoming call from 555 on external line desk: the line's destination 100, dial plan "default""#, nil),
        ] as [(String, String, String?)])
    func lineArrival(line: String, detail: String, release: String?) throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}],
             "extline": [{"extLine": "aa", "aaInd": 1}, {"extLine": "nowhere"}, {"extLine": "desk", "localUser": "100"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "routeType": 0}]}
            """#
        let r = try simulator(plan).check(.externalLine(line, caller: "555"), "7")
        let origin = try #require(r.step(.origin))
        #expect(origin.detail == detail)
        #expect(origin.key == [KeyField(name: "extLine", value: line)] && origin.before == "7")
        #expect(r.step(.release)?.detail == release)
        if line == "desk" { #expect(origin.after == "100" && origin.assumptions == ["externalLineDialPlan=default"]) }
    }
}
