import DialPlan

extension CallRun {
    /// Records a trace step and the assumptions that decided it (`assumption`, `also` and
    /// `citing`). Only a call that keeps a log pays anything: a traced call records the step
    /// (`RecordedStep`: its numbers, its detail as data or text, the names it cites); a citing
    /// call (`Simulator.routeCiting`) only the names; the fast path nothing — every argument but
    /// the stage and the names is evaluated only when the step is kept.
    func step(
        _ stage: Stage, _ table: Table? = nil, _ index: @autoclosure () -> Int? = nil,
        before: @autoclosure () -> String? = nil, after: @autoclosure () -> String? = nil,
        assumption: Assumptions.Name? = nil, also: Assumptions.Name? = nil, citing more: CitedAssumptions = CitedAssumptions(),
        _ detail: @autoclosure () -> String
    ) {
        guard trace != nil else { return }
        step(
            stage, table, index(), before: before(), after: after(), assumption: assumption, also: also, citing: more,
            lazily: .text(detail()))
    }

    /// As `step(…)`, with a sentence put in words only when the trace is read (`StepDetail`).
    func step(
        _ stage: Stage, _ table: Table? = nil, _ index: @autoclosure () -> Int? = nil,
        before: @autoclosure () -> String? = nil, after: @autoclosure () -> String? = nil,
        assumption: Assumptions.Name? = nil, also: Assumptions.Name? = nil, citing more: CitedAssumptions = CitedAssumptions(),
        lazily detail: @autoclosure () -> StepDetail
    ) {
        guard let trace else { return }
        var names = more
        if let assumption { names.insert(assumption) }
        if let also { names.insert(also) }
        trace.cited.formUnion(names)
        guard trace.keepsSteps else { return }
        let index = index(), before = before(), after = after()
        // The names, not their `name=value`: the trace spells them when they are read.
        trace.append(
            RecordedStep(
                stage: stage, table: table, record: index.map { Int32($0) } ?? -1, before: before, after: after, cites: names,
                detail: detail()))
    }

    /// The assumptions cited so far (empty on the fast path).
    var cited: CitedAssumptions { trace?.cited ?? CitedAssumptions() }
}

/// What a call records as it moves on: the steps of its trace (when traced) and the
/// assumptions they cite (when traced or citing).
///
/// One call's log, used by the one thread that runs the call and never reached by two accesses
/// at once: its fields are not checked for exclusive access at run time (a check that took a
/// twentieth of a traced call's instructions).
final class TraceLog {
    let keepsSteps: Bool
    @exclusivity(unchecked) var steps: [RecordedStep] = []
    @exclusivity(unchecked) var cited = CitedAssumptions()

    init(keepsSteps: Bool) {
        self.keepsSteps = keepsSteps
        // A traced call takes about thirteen steps on the generated plans, a call to a routing
        // group twenty or more: room for most at once (80 bytes a step), not a reallocation
        // and a copy on a third of the calls.
        if keepsSteps { steps.reserveCapacity(24) }
    }

    /// Records a step.
    @inline(__always)
    func append(_ step: consuming RecordedStep) { steps.append(step) }
}
