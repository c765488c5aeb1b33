import DialPlan

extension CallRun {
    /// The live state of a user and where it comes from.
    struct UserCondition {
        var state: Assumptions.UserState
        /// `userState` set it (the called user, no `--state` for it).
        var fromAssumption: Bool
        /// A closed time condition (`tcID`) makes the user unreachable.
        var closedTimeCondition: Int?
    }

    /// The state of local user `u`: its `--state` setting, else for the called user (the first
    /// the call reaches) the `userState` what-if, else available; a user behind a closed time
    /// condition is unreachable.
    ///
    /// Static, given the model, the assumptions and the live state: asked as a method of the run
    /// from a stage (a mutating method), it copied the whole run first (for every call that
    /// reached a local user, a tenth of the suite's calls: 1,000 instructions each).
    static func condition(
        of u: Int32, name: String, isCalledUser: Bool, model: RoutingModel, rules: AssumptionsBox, state: LiveState
    ) -> UserCondition {
        var condition = UserCondition(state: .available, fromAssumption: false, closedTimeCondition: nil)
        if let set = state.user(name) {
            condition.state = set
        } else if isCalledUser && rules.value.userState != .available {
            condition.state = rules.value.userState
            condition.fromAssumption = true
        }
        if condition.state == .available, model.users[Int(u)].hasServices {
            let tc = model.snapshot.localUsers[Int(u)].timeCondition
            if tc != 0, state.timeCondition(tc) == .closed {
                condition.state = .unreachable
                condition.closedTimeCondition = tc
            }
        }
        return condition
    }

    /// Route type 0 and the defaults: the local user whose name is the called number. CFU
    /// forwards whatever the user's state; busy, no answer and unreachable follow CFB, CFNA and
    /// CFNC, then voice mail; an unreachable user with neither is released (semantics §4.6).
    mutating func deliverToUser() -> RouteResult {
        let found = model.user(named: called)
        observer?.userLookup(called, result: found)
        guard let u = found else {
            return release(.noSuchUser, "no local user is named \(called)")
        }
        var user: LocalUser { model.snapshot.localUsers[Int(u)] }
        if model.users[Int(u)].mayForward, user.forwardUnconditional, !user.forwardUnconditionalNumber.isEmpty {
            return forward(u, to: user.forwardUnconditionalNumber, "unconditionally (CFU)", because: nil)
        }
        let isCalledUser = forwardHops == 0 && expandsServices
        let condition = Self.condition(of: u, name: called, isCalledUser: isCalledUser, model: model, rules: rules, state: state)
        let why: Assumptions.Name? = condition.fromAssumption ? .userState : nil
        if condition.state != .available {
            let conditional: (Bool, String, String)
            switch condition.state {
            case .busy: conditional = (user.forwardBusy, user.forwardBusyNumber, "on busy (CFB)")
            case .noAnswer: conditional = (user.forwardNoAnswer, user.forwardNoAnswerNumber, "on no answer (CFNA)")
            default: conditional = (user.forwardUnreachable, user.forwardUnreachableNumber, "when unreachable (CFNC)")
            }
            step(
                .liveState, .localUsers, Int(u), before: called, assumption: why,
                "local user \(user.name) is \(describe(condition, of: user.name))")
            if conditional.0, !conditional.1.isEmpty {
                return forward(u, to: conditional.1, conditional.2, because: why)
            }
            if user.voicemail {
                step(
                    .voicemail, .localUsers, Int(u), before: called,
                    "no forward applies; right_vms = 1: the call goes to \(user.name)'s voice mail")
                return result(.voicemail, .user(called), maxDuration: maxDuration(line: nil))
            }
            if condition.state == .unreachable {
                return release(
                    .notOnline,
                    "local user \(user.name) is not online\(condition.closedTimeCondition.map { " (time condition \($0) is closed)" } ?? "") and has no CFNC and no voice mail"
                )
            }
            step(
                .route, .localUsers, Int(u), before: called,
                "local user \(user.name), \(condition.state == .busy ? "busy" : "not answering"): no forward and no voice mail apply")
            return result(.localUser, .user(called), maxDuration: maxDuration(line: nil))
        }
        step(.route, .localUsers, Int(u), before: called, lazily: .localUser(u))
        if tracing { noteLiveState(user, index: Int(u), isCalledUser: isCalledUser) }
        let services = expandsServices && model.users[Int(u)].hasServices
        let ringing = services ? ringGroup(of: u) : nil
        let followMe = services ? followMe(of: u) : nil
        // The user found by this name.
        let limit = maxDuration(line: nil)
        return result(.localUser, .user(called), maxDuration: limit, ringGroup: ringing, followMe: followMe)
    }

