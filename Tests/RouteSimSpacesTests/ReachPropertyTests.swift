import DialPlan
import RouteSim
import RouteSimSpaces
import RouteSimTestSupport
import Testing

/// `SpaceReach` against the naive reference: a number gets to the goal (routed one by one)
/// exactly when it lies in a reach row of its class.
@Suite("Reach property")
struct ReachPropertyTests {
    /// Where a concrete result gets: its target and the lines and trunks it tries, the users
    /// its ring group rings, and each follow-me destination's target and attempts.
    static func specs(of result: RouteResult) -> Set<String> {
        var out = Set<String>()
        func add(_ target: Target?, _ attempts: [Attempt]) {
            switch target {
            case .user(let name)?: out.insert("user:\(name)")
            case .externalLine(let name)?: out.insert("line:\(name)")
            case .sipTrunk(let id)?: out.insert("trunk:\(id)")
            case .routingGroup(let id)?: out.insert("group:\(id)")
            case .huntingGroup(let id)?: out.insert("hunt:\(id)")
            case nil: break
            }
            for attempt in attempts {
                switch attempt.via {
                case .externalLine(let name): out.insert("line:\(name)")
                case .sipTrunk(let id): out.insert("trunk:\(id)")
                }
            }
        }
        add(result.target, result.attempts)
        for name in result.ringGroup?.ringing ?? [] { out.insert("user:\(name)") }
        for destination in result.followMe?.destinations ?? [] { add(destination.target, destination.attempts) }
        out.insert("outcome:\(result.outcome.rawValue)")
        return out
    }

    @Test("a number reaches the goal exactly when it lies in a reach row of its class")
    func randomGoals() throws {
        let numbers = enumeratedNumbers.filter { $0.count <= 3 }
        for trial in PropertyTrials(seed: 5151, count: 12) {
            var rng = trial.generator
            let model = RoutingModel(unchecked: RandomPlans.plan(&rng), assumptions: RandomPlans.assumptions(&rng, seed: trial.seed))
            let goals =
                ["trunk:1", "trunk:2", "line:L1", "line:L2", "outcome:released", "outcome:localUser", "group:1"]
                + model.snapshot.localUsers.prefix(3).map { "user:\($0.name)" }
            let spec = rng.pick(goals)
            let reach = try SpaceReach(model: model, goal: try ReachGoal(spec, model: model), options: SpaceOptions(maxLength: 5))
            let simulator = Simulator(model: model)
            for c in reach.map.catalog.classes {
                let rows = reach.sections.filter { $0.classes.contains(c.id) }.flatMap(\.rows)
                for number in numbers {
                    let result = try simulator.routeFast(Call(origin: c.representative, called: number))
                    let reaches = Self.specs(of: result).contains(spec)
                    let inRow = rows.contains { $0.region.contains(number) }
                    #expect(
                        reaches == inRow, "\(trial): \(c.representative) dialling \(number): reaches \(spec) \(reaches), in a row \(inRow)")
                    if reaches != inRow { return }
                }
            }
        }
    }
}
