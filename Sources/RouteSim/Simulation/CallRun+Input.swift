import DialPlan

extension CallRun {
    /// Before the origin: each number of the call as typed becomes its dial string
    /// (`TypedNumber`), and the trace notes every one that changed; a call arriving on an
    /// external line with nothing dialed takes the line's own name as the dialed number (the
    /// line's destination is called whatever was dialed).
    mutating func readNumbers(_ call: Call) throws(CallError) -> (called: String, origin: Origin) {
        // The numbers only, not a copy of the call: its live state is not theirs to change.
        let called: String
        if case .externalLine(let line, _) = call.origin, call.called.isEmpty {
            called = line
            step(
                .dialed, nil, nil, after: line,
                "nothing dialed: a call arriving on external line \(line) goes to the line's destination whatever was dialed, so the line's own name stands for the dialed number"
            )
        } else {
            called = try read(call.called, .called)
        }
        switch call.origin {
        case .caller(let number): return (called, .caller(try read(number, .caller)))
        case .sipTrunk(let id, let number): return (called, .sipTrunk(id, caller: try read(number, .caller)))
        case .externalLine(let line, let number): return (called, .externalLine(line, caller: try read(number, .caller)))
        case .localUser: return (called, call.origin)
        }
    }

    /// One number as typed: its dial string, with a trace step when separators were removed.
    private mutating func read(_ text: String, _ role: NumberRole) throws(CallError) -> String {
        // Most numbers are dial strings as they are: taken without making a `TypedNumber`.
        if TypedNumber.isDialString(text) { return text }
        let model = self.model
        let number = try TypedNumber(text, role: role) { model.user(named: $0) != nil }
        guard number.isNormalised else { return text }
        switch role {
        case .called: typedCalled = text
        case .caller: typedCaller = text
        }
        step(
            .dialed, nil, nil, before: text, after: number.dialString,
            "typed \(role == .caller ? "caller " : "")\(TypedNumber.quoted(text)), \(role == .caller ? "read as" : "dialed") \(number.dialString)"
        )
        return number.dialString
    }
}