    /// `busy (--state 103=busy)`, `unreachable: its time condition 2 is closed (tc:2=closed)`.
    func describe(_ condition: UserCondition, of name: String) -> String {
        if let tc = condition.closedTimeCondition {
            return "unreachable: its time condition \(tc) (tcID) is closed (tc:\(tc)=closed)"
        }
        return condition.fromAssumption
            ? "\(condition.state.rawValue) (the called user)" : "\(condition.state.rawValue) (\(name)=\(condition.state.rawValue))"
    }

    /// Forwards the call from user `u` to `number`: a new call in the forwarding user's dial plan
    /// (or the caller's, under `forwardedLegContext=originalCaller`), from the analysis loop on.
    mutating func forward(_ u: Int32, to number: String, _ kind: String, because: Assumptions.Name?) -> RouteResult {
        var user: LocalUser { model.snapshot.localUsers[Int(u)] }
        if forwardedFrom.contains(u) {
            step(
                .forward, .localUsers, Int(u), before: called, after: number, assumption: because,
                "local user \(user.name) forwards \(kind) to \(number) again")
            return release(.loop, "call forwarding loops back to local user \(user.name)")
        }
        forwardHops += 1
        if forwardHops > rules.value.maxForwardHops {
            step(
                .forward, .localUsers, Int(u), before: called, after: number, assumption: .maxForwardHops,
                "forward \(forwardHops) would exceed \(rules.value.maxForwardHops) hops")
            return release(.loop, "call forwarding did not settle within \(rules.value.maxForwardHops) hops")
        }
        forwardedFrom.append(u)
        let before = called
        called = number
        observer?.setCalled(called)
        startForwardedLeg(from: u)
        step(
            .forward, .localUsers, Int(u), before: before, after: called, assumption: because, also: .forwardedLegContext,
            "local user \(user.name) forwards \(kind) to \(called): a new call in dial plan \"\(planName(dialPlan))\"\(rules.value.forwardedLegContext == .forwardingUser ? " with \(user.name)'s call level, line and duration" : ", as the caller's call")"
        )
        return analyzeAndRoute()
    }

    /// The context of a call forwarded by user `u`, as `forwardedLegContext` says.
    mutating func startForwardedLeg(from u: Int32) {
        record = nil
        // The same caller as the first call: a refine caller number already applied is undone, so
        // the forwarded call's own record refines it once.
        caller = analyzedCaller
        observer?.resetCaller(caller)
        switch rules.value.forwardedLegContext {
        case .forwardingUser:
            dialPlan = model.users[Int(u)].dialPlan
            contextUser = u
            contextKind = .localUser
        case .originalCaller:
            dialPlan = startPlan
            contextUser = callerUser
            contextKind = originKind
        }
    }

    /// Forwards that depend on live state are reported, not followed.
    mutating func noteLiveState(_ user: LocalUser, index: Int, isCalledUser: Bool) {
        var notes: [String] = []
        if user.forwardBusy && !user.forwardBusyNumber.isEmpty { notes.append("on busy to \(user.forwardBusyNumber)") }
        if user.forwardNoAnswer && !user.forwardNoAnswerNumber.isEmpty { notes.append("on no answer to \(user.forwardNoAnswerNumber)") }
        if user.forwardUnreachable && !user.forwardUnreachableNumber.isEmpty {
            notes.append("when unreachable to \(user.forwardUnreachableNumber)")
        }
        if !notes.isEmpty {
            let hint =
                isCalledUser
                ? "--state \(user.name)=busy|noAnswer|unreachable or --assume userState=…"
                : "--state \(user.name)=busy|noAnswer|unreachable"
            step(.liveState, .localUsers, index, "would forward \(notes.joined(separator: ", ")); not followed (live state: try \(hint))")
        }
        if user.voicemail {
            step(
                .liveState, .localUsers, index,
                "has voice mail (right_vms = 1): busy, no answer or unreachable without a forward ends there")
        }
        if user.timeCondition != 0 {
            step(
                .liveState, .localUsers, index,
                "time condition \(user.timeCondition) (tcID): outside its hours \(user.name) counts as unreachable (what-if: --state tc:\(user.timeCondition)=closed)"
            )
        }
    }
}
