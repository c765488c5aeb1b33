import DialPlan

extension CallRun {
    /// Who rings when the call reaches user `u`, a member of a ring group (semantics §4.6.4):
    /// every member, unless the user suppresses the group for direct calls (`right_sup_rg`) or
    /// the caller is in the same group. Members the live state makes busy or unreachable do not
    /// ring.
    mutating func ringGroup(of u: Int32) -> RingGroupRinging? {
        let group = model.users[Int(u)].ringGroup
        guard group != 0, let members = model.ringGroupMembers[group] else { return nil }
        var user: LocalUser { model.snapshot.localUsers[Int(u)] }
        let name = user.name
        if user.suppressesRingGroup {
            step(
                .ringGroup, .localUsers, Int(u),
                "ring group \(group) (ringgrpid): right_sup_rg = 1, so a call to \(name) directly rings only \(name)")
            return RingGroupRinging(group: group, ringing: [name])
        }
        // The origin's own group decides for the origin; a forwarding user's is the same for
        // every call that reached it (the user lookup that found it was observed).
        if contextIsOrigin { observer?.ringGroupCaller(group: group, calledUser: u) }
        if let context = contextUser, context != u, model.users[Int(context)].ringGroup == group {
            step(
                .ringGroup, .localUsers, Int(u),
                "ring group \(group) (ringgrpid): the caller \(model.snapshot.localUsers[Int(context)].name) is in the group too, so only \(name) rings"
            )
            return RingGroupRinging(group: group, ringing: [name])
        }
        var ringing = [name]
        var silent: [String] = []
        for member in members where member != u {
            let memberName = model.snapshot.localUsers[Int(member)].name
            let condition = Self.condition(of: member, name: memberName, isCalledUser: false, model: model, rules: rules, state: state)
            if condition.state == .busy || condition.state == .unreachable {
                silent.append("\(memberName) is \(describe(condition, of: memberName))")
            } else {
                ringing.append(memberName)
            }
        }
        step(
            .ringGroup, .localUsers, Int(u),
            ringing.count == 1 && silent.isEmpty
                ? "ring group \(group) (ringgrpid) has no other member: only \(name) rings"
                : "ring group \(group) (ringgrpid): \(ringing.joined(separator: ", ")) ring at the same time\(silent.isEmpty ? "" : "; " + silent.joined(separator: "; ") + ", so does not ring")"
        )
        return RingGroupRinging(group: group, ringing: ringing)
    }

    /// The follow-me destinations of user `u` (semantics §4.6.5): when each starts ringing, and
    /// where it routes as a call the user forwards.
    mutating func followMe(of u: Int32) -> FollowMe? {
        var user: LocalUser { model.snapshot.localUsers[Int(u)] }
        let type = user.followMeType
        guard type != 0 else { return nil }
        guard type == 1 || type == 2 else {
            step(.followMe, .localUsers, Int(u), "fmtype \(type) is no follow-me strategy routesim knows (1, 2): not simulated")
            return nil
        }
        let destinations = user.followMeDestinations
        guard !destinations.isEmpty else {
            step(.followMe, .localUsers, Int(u), "fmtype \(type) but no destination (fmdesta, fmdestb, fmdestc): only \(user.name) rings")
            return nil
        }
        let first = rules.value.followMeType1
        let strategy: Assumptions.FollowMeStrategy = type == 1 ? first : (first == .sequential ? .simultaneous : .sequential)
        let interval = max(user.followMeInterval, 0)
        let labels = ["A", "B", "C"]
        func delay(_ i: Int) -> Int { strategy == .sequential ? (i + 1) * interval : 0 }
        step(
            .followMe, .localUsers, Int(u), assumption: .followMeType1,
            strategy == .sequential
                ? "follow-me (fmtype \(type), sequential, fminterval \(interval) s): \(user.name) rings first, then "
                    + destinations.indices.map { "\(destinations[$0]) after \(delay($0)) s" }.joined(separator: ", ")
                : "follow-me (fmtype \(type), simultaneous): \(user.name) and \(destinations.joined(separator: ", ")) ring at once")
        var out: [FollowMeDestination] = []
        let slots = [user.followMeA, user.followMeB, user.followMeC]
        for (i, number) in destinations.enumerated() {
            let label = labels[slots.firstIndex(of: number) ?? i]
            var leg = followMeLeg(from: u, to: number)
            let routed = leg.analyzeAndRoute()
            step(
                .followMe, .localUsers, Int(u), after: number, citing: leg.cited,
                "destination \(label) \(number) (after \(delay(i)) s): \(routed.summaryText)")
            out.append(
                FollowMeDestination(
                    number: number, after: delay(i), outcome: routed.outcome, target: routed.target, attempts: routed.attempts,
                    release: routed.release))
        }
        return FollowMe(type: type, strategy: strategy, interval: interval, destinations: out)
    }

    /// A follow-me destination as a call user `u` forwards (without a trace of its own but with
    /// the assumptions it cites, and without ring groups or follow-me of the users it reaches);
    /// observed on an observer of its own.
    func followMeLeg(from u: Int32, to number: String) -> CallRun {
        var leg = CallRun(model: model, rules: rules, state: state, recording: trace == nil ? .nothing : .citations)
        leg.callerUser = callerUser
        leg.originKind = originKind
        leg.originalCaller = originalCaller
        leg.analyzedCaller = analyzedCaller
        leg.startPlan = startPlan
        leg.contextUser = contextUser
        leg.contextKind = contextKind
        leg.forwardedFrom = forwardedFrom + [u]
        leg.forwardHops = forwardHops + 1
        leg.expandsServices = false
        leg.called = number
        leg.observer = observer?.followMeLeg(to: number)
        leg.startForwardedLeg(from: u)
        return leg
    }

    /// A number starting with `*` or `#` that only a catch-all or the defaults matched: the real
    /// server may run a service there that its OpenAPI does not show (semantics §6).
    /// Whether `noteHiddenService()` would note anything now (cheap: test it before reading a record).
    var mayNoteHiddenService: Bool { !matchedVisibleService && !notedHiddenService && called.startsLikeServiceCode }

    mutating func noteHiddenService() {
        guard mayNoteHiddenService else { return }
        notedHiddenService = true
        step(
            .serviceCode, nil, nil, before: called,
            "\(called) starts with \(called.prefix(1)) and only a catch-all or the defaults matched it: the real server may run a service here that its OpenAPI does not show (a feature code such as *9x, pick-up, park, voice-mail access, a Lua service, an independent ring-group detection)"
        )
    }
}
