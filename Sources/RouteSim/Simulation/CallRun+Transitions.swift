import DialPlan

/// What applying a record's transition did to a number.
struct AppliedTransition {
    /// What happened, in the trace's words (empty on the fast path).
    var note: String
    /// The transition reached past the number's end, so the `transitionBounds` assumption
    /// decided what it did.
    var clamped = false
    /// The transition that was applied (nil: it names none, dangles, or has an unknown type).
    var transition: CompiledTransition?

    /// The assumption a trace step cites for this change.
    var assumption: Assumptions.Name? { clamped ? .transitionBounds : nil }
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
        guard let t = reference.index else {
            return AppliedTransition(note: "transition \(id(model.snapshot)) does not exist (dangling reference): the number is unchanged")
        }
        let compiled = model.transitions[t]
        if compiled.kind == .unknown {
            return AppliedTransition(
                note: tracing
                    ? "transition \(id(model.snapshot)) has unknown type \(model.snapshot.transitions[t].type.rawValue): the number is unchanged"
                    : "")
        }
        let before = number
        let effect = compiled.apply(to: number, bounds: bounds)
        number = effect.number
        guard tracing else { return AppliedTransition(note: "", clamped: effect.clamped, transition: compiled) }
        let transition = model.snapshot.transitions[t]
        let how: String
        switch transition.type {
        case .add: how = "add \"\(transition.prefix)\" at \(transition.start)"
        case .replace: how = "replace \(transition.length) at \(transition.start) by \"\(transition.prefix)\""
        case .delete: how = "delete \(transition.length) at \(transition.start)"
        case .unknown: how = ""
        }
        return AppliedTransition(
            note:
                "transition \(id(model.snapshot)) (\(how)): \(before) → \(number)\(effect.clamped ? " (clamped to the number's length)" : "")",
            clamped: effect.clamped, transition: compiled)
    }
}
