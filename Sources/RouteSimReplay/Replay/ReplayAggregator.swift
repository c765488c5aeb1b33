import DialPlan
import RouteSim
import RouteSimCases

/// Adds up replayed calls, in input order, into a `ReplayReport`. Everything it keeps is bounded
/// by the plan (groups per record, tallies per dial plan) or by a fixed count (examples).
struct ReplayAggregator {
    let replay: Replay
    let variants: [CalibrationVariant]
    var report: ReplayReport

    private struct GroupKey: Hashable {
        var kind: DisagreementKind
        var point: DivergencePoint
    }

    private struct ChangeKey: Hashable {
        var kind: RouteChangeKind
        var before: String
        var after: String
    }

    /// Read once: the per-call path reads no copy of the replay's plans or options.
    private let keep: Int
    private let comparing: Bool

    private var groups: [GroupKey: DisagreementGroup] = [:]
    private var changes: [ChangeKey: ChangeGroup] = [:]
    private var unexplained: [UnexplainedReason: UnexplainedGroup] = [:]
    /// Tallies in the order first seen; dial plans are few, so a short search beats hashing.
    private var byDialPlan: [Tally] = []
    private var byRouteType: [Tally] = Outcome.allCases.map { Tally(name: $0.rawValue, calls: 0, agreeing: 0) }
    private var byStage: [Tally] = Stage.allCases.map { Tally(name: $0.rawValue, calls: 0, agreeing: 0) }
    private var uses: [RecordID: Int] = [:]
    private var variantAgreeing: [Int]
    /// Per assumption (catalog name): disagreeing calls some other value of it makes agree.
    private var touched: [String: Int] = [:]
    private var compared = 0
    private var changed = 0

    static let malformedExamples = 20

    init(replay: Replay, variants: [CalibrationVariant]) {
        self.replay = replay
        self.variants = variants
        variantAgreeing = Array(repeating: 0, count: variants.count)
        keep = replay.options.examplesPerGroup
        comparing = replay.candidate != nil
        report = ReplayReport(plan: replay.planName, assumptions: replay.options.assumptions, files: [])
    }

    mutating func add(_ malformed: MalformedRecord) {
        report.malformed[malformed.kind, default: 0] += 1
        if report.malformedExamples.count < Self.malformedExamples { report.malformedExamples.append(malformed) }
    }

    private func example(_ recorded: RecordedCall, _ replayed: CallReplay, simulated: String? = nil) -> ExampleCall {
        ExampleCall(
            place: recorded.record.place, partner: recorded.partner, call: replayed.call, recorded: Summaries.record(recorded.record),
            simulated: simulated ?? replayed.simulated ?? "")
    }

    mutating func add(_ recorded: RecordedCall, _ replayed: CallReplay) {
        report.calls += 1
        if case .unexplainable(let reason, let detail) = replayed.verdict {
            var group = unexplained[reason] ?? UnexplainedGroup(reason: reason, count: 0, details: [], examples: [])
            group.count += 1
            if group.details.count < 10 && !group.details.contains(detail) { group.details.append(detail) }
            if group.examples.count < keep { group.examples.append(example(recorded, replayed, simulated: detail)) }
            unexplained[reason] = group
            return
        }
        report.explainable += 1
        let agrees = replayed.verdict.agrees
        if agrees { report.agreeing += 1 }
        if case .agrees(onFailover: true) = replayed.verdict { report.agreeingOnFailover += 1 }
        let plan = replayed.dialPlan ?? ""
        let p = byDialPlan.firstIndex { $0.name == plan } ?? byDialPlan.endIndex
        if p == byDialPlan.endIndex { byDialPlan.append(Tally(name: plan, calls: 0, agreeing: 0)) }
        byDialPlan[p].calls += 1
        if let outcome = replayed.outcome, let o = Outcome.allCases.firstIndex(of: outcome) {
            byRouteType[o].calls += 1
            if agrees { byRouteType[o].agreeing += 1 }
        }
        if let stage = replayed.decidingStage, let s = Stage.allCases.firstIndex(of: stage) {
            byStage[s].calls += 1
            if agrees { byStage[s].agreeing += 1 }
        }
        if agrees { byDialPlan[p].agreeing += 1 }
        for id in replayed.touched { uses[id, default: 0] += 1 }

        if case .disagrees(let kind) = replayed.verdict, let point = replayed.divergence {
            let key = GroupKey(kind: kind, point: point)
            var group =
                groups[key]
                ?? DisagreementGroup(
                    kind: kind, point: point, pointKey: pointKey(point), pointText: pointText(point), count: 0, examples: [])
            group.count += 1
            if group.examples.count < keep { group.examples.append(example(recorded, replayed)) }
            groups[key] = group
        }
        if !variants.isEmpty {
            var touchedHere: Set<String> = []
            for (i, variant) in variants.enumerated() {
                if replayed.variantAgrees[i] { variantAgreeing[i] += 1 }
                if !agrees && replayed.variantAgrees[i] { touchedHere.insert(variant.assumption) }
            }
            for name in touchedHere { touched[name, default: 0] += 1 }
        }
        if comparing {
            compared += 1
            if let change = replayed.change {
                changed += 1
                let key = ChangeKey(kind: change.kind, before: change.before, after: change.after)
                var group =
                    changes[key] ?? ChangeGroup(kind: change.kind, before: change.before, after: change.after, count: 0, examples: [])
                group.count += 1
                if group.examples.count < keep {
                    group.examples.append(example(recorded, replayed, simulated: "\(change.before) → \(change.after)"))
                }
                changes[key] = group
            }
        }
    }

