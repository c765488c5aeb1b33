import DialPlan

extension CallRun {
    /// Records a trace step and the assumptions that decided it (`assumption`, `also` and
    /// `citing`). Only a call that keeps a log pays anything: a traced call records the step,
    /// its text and `name=value` of each assumption; a citing call (`Simulator.routeCiting`)
    /// only the names; the fast path nothing — every argument but the stage and the names is
    /// evaluated only when the step is kept.
    func step(
        _ stage: Stage, _ table: Table? = nil, _ index: @autoclosure () -> Int? = nil,
        before: @autoclosure () -> String? = nil, after: @autoclosure () -> String? = nil,
        assumption: Assumptions.Name? = nil, also: Assumptions.Name? = nil, citing more: CitedAssumptions = CitedAssumptions(),
        _ detail: @autoclosure () -> String
    ) {
        guard let trace else { return }
        var names = more
        if let assumption { names.insert(assumption) }
        if let also { names.insert(also) }
        trace.cited.formUnion(names)
        guard trace.keepsSteps else { return }
        let index = index(), before = before(), after = after()
        var key: [KeyField] = []
        if let table, let index { key = model.snapshot.key(of: table, at: index) }
        let assumptions = rules.value
        trace.steps.append(
            TraceStep(
                stage: stage, table: table, recordIndex: index, key: key,
                name: table.flatMap { table in index.flatMap { model.recordName(table, $0) } }, before: before, after: after,
                assumptions: names.names.map(assumptions.cite), detail: detail()))
    }

    /// The assumptions cited so far (empty on the fast path).
    var cited: CitedAssumptions { trace?.cited ?? CitedAssumptions() }
}

/// What a call records as it moves on: the steps of its trace (when traced) and the
/// assumptions they cite (when traced or citing).
final class TraceLog {
    let keepsSteps: Bool
    var steps: [TraceStep] = []
    var cited = CitedAssumptions()

    init(keepsSteps: Bool) { self.keepsSteps = keepsSteps }
}
