import DialPlan
import RouteSim
import RouteSimGenerator
import RouteSimSpaces
import RouteSimTestSupport
import Testing

/// Ring groups and follow-me in the number-space analysis: who rings depends on the caller's
/// own ring group (and on whether it calls itself), and each follow-me destination is a call of
/// its own whose decisions on the origin split the classes and whose callers stay symbolic.
@Suite("Ring groups and follow-me")
struct ServicesTests {
    /// Users 300, 301, 302 in ring group 7 (302 suppresses it for calls to itself); 100 with
    /// follow-me to 0612 (sequential, every 10 s); 200 and 201 plain. Numbers starting with 0
    /// leave on line L1, which presents the caller refined by group 1 (callers starting with 2
    /// get 49 in front), and need call level 1 (200 has it, 201 does not).
    static func plan() -> Snapshot {
        var s = Snapshot()
        s.systemInfo = SystemInfo()
        func user(_ name: String, level: Int = 0, _ edit: (inout LocalUser) -> Void = { _ in }) {
            var u = LocalUser()
            u.name = name
            u.callLevel = level
            edit(&u)
            s.localUsers.append(u)
        }
        user("100") {
            $0.followMeType = 1
            $0.followMeInterval = 10
            $0.followMeA = "0612"
        }
        user("200", level: 1)
        user("201")
        for name in ["300", "301", "302"] {
            user(name) {
                $0.ringGroupRight = true
                $0.ringGroup = 7
                $0.suppressesRingGroup = name == "302"
            }
        }
        var line = ExternalLine()
        line.name = "L1"
        line.presentsOriginalCaller = true
        s.externalLines.append(line)
        var t = Transition()
        t.id = 1
        t.type = TransitionType(rawValue: 1)
        t.prefix = "49"
        s.transitions.append(t)
        var refine = CallerRefinement()
        refine.group = 1
        refine.callerPrefix = "2"
        refine.transition = 1
        s.callerRefinements.append(refine)
        for prefix in ["1", "2", "3"] {
            var row = CalledAnalysis()
            row.dialPlan = "default"
            row.calledPrefix = prefix
            row.routeType = RouteType(rawValue: 0)
            s.calledAnalysis.append(row)
        }
        var out = CalledAnalysis()
        out.dialPlan = "default"
        out.calledPrefix = "0"
        out.routeType = RouteType(rawValue: 1)
        out.externalLine = "L1"
        out.callLevel = 1
        out.callerRefineGroup = 1
        s.calledAnalysis.append(out)
        return s
    }

    /// The map rows of `number` for each class of local users, by its representative.
    static func rows(_ map: SpaceMap, _ number: String) -> [String: SpaceRow] {
        var found: [String: SpaceRow] = [:]
        for section in map.sections {
            for row in section.rows where row.region.contains(number) {
                for c in row.classes where map.catalog.classes[c].kind == .localUser {
                    found[map.catalog.classes[c].representativeCaller] = row
                }
            }
        }
        return found
    }

