import DialPlan
import RouteSim
import Testing

/// Random plans full of re-analysis, forwarding and failover cycles: every call must end.
@Suite("Termination property")
struct TerminationPropertyTests {
    static func randomPlan(_ rng: inout SeededRandom) -> Snapshot {
        func digits(_ n: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: n, using: &rng)).map { _ in "0129".randomElement(using: &rng)! })
        }
        var s = Snapshot()
        s.systemInfo = SystemInfo()
        s.systemInfo?.outGroupPrefix = Bool.random(using: &rng) ? "9" : ""
        for i in 0..<6 {
            var u = LocalUser()
            u.name = "\(100 + i)"
            u.dialPlan = ["", "a", "b"].randomElement(using: &rng)!
            u.callLevel = Int.random(in: 0...3, using: &rng)
            if Bool.random(using: &rng) {
                u.forwardUnconditional = true
                u.forwardUnconditionalNumber = Bool.random(using: &rng) ? "\(100 + Int.random(in: 0..<6, using: &rng))" : digits(1...4)
            }
            s.localUsers.append(u)
        }
        for i in 1...4 {
            var t = SIPTrunk()
            t.id = TrunkID(i)
            t.chain = TrunkID(Int.random(in: 0...5, using: &rng))
            t.outgoingGroup = CalledRefineGroupID(Int.random(in: 0...2, using: &rng))
            s.sipTrunks.append(t)
            var l = ExternalLine()
            l.name = "L\(i)"
            l.chain = Bool.random(using: &rng) ? "L\(Int.random(in: 1...5, using: &rng))" : ""
            l.shared = Bool.random(using: &rng)
            l.outgoingGroup = CalledRefineGroupID(Int.random(in: 0...2, using: &rng))
            s.externalLines.append(l)
        }
        for g in 1...2 {
            var group = RoutingGroup()
            group.id = RoutingGroupID(g)
            s.routingGroups.append(group)
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                var r = RoutingGroupRoute()
                r.group = RoutingGroupID(g)
                r.routeType = Bool.random(using: &rng) ? .sipTrunk : .externalLine
                r.trunk = TrunkID(Int.random(in: 1...5, using: &rng))
                r.externalLine = "L\(Int.random(in: 1...5, using: &rng))"
                s.routes.append(r)
            }
        }
        for id in 1...6 {
            var t = Transition()
            t.id = TransitionID(id)
            t.type = TransitionType(rawValue: Int.random(in: 1...4, using: &rng))
            t.start = Int.random(in: -1...3, using: &rng)
            t.length = Int.random(in: 0...3, using: &rng)
            t.prefix = digits(0...3)
            s.transitions.append(t)
        }
        for group in 1...2 {
            for _ in 0..<2 {
                var r = CalledRefinement()
                r.group = CalledRefineGroupID(group)
                r.calledPrefix = digits(0...2)
                r.transition = TransitionID(Int.random(in: 0...7, using: &rng))
                if !s.calledRefinements.contains(where: { $0.group == r.group && $0.calledPrefix == r.calledPrefix }) {
                    s.calledRefinements.append(r)
                }
            }
        }
        var seen = Set<String>()
        for _ in 0..<Int.random(in: 0...14, using: &rng) {
            var row = CalledAnalysis()
            row.dialPlan = ["default", "a", "b"].randomElement(using: &rng)!
            row.calledPrefix = digits(0...3)
            guard seen.insert(row.dialPlan + "/" + row.calledPrefix).inserted else { continue }
            row.routeType = RouteType(rawValue: [0, 0, 1, 2, 3, 4, 6].randomElement(using: &rng)!)
            row.trunk = TrunkID(Int.random(in: 0...5, using: &rng))
            row.externalLine = Bool.random(using: &rng) ? "" : "L\(Int.random(in: 1...5, using: &rng))"
            row.routingGroup = RoutingGroupID(Int.random(in: 0...3, using: &rng))
            row.changesNumber = Bool.random(using: &rng)
            row.reanalyze = Bool.random(using: &rng)
            row.transition = TransitionID(Int.random(in: 0...7, using: &rng))
            row.callLevel = Int.random(in: 0...2, using: &rng)
            s.calledAnalysis.append(row)
        }
        return s
    }

    @Test("every simulated call ends with a valid outcome, bounded passes and attempts")
    func everyCallTerminates() throws {
        var rng = SeededRandom(seed: 7)
        var outcomes = Set<Outcome>()
        var calls = 0
        for _ in 0..<400 {
            let plan = Self.randomPlan(&rng)
            let model = RoutingModel(unchecked: plan)
            try model._checkInvariants()
            let sim = Simulator(model: model)
            for _ in 0..<15 {
                let called = String((0..<Int.random(in: 1...6, using: &rng)).map { _ in "01299".randomElement(using: &rng)! })
                let origin: Origin =
                    Bool.random(using: &rng)
                    ? .localUser("\(100 + Int.random(in: 0..<6, using: &rng))")
                    : .sipTrunk(TrunkID(Int.random(in: 1...4, using: &rng)), caller: "555")
                let r = try sim.route(Call(origin: origin, called: called))
                let fast = try sim.routeFast(Call(origin: origin, called: called))
                #expect(fast.outcome == r.outcome && fast.attempts == r.attempts && fast.called == r.called)
                outcomes.insert(r.outcome)
                calls += 1
                // 8 passes per call, and at most 5 forwards each starting a new analysis.
                #expect(r.stages.filter { $0 == .analyzeCalled }.count <= 8 * 6)
                #expect(r.stages.filter { $0 == .forward }.count <= 6)
                // Every line and trunk is attempted at most once.
                #expect(r.attempts.count <= 8)
                #expect(Set(r.attemptList.map { $0.prefix(while: { $0 != ":" }) }).count == r.attempts.count)
                if r.outcome == .released || r.outcome == .rejected { #expect(r.release != nil && r.target == nil) }
                if [.externalLine, .sipTrunk, .routingGroup].contains(r.outcome) { #expect(!r.attempts.isEmpty) }
            }
        }
        #expect(calls == 6_000)
        // The random plans reach every kind of ending the generator can produce.
        #expect(outcomes.isSuperset(of: [.localUser, .externalLine, .sipTrunk, .routingGroup, .intercept, .released, .rejected]))
    }
}
