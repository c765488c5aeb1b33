import DialPlan

extension CallRun {
    /// Records a trace step. Every argument but the stage is evaluated only when tracing, so the
    /// fast path pays nothing for the text it would not keep.
    func step(
        _ stage: Stage, _ table: Table? = nil, _ index: @autoclosure () -> Int? = nil,
        before: @autoclosure () -> String? = nil, after: @autoclosure () -> String? = nil,
        assumption: @autoclosure () -> String? = nil, _ detail: @autoclosure () -> String
    ) {
        guard let trace else { return }
        let index = index(), before = before(), after = after(), assumption = assumption()
        var key: [KeyField] = []
        if let table, let index { key = model.snapshot.key(of: table, at: index) }
        trace.steps.append(
            TraceStep(
                stage: stage, table: table, recordIndex: index, key: key,
                name: table.flatMap { table in index.flatMap { model.recordName(table, $0) } }, before: before, after: after,
                assumption: assumption.map(model.assumptions.cite), detail: detail()))
    }
}

/// The steps of one traced call, appended as the call moves on.
final class TraceLog {
    var steps: [TraceStep] = []
}
