import DialPlan

/// Defects planted on request, appended after the clean plan's records (lint benchmarks and tests).
extension PlanBuilder {
    mutating func plant(_ kind: PlanGenerator.DefectKind) {
        for n in 0..<scale.defectsPerKind {
            switch kind {
            case .loops: plantLoops(n)
            case .dangling: plantDangling(n)
            case .shadowed: plantShadowed(n)
            }
        }
    }

    mutating func note(_ kind: PlanGenerator.DefectKind, _ table: Table, _ index: Int, _ summary: String) {
        planted.append(PlanGenerator.PlantedDefect(kind: kind, table: table, index: index, summary: summary))
    }

    /// `55nnnn0…` and `55nnnn1…` rewrite into each other and re-analyse; two trunks fail over to
    /// each other; two users forward to each other.
    mutating func plantLoops(_ n: Int) {
        let stem = "55" + Self.padded(n, 4)
        for (digit, other) in [("0", "1"), ("1", "0")] {
            let transition = addTransition(
                .replace, start: stem.count, length: 1, prefix: other,
                "loop: \(stem)\(digit) to \(stem)\(other)")
            addRow(plan: 0, prefix: stem + digit) {
                $0.changesNumber = true
                $0.transition = transition
                $0.reanalyze = true
            }
            note(
                .loops, .calledAnalysis, snapshot.calledAnalysis.count - 1,
                "re-analysis loop: \(stem)\(digit)… becomes \(stem)\(other)… and back")
        }
        let first = TrunkID(900_000 + 2 * n), second = TrunkID(900_001 + 2 * n)
        for (id, chain) in [(first, second), (second, first)] {
            var trunk = SIPTrunk()
            trunk.id = id
            trunk.description = "failover loop \(n)"
            trunk.chain = chain
            snapshot.sipTrunks.append(trunk)
            note(.loops, .sipTrunks, snapshot.sipTrunks.count - 1, "failover cycle: trunk \(id) chains to \(chain)")
        }
        let a = "59" + Self.padded(2 * n, 5), b = "59" + Self.padded(2 * n + 1, 5)
        for (name, target) in [(a, b), (b, a)] {
            var user = LocalUser()
            user.name = name
            user.forwardUnconditional = true
            user.forwardUnconditionalNumber = target
            snapshot.localUsers.append(user)
            note(.loops, .localUsers, snapshot.localUsers.count - 1, "forwarding loop: \(name) forwards to \(target)")
        }
    }

    /// Rows that name a trunk, routing group, transition or hunting group that does not exist.
    mutating func plantDangling(_ n: Int) {
        let suffix = Self.padded(n, 4)
        let missingTrunk = TrunkID(990_000 + n)
        addRow(plan: 0, prefix: "56" + suffix) {
            $0.routeType = .sipTrunk; $0.trunk = missingTrunk
        }
        note(.dangling, .calledAnalysis, snapshot.calledAnalysis.count - 1, "names SIP trunk \(missingTrunk), which does not exist")
        let missingGroup = RoutingGroupID(990_000 + n)
        addRow(plan: 0, prefix: "57" + suffix) {
            $0.routeType = .routingGroup; $0.routingGroup = missingGroup
        }
        note(.dangling, .calledAnalysis, snapshot.calledAnalysis.count - 1, "names routing group \(missingGroup), which does not exist")
        let missingTransition = TransitionID(990_000 + n)
        addRow(plan: 0, prefix: "58" + suffix) {
            $0.changesNumber = true; $0.transition = missingTransition
        }
        note(.dangling, .calledAnalysis, snapshot.calledAnalysis.count - 1, "names transition \(missingTransition), which does not exist")
        var route = RoutingGroupRoute()
        route.group = 1
        route.routeType = .sipTrunk
        route.trunk = missingTrunk
        snapshot.routes.append(route)
        note(.dangling, .routes, snapshot.routes.count - 1, "routing group 1 lists SIP trunk \(missingTrunk), which does not exist")
        var detection = HuntingDetection()
        detection.dialPlan = "default"
        detection.calledNumber = "89999" + Self.padded(n, 3)
        detection.group = HuntingGroupID(990_000 + n)
        snapshot.huntingDetections.append(detection)
        note(
            .dangling, .huntingDetections, snapshot.huntingDetections.count - 1,
            "names hunting group \(detection.group), which does not exist")
    }

    /// A second row with the key of an existing one, and a dial plan nothing uses.
    mutating func plantShadowed(_ n: Int) {
        let original = snapshot.calledAnalysis[(n * 7_919) % options.rows]
        var duplicate = original
        duplicate.routeType = .intercept
        duplicate.description = "duplicate of an earlier row"
        snapshot.calledAnalysis.append(duplicate)
        note(
            .shadowed, .calledAnalysis, snapshot.calledAnalysis.count - 1,
            "same key as an earlier row (dialPlan \"\(original.dialPlan)\", calledNbr \"\(original.calledPrefix)\")")
        let unused = "unused\(n + 1)"
        for prefix in ["0", "00", "2"] {
            var row = CalledAnalysis()
            row.dialPlan = unused
            row.calledPrefix = prefix
            row.routeType = .intercept
            snapshot.calledAnalysis.append(row)
            note(
                .shadowed, .calledAnalysis, snapshot.calledAnalysis.count - 1,
                "dial plan \"\(unused)\" is used by no user, trunk or caller analysis")
        }
    }
}
