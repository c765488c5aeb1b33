import DialPlan

extension CallRun {
    /// Route type 0 and the defaults: the local user whose name is the called number.
    mutating func deliverToUser() -> RouteResult {
        let found = model.user(named: called)
        observer?.userLookup(called, result: found)
        guard let u = found else {
            return release(.noSuchUser, "no local user is named \(called)")
        }
        var user: LocalUser { model.snapshot.localUsers[Int(u)] }
        let forward: (number: String, kind: String, assumption: String?)?
        if !model.users[Int(u)].mayForward {
            forward = nil
        } else if user.forwardUnconditional && !user.forwardUnconditionalNumber.isEmpty {
            forward = (user.forwardUnconditionalNumber, "unconditionally (CFU)", nil)
        } else {
            switch model.assumptions.userState {
            case .available: forward = nil
            case .busy:
                forward = user.forwardBusy && !user.forwardBusyNumber.isEmpty ? (user.forwardBusyNumber, "on busy (CFB)", "userState") : nil
            case .noAnswer:
                forward =
                    user.forwardNoAnswer && !user.forwardNoAnswerNumber.isEmpty
                    ? (user.forwardNoAnswerNumber, "on no answer (CFNA)", "userState") : nil
            case .unreachable:
                forward =
                    user.forwardUnreachable && !user.forwardUnreachableNumber.isEmpty
                    ? (user.forwardUnreachableNumber, "when unreachable (CFNC)", "userState") : nil
            }
        }
        guard let forward else {
            step(
                .route, .localUsers, Int(u), before: called, assumption: model.assumptions.userState == .available ? nil : "userState",
                "local user \(user.name)")
            if tracing { noteLiveState(user, index: Int(u)) }
            var r = result(.localUser, .user(called))  // the user found by this name
            r.maxDuration = maxDuration(line: nil)
            return r
        }
        if forwardedFrom.contains(u) {
            step(
                .forward, .localUsers, Int(u), before: called, after: forward.number, assumption: forward.assumption,
                "local user \(user.name) forwards \(forward.kind) to \(forward.number) again")
            return release(.loop, "call forwarding loops back to local user \(user.name)")
        }
        forwardHops += 1
        if forwardHops > model.assumptions.maxForwardHops {
            step(
                .forward, .localUsers, Int(u), before: called, after: forward.number, assumption: "maxForwardHops",
                "forward \(forwardHops) would exceed \(model.assumptions.maxForwardHops) hops")
            return release(.loop, "call forwarding did not settle within \(model.assumptions.maxForwardHops) hops")
        }
        forwardedFrom.append(u)
        let before = called
        called = forward.number
        observer?.setCalled(called)
        dialPlan = model.users[Int(u)].dialPlan
        record = nil
        // The same caller as the first call: a refine caller number already applied is undone, so
        // the forwarded call's own record refines it once.
        caller = analyzedCaller
        observer?.resetCaller(caller)
        step(
            .forward, .localUsers, Int(u), before: before, after: called, assumption: forward.assumption,
            "local user \(user.name) forwards \(forward.kind) to \(called): a new call in dial plan \"\(planName(dialPlan))\"")
        return analyzeAndRoute()
    }

    /// Forwards that depend on live state are reported, not followed.
    mutating func noteLiveState(_ user: LocalUser, index: Int) {
        var notes: [String] = []
        if user.forwardBusy && !user.forwardBusyNumber.isEmpty && model.assumptions.userState != .busy {
            notes.append("on busy to \(user.forwardBusyNumber)")
        }
        if user.forwardNoAnswer && !user.forwardNoAnswerNumber.isEmpty && model.assumptions.userState != .noAnswer {
            notes.append("on no answer to \(user.forwardNoAnswerNumber)")
        }
        if user.forwardUnreachable && !user.forwardUnreachableNumber.isEmpty && model.assumptions.userState != .unreachable {
            notes.append("when unreachable to \(user.forwardUnreachableNumber)")
        }
        if !notes.isEmpty {
            step(
                .liveState, .localUsers, index,
                "would forward \(notes.joined(separator: ", ")); not followed (live state: try --assume userState=busy|noAnswer|unreachable)"
            )
        }
        if user.timeCondition != 0 {
            step(.liveState, .localUsers, index, "time condition \(user.timeCondition) (tcID) may change this at run time")
        }
    }
}
