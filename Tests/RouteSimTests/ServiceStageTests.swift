import DialPlan
import RouteSim
import Testing

/// Ring groups, follow-me, voice mail, not online, time conditions, hunting operators and live
/// state, each on a small inline plan, with exact outcomes.
@Suite("Services and live state")
struct ServiceStageTests {
    static let office = #"""
        {"sysinfo": {"ogpfx": "9"},
         "localuser": [
           {"usrname": "100", "right_rg": 1, "ringgrpid": 1},
           {"usrname": "101", "right_rg": 1, "ringgrpid": 1},
           {"usrname": "102", "right_rg": 1, "ringgrpid": 1, "right_sup_rg": 1},
           {"usrname": "103", "right_rg": 0, "ringgrpid": 1},
           {"usrname": "104", "right_vms": 1, "right_cfb": 1, "cfbnbr": "105", "tcID": 7},
           {"usrname": "105"},
           {"usrname": "106", "fmtype": 1, "fminterval": 10, "fmdesta": "105", "fmdestc": "9555"},
           {"usrname": "107", "fmtype": 2, "fmdesta": "100"},
           {"usrname": "108", "fmtype": 5, "fmdesta": "100"}],
         "extline": [{"extLine": "L", "shareInd": 1}]}
        """#

    @Test("ring group: every member rings, the one called first; right_rg = 0 is no member")
    func ringGroup() throws {
        let r = try simulator(Self.office).check(.localUser("105"), "100")
        #expect(r.outcome == .localUser)
        #expect(r.target == .user("100"))
        #expect(r.ringGroup == RingGroupRinging(group: 1, ringing: ["100", "101", "102"]))
        #expect(r.step(.ringGroup)?.detail == "ring group 1 (ringgrpid): 100, 101, 102 ring at the same time")
    }

    @Test("ring group: right_sup_rg, and a caller of the same group, ring only the user called")
    func ringGroupExceptions() throws {
        let sim = try simulator(Self.office)
        #expect(try sim.check(.localUser("105"), "102").ringGroup == RingGroupRinging(group: 1, ringing: ["102"]))
        let same = try sim.check(.localUser("101"), "100")
        #expect(same.ringGroup == RingGroupRinging(group: 1, ringing: ["100"]))
        #expect(same.step(.ringGroup)?.detail == "ring group 1 (ringgrpid): the caller 101 is in the group too, so only 100 rings")
        // 103 has a ringgrpid but no right_rg: no member, and its calls are no group calls.
        #expect(try sim.check(.localUser("103"), "100").ringGroup?.ringing == ["100", "101", "102"])
        #expect(try sim.check(.localUser("105"), "103").ringGroup == nil)
    }

    @Test("ring group: members the live state makes busy or unreachable do not ring")
    func ringGroupLiveState() throws {
        let r = try simulator(Self.office).route(
            Call(origin: .localUser("105"), called: "100", state: try LiveState(parsing: "101=busy,102=unreachable")))
        #expect(r.ringGroup == RingGroupRinging(group: 1, ringing: ["100"]))
        #expect(
            r.step(.ringGroup)?.detail
                == "ring group 1 (ringgrpid): 100 ring at the same time; 101 is busy (101=busy); 102 is unreachable (102=unreachable), so does not ring"
        )
    }

    @Test("follow-me: sequential destinations after fminterval each, routed as the user's forwards")
    func followMeSequential() throws {
        let r = try simulator(Self.office).check(.localUser("100"), "106")
        #expect(r.target == .user("106"))
        let followMe = try #require(r.followMe)
        #expect(followMe.type == 1)
        #expect(followMe.strategy == .sequential)
        #expect(followMe.interval == 10)
        #expect(followMe.destinations.map(\.number) == ["105", "9555"])
        #expect(followMe.destinations.map(\.after) == [10, 20])
        #expect(followMe.destinations[0].outcome == .localUser)
        #expect(followMe.destinations[0].target == .user("105"))
        #expect(followMe.destinations[1].outcome == .externalLine)
        #expect(followMe.destinations[1].attempts.map(\.called) == ["555"])
        let first = try #require(r.steps.first { $0.stage == .followMe })
        #expect(first.assumptions == ["followMeType1=sequential"])
        #expect(first.detail == "follow-me (fmtype 1, sequential, fminterval 10 s): 106 rings first, then 105 after 10 s, 9555 after 20 s")
        // The second destination's own call cites what decided it.
        let last = try #require(r.steps.last { $0.stage == .followMe })
        #expect(last.detail.hasPrefix("destination C 9555 (after 20 s): externalLine  external line L"))
        #expect(last.assumptions.contains("stripOutGroupPrefix=lineRoutes"))
        #expect(r.cited.contains(.stripOutGroupPrefix))
    }

    @Test("follow-me: fmtype 2 is the other strategy; followMeType1 swaps them; unknown types are not simulated")
    func followMeStrategies() throws {
        let r = try simulator(Self.office).check(.localUser("105"), "107")
        #expect(r.followMe?.strategy == .simultaneous)
        #expect(r.followMe?.destinations.map(\.after) == [0])
        let swapped = try simulator(Self.office, ["followMeType1=simultaneous"])
        #expect(try swapped.check(.localUser("105"), "107").followMe?.strategy == .sequential)
        #expect(try swapped.check(.localUser("100"), "106").followMe?.destinations.map(\.after) == [0, 0])
        let unknown = try simulator(Self.office).check(.localUser("105"), "108")
        #expect(unknown.followMe == nil)
        #expect(unknown.step(.followMe)?.detail == "fmtype 5 is no follow-me strategy routesim knows (1, 2): not simulated")
    }

    @Test("voice mail: busy with a busy forward forwards; no answer without one goes to voice mail")
    func voicemail() throws {
        let sim = try simulator(Self.office)
        let busy = try sim.route(Call(origin: .localUser("100"), called: "104", state: try LiveState(parsing: "104=busy")))
        #expect(busy.target == .user("105"))
        #expect(busy.step(.liveState)?.detail == "local user 104 is busy (104=busy)")
        let noAnswer = try sim.route(Call(origin: .localUser("100"), called: "104", state: try LiveState(parsing: "104=noAnswer")))
        #expect(noAnswer.outcome == .voicemail)
        #expect(noAnswer.target == .user("104"))
        #expect(noAnswer.step(.voicemail)?.detail == "no forward applies; right_vms = 1: the call goes to 104's voice mail")
    }

    @Test("not online: unreachable with no CFNC and no voice mail is released; busy without either still reaches the user")
    func notOnline() throws {
        let sim = try simulator(Self.office)
        let offline = try sim.route(Call(origin: .localUser("100"), called: "105", state: try LiveState(parsing: "105=unreachable")))
        #expect(offline.release == Release(reason: .notOnline, message: "local user 105 is not online and has no CFNC and no voice mail"))
        let busy = try sim.route(Call(origin: .localUser("100"), called: "105", state: try LiveState(parsing: "105=busy")))
        #expect(busy.outcome == .localUser)
        #expect(busy.steps.contains { $0.detail == "local user 105, busy: no forward and no voice mail apply" })
    }

    @Test("a closed time condition makes the user unreachable; an open one changes nothing")
    func userTimeCondition() throws {
        let sim = try simulator(Self.office)
        let closed = try sim.route(Call(origin: .localUser("100"), called: "104", state: try LiveState(parsing: "tc:7=closed")))
        #expect(closed.outcome == .voicemail)
        #expect(closed.step(.liveState)?.detail == "local user 104 is unreachable: its time condition 7 (tcID) is closed (tc:7=closed)")
        let every = try sim.route(Call(origin: .localUser("100"), called: "104", state: try LiveState(parsing: "tc:*=closed")))
        #expect(every.outcome == .voicemail)
        let open = try sim.check(.localUser("100"), "104")
        #expect(open.outcome == .localUser)
        #expect(
            open.steps.contains {
                $0.detail == "time condition 7 (tcID): outside its hours 104 counts as unreachable (what-if: --state tc:7=closed)"
            })
    }

    @Test("userState applies to the called user only; --state sets any user and wins for the called one")
    func userStateScope() throws {
        // 104 busy forwards to 105; 105 with CFB to 100 would forward again only if it were busy too.
        let plan = #"""
            {"localuser": [{"usrname": "100"},
                           {"usrname": "104", "right_cfb": 1, "cfbnbr": "105"},
                           {"usrname": "105", "right_cfb": 1, "cfbnbr": "100"}]}
            """#
        let busy = try simulator(plan, ["userState=busy"])
        let r = try busy.check(.localUser("100"), "104")
        #expect(r.target == .user("105"))
        #expect(r.stages.filter { $0 == .forward }.count == 1)
        let both = try busy.route(Call(origin: .localUser("100"), called: "104", state: try LiveState(parsing: "105=busy")))
        #expect(both.target == .user("100"))
        let overridden = try busy.route(Call(origin: .localUser("100"), called: "104", state: try LiveState(parsing: "104=available")))
        #expect(overridden.target == .user("104"))
    }

    @Test("outgoing time conditions and lines or trunks down block attempts; all blocked is routesUnavailable")
    func blockedAttempts() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}],
             "peerserver": [{"servID": 1, "otcID": 3, "chainTrunkID": 2}, {"servID": 2}],
             "extline": [{"extLine": "L"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "0", "routeType": 2, "servID": 1},
                           {"dialPlan": "default", "calledNbr": "8", "routeType": 1, "extLine": "L"}]}
            """#
        let sim = try simulator(plan)
        let open = try sim.check(.localUser("100"), "0123")
        #expect(open.attempts.map(\.blocked) == [nil, nil])
        #expect(
            open.steps.contains {
                $0.detail
                    == "outgoing time condition 3 (otcID): outside its hours SIP trunk 1 rejects outgoing calls (what-if: --state tc:3=closed)"
            })
        let closed = try sim.route(Call(origin: .localUser("100"), called: "0123", state: try LiveState(parsing: "tc:3=closed")))
        #expect(closed.outcome == .sipTrunk)
        #expect(closed.attempts.map(\.blocked) == [.closed, nil])
        #expect(closed.attemptList == ["trunk 1: 0123 from 100", "trunk 2: 0123 from 100 (failover)"])
        let none = try sim.route(Call(origin: .localUser("100"), called: "0123", state: try LiveState(parsing: "tc:3=closed,trunk:2=down")))
        #expect(
            none.release
                == Release(
                    reason: .routesUnavailable, message: "every line and trunk the call would try is down or outside its time condition"))
        #expect(none.attempts.map(\.blocked) == [.closed, .down])
        let line = try sim.route(Call(origin: .localUser("100"), called: "8", state: try LiveState(parsing: "line:L=down")))
        #expect(line.release?.reason == .routesUnavailable)
    }

    @Test("hunting: autoInd, the queue and the timer reported; logged-out and busy operators skipped")
    func huntingOperators() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}, {"usrname": "101"}, {"usrname": "102"}],
             "hginfo": [{"grpID": 1, "strategy": 1, "noAnsTmr": 15, "queueInd": 1, "maxCall": 4, "maxDura": 60},
                        {"grpID": 2, "strategy": 2}],
             "hgoper": [{"oper": "102", "grpID": 1, "autoInd": 1}, {"oper": "101", "grpID": 1, "autoInd": 0},
                        {"oper": "100", "grpID": 2, "autoInd": 1}],
             "hgdect": [{"dialPlan": "default", "calledNbr": "600", "grpID": 1},
                        {"dialPlan": "default", "calledNbr": "601", "grpID": 2}]}
            """#
        let sim = try simulator(plan)
        let r = try sim.check(.localUser("100"), "600")
        var order = HuntingGroupOrder(strategy: .roundRobin, operators: ["102", "101"])
        order.manualLogin = ["101"]
        order.noAnswerTimer = 15
        order.queue = HuntingQueue(maxCalls: 4, maxWait: 60)
        #expect(r.huntingGroup == order)
        #expect(r.step(.huntingGroup)?.assumptions == ["huntingOperatorOrder=listOrder"])
        let byNumber = try simulator(plan, ["huntingOperatorOrder=byNumber"]).check(.localUser("100"), "600")
        #expect(byNumber.huntingGroup?.operators == ["101", "102"])
        let out = try sim.route(Call(origin: .localUser("100"), called: "600", state: try LiveState(parsing: "oper:101=loggedOut")))
        #expect(out.huntingGroup?.operators == ["102"])
        #expect(out.huntingGroup?.skipped == ["101"])
        let queued = try sim.route(
            Call(origin: .localUser("100"), called: "600", state: try LiveState(parsing: "oper:101=loggedOut,102=busy")))
        #expect(queued.outcome == .huntingGroup)
        #expect(queued.huntingGroup?.operators == [])
        let busy = try sim.route(Call(origin: .localUser("101"), called: "601", state: try LiveState(parsing: "100=unreachable")))
        #expect(
            busy.release
                == Release(
                    reason: .allOperatorsBusy,
                    message: "every operator of hunting group 2 is busy, unreachable or logged out, and it has no queue"))
    }

    @Test("a plan without sysinfo gets the server's default out-group prefix 9")
    func defaultOutGroupPrefix() throws {
        let r = try simulator(#"{"localuser": [{"usrname": "100"}], "extline": [{"extLine": "L", "shareInd": 1}]}"#)
            .check(.localUser("100"), "92002")
        #expect(r.outcome == .externalLine)
        #expect(r.called == "2002")
        let defaults = try #require(r.step(.defaults))
        #expect(defaults.table == nil)
        #expect(
            defaults.detail
                == #"starts with the out-group prefix "9" (the server's default: the plan has no sysinfo): an external-line call, prefix stripped"#
        )
        let empty = try simulator(#"{"sysinfo": {"ogpfx": ""}, "localuser": [{"usrname": "100"}]}"#).check(.localUser("100"), "92002")
        #expect(empty.release?.reason == .noSuchUser)
    }

    @Test("a * or # number only a catch-all or the defaults matched gets a service-code warning; speed dials and detection do not")
    func hiddenServices() throws {
        let plan = #"""
            {"localuser": [{"usrname": "100"}],
             "speeddial": [{"callerNbr": "*", "dialedNbr": "#1", "destNbr": "100"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "*", "routeType": 4},
                           {"dialPlan": "default", "calledNbr": "*7", "routeType": 4}]}
            """#
        let sim = try simulator(plan)
        let catchAll = try sim.check(.localUser("100"), "#99")
        #expect(catchAll.outcome == .intercept)
        #expect(catchAll.stages.filter { $0 == .serviceCode }.count == 1)
        #expect(try sim.check(.localUser("100"), "*9").stages.contains(.serviceCode))
        #expect(!(try sim.check(.localUser("100"), "*71").stages.contains(.serviceCode)))  // a real prefix matched
        #expect(!(try sim.check(.localUser("100"), "#1").stages.contains(.serviceCode)))  // a speed dial
        #expect(!(try sim.check(.localUser("100"), "555").stages.contains(.serviceCode)))  // no * or #
    }

    @Test("live state naming what the plan lacks is an input error")
    func badLiveState() throws {
        let sim = try simulator(Self.office)
        func message(_ settings: String) -> String? {
            do {
                _ = try sim.route(Call(origin: .localUser("100"), called: "101", state: try LiveState(parsing: settings)))
                return nil
            } catch let error as CallError {
                return error.kind == .invalidState ? error.message : "wrong kind \(error.kind)"
            } catch {
                return "\(error)"
            }
        }
        #expect(message("999=busy") == "999=busy: the plan has no local user 999")
        #expect(message("trunk:4=down") == "trunk:4=down: the plan has no SIP trunk with servID 4")
        #expect(message("line:X=down") == "line:X=down: the plan has no external line X")
        #expect(message("tc:8=closed") == "tc:8=closed: no local user (tcID), external line or SIP trunk (otcID) uses time condition 8")
        #expect(message("oper:100=loggedOut") == "oper:100=loggedOut: the plan has no hunting-group operator 100")
        #expect(message("tc:7=closed,tc:*=open") == nil)
    }
}

@Suite("Live state settings")
struct LiveStateTests {
    @Test("settings parse, the last for a key wins, and keep the order they were given")
    func parsing() throws {
        var state = try LiveState(parsing: "102=busy, trunk:3=down,line:main=up,tc:2=closed,tc:*=open,oper:101=loggedOut")
        #expect(state.user("102") == .busy)
        #expect(state.isDown(trunk: 3))
        #expect(!state.isDown(line: "main"))
        #expect(state.timeCondition(2) == .closed)
        #expect(state.timeCondition(9) == .open)
        #expect(state.isLoggedOut(operator: "101"))
        try state.set("102=unreachable")
        #expect(state.user("102") == .unreachable)
        #expect(
            state.settingsText == ["trunk:3=down", "line:main=up", "tc:2=closed", "tc:*=open", "oper:101=loggedOut", "102=unreachable"])
        #expect(LiveState().isEmpty)
    }

    @Test(
        "bad settings say what is wrong and what to write",
        arguments: [
            ("102", "'102': write KEY=VALUE, such as 102=busy or trunk:3=down"),
            ("102=asleep", "user 102: 'asleep' is not one of available, busy, noAnswer, unreachable"),
            ("trunk:x=down", "'trunk:x=down': a trunk is named by its servID, a whole number"),
            ("trunk:3=broken", "trunk 3: 'broken' is not one of up, down"),
            ("tc:two=closed", "'tc:two=closed': a time condition is a whole number (tcID, otcID) or *"),
            ("room:5=hot", "'room:5=hot': 'room:' is not a kind of state; write USER=STATE, trunk:ID=, line:NAME=, tc:ID= or oper:USER="),
            ("=busy", "'=busy': name the user before '='"),
            ("102=busy,,103=busy", "'102=busy,,103=busy' holds an empty setting; write KEY=VALUE,KEY=VALUE"),
        ])
    func errors(setting: String, message: String) {
        #expect(throws: LiveStateError(setting: setting.contains(",") ? setting : setting, message: message)) {
            _ = try LiveState(parsing: setting)
        }
    }
}
