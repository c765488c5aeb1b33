import DialPlan
import DigitTrie
import RouteSim

/// References to records that do not exist (category `dangling`).
enum DanglingChecks {
    /// RS101–RS104: transition IDs that name no `natran` record.
    static func transitions(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let m = c.model
        for (i, row) in c.snapshot.calledAnalysis.enumerated()
        where row.changesNumber && m.calledRecords[i].transition.isDangling {
            let witness = c.witness(reachingCalledRecord: i)
            out.append(
                c.finding(
                    "RS101", .calledAnalysis, i,
                    "changeInd = 1 but transition \(row.transition) does not exist: numbers with prefix \"\(row.calledPrefix)\" are not changed\(row.reanalyze ? " and not analysed again" : "")",
                    witness: witness))
        }
        // Caller analysis and the refine tables: the witness is a number their prefix matches.
        let s = c.snapshot
        let prefixRows: [(code: String, table: Table, transitions: [Reference], message: (Int) -> String)] = [
            (
                "RS102", .callerAnalysis, m.callerAnalysisTransitions,
                { i in
                    let row = s.callerAnalysis[i]
                    return "transition \(row.transition) does not exist: callers with prefix \"\(row.callerPrefix)\" keep their number"
                }
            ),
            (
                "RS103", .callerRefinements, m.callerRefineTransitions,
                { i in
                    let row = s.callerRefinements[i]
                    return
                        "transition \(row.transition) does not exist: callers with prefix \"\(row.callerPrefix)\" in refine group \(row.group) are not refined"
                }
            ),
            (
                "RS104", .calledRefinements, m.calledRefineTransitions,
                { i in
                    let row = s.calledRefinements[i]
                    return
                        "transition \(row.transition) does not exist: numbers with prefix \"\(row.calledPrefix)\" leave unrefined on the lines and trunks of group \(row.group)"
                }
            ),
        ]
        for rows in prefixRows {
            for (i, transition) in rows.transitions.enumerated() where transition.isDangling {
                out.append(c.finding(rows.code, rows.table, i, rows.message(i), witness: c.witness(reaching: rows.table, i)))
            }
        }
        return out
    }

    /// RS105–RS107: analysis records routing to a trunk, line or routing group that does not exist.
    static func routeTargets(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        for (i, row) in c.snapshot.calledAnalysis.enumerated() where c.model.calledRecords[i].target.isDangling {
            let code: String
            let what: String
            switch row.routeType {
            case .sipTrunk:
                guard !row.trunk.isNone else { continue }  // RS403
                (code, what) = ("RS105", "SIP trunk \(row.trunk)")
            case .externalLine: (code, what) = ("RS106", "external line \(row.externalLine)")
            case .routingGroup:
                guard !row.routingGroup.isNone else { continue }  // RS403
                (code, what) = ("RS107", "routing group \(row.routingGroup)")
            default: continue
            }
            let witness = c.witness(reachingCalledRecord: i, releasedFor: .danglingReference)
            out.append(
                c.finding(
                    code, .calledAnalysis, i,
                    "routes numbers with prefix \"\(row.calledPrefix)\" to \(what), which does not exist: the calls are released",
                    witness: witness))
        }
        return out
    }

    /// RS108 and RS117: refine groups named by a record but holding no rows.
    static func refineGroups(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        for (i, row) in c.snapshot.calledAnalysis.enumerated() where c.model.calledRecords[i].callerRefine.isDangling {
            out.append(
                c.finding(
                    "RS108", .calledAnalysis, i,
                    "clrRefineID \(row.callerRefineGroup) names a refine-caller group with no refineclrnbr rows: callers are not refined"))
        }
        let refineGroups = c.model.calledRefineRoots
        for (i, line) in c.snapshot.externalLines.enumerated()
        where !line.outgoingGroup.isNone && refineGroups[line.outgoingGroup] == nil {
            out.append(
                c.finding(
                    "RS117", .externalLines, i,
                    "ogGroupID \(line.outgoingGroup) names a refine-called group with no refinecldnbr rows: numbers leave unrefined"))
        }
        for (i, trunk) in c.snapshot.sipTrunks.enumerated()
        where !trunk.outgoingGroup.isNone && refineGroups[trunk.outgoingGroup] == nil {
            out.append(
                c.finding(
                    "RS117", .sipTrunks, i,
                    "ogGroupID \(trunk.outgoingGroup) names a refine-called group with no refinecldnbr rows: numbers leave unrefined"))
        }
        return out
    }

    /// RS109–RS111: routing-group routes and groups.
    static func routingGroupRoutes(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let m = c.model
        for (i, route) in c.snapshot.routes.enumerated() {
            guard m.routingGroupIndex[route.group] != nil else {
                out.append(c.finding("RS110", .routes, i, "routing group \(route.group) does not exist: no call uses this route"))
                continue
            }
            switch route.routeType {
            case .sipTrunk where !route.trunk.isNone && m.trunkIndex[route.trunk] == nil:
                out.append(
                    c.finding(
                        "RS109", .routes, i,
                        "member of \(c.describe(.routingGroup(route.group))) names SIP trunk \(route.trunk), which does not exist: it is skipped"
                    ))
            case .externalLine where !route.externalLine.isEmpty && m.lineIndex[route.externalLine] == nil:
                out.append(
                    c.finding(
                        "RS109", .routes, i,
                        "member of \(c.describe(.routingGroup(route.group))) names external line \(route.externalLine), which does not exist: it is skipped"
                    ))
            default: break
            }
        }
        for (g, group) in c.snapshot.routingGroups.enumerated()
        where m.routingGroupIndex[group.id] == Int32(g) && m.groupMembers[g].isEmpty {
            out.append(
                c.finding(
                    "RS111", .routingGroups, g,
                    "\(c.describe(.routingGroup(group.id))) has no route rows: calls routed to it are released"))
        }
        return out
    }

