import DialPlan

extension CallRun {
    /// Applies a resolved transition to `number`; returns what happened for the trace, or nil
    /// when there is no transition.
    func applyTransition(_ reference: Reference, _ id: TransitionID, to number: inout String) -> String? {
        if reference.isNone { return nil }
        guard let t = reference.index else {
            return "transition \(id) does not exist (dangling reference): the number is unchanged"
        }
        let compiled = model.transitions[t]
        if compiled.kind == 0 {
            return tracing
                ? "transition \(id) has unknown type \(model.snapshot.transitions[t].type.rawValue): the number is unchanged" : ""
        }
        let before = number
        let effect = compiled.apply(to: number, bounds: model.assumptions.transitionBounds)
        number = effect.number
        guard tracing else { return "" }
        let transition = model.snapshot.transitions[t]
        let how: String
        switch transition.type {
        case .add: how = "add \"\(transition.prefix)\" at \(transition.start)"
        case .replace: how = "replace \(transition.length) at \(transition.start) by \"\(transition.prefix)\""
        case .delete: how = "delete \(transition.length) at \(transition.start)"
        case .unknown: how = ""
        }
        return "transition \(id) (\(how)): \(before) → \(number)\(effect.clamped ? " (clamped to the number's length)" : "")"
    }
}
