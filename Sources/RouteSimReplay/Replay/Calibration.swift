import DialPlan
import RouteSim

/// The values calibration tries, and how it settles on the best set.
enum Calibration {
    /// Numbers tried for a numeric assumption (with its current and default values).
    static let numberLadder = [1, 2, 3, 5, 8, 16]

    /// The values worth trying for an assumption on this plan, its current value first.
    static func candidates(_ info: AssumptionInfo, current: Assumptions, model: RoutingModel) -> [String] {
        let now = info.value(in: current)
        var values: [String]
        switch info.domain {
        case .flag: values = ["true", "false"]
        case .choice(let words): values = words
        case .number(let range):
            let fallback = info.value(in: Assumptions())
            values = (numberLadder.map(String.init) + [fallback]).filter { Int($0).map(range.contains) ?? false }
        case .dialPlan: values = model.dialPlanNames
        case .other: values = []
        }
        var seen: Set<String> = [now]
        return [now] + values.filter { seen.insert($0).inserted }
    }

    /// One variant per other value of every assumption in the catalog: the assumptions in force
    /// with that one changed. Each gets a routing model of its own (assumptions shape the index).
    static func variants(of snapshot: Snapshot, current: Assumptions, model: RoutingModel) -> [CalibrationVariant] {
        var variants: [CalibrationVariant] = []
        for info in Assumptions.catalog {
            for value in candidates(info, current: current, model: model).dropFirst() {
                var changed = current
                guard (try? changed.set(info.name, to: value)) != nil else { continue }
                variants.append(
                    CalibrationVariant(
                        assumption: info.name, value: value,
                        simulator: Simulator(model: RoutingModel(unchecked: snapshot, assumptions: changed))))
            }
        }
        return variants
    }
}

/// What calibration found: the agreement under each value of each assumption the
/// disagreements touch (some other value of it makes a disagreeing call agree), and the set of
/// values that agrees best.
public struct CalibrationReport: Sendable {
    /// One assumption the disagreements touch: every value tried with its agreement.
    public struct AssumptionResult: Sendable {
        public var name: String
        /// The value in force during the replay.
        public var current: String
        /// Each value tried, the one in force first, with the explainable calls that agree.
        public var values: [(value: String, agreeing: Int)]
        /// The value that agrees best (the one in force on a tie).
        public var best: String
        /// Disagreeing calls some other value makes agree.
        public var touchedDisagreements: Int
    }

    /// The explainable calls every figure is out of.
    public var explainable: Int
    /// Agreeing calls under the assumptions in force.
    public var agreeingNow: Int
    public var assumptions: [AssumptionResult]
    /// Assumptions tried whose other values make no disagreeing call agree.
    public var untouched: [String]
    /// Assumptions whose values cannot be listed, so were not tried.
    public var notTried: [String]
    /// The best set: the assumptions to change (catalog order) and its agreement. Assumptions
    /// interact, so a set of two or more changes is measured by replaying under all of them
    /// together; when that agrees less than the best single change, the single change is the set.
    public var bestChanges: [(name: String, value: String)]
    public var bestAgreeing: Int

    /// The assumptions to use: the ones in force with the best changes on top, as `--assume`
    /// flags (only those that differ from the defaults).
    public func bestAssumptions(from current: Assumptions) -> Assumptions {
        var best = current
        for change in bestChanges { try? best.set(change.name, to: change.value) }
        return best
    }
}
