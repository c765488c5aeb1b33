import DialPlan
import RouteSim
import RouteSimGenerator
import RouteSimSpaces
import RouteSimTestSupport
import Testing

/// The partition against the simulator: every leaf's signature is what `route` answers for its
/// witness, for numbers drawn inside it and on its edges, from any origin of its classes; and
/// every number of every origin lies in exactly one leaf of its class.
@Suite("Partition property")
struct PartitionPropertyTests {
    /// Explores every group of a plan and checks the leaves against the simulator.
    ///
    /// Returns the number of leaves.
    @discardableResult
    static func checkPartition(
        _ model: RoutingModel, maxLength: Int, rng: inout SeededGenerator, samples: Int = 3, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Int {
        let catalog = try OriginCatalog(models: [model], maxLength: maxLength)
        let explorer = SpaceExplorer(catalog: catalog)
        let simulator = Simulator(model: model)
        let users = Set(model.snapshot.localUsers.map(\.name))
        var leaves: [SpaceLeaf] = []
        for group in explorer.groups {
            try explorer.explore(group: group, region: .all(maxLength: maxLength)) { leaves.append($0) }
        }
        // Every leaf, from origins of each of its classes, on its witness, inside and on its edges.
        for leaf in leaves {
            let signature = leaf.signatures[0]
            for c in explorer.originSet(leaf.originSet) {
                let origin = rng.origin(of: catalog.classes[c], excluding: users)
                var numbers = [leaf.region.witness]
                for _ in 0..<samples { numbers.append(rng.member(of: leaf.region)) }
                numbers.append(rng.edge(of: leaf.region))
                for number in numbers {
                    let result = try simulator.routeFast(Call(origin: origin, called: number))
                    let mismatch = signature.mismatch(
                        result, dialled: number, caller: origin.callerNumber,
                        callerRewrite: { explorer.callerRewrite(of: c, plan: 0, .origin(refinedBy: $0))! },
                        callerLimit: explorer.callerLimit(of: c, plan: 0))
                    #expect(
                        mismatch == nil,
                        "\(what): \(origin) dialling \(number) in \(leaf.region.pattern) (\(leaf.region.lengthText)): \(mismatch ?? "")",
                        sourceLocation: sourceLocation)
                    if mismatch != nil { return leaves.count }
                }
            }
        }
        // Coverage: random origins and numbers fall in exactly one leaf of their class.
        var byClass: [Int: [SpaceLeaf]] = [:]
        for leaf in leaves { for c in explorer.originSet(leaf.originSet) { byClass[c, default: []].append(leaf) } }
        for _ in 0..<40 {
            let c = catalog.classes[rng.below(catalog.classes.count)]
            let origin = rng.origin(of: c, excluding: users)
            #expect(catalog.classIndex(of: origin) == c.id, "\(what): \(origin) is not found in its class", sourceLocation: sourceLocation)
            let number = rng.member(of: .all(maxLength: maxLength))
            let holding = (byClass[c.id] ?? []).filter { $0.region.contains(number) }
            #expect(holding.count == 1, "\(what): \(number) from \(origin) lies in \(holding.count) leaves", sourceLocation: sourceLocation)
            if let leaf = holding.first {
                let result = try simulator.routeFast(Call(origin: origin, called: number))
                let mismatch = leaf.signatures[0].mismatch(
                    result, dialled: number, caller: origin.callerNumber,
                    callerRewrite: { explorer.callerRewrite(of: c.id, plan: 0, .origin(refinedBy: $0))! },
                    callerLimit: explorer.callerLimit(of: c.id, plan: 0))
                #expect(mismatch == nil, "\(what): \(origin) dialling \(number): \(mismatch ?? "")", sourceLocation: sourceLocation)
            }
        }
        return leaves.count
    }

    @Test("the bundled plans", arguments: Corpus.planNames)
    func bundledPlans(name: String) throws {
        var rng = SeededGenerator(seed: 12)
        let model = try RoutingModel(snapshot: bundledSnapshot(name))
        try Self.checkPartition(model, maxLength: 12, rng: &rng, name)
    }

    @Test("random plans with every stage, under random assumptions")
    func randomPlans() throws {
        for trial in PropertyTrials(seed: 1212, count: 150) {
            var rng = trial.generator
            let snapshot = RandomPlans.plan(&rng)
            let model = RoutingModel(unchecked: snapshot, assumptions: RandomPlans.assumptions(&rng, seed: trial.seed))
            try Self.checkPartition(model, maxLength: 7, rng: &rng, "\(trial)")
        }
    }

    @Test("generated plans, with ring groups and follow-me")
    func generatedPlans() throws {
        for trial in PropertyTrials(seed: 99, count: 2) {
            var rng = trial.generator
            let plan = PlanGenerator.generate(.init(rows: 100, seed: trial.seed, services: true))
            let model = try RoutingModel(snapshot: plan.snapshot)
            try Self.checkPartition(model, maxLength: 10, rng: &rng, samples: 1, "\(trial)")
        }
    }

    /// The naive reference: every enumerated number, from origins of every class, lies in
    /// exactly one row of the map (rows merged for people) and routes to its signature.
    @Test("every short number lies in one map row and routes to its signature")
    func enumeratedNumbersAgainstMap() throws {
        for trial in PropertyTrials(seed: 3131, count: 8) {
            var rng = trial.generator
            let model = RoutingModel(unchecked: RandomPlans.plan(&rng), assumptions: RandomPlans.assumptions(&rng, seed: trial.seed))
            let map = try SpaceMap(model: model, options: SpaceOptions(maxLength: 6))
            let simulator = Simulator(model: model)
            let users = Set(model.snapshot.localUsers.map(\.name))
            for c in map.catalog.classes {
                let rows = map.sections.filter { $0.classes.contains(c.id) }.flatMap(\.rows)
                for origin in [c.representative, rng.origin(of: c, excluding: users)] {
                    for number in enumeratedNumbers {
                        let holding = rows.filter { $0.region.contains(number) }
                        #expect(holding.count == 1, "\(trial): \(origin) dialling \(number) lies in \(holding.count) rows")
                        guard let row = holding.first, holding.count == 1 else { return }
                        let result = try simulator.routeFast(Call(origin: origin, called: number))
                        let mismatch = row.signature.mismatch(
                            result, dialled: number, caller: origin.callerNumber,
                            callerRewrite: { map.explorer.callerRewrite(of: c.id, plan: 0, .origin(refinedBy: $0))! },
                            callerLimit: map.explorer.callerLimit(of: c.id, plan: 0))
                        #expect(mismatch == nil, "\(trial): \(origin) dialling \(number) in \(row.region.pattern): \(mismatch ?? "")")
                        if mismatch != nil { return }
                    }
                }
            }
        }
    }
}
