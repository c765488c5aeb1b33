import DialPlan

/// The transition pool, users, lines and trunks, refinements and routing groups.
extension PlanBuilder {
    mutating func addTransition(_ type: TransitionType, start: Int, length: Int, prefix: String, _ description: String) -> TransitionID {
        var t = Transition()
        t.id = TransitionID(nextTransition)
        nextTransition += 1
        t.type = type
        t.start = start
        t.length = length
        t.prefix = prefix
        t.description = description
        snapshot.transitions.append(t)
        return t.id
    }

    mutating func addTransitionPool() {
        let pool: [(TransitionID, TransitionType, Int, Int, String, String)] = [
            (Self.plusToInternational, .replace, 0, 1, "00", "+ to 00"),
            (Self.internationalToPlus, .replace, 0, 2, "+", "00 to +"),
            (Self.nationalToPlus, .replace, 0, 1, "+49", "national 0 to +49"),
            (Self.homeToNational, .replace, 0, 4, "0", "0049 to national 0"),
            (Self.nationalToInternational, .replace, 0, 1, "0049", "national 0 to 0049"),
            (Self.stripFirstDigit, .delete, 0, 1, "", "strip the first digit"),
        ]
        for (id, type, start, length, prefix, description) in pool {
            var t = Transition()
            t.id = id
            t.type = type
            t.start = start
            t.length = length
            t.prefix = prefix
            t.description = description
            snapshot.transitions.append(t)
        }
    }

    /// Extensions `2…`, one width for the whole plan.
    mutating func addUsers(_ rng: inout SeededGenerator) {
        let width = max(3, String(scale.users - 1).count)
        userNames = (0..<scale.users).map { "2" + Self.padded($0, width) }
        let forwards = (0..<scale.users).map { _ in rng.chance(2) }
        snapshot.localUsers.reserveCapacity(scale.users)
        for (i, name) in userNames.enumerated() {
            var user = LocalUser()
            user.name = name
            let plan = rng.below(100)
            user.dialPlan = plan < 10 ? "" : plan < 70 ? "default" : plan < 80 ? "restricted" : "site\(1 + rng.below(scale.sitePlans))"
            user.callLevel = rng.below(8)
            if rng.chance(20) { user.maxDuration = 3600 }
            if forwards[i] {
                // Forward to a user that does not forward itself: no loop in the clean plan.
                var target = rng.below(scale.users)
                while forwards[target] { target = rng.below(scale.users) }
                user.forwardUnconditional = true
                user.forwardUnconditionalNumber = userNames[target]
            } else if rng.chance(5) {
                user.forwardBusy = true
                user.forwardBusyNumber = userNames[rng.below(scale.users)]
            }
            if rng.chance(5) { user.specificExternalLine = "line\(1 + rng.below(scale.lines))" }
            snapshot.localUsers.append(user)
        }
    }

    /// SIP trunks and external lines, each with a refine-called-number group of its own.
    mutating func addEndpoints(_ rng: inout SeededGenerator) {
        snapshot.sipTrunks.reserveCapacity(scale.trunks)
        for i in 0..<scale.trunks {
            var trunk = SIPTrunk()
            trunk.id = TrunkID(1 + i)
            trunk.description = "carrier \(1 + i)"
            trunk.address = "sip\(1 + i).carrier.example"
            if rng.chance(30) {
                trunk.callerID = "4930"
                rng.appendDigits(7, to: &trunk.callerID)
            }
            trunk.dialPlan = rng.chance(60) ? "intl-in" : "default"
            // Failover chains of three: 1 → 2 → 3, 4 → 5 → 6, …
            if i % 3 != 2 && i + 1 < scale.trunks { trunk.chain = TrunkID(2 + i) }
            trunk.outgoingGroup = CalledRefineGroupID(1 + i)
            snapshot.sipTrunks.append(trunk)
            addCalledRefinements(group: trunk.outgoingGroup, &rng)
        }
        lineNames = (0..<scale.lines).map { "line\(1 + $0)" }
        for (i, name) in lineNames.enumerated() {
            var line = ExternalLine()
            line.name = name
            line.host = "10.1.\(i / 250).\(1 + i % 250)"
            let incoming = rng.below(100)
            if incoming < 80 {
                line.incomingDestination = userNames[rng.below(userNames.count)]
            } else if incoming < 90 {
                line.autoAttendant = true
            }
            if i % 2 == 0 && i + 1 < scale.lines { line.chain = lineNames[i + 1] }
            line.outgoingGroup = CalledRefineGroupID(1 + scale.trunks + i)
            line.shared = rng.chance(50)
            line.presentsOriginalCaller = rng.chance(30)
            if rng.chance(10) { line.maxDuration = 7200 }
            snapshot.externalLines.append(line)
            addCalledRefinements(group: line.outgoingGroup, &rng)
        }
    }

    /// Two to four refine-called-number rows in one of the carrier styles.
    mutating func addCalledRefinements(group: CalledRefineGroupID, _ rng: inout SeededGenerator) {
        func row(_ prefix: String, _ transition: TransitionID) {
            var r = CalledRefinement()
            r.group = group
            r.calledPrefix = prefix
            r.transition = transition
            snapshot.calledRefinements.append(r)
        }
        switch rng.below(3) {
        case 0:  // E.164 with +
            row("00", Self.internationalToPlus)
            row("0", Self.nationalToPlus)
        case 1:  // national format for the home country
            row("0049", Self.homeToNational)
            row("00", 0)
        default:  // a technical prefix in front of everything
            let tech = addTransition(
                .add, start: 0, length: 0, prefix: "\(1000 + Int(group.rawValue))#",
                "technical prefix of refine group \(group)")
            row("", tech)
            row("0049", Self.homeToNational)
        }
        if rng.chance(30) { row("+", Self.plusToInternational) }
    }

    mutating func addRoutingGroups(_ rng: inout SeededGenerator) {
        for g in 0..<scale.routingGroups {
            var group = RoutingGroup()
            group.id = RoutingGroupID(1 + g)
            group.description = "routing group \(1 + g)"
            snapshot.routingGroups.append(group)
            var usedTrunks: Set<Int> = [], usedLines: Set<Int> = []
            for _ in 0..<rng.within(2...4) {
                var route = RoutingGroupRoute()
                route.group = group.id
                if rng.chance(85) {
                    let t = rng.below(scale.trunks)
                    guard usedTrunks.insert(t).inserted else { continue }
                    route.routeType = .sipTrunk
                    route.trunk = TrunkID(1 + t)
                } else {
                    let l = rng.below(scale.lines)
                    guard usedLines.insert(l).inserted else { continue }
                    route.routeType = .externalLine
                    route.externalLine = lineNames[l]
                }
                snapshot.routes.append(route)
            }
        }
    }

    /// Refine-caller-number groups: extensions become E.164 numbers of the group's site.
    mutating func addCallerRefinements(_ rng: inout SeededGenerator) {
        for g in 0..<scale.callerRefineGroups {
            var site = "+4930"
            rng.appendDigits(4, to: &site)
            let toE164 = addTransition(.add, start: 0, length: 0, prefix: site, "extension to \(site)…")
            for (prefix, transition) in [("2", toE164), ("0", Self.nationalToPlus)] {
                var r = CallerRefinement()
                r.group = CallerRefineGroupID(1 + g)
                r.callerPrefix = prefix
                r.transition = transition
                snapshot.callerRefinements.append(r)
            }
        }
    }
}
