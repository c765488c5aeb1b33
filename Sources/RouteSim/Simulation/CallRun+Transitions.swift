import DialPlan

struct AppliedTransition {
    /// What happened, for the trace (`text(_:)`; nothing on the fast path).
    var note: TransitionNote
    /// The transition reached past the number's end, so the `transitionBounds` assumption
    /// decided what it did.
    var clamped = false
    /// The index in `RoutingModel.transitions` of the transition that was applied (nil: it
    /// names none, dangles, or has an unknown type). An index, not a copy: a copy of the
    /// transition retained and released its prefix at every change of the fast path.
    var transition: Int?

    /// The assumption a trace step cites for this change.
    var assumption: Assumptions.Name? { clamped ? .transitionBounds : nil }
}

/// What a transition did, kept as data and put in words only when a trace is read
/// (`TraceStep.detail`): a traced call made the sentence of every transition it applied, a fifth
/// of its instructions. Indirect: one word in an `AppliedTransition`, which the fast path copies.
indirect enum TransitionNote: Sendable {
    /// Not traced.
    case none
    /// The record names transition `id`, which does not exist.
    case dangling(TransitionID)
    /// Transition `id` (record `index`) has a type routesim does not know.
    case unknownType(TransitionID, index: Int)
    /// Transition `id` (record `index`) changed `before` into `after`.
    case applied(TransitionID, index: Int, before: String, after: String, clamped: Bool)

    /// The note in the trace's words.
    func text(_ snapshot: Snapshot) -> String {
        switch self {
        case .none: return ""
        case .dangling(let id): return "transition \(id) does not exist (dangling reference): the number is unchanged"
        case .unknownType(let id, let index):
            return "transition \(id) has unknown type \(snapshot.transitions[index].type.rawValue): the number is unchanged"
        case .applied(let id, let index, let before, let after, let clamped):
            let transition = snapshot.transitions[index]
            let how: String
            switch transition.type {
            case .add: how = "add \"\(transition.prefix)\" at \(transition.start)"
            case .replace: how = "replace \(transition.length) at \(transition.start) by \"\(transition.prefix)\""
            case .delete: how = "delete \(transition.length) at \(transition.start)"
            case .unknown: how = ""
            }
            return "transition \(id) (\(how)): \(before) → \(after)\(clamped ? " (clamped to the number's length)" : "")"
        }
    }
}

extension CallRun {
    /// Applies a resolved transition to `number`; returns what happened, or nil when the record
    /// names no transition. `id` reads the record's `transID` from the snapshot, only for a note:
    /// the fast path neither copies the record, nor its table, nor the run.
    ///
    /// Static, given the model, the bounds and whether the trace is kept: a call of a method of
    /// the run from a stage (a mutating method) copied the whole run first, on every call.
    static func applyTransition(
        _ reference: Reference, _ id: (Snapshot) -> TransitionID, to number: inout String, model: RoutingModel,
        bounds: Assumptions.TransitionBounds, tracing: Bool
    ) -> AppliedTransition? {
        if reference.isNone { return nil }
        guard let t = reference.index else { return AppliedTransition(note: .dangling(id(model.snapshot))) }
        // The transition is read in place, never copied.
        if model.transitions[t].kind == .unknown {
            return AppliedTransition(note: tracing ? .unknownType(id(model.snapshot), index: t) : .none)
        }
        let effect = model.transitions[t].apply(to: number, bounds: bounds)
        guard tracing else {
            number = effect.number
            return AppliedTransition(note: .none, clamped: effect.clamped, transition: t)
        }
        let before = number
        number = effect.number
        return AppliedTransition(
            note: .applied(id(model.snapshot), index: t, before: before, after: number, clamped: effect.clamped),
            clamped: effect.clamped, transition: t)
    }
}