    /// RS112–RS114: hunting-group detection and operators.
    static func huntingGroups(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let m = c.model
        for (i, row) in c.snapshot.huntingDetections.enumerated() where m.huntingGroupIndex[row.group] == nil {
            let plan = c.detectionPlans[i]
            let witness =
                DigitTrie.isDialString(row.calledNumber) && !row.calledNumber.isEmpty
                ? c.calledWitness(row.calledNumber, plan: plan) { $0.passes(.huntingDetections, i) && $0.ended(.danglingReference) }
                : nil
            out.append(
                c.finding(
                    "RS112", .huntingDetections, i,
                    "names hunting group \(row.group), which does not exist: calls to \(row.calledNumber) in dial plan \"\(c.planName(plan))\" are released",
                    witness: witness))
        }
        for (i, op) in c.snapshot.huntingOperators.enumerated() {
            if m.huntingGroupIndex[op.group] == nil {
                out.append(
                    c.finding(
                        "RS113", .huntingOperators, i, "operator \(op.user) belongs to hunting group \(op.group), which does not exist"))
            }
            if m.userIndex[op.user] == nil {
                out.append(
                    c.finding(
                        "RS114", .huntingOperators, i,
                        "operator \(op.user) of \(c.describe(.huntingGroup(op.group))) is no local user: the group hunts a phone that does not exist"
                    ))
            }
        }
        return out
    }

    /// RS115 and RS116: failover chains and users' specific lines.
    static func endpoints(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        for (i, line) in c.model.lines.enumerated() where line.chain.isDangling {
            out.append(
                c.finding(
                    "RS115", .externalLines, i,
                    "chain names external line \(c.snapshot.externalLines[i].chain), which does not exist: no failover when this line fails"
                ))
        }
        for (i, trunk) in c.model.trunks.enumerated() where trunk.chain.isDangling {
            out.append(
                c.finding(
                    "RS115", .sipTrunks, i,
                    "chainTrunkID names SIP trunk \(c.snapshot.sipTrunks[i].chain), which does not exist: no failover when this trunk fails"
                ))
        }
        for (i, user) in c.model.users.enumerated() where user.specificLine.isDangling {
            out.append(
                c.finding(
                    "RS116", .localUsers, i,
                    "specextline names external line \(c.snapshot.localUsers[i].specificExternalLine), which does not exist: out-group calls use another line"
                ))
        }
        return out
    }

    /// Releases that mean a forwarded call went nowhere.
    static let lostReasons: Set<ReleaseReason> = [
        .noSuchUser, .danglingReference, .noExternalLine, .emptyRoutingGroup, .unsupportedRouteType,
    ]

    /// RS118: switched-on forwarding whose number, routed from the user's dial plan, is released.
    static func forwarding(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        for (i, user) in c.snapshot.localUsers.enumerated() {
            let forwards: [(on: Bool, number: String, name: String, field: String)] = [
                (user.forwardUnconditional, user.forwardUnconditionalNumber, "unconditional forwarding (CFU)", "cfunbr"),
                (user.forwardBusy, user.forwardBusyNumber, "forwarding on busy (CFB)", "cfbnbr"),
                (user.forwardNoAnswer, user.forwardNoAnswerNumber, "forwarding on no answer (CFNA)", "cfnanbr"),
                (user.forwardUnreachable, user.forwardUnreachableNumber, "forwarding when unreachable (CFNC)", "cfncnbr"),
            ]
            let plan = c.model.users[i].dialPlan
            for forward in forwards where forward.on && !forward.number.isEmpty {
                let result = c.probe(forward.number, plan: plan)
                guard let release = result.release, lostReasons.contains(release.reason) else { continue }
                out.append(
                    c.finding(
                        "RS118", .localUsers, i,
                        "\(forward.name) to \(forward.number) (\(forward.field)) goes nowhere from dial plan \"\(c.planName(plan))\": \(release.message)",
                        witness: c.calledWitness(forward.number, plan: plan) { $0.ended(release.reason) }))
            }
        }
        return out
    }

    /// RS119: dial plans calls start in that have no analysis rows (the defaults apply), with the
    /// dial plan that has rows and a name close to it, if any (a misspelt `dialPlan`).
    static func emptyDialPlans(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let m = c.model
        let withRows = m.dialPlanNames.indices.filter { m.calledAnalysisRoots[$0] != nil }.map { m.dialPlanNames[$0] }
        var used: [Int32: (Table, Int)] = [:]
        for (i, user) in m.users.enumerated() where used[user.dialPlan] == nil { used[user.dialPlan] = (.localUsers, i) }
        for (i, trunk) in m.trunks.enumerated() where used[trunk.dialPlan] == nil { used[trunk.dialPlan] = (.sipTrunks, i) }
        for (i, plan) in m.callerAnalysisPlans.enumerated() {
            if let plan, used[plan] == nil { used[plan] = (.callerAnalysis, i) }
        }
        for (plan, place) in used.sorted(by: { $0.key < $1.key }) where m.calledAnalysisRoots[Int(plan)] == nil {
            out.append(
                c.finding(
                    "RS119", place.0, place.1,
                    "dial plan \"\(c.planName(plan))\" has no anacldnbr rows: its calls follow the defaults (out-group prefix to a line, anything else to a local user)\(DidYouMean.hint(for: c.planName(plan), among: withRows))"
                ))
        }
        return out
    }
}