    @Test("who rings depends on the caller's ring group and on calling oneself; each member is a class of its own")
    func ringGroups() throws {
        let model = try RoutingModel(snapshot: Self.plan())
        let map = try SpaceMap(model: model, options: SpaceOptions(maxLength: 6))
        let byCaller = Self.rows(map, "300")
        let ringing = byCaller.mapValues { $0.signature.ringGroup?.ringing ?? [] }
        #expect(
            ringing == [
                "100": ["300", "301", "302"], "200": ["300", "301", "302"], "201": ["300", "301", "302"],
                "300": ["300", "301", "302"], "301": ["300"], "302": ["300"],
            ])
        #expect(Self.rows(map, "302").mapValues { $0.signature.ringGroup?.ringing ?? [] }.values.allSatisfy { $0 == ["302"] })
        let users = map.catalog.classes.filter { $0.kind == .localUser }.map { c -> [String] in
            if case .users(let names) = c.members { return names }
            return []
        }
        #expect(users.sorted { $0.first! < $1.first! } == [["100"], ["200"], ["201"], ["300"], ["301"], ["302"]])
    }

    @Test("a follow-me destination is a call of its own: its call level splits the classes, its caller is refined")
    func followMe() throws {
        for context in Assumptions.ForwardedLegContext.allCases {
            var assumptions = Assumptions()
            assumptions.forwardedLegContext = context
            let model = RoutingModel(unchecked: Self.plan(), assumptions: assumptions)
            let map = try SpaceMap(model: model, options: SpaceOptions(maxLength: 6))
            let byCaller = Self.rows(map, "100")
            for caller in ["200", "201", "300"] {
                let followMe = try #require(byCaller[caller]?.signature.followMe, "\(context) from \(caller)")
                #expect(followMe.strategy == .sequential && followMe.interval == 10 && followMe.destinations.count == 1)
                let destination = followMe.destinations[0]
                #expect(destination.number == "0612" && destination.after == 10)
                // Under forwardingUser the destination is 100's call (call level 0: rejected);
                // under originalCaller the caller's (200 has level 1).
                let admitted = context == .originalCaller && caller == "200"
                #expect(destination.outcome == (admitted ? .externalLine : .rejected), "\(context) from \(caller)")
                if admitted {
                    #expect(destination.attempts.map(\.caller) == [.origin(refinedBy: 1)])
                    let view = map.view(of: byCaller[caller]!.classes)
                    #expect(
                        byCaller[caller]!.signature.summary(view: view)
                            == "local user 100 · follow-me sequential every 10 s: 0612 after 10 s → external line L1 [\"0612\"; caller: prepend 49]"
                    )
                }
            }
            var rng = SeededGenerator(seed: 15)
            try PartitionPropertyTests.checkPartition(model, maxLength: 5, rng: &rng, "\(context)")
        }
    }

    @Test("diff pruning: a row edited under a follow-me destination shows at the user's number; ring groups stay pruned")
    func pruningFollowMe() throws {
        // Only an anacldnbr row changes (pruning applies): 0… leaves on trunk 5 instead of L1.
        // Under originalCaller, 100's follow-me destination 0612 is the caller's call: for 200
        // (call level 1) it went out on L1 and now on trunk 5, though no row to 100 changed.
        var assumptions = Assumptions()
        assumptions.forwardedLegContext = .originalCaller
        let plan = Self.plan(with: 5)
        var edited = plan
        let i = edited.calledAnalysis.firstIndex { $0.calledPrefix == "0" }!
        edited.calledAnalysis[i].routeType = RouteType(rawValue: 2)
        edited.calledAnalysis[i].trunk = 5
        let old = RoutingModel(unchecked: plan, assumptions: assumptions)
        let new = RoutingModel(unchecked: edited, assumptions: assumptions)
        let options = SpaceOptions(maxLength: 5)
        let pruned = try SpaceDiff(old: old, new: new, options: options)
        let whole = try SpaceDiff(old: old, new: new, options: options, prune: false)
        let key = { (diff: SpaceDiff) in
            diff.rows.map { row in
                "\(row.classes.map { diff.catalog.classes[$0].representativeCaller }) \(row.region.pattern) \(row.aspects)"
            }
        }
        #expect(key(pruned) == key(whole))
        #expect(pruned.runs < whole.runs)
        #expect(
            key(pruned) == [
                "[\"200\", \"2\", \"0\"] 0… [RouteSimSpaces.ChangeAspect.route]",
                "[\"200\", \"2\", \"0\"] 100 [RouteSimSpaces.ChangeAspect.ringing]",
            ])
        // Ring-group members are reached by a shared row: pruned, not listed.
        #expect(!pruned.rows.contains { $0.region.pattern.hasPrefix("30") })
    }

    /// `plan()` with SIP trunk `trunk` added.
    static func plan(with trunk: Int) -> Snapshot {
        var s = plan()
        var t = SIPTrunk()
        t.id = TrunkID(trunk)
        s.sipTrunks.append(t)
        return s
    }

    @Test("diff: a change of who rings is a change of its own kind (ringing), and --ignore ringing leaves it out")
    func diffRinging() throws {
        let old = try RoutingModel(snapshot: Self.plan())
        var edited = Self.plan()
        edited.localUsers[5].suppressesRingGroup = false  // 302 rings the group again
        edited.localUsers[0].followMeA = "301"
        let new = try RoutingModel(snapshot: edited)
        let diff = try SpaceDiff(old: old, new: new, options: SpaceOptions(maxLength: 5))
        #expect(Set(diff.rows.map(\.region.pattern)) == ["100", "302"])
        #expect(diff.rows.allSatisfy { $0.aspects == [.ringing] })
        let ignored = try SpaceDiff(old: old, new: new, options: SpaceOptions(maxLength: 5), ignoring: [.ringing])
        #expect(ignored.rows.isEmpty)
        var rng = SeededGenerator(seed: 16)
        try DiffPropertyTests.checkDiff(old: old, new: new, maxLength: 4, rng: &rng, "ring group and follow-me edit")
    }
}
