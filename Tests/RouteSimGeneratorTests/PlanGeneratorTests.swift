import DialPlan
import RouteSim
import RouteSimGenerator
import RouteSimTestSupport
import Testing

@Suite("Plan generator")
struct PlanGeneratorTests {
    static let clean = PlanGenerator.generate(.init(rows: 1_000, seed: 42))
    static let defective = PlanGenerator.generate(.init(rows: 1_000, seed: 42, defects: Set(PlanGenerator.DefectKind.allCases)))

    @Test("the same seed gives a byte-identical file; another seed a different one")
    func determinism() {
        let again = PlanGenerator.generate(.init(rows: 1_000, seed: 42))
        #expect(again.snapshot.jsonText == Self.clean.snapshot.jsonText)
        let other = PlanGenerator.generate(.init(rows: 1_000, seed: 43))
        #expect(other.snapshot.jsonText != Self.clean.snapshot.jsonText)
        #expect(other.snapshot.calledAnalysis.count == 1_000)
    }

    @Test("services add ring groups, follow-me and voice mail to users and change no other table")
    func services() throws {
        let plan = PlanGenerator.generate(.init(rows: 1_000, seed: 42, services: true)).snapshot
        var without = plan
        without.localUsers = Self.clean.snapshot.localUsers
        #expect(without.jsonText == Self.clean.snapshot.jsonText)
        let users = plan.localUsers
        let groups = Dictionary(grouping: users.filter { $0.ringGroup != 0 }, by: \.ringGroup)
        #expect(!groups.isEmpty)
        for (id, members) in groups {
            #expect((3...8).contains(members.count) || members.last?.name == users.last?.name, "ring group \(id)")
            #expect(members.allSatisfy { $0.ringGroupRight }, "ring group \(id)")
            #expect(members.filter(\.suppressesRingGroup).count == 1, "ring group \(id)")
        }
        let names = Set(users.map(\.name))
        let followMe = users.filter { $0.followMeType != 0 }
        #expect(!followMe.isEmpty && followMe.allSatisfy { [1, 2].contains($0.followMeType) })
        #expect(followMe.allSatisfy { names.contains($0.followMeA) && $0.followMeB.hasPrefix("0") && $0.followMeB.count == 10 })
        #expect(users.contains { $0.voicemail })
        // Every user field but the services is as without them.
        for (a, b) in zip(users, Self.clean.snapshot.localUsers) {
            var a = a
            a.ringGroup = 0
            a.ringGroupRight = false
            a.suppressesRingGroup = false
            a.followMeType = 0
            a.followMeInterval = 0
            a.followMeA = ""
            a.followMeB = ""
            a.voicemail = false
            #expect(a == b)
        }
        try expectRoundTrip(plan, "the generated plan with services")
    }

    @Test("the file loads with Snapshot(json:) and writes back byte for byte")
    func roundTrip() throws {
        try expectRoundTrip(Self.defective.snapshot, "the generated plan (1,000 rows, seed 42, every defect)")
    }

    @Test("table sizes follow the row count")
    func shape() {
        let s = Self.clean.snapshot
        #expect(s.calledAnalysis.count == 1_000)
        #expect(s.localUsers.count == 200)
        #expect(s.sipTrunks.count == 8)
        #expect(s.externalLines.count == 4)
        #expect(s.routingGroups.count == 4)
        #expect(s.callerAnalysis.count == 4)
        #expect(s.huntingGroups.count == 2)
        #expect(s.huntingDetections.count == 4)
        #expect(s.speedDials.count == 20)
        #expect(s.callerRefinements.count == 4)
        #expect(s.systemInfo?.outGroupPrefix == "9")
        #expect(Set(s.calledAnalysis.map(\.dialPlan)) == ["default", "restricted", "intl-in", "site1"])
        // Every trunk and line has a refine-called-number group of its own.
        #expect(Set(s.calledRefinements.map(\.group)).count == 12)
        #expect(Self.clean.planted.isEmpty)

        let big = PlanGenerator.generate(.init(rows: 20_000, seed: 1)).snapshot
        #expect(big.calledAnalysis.count == 20_000)
        #expect(big.localUsers.count == 2_000)
        #expect(big.sipTrunks.count == 100)
        #expect(big.routingGroups.count == 33)
    }

