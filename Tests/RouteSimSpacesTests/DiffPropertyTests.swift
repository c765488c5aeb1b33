import DialPlan
import RouteSim
import RouteSimGenerator
import RouteSimSpaces
import RouteSimTestSupport
import Testing

/// `SpaceDiff` against the naive reference: route every enumerated number (and random longer
/// ones) in both plans, from origins of every class, and compare with the diff's rows.
@Suite("Diff property")
struct DiffPropertyTests {
    /// Checks that a number's routes in `old` and `new` differ exactly when it lies in a diff
    /// row of its class, and then as that row's signatures say.
    ///
    /// Returns the number of rows.
    @discardableResult
    static func checkDiff(
        old: RoutingModel, new: RoutingModel, maxLength: Int, rng: inout SeededGenerator, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Int {
        let diff = try SpaceDiff(old: old, new: new, options: SpaceOptions(maxLength: maxLength))
        let explorer = diff.explorer
        let simulators = [Simulator(model: old), Simulator(model: new)]
        let users = Set((old.snapshot.localUsers + new.snapshot.localUsers).map(\.name))
        // Each row's aspects, found for its origin set at once, are what the naive comparison
        // finds for each of its classes.
        for row in diff.rows {
            for c in row.classes {
                let naive = explorer.changes(row.old, row.new, for: c)
                #expect(
                    naive == row.aspects, "\(what): C\(c + 1) at \(row.region.pattern): \(naive) ≠ \(row.aspects)",
                    sourceLocation: sourceLocation)
            }
        }
        for c in diff.catalog.classes {
            let rows = diff.rows.filter { $0.classes.contains(c.id) }
            let origins = [c.representative, rng.origin(of: c, excluding: users)]
            var numbers = enumeratedNumbers
            for _ in 0..<30 { numbers.append(rng.member(of: .all(maxLength: maxLength))) }
            for row in rows { numbers += [row.region.witness, rng.member(of: row.region), rng.edge(of: row.region)] }
            for origin in origins {
                for number in numbers {
                    let results = try simulators.map { try $0.routeFast(Call(origin: origin, called: number)).answer }
                    let holding = rows.filter { $0.region.contains(number) }
                    let location = "\(what): \(origin) dialling \(number)"
                    if results[0] == results[1] {
                        #expect(
                            holding.isEmpty, "\(location) routes alike but lies in \(holding.map(\.region.pattern))",
                            sourceLocation: sourceLocation)
                        if !holding.isEmpty { return diff.rows.count }
                        continue
                    }
                    #expect(holding.count == 1, "\(location) changed but lies in \(holding.count) rows", sourceLocation: sourceLocation)
                    guard let row = holding.first else { return diff.rows.count }
                    for (plan, signature) in [(0, row.old), (1, row.new)] {
                        let mismatch = signature.mismatch(
                            results[plan], dialled: number, caller: origin.callerNumber,
                            callerRewrite: { explorer.callerRewrite(of: c.id, plan: plan, .origin(refinedBy: $0))! },
                            callerLimit: explorer.callerLimit(of: c.id, plan: plan))
                        #expect(mismatch == nil, "\(location) in plan \(plan): \(mismatch ?? "")", sourceLocation: sourceLocation)
                        if mismatch != nil { return diff.rows.count }
                    }
                }
            }
        }
        return diff.rows.count
    }

    @Test("random plans against random edits of them, number by number")
    func randomEdits() throws {
        var changed = 0
        let trials = PropertyTrials(seed: 4312, count: 10)
        for trial in trials {
            var rng = trial.generator
            let snapshot = RandomPlans.plan(&rng)
            let assumptions = RandomPlans.assumptions(&rng, seed: trial.seed)
            let old = RoutingModel(unchecked: snapshot, assumptions: assumptions)
            let new = RoutingModel(unchecked: RandomPlans.edit(snapshot, &rng), assumptions: assumptions)
            if try Self.checkDiff(old: old, new: new, maxLength: 6, rng: &rng, "\(trial)") > 0 { changed += 1 }
        }
        // The edits must change something in most trials, or the property proves little.
        #expect(changed * 2 >= trials.count, "only \(changed) of \(trials.count) edits changed a route")
    }

    @Test("diff A A is empty for the bundled plans", arguments: Corpus.planNames)
    func bundledSame(name: String) throws {
        let model = try RoutingModel(snapshot: bundledSnapshot(name))
        let diff = try SpaceDiff(old: model, new: model)
        #expect(diff.isEmpty, "\(name): \(diff.rows.count) rows")
    }

    @Test("diff A A is empty for random and generated plans")
    func randomSame() throws {
        for trial in PropertyTrials(seed: 77, count: 60) {
            var rng = trial.generator
            let model = RoutingModel(unchecked: RandomPlans.plan(&rng), assumptions: RandomPlans.assumptions(&rng, seed: trial.seed))
            do {
                let diff = try SpaceDiff(old: model, new: model, options: SpaceOptions(maxLength: 8))
                #expect(diff.isEmpty, "\(trial): \(diff.rows.count) rows")
            } catch {
                Issue.record("\(trial): \(error)")
            }
        }
        for services in [false, true] {
            let plan = PlanGenerator.generate(.init(rows: 300, seed: 5, services: services))
            let model = try RoutingModel(snapshot: plan.snapshot)
            let diff = try SpaceDiff(old: model, new: model, options: SpaceOptions(maxLength: 12))
            #expect(diff.isEmpty, "generated 300 rows (services \(services)): \(diff.rows.count) rows")
        }
    }
}
