import DialPlan

/// Caller and called analysis, hunting groups and speed dials.
extension PlanBuilder {
    /// Caller analysis: `+` callers normalised; international callers switch dial plan.
    mutating func addCallerAnalysis(_ rng: inout SeededGenerator) {
        var plus = CallerAnalysis()
        plus.callerPrefix = "+"
        plus.transition = Self.plusToInternational
        snapshot.callerAnalysis.append(plus)
        var taken: Set<String> = ["+"]
        while snapshot.callerAnalysis.count < scale.callerAnalysisRows {
            var prefix = "00" + rng.pick(Self.countryCodes)
            rng.appendDigits(rng.within(0...3), to: &prefix)
            guard taken.insert(prefix).inserted else { continue }
            var row = CallerAnalysis()
            row.callerPrefix = prefix
            row.dialPlan = rng.chance(70) ? "intl-in" : "restricted"
            snapshot.callerAnalysis.append(row)
        }
    }

    /// The fixed rows of every dial plan, then the bulk of international and national prefixes.
    mutating func addCalledAnalysis(_ rng: inout SeededGenerator) {
        snapshot.calledAnalysis.reserveCapacity(options.rows)
        for (p, plan) in dialPlans.enumerated() {
            addRow(plan: p, prefix: "2") { _ in }  // extensions: route type 0
            addRow(plan: p, prefix: "112") {
                $0.routeType = .sipTrunk; $0.trunk = 1
            }
            addRow(plan: p, prefix: "110") {
                $0.routeType = .sipTrunk; $0.trunk = 1
            }
            addRow(plan: p, prefix: "118") { $0.routeType = .intercept }
            addRow(plan: p, prefix: "9") { $0.routeType = .externalLine }  // out-group: default line
            addRow(plan: p, prefix: "+") {
                $0.changesNumber = true
                $0.transition = Self.plusToInternational
                $0.reanalyze = true
            }
            addRow(plan: p, prefix: "00") {
                $0.routeType = .routingGroup
                $0.routingGroup = 1
                if plan == "restricted" { $0.callLevel = 1 }
            }
            addRow(plan: p, prefix: "0") {
                $0.routeType = .routingGroup; $0.routingGroup = 2
            }
        }
        while snapshot.calledAnalysis.count < options.rows {
            let weight = rng.below(100)
            let plan = weight < 40 ? 0 : weight < 50 ? 1 : weight < 60 ? 2 : 3 + rng.below(scale.sitePlans)
            let international = rng.chance(70)
            var prefix: String
            if international {
                prefix = "00" + rng.pick(Self.countryCodes)
                rng.appendDigits(rng.within(1...6), to: &prefix)
            } else {
                prefix = "0" + String(rng.within(1...9))
                rng.appendDigits(rng.within(1...6), to: &prefix)
            }
            guard !takenPrefixes[plan].contains(prefix) else { continue }
            let normalises = !international && rng.chance(30)
            let route = rng.below(100)
            let trunk = TrunkID(1 + rng.below(scale.trunks))
            let group = RoutingGroupID(1 + rng.below(scale.routingGroups))
            let line = lineNames[rng.below(scale.lines)]
            let refine = rng.chance(40) ? CallerRefineGroupID(1 + rng.below(scale.callerRefineGroups)) : 0
            let duration = rng.chance(10) ? 3600 : 0
            let restricted = dialPlans[plan] == "restricted" && international
            addRow(plan: plan, prefix: prefix) { row in
                if normalises {
                    // National → international, analysed again (settles on an `00…` row).
                    row.changesNumber = true
                    row.transition = Self.nationalToInternational
                    row.reanalyze = true
                    return
                }
                switch route {
                case 0..<55: row.routeType = .sipTrunk; row.trunk = trunk
                case 55..<90: row.routeType = .routingGroup; row.routingGroup = group
                case 90..<95: row.routeType = .externalLine; row.externalLine = line
                default:
                    row.routeType = .sipTrunk
                    row.trunk = trunk
                    row.changesNumber = true
                    row.transition = Self.internationalToPlus
                }
                row.callerRefineGroup = refine
                row.maxDuration = duration
                if restricted { row.callLevel = 1 }
            }
        }
    }

    mutating func addRow(plan: Int, prefix: String, _ configure: (inout CalledAnalysis) -> Void) {
        takenPrefixes[plan].insert(prefix)
        var row = CalledAnalysis()
        row.dialPlan = dialPlans[plan]
        row.calledPrefix = prefix
        configure(&row)
        snapshot.calledAnalysis.append(row)
    }

    /// Hunting groups of 3–8 operators, each detected by `8…` in `default` and one other plan.
    mutating func addHuntingGroups(_ rng: inout SeededGenerator) {
        let width = max(3, String(scale.huntingGroups - 1).count)
        for g in 0..<scale.huntingGroups {
            var group = HuntingGroup()
            group.id = HuntingGroupID(1 + g)
            group.description = "hunting group \(1 + g)"
            group.strategy = rng.chance(50) ? .roundRobin : .linear
            snapshot.huntingGroups.append(group)
            // Operators are keyed by user: each user serves at most one group.
            for o in 0..<rng.within(3...8) {
                var op = HuntingOperator()
                op.user = userNames[g * 8 + o]
                op.group = group.id
                snapshot.huntingOperators.append(op)
            }
            let number = "8" + Self.padded(g, width)
            for plan in ["default", dialPlans[1 + rng.below(dialPlans.count - 1)]] {
                var detection = HuntingDetection()
                detection.dialPlan = plan
                detection.calledNumber = number
                detection.group = group.id
                snapshot.huntingDetections.append(detection)
            }
        }
    }

    /// Speed dials `*7…`: a fifth for every caller, the rest for one user each.
    mutating func addSpeedDials(_ rng: inout SeededGenerator) {
        let width = max(3, String(scale.speedDials - 1).count)
        for i in 0..<scale.speedDials {
            var entry = SpeedDial()
            entry.caller = i < scale.speedDials / 5 ? "*" : userNames[rng.below(userNames.count)]
            entry.dialed = "*7" + Self.padded(i, width)
            if rng.chance(50) {
                entry.destination = userNames[rng.below(userNames.count)]
            } else {
                entry.destination = "00" + rng.pick(Self.countryCodes)
                rng.appendDigits(8, to: &entry.destination)
            }
            snapshot.speedDials.append(entry)
        }
    }
}
