import DialPlan
import RouteSim
import RouteSimGenerator
import RouteSimTestSupport
import Testing

/// Random plans full of re-analysis, forwarding and failover cycles: every call must end.
@Suite("Termination property")
struct TerminationPropertyTests {
    static func randomPlan(_ rng: inout SeededGenerator) -> Snapshot {
        func digits(_ n: ClosedRange<Int>) -> String { rng.dialString(length: n, from: ["0", "1", "2", "9"]) }
        var s = Snapshot()
        s.systemInfo = SystemInfo()
        s.systemInfo?.outGroupPrefix = rng.chance(50) ? "9" : ""
        for i in 0..<6 {
            var u = LocalUser()
            u.name = "\(100 + i)"
            u.dialPlan = rng.pick(["", "a", "b"])
            u.callLevel = rng.within(0...3)
            if rng.chance(50) {
                u.forwardUnconditional = true
                u.forwardUnconditionalNumber = rng.chance(50) ? "\(100 + rng.below(6))" : digits(1...4)
            }
            s.localUsers.append(u)
        }
        for i in 1...4 {
            var t = SIPTrunk()
            t.id = TrunkID(i)
            t.chain = TrunkID(rng.within(0...5))
            t.outgoingGroup = CalledRefineGroupID(rng.within(0...2))
            s.sipTrunks.append(t)
            var l = ExternalLine()
            l.name = "L\(i)"
            l.chain = rng.chance(50) ? "L\(rng.within(1...5))" : ""
            l.shared = rng.chance(50)
            l.outgoingGroup = CalledRefineGroupID(rng.within(0...2))
            s.externalLines.append(l)
        }
        for g in 1...2 {
            var group = RoutingGroup()
            group.id = RoutingGroupID(g)
            s.routingGroups.append(group)
            for _ in 0..<rng.within(0...3) {
                var r = RoutingGroupRoute()
                r.group = RoutingGroupID(g)
                r.routeType = rng.chance(50) ? .sipTrunk : .externalLine
                r.trunk = TrunkID(rng.within(1...5))
                r.externalLine = "L\(rng.within(1...5))"
                s.routes.append(r)
            }
        }
        for id in 1...6 {
            var t = Transition()
            t.id = TransitionID(id)
            t.type = TransitionType(rawValue: rng.within(1...4))
            t.start = rng.within(-1...3)
            t.length = rng.within(0...3)
            t.prefix = digits(0...3)
            s.transitions.append(t)
        }
        for group in 1...2 {
            for _ in 0..<2 {
                var r = CalledRefinement()
                r.group = CalledRefineGroupID(group)
                r.calledPrefix = digits(0...2)
                r.transition = TransitionID(rng.within(0...7))
                if !s.calledRefinements.contains(where: { $0.group == r.group && $0.calledPrefix == r.calledPrefix }) {
                    s.calledRefinements.append(r)
                }
            }
        }
        var seen = Set<String>()
        for _ in 0..<rng.within(0...14) {
            var row = CalledAnalysis()
            row.dialPlan = rng.pick(["default", "a", "b"])
            row.calledPrefix = digits(0...3)
            guard seen.insert(row.dialPlan + "/" + row.calledPrefix).inserted else { continue }
            row.routeType = RouteType(rawValue: rng.pick([0, 0, 1, 2, 3, 4, 6]))
            row.trunk = TrunkID(rng.within(0...5))
            row.externalLine = rng.chance(50) ? "" : "L\(rng.within(1...5))"
            row.routingGroup = RoutingGroupID(rng.within(0...3))
            row.changesNumber = rng.chance(50)
            row.reanalyze = rng.chance(50)
            row.transition = TransitionID(rng.within(0...7))
            row.callLevel = rng.within(0...2)
            s.calledAnalysis.append(row)
        }
        return s
    }

    @Test("every simulated call ends with a valid outcome, bounded passes and attempts")
    func everyCallTerminates() throws {
        var outcomes = Set<Outcome>()
        // What the bounds are about: without these the property would hold for plans without cycles.
        var passLimitReached = 0, forwardLoops = 0, failovers = 0
        for trial in PropertyTrials(seed: 7, count: 400) {
            var rng = trial.generator
            let plan = Self.randomPlan(&rng)
            let model = RoutingModel(unchecked: plan)
            try model._checkInvariants()
            let sim = Simulator(model: model)
            for _ in 0..<15 {
                // One call in four dials a user, so that forwarding cycles are reached too.
                let called = rng.chance(25) ? "\(100 + rng.below(6))" : rng.dialString(length: 1...6, from: ["0", "1", "2", "9", "9"])
                let origin: Origin =
                    rng.chance(50)
                    ? .localUser("\(100 + rng.below(6))")
                    : .sipTrunk(TrunkID(rng.within(1...4)), caller: "555")
                let r = try sim.route(Call(origin: origin, called: called))
                let fast = try sim.routeFast(Call(origin: origin, called: called))
                let call = "\(origin.text) dials \(called) (\(trial))"
                #expect(fast.outcome == r.outcome && fast.attempts == r.attempts && fast.called == r.called, "\(call)")
                outcomes.insert(r.outcome)
                // 8 passes per call, and at most 5 forwards each starting a new analysis.
                let passes = r.stages.filter { $0 == .analyzeCalled }.count
                let forwards = r.stages.filter { $0 == .forward }.count
                #expect(passes <= 8 * 6, "\(call)")
                #expect(forwards <= 6, "\(call)")
                // Every line and trunk is attempted at most once.
                #expect(r.attempts.count <= 8, "\(call)")
                #expect(Set(r.attemptList.map { $0.prefix(while: { $0 != ":" }) }).count == r.attempts.count, "\(call)")
                if r.outcome == .released || r.outcome == .rejected { #expect(r.release != nil && r.target == nil, "\(call)") }
                if [.externalLine, .sipTrunk, .routingGroup].contains(r.outcome) { #expect(!r.attempts.isEmpty, "\(call)") }
                if passes >= 8 { passLimitReached += 1 }
                if forwards > 0 && r.release?.reason == .loop { forwardLoops += 1 }
                if r.attempts.contains(where: \.isFailover) { failovers += 1 }
            }
        }
        // The random plans reach every kind of ending the generator can produce, and the limits.
        #expect(outcomes.isSuperset(of: [.localUser, .externalLine, .sipTrunk, .routingGroup, .intercept, .released, .rejected]))
        #expect(passLimitReached > 0, "no call reached the re-analysis pass limit")
        #expect(forwardLoops > 0, "no call was released as a forwarding loop")
        #expect(failovers > 0, "no call failed over")
    }
}
