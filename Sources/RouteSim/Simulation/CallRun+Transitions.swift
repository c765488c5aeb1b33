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
/// of its instructions.
///
/// Plain values only, so a step holding a note allocates nothing and releases nothing: the
/// numbers before and after are the step's own, and the transition's ID is read from the row
/// that names it when the sentence is made.
enum TransitionNote: Sendable {
    /// Not traced.
    case none
    /// The row names a transition that does not exist.
    case dangling
    /// The transition (record `index`) has a type routesim does not know.
    case unknownType(index: Int32)
    /// The transition (record `index`) changed the step's number before into its number after.
    case applied(index: Int32, clamped: Bool)

    /// The note in the trace's words: `id` is the transition the row names, `before` and
    /// `after` the step's numbers.
    func text(_ snapshot: Snapshot, id: TransitionID, before: String?, after: String?) -> String {
        switch self {
        case .none: return ""
        case .dangling: return "transition \(id) does not exist (dangling reference): the number is unchanged"
        case .unknownType(let index):
            return "transition \(id) has unknown type \(snapshot.transitions[Int(index)].type.rawValue): the number is unchanged"
        case .applied(let index, let clamped):
            let transition = snapshot.transitions[Int(index)]
            let how: String
            switch transition.type {
            case .add: how = "add \"\(transition.prefix)\" at \(transition.start)"
            case .replace: how = "replace \(transition.length) at \(transition.start) by \"\(transition.prefix)\""
            case .delete: how = "delete \(transition.length) at \(transition.start)"
            case .unknown: how = ""
            }
            return
                "transition \(id) (\(how)): \(before ?? "") → \(after ?? "")\(clamped ? " (clamped to the number's length)" : "")"
        }
    }
}

extension CallRun {
    /// Applies a resolved transition to `number`; returns what happened, or nil when the record
    /// names no transition. Neither the record, nor its table, nor the run is copied.
    ///
    /// Static, given the model, the bounds and whether the trace is kept: a call of a method of
    /// the run from a stage (a mutating method) copied the whole run first, on every call.
    static func applyTransition(
        _ reference: Reference, to number: inout String, model: RoutingModel, bounds: Assumptions.TransitionBounds, tracing: Bool
    ) -> AppliedTransition? {
        if reference.isNone { return nil }
        guard let t = reference.index else { return AppliedTransition(note: .dangling) }
        // The transition is read in place, through the list's storage: read through the list,
        // it was copied (its prefix retained and released, the list retained) on every change.
        let effect: TransitionEffect? = model.transitions.withUnsafeBufferPointer { transitions in
            transitions[t].kind == .unknown ? nil : transitions[t].apply(to: number, bounds: bounds)
        }
        guard let effect else { return AppliedTransition(note: tracing ? .unknownType(index: Int32(t)) : .none) }
        number = effect.number
        return AppliedTransition(
            note: tracing ? .applied(index: Int32(t), clamped: effect.clamped) : .none, clamped: effect.clamped, transition: t)
    }
}