    func pointKey(_ point: DivergencePoint) -> [KeyField] {
        guard let table = point.table, let index = point.recordIndex, index < replay.plan.count(of: table) else { return [] }
        return replay.plan.key(of: table, at: index)
    }

    /// `analyzeCalled · anacldnbr (dialPlan "default", calledNbr "0")`.
    func pointText(_ point: DivergencePoint) -> String {
        var text = point.stage.rawValue
        if let table = point.table, let index = point.recordIndex, index < replay.plan.count(of: table) {
            let key = table.keyText(replay.plan.key(of: table, at: index))
            text += " · " + (key.isEmpty ? table.rawValue : "\(table.rawValue) (\(key))")
        }
        if let assumption = point.assumption { text += " · assumed \(assumption)" }
        return text
    }

    func finish(stats: Replay.ReadStats) -> ReplayReport {
        var report = self.report
        report.mappings = stats.mappings
        report.pairedCalls = stats.paired
        report.recordsRead = report.calls + stats.paired + report.malformedCount
        report.unexplainable = unexplained.values.sorted { $0.reason < $1.reason }
        func sorted(_ tallies: [Tally]) -> [Tally] {
            tallies.filter { $0.calls > 0 }.sorted { $0.calls != $1.calls ? $0.calls > $1.calls : $0.name < $1.name }
        }
        report.byDialPlan = sorted(byDialPlan)
        report.byRouteType = sorted(byRouteType)
        report.byStage = replay.options.coverage ? sorted(byStage) : nil
        report.disagreements = groups.values.sorted {
            $0.count != $1.count ? $0.count > $1.count : ($0.kind, $0.point) < ($1.kind, $1.point)
        }
        if replay.options.coverage {
            report.coverage = TrafficCoverage(
                coverage: PlanCoverage(plan: replay.planName, snapshot: replay.plan, exercised: Set(uses.keys)), uses: uses)
        }
        if replay.candidate != nil {
            report.comparison = PlanComparison(
                candidate: replay.candidate!.name, compared: compared, changed: changed,
                groups: changes.values.sorted {
                    $0.count != $1.count ? $0.count > $1.count : ($0.kind, $0.before, $0.after) < ($1.kind, $1.before, $1.after)
                })
        }
        if replay.options.calibrate { report.calibration = calibration(report) }
        return report
    }

    private func calibration(_ report: ReplayReport) -> CalibrationReport {
        var results: [CalibrationReport.AssumptionResult] = []
        var untouched: [String] = []
        var notTried: [String] = []
        for info in Assumptions.catalog {
            let indices = variants.indices.filter { variants[$0].assumption == info.name }
            if indices.isEmpty {
                if case .other = info.domain { notTried.append(info.name) } else { untouched.append(info.name) }
                continue
            }
            guard let count = touched[info.name], count > 0 else {
                untouched.append(info.name)
                continue
            }
            let current = info.value(in: replay.options.assumptions)
            var values = [(value: current, agreeing: report.agreeing)]
            values += indices.map { (value: variants[$0].value, agreeing: variantAgreeing[$0]) }
            let best = values.reduce(values[0]) { $1.agreeing > $0.agreeing ? $1 : $0 }
            results.append(
                CalibrationReport.AssumptionResult(
                    name: info.name, current: current, values: values, best: best.value, touchedDisagreements: count))
        }
        let changes = results.filter { $0.best != $0.current }
        let bestAgreeing = changes.count == 1 ? changes[0].values.first { $0.value == changes[0].best }!.agreeing : report.agreeing
        return CalibrationReport(
            explainable: report.explainable, agreeingNow: report.agreeing, assumptions: results, untouched: untouched, notTried: notTried,
            bestChanges: changes.map { ($0.name, $0.best) }, bestAgreeing: bestAgreeing)
    }
}