    @Test("a clean plan has no dangling reference and no duplicate key")
    func cleanReferences() {
        let s = Self.clean.snapshot
        let trunks = Set(s.sipTrunks.map(\.id)), lines = Set(s.externalLines.map(\.name))
        let groups = Set(s.routingGroups.map(\.id)), transitions = Set(s.transitions.map(\.id))
        let hunting = Set(s.huntingGroups.map(\.id)), users = Set(s.localUsers.map(\.name))
        let callerGroups = Set(s.callerRefinements.map(\.group)), calledGroups = Set(s.calledRefinements.map(\.group))
        for row in s.calledAnalysis {
            switch row.routeType {
            case .sipTrunk: #expect(trunks.contains(row.trunk))
            case .routingGroup: #expect(groups.contains(row.routingGroup))
            case .externalLine: #expect(row.externalLine.isEmpty || lines.contains(row.externalLine))
            default: break
            }
            #expect(row.transition.isNone || transitions.contains(row.transition))
            #expect(row.callerRefineGroup.isNone || callerGroups.contains(row.callerRefineGroup))
        }
        for route in s.routes {
            #expect(route.routeType == .sipTrunk ? trunks.contains(route.trunk) : lines.contains(route.externalLine))
        }
        for trunk in s.sipTrunks {
            #expect(trunk.chain.isNone || trunks.contains(trunk.chain))
            #expect(calledGroups.contains(trunk.outgoingGroup))
        }
        for line in s.externalLines { #expect(line.chain.isEmpty || lines.contains(line.chain)) }
        for user in s.localUsers {
            #expect(!user.forwardUnconditional || users.contains(user.forwardUnconditionalNumber))
            #expect(user.specificExternalLine.isEmpty || lines.contains(user.specificExternalLine))
        }
        for op in s.huntingOperators { #expect(users.contains(op.user) && hunting.contains(op.group)) }
        for detection in s.huntingDetections { #expect(hunting.contains(detection.group)) }
        for row in s.callerRefinements + [] { #expect(transitions.contains(row.transition)) }
        #expect(s.duplicateKeys().isEmpty)
    }

    @Test("every call of a workload routes without a dangling reference or a loop")
    func cleanPlanRoutes() throws {
        let simulator = Simulator(model: try RoutingModel(snapshot: Self.clean.snapshot))
        var outcomes: [Outcome: Int] = [:]
        for call in CallWorkload.calls(in: Self.clean.snapshot, count: 3_000, seed: 9) {
            let result = try simulator.routeFast(call)
            outcomes[result.outcome, default: 0] += 1
            #expect(result.release?.reason != .danglingReference, "\(call)")
            #expect(result.release?.reason != .loop, "\(call)")
        }
        for outcome in [Outcome.sipTrunk, .routingGroup, .localUser, .externalLine] {
            #expect(outcomes[outcome, default: 0] > 0, "no \(outcome) outcome in \(outcomes)")
        }
    }

    @Test("planted defects are appended after the clean plan and take effect")
    func plantedDefects() throws {
        let clean = Self.clean.snapshot, bad = Self.defective.snapshot
        #expect(Array(bad.calledAnalysis.prefix(clean.calledAnalysis.count)) == clean.calledAnalysis.array)
        #expect(Array(bad.sipTrunks.prefix(clean.sipTrunks.count)) == clean.sipTrunks.array)
        #expect(Array(bad.localUsers.prefix(clean.localUsers.count)) == clean.localUsers.array)
        let kinds = Set(Self.defective.planted.map(\.kind))
        #expect(kinds == Set(PlanGenerator.DefectKind.allCases))
        // One of each per 50,000 rows (at least one): 6 loop records, 5 dangling, 4 shadowed.
        #expect(Self.defective.planted.filter { $0.kind == .loops }.count == 6)
        #expect(Self.defective.planted.filter { $0.kind == .dangling }.count == 5)
        #expect(Self.defective.planted.filter { $0.kind == .shadowed }.count == 4)
        #expect(bad.calledAnalysis.count == 1_000 + 2 + 3 + 4)

        let duplicate = try #require(bad.duplicateKeys().first)
        #expect(duplicate.table == .calledAnalysis && duplicate.duplicateIndex == 1_005)

        // Routing needs unique keys: simulate on the plan without the duplicate.
        var routable = bad
        routable.calledAnalysis.remove(at: 1_005)
        let simulator = Simulator(model: try RoutingModel(snapshot: routable))
        let user = clean.localUsers.first { $0.dialPlan.isEmpty || $0.dialPlan == "default" }!.name
        func release(_ called: String) throws -> ReleaseReason? {
            try simulator.routeFast(Call(origin: .localUser(user), called: called)).release?.reason
        }
        #expect(try release("55000001234") == .loop)
        #expect(try release("5600001234") == .danglingReference)
        #expect(try release("5700001234") == .danglingReference)
        #expect(try release("89999000") == .danglingReference)
        #expect(try simulator.routeFast(Call(origin: .localUser("5900000"), called: "5900001")).release?.reason == .loop)
    }

    @Test("the fast path gives the traced path's result without the steps")
    func fastPathMatchesTrace() throws {
        var routable = Self.defective.snapshot
        routable.calledAnalysis.remove(at: 1_005)
        let simulator = Simulator(model: try RoutingModel(snapshot: routable))
        for call in CallWorkload.calls(in: routable, count: 2_000, seed: 5) {
            var traced = try simulator.route(call)
            #expect(!traced.steps.isEmpty)
            traced.steps = []
            // The citing path records the trace's assumptions without its steps.
            #expect(try simulator.routeCiting(call) == traced, "\(call)")
            traced.cited = CitedAssumptions()
            #expect(try simulator.routeFast(call) == traced, "\(call)")
        }
    }
}

@Suite("Call workload")
struct CallWorkloadTests {
    let snapshot = PlanGeneratorTests.clean.snapshot

    @Test("hits extend a prefix of their dial plan; the same seed gives the same numbers")
    func hits() throws {
        let hits = CallWorkload.hits(in: snapshot, count: 500, seed: 3)
        #expect(hits.count == 500)
        #expect(hits == CallWorkload.hits(in: snapshot, count: 500, seed: 3))
        #expect(hits != CallWorkload.hits(in: snapshot, count: 500, seed: 4))
        let model = try RoutingModel(snapshot: snapshot)
        for hit in hits {
            let root = model.calledAnalysisRoot(dialPlan: hit.dialPlan)!
            let m = model.trie.longestPrefix(hit.number, root: root)
            #expect(m >= 0)
            let row = snapshot.calledAnalysis[Int(m)]
            #expect(row.dialPlan == hit.dialPlan && hit.number.hasPrefix(row.calledPrefix) && hit.number != row.calledPrefix)
        }
    }

    @Test("misses match no row of their dial plan")
    func misses() throws {
        let misses = CallWorkload.misses(in: snapshot, count: 300, seed: 3)
        #expect(misses.count == 300)
        let model = try RoutingModel(snapshot: snapshot)
        for miss in misses {
            #expect(model.trie.longestPrefix(miss.number, root: model.calledAnalysisRoot(dialPlan: miss.dialPlan)!) == -1)
        }
    }

    @Test("calls start in the dial plan of the prefix they dial")
    func calls() {
        let calls = CallWorkload.calls(in: snapshot, count: 400, seed: 8)
        #expect(calls == CallWorkload.calls(in: snapshot, count: 400, seed: 8))
        let users = Dictionary(uniqueKeysWithValues: snapshot.localUsers.map { ($0.name, $0) })
        var fromUsers = 0
        for call in calls {
            if case .localUser(let name) = call.origin {
                #expect(users[name] != nil)
                fromUsers += 1
            }
        }
        #expect(fromUsers > 200)
    }
}

@Suite("Seeded generator")
struct SeededGeneratorTests {
    @Test("SplitMix64 gives the reference sequence")
    func reference() {
        // First outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        var rng = SeededGenerator(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test("fractions are the top 53 bits of each draw, in 0..<1")
    func fractions() {
        var rng = SeededGenerator(seed: 7)
        #expect(rng.fraction() == 0.3898297483912715)
        #expect(rng.fraction() == 0.01678829452815611)
        #expect(rng.fraction() == 0.9007606806068834)
        var again = SeededGenerator(seed: 0)
        #expect(again.fraction() == Double(UInt64(0xE220_A839_7B1D_CDAF) >> 11) / 0x1p53)
        for _ in 0..<1_000 { #expect((0..<1).contains(rng.fraction())) }
    }

    @Test("bounded draws stay in range")
    func bounded() {
        var rng = SeededGenerator(seed: 7)
        for bound in [1, 2, 10, 13, 1_000] {
            for _ in 0..<200 { #expect((0..<bound).contains(rng.below(bound))) }
        }
        for _ in 0..<200 { #expect((3...9).contains(rng.within(3...9))) }
    }
}
