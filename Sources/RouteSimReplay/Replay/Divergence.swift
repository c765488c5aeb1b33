import DialPlan
import RouteSim

/// The first step of routesim's trace where the recorded call went another way: the stage, and
/// the record that decided there (with the assumption the step cites, if one did).
public struct DivergencePoint: Sendable, Hashable, Comparable {
    public var stage: Stage
    public var table: Table?
    public var recordIndex: Int?
    /// `name=value` of the assumption that decided the step.
    public var assumption: String?

    public static func < (a: Self, b: Self) -> Bool {
        let sa = Stage.allCases.firstIndex(of: a.stage)!, sb = Stage.allCases.firstIndex(of: b.stage)!
        if sa != sb { return sa < sb }
        if a.table?.rawValue != b.table?.rawValue { return (a.table?.rawValue ?? "") < (b.table?.rawValue ?? "") }
        if a.recordIndex != b.recordIndex { return (a.recordIndex ?? -1) < (b.recordIndex ?? -1) }
        return (a.assumption ?? "") < (b.assumption ?? "")
    }

    init(_ step: TraceStep) {
        stage = step.stage
        table = step.table
        recordIndex = step.recordIndex
        assumption = step.assumption
    }

    public init(stage: Stage, table: Table? = nil, recordIndex: Int? = nil, assumption: String? = nil) {
        self.stage = stage
        self.table = table
        self.recordIndex = recordIndex
        self.assumption = assumption
    }
}

/// Finds divergence points and deciding steps in traces.
enum Divergence {
    /// Stages whose step decides where a call goes (a call-level check only rejects: a
    /// rejection is found from the release step).
    static let decidingStages: Set<Stage> = [.speedDial, .huntingDetection, .analyzeCalled, .defaults, .forward]

    /// The step that decided where the call goes: the last deciding step that matched a record
    /// (or, failing that, the last analysis or default step, else the origin).
    static func decidingStep(_ steps: Trace) -> TraceStep? {
        if let step = steps.last(where: { decidingStages.contains($0.stage) && $0.table != nil }) { return step }
        if let step = steps.last(where: { $0.stage == .analyzeCalled || $0.stage == .defaults }) { return step }
        return steps.first
    }

    /// Where a disagreeing call first goes another way than its record (docs/replay.md).
    static func point(_ kind: DisagreementKind, traced result: RouteResult, record: CDRRecord, model: RoutingModel) -> DivergencePoint {
        let steps = result.steps
        switch kind {
        case .released:
            // The record the call was released at, else the release itself.
            if let release = steps.lastIndex(where: { $0.stage == .release }) {
                if let before = steps[..<release].last(where: { $0.table != nil }) { return DivergencePoint(before) }
                return DivergencePoint(steps[release])
            }
        case .routed:
            break
        case .destination:
            // If the trace passes the recorded destination and goes on (a forward), the step
            // after it is where the server stopped.
            if let destination = record.destination, let reached = steps.firstIndex(where: { passes($0, destination, model) }) {
                if let next = steps[(reached + 1)...].first(where: { decidingStages.contains($0.stage) }) { return DivergencePoint(next) }
            }
            // routesim stops at a local user the server went past (a forward on busy, no
            // answer, a time condition): where the user's live state would decide.
            if result.outcome == .localUser, let user = steps.lastIndex(where: { $0.stage == .route && $0.table == .localUsers }) {
                let live = steps[(user + 1)...].first { $0.stage == .liveState }
                return DivergencePoint(live ?? steps[user])
            }
        case .numberSent:
            if let sent = record.called {
                let trail = numberTrail(steps, destination: record.destination, model: model)
                if !trail.isEmpty {
                    if let skipped = trail.first(where: { $0.before == sent }) { return DivergencePoint(skipped) }
                    return DivergencePoint(trail.last!)
                }
            }
        }
        return decidingStep(steps).map(DivergencePoint.init) ?? DivergencePoint(stage: .origin)
    }

    /// Whether a step is the recorded destination: the user routed to, or the line or trunk
    /// attempted.
    static func passes(_ step: TraceStep, _ destination: RecordedParty, _ model: RoutingModel) -> Bool {
        guard let table = step.table, let index = step.recordIndex else { return false }
        switch (destination, table) {
        case (.user(let name), .localUsers):
            return step.stage == .route && index < model.snapshot.localUsers.count && model.snapshot.localUsers[index].name == name
        case (.line(let name), .externalLines):
            return step.stage == .attempt && index < model.snapshot.externalLines.count && model.snapshot.externalLines[index].name == name
        case (.trunk(let id), .sipTrunks):
            return step.stage == .attempt && index < model.snapshot.sipTrunks.count && model.snapshot.sipTrunks[index].id == id
        default:
            return false
        }
    }

    /// The steps that changed the called number on its way to the recorded destination (or the
    /// first attempt): speed dial, transitions, the out-group prefix, forwards, and the refine
    /// of that attempt only.
    static func numberTrail(_ steps: Trace, destination: RecordedParty?, model: RoutingModel) -> [TraceStep] {
        let changing: Set<Stage> = [.origin, .speedDial, .changeCalled, .defaults, .route, .forward]
        var trail: [TraceStep] = []
        var attemptSeen = false
        var inChosenAttempt = false
        for step in steps {
            if step.stage == .attempt && step.before != nil {
                let chosen = destination.map { passes(step, $0, model) } ?? !attemptSeen
                inChosenAttempt = chosen
                attemptSeen = true
                continue
            }
            guard let before = step.before, let after = step.after, before != after else { continue }
            if step.stage == .refineCalled {
                if inChosenAttempt { trail.append(step) }
            } else if changing.contains(step.stage) && !attemptSeen {
                trail.append(step)
            }
        }
        return trail
    }
}
