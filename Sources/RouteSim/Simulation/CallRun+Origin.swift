import DialPlan

extension CallRun {
    /// Stage 0, the origin (docs/semantics.md §3): caller, called number and the dial plan to start in.
    mutating func startCall(_ origin: Origin) throws(CallError) -> Ending {
        switch origin {
        case .localUser(let name):
            guard let u = Self.user(named: name, in: model, early: early) else {
                throw CallError(.unknownUser, message: "no local user named '\(name)' in the plan (localuser usrname)")
            }
            startAsUser(u, name: name)
        case .caller(let number):
            if let u = Self.user(named: number, in: model, early: early) {
                startAsUser(u, name: number)
            } else {
                caller = number
                observer?.startCaller(caller)
                originKind = .unknownCaller
                dialPlan = model.dialPlanID(rules.value.unknownCallerDialPlan)!
                step(
                    .origin, nil, nil, after: called, assumption: .unknownCallerDialPlan,
                    lazily: .unknownCaller(number, plan: dialPlan))
            }
        case .sipTrunk(let id, let number):
            let t = try arrive(
                from: number, on: .sipTrunk, model.trunkIndex[id],
                else: CallError(.unknownTrunk, message: "no SIP trunk with servID \(id) in the plan (peerserver)"))
            dialPlan = model.trunks[t].dialPlan
            // Read into locals: a step's closures that read the run make the call of `step` copy it.
            let (called, plan) = (self.called, dialPlan)
            step(.origin, .sipTrunks, t, after: called, lazily: .trunkArrival(caller: number, trunk: Int32(t), plan: plan))
        case .externalLine(let name, let number):
            let l = try arrive(
                from: number, on: .externalLine, model.lineIndex[name],
                else: CallError(.unknownLine, message: "no external line named '\(name)' in the plan (extline extLine)"))
            let line = model.snapshot.externalLines[l]
            dialPlan = model.dialPlanID(rules.value.externalLineDialPlan)!
            let dialed = called
            if line.autoAttendant {
                step(.origin, .externalLines, l, before: dialed, lazily: .lineArrival(caller: number, line: Int32(l), .autoAttendant))
                return .ends(result(.autoAttendant, .externalLine(name)))
            }
            if line.incomingDestination.isEmpty {
                step(.origin, .externalLines, l, before: dialed, lazily: .lineArrival(caller: number, line: Int32(l), .noDestination))
                return .ends(release(.noDestination, "external line \(name) has no destination for incoming calls (localUser is empty)"))
            }
            let destination = line.incomingDestination
            called = destination
            observer?.setCalled(called)
            let plan = dialPlan
            step(
                .origin, .externalLines, l, before: dialed, after: destination, assumption: .externalLineDialPlan,
                lazily: .lineArrival(caller: number, line: Int32(l), .destination(plan: plan)))
        }
        return .goesOn
    }

    /// A call coming in on a trunk or a line: checks that the trunk or line exists (`index`,
    /// else `missing`), and takes the caller (a dial string already: `readNumbers`).
    mutating func arrive(
        from number: String, on kind: OriginKind, _ index: Int32?, else missing: @autoclosure () -> CallError
    ) throws(CallError) -> Int {
        guard let index else { throw missing() }
        caller = number
        observer?.startCaller(caller)
        originKind = kind
        return Int(index)
    }

    /// `name` is the user's `usrname` (the key `u` was found by): the record is read for the trace only.
    mutating func startAsUser(_ u: Int32, name: String) {
        callerUser = u
        caller = name
        observer?.startCaller(caller)
        dialPlan = model.users[Int(u)].dialPlan
        step(.origin, .localUsers, Int(u), after: called, lazily: .userCalls(user: u, plan: dialPlan))
    }
}
