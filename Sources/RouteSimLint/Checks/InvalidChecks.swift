import DialPlan
import DigitTrie
import RouteSim

/// Values the server would refuse or misread (category `invalid`).
enum InvalidChecks {
    /// RS401: characters outside the dial alphabet `0-9 * # +` in prefixes and numbers.
    static func characters(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        func check(_ table: Table, _ index: Int, _ field: String, _ value: String) {
            guard !DigitTrie.isDialString(value), let bad = value.first(where: { !DigitTrie.isDialString(String($0)) }) else { return }
            let shown = bad == " " ? "a space" : "'\(bad)'"
            out.append(
                c.finding(
                    "RS401", table, index,
                    "\(field) \"\(value)\" holds \(shown), which is outside the dial alphabet 0-9 * # +: the record never matches"))
        }
        let s = c.snapshot
        for table in RoutingModel.prefixTables {
            for i in 0..<s.count(of: table.table) { check(table.table, i, table.field, table.row(i, in: c.model).written) }
        }
        // Numbers that are no prefix of a table but are dialed or inserted as they are.
        if let info = s.systemInfo { check(.systemInfo, 0, "ogpfx", info.outGroupPrefix) }
        for (i, r) in s.speedDials.enumerated() { check(.speedDials, i, "destNbr", r.destination) }
        for (i, t) in s.transitions.enumerated() where t.type == .add || t.type == .replace {
            check(.transitions, i, "prefix", t.prefix)
        }
        return out
    }

    /// RS402 and RS403: unsupported route types, and route types without their target.
    static func routeTypes(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        for (i, row) in c.snapshot.calledAnalysis.enumerated() {
            switch row.routeType {
            case .unsupported(let value):
                let witness = c.witness(reachingCalledRecord: i, releasedFor: .unsupportedRouteType)
                out.append(
                    c.finding(
                        "RS402", .calledAnalysis, i,
                        "route type \(value) is not one the server supports (0, 1, 2, 4, 6): calls with prefix \"\(row.calledPrefix)\" are rejected",
                        witness: witness))
            case .sipTrunk where row.trunk.isNone, .routingGroup where row.routingGroup.isNone:
                let field = row.routeType == .sipTrunk ? "servID" : "rtGroupID"
                let witness = c.witness(reachingCalledRecord: i, releasedFor: .danglingReference)
                out.append(
                    c.finding(
                        "RS403", .calledAnalysis, i,
                        "route type \(row.routeType.rawValue) (\(row.routeType)) but \(field) is 0: calls with prefix \"\(row.calledPrefix)\" are released",
                        witness: witness))
            default: break
            }
        }
        for (i, route) in c.snapshot.routes.enumerated() {
            switch route.routeType {
            case .externalLine where route.externalLine.isEmpty:
                out.append(c.finding("RS403", .routes, i, "route type 1 (external line) but extLine is empty: the member is skipped"))
            case .sipTrunk where route.trunk.isNone:
                out.append(c.finding("RS403", .routes, i, "route type 2 (SIP trunk) but sipTrunkID is 0: the member is skipped"))
            case .externalLine, .sipTrunk: break
            default:
                out.append(
                    c.finding(
                        "RS402", .routes, i,
                        "route type \(route.routeType.rawValue) in a routing group: only 1 (external line) and 2 (SIP trunk) are members; it is skipped"
                    ))
            }
        }
        return out
    }

    /// RS404, RS405, RS409: transition types, negative positions, ID 0.
    static func transitions(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        for (i, t) in c.snapshot.transitions.enumerated() {
            if case .unknown(let value) = t.type {
                out.append(
                    c.finding(
                        "RS404", .transitions, i,
                        "type \(value) is not 1 (add), 2 (replace) or 3 (delete): the transition changes nothing"))
            }
            var negative: [String] = []
            if t.start < 0 { negative.append("tranStart \(t.start)") }
            if t.length < 0 && t.type != .add { negative.append("tranLen \(t.length)") }
            if !negative.isEmpty {
                out.append(
                    c.finding(
                        "RS405", .transitions, i,
                        "\(negative.joined(separator: " and ")) is negative: routesim counts it as 0, the server's reading is not documented"
                    ))
            }
            if t.id.isNone {
                out.append(
                    c.finding(
                        "RS409", .transitions, i,
                        "tranID 0 means \"no transition\" in every field that names one: nothing can use this record"))
            }
        }
        return out
    }

    /// RS406: an empty or `*` prefix that sends every other number out of the PBX.
    static func catchAll(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        for (i, row) in c.snapshot.calledAnalysis.enumerated() where c.matchPrefix(row.calledPrefix).isEmpty {
            guard !(row.changesNumber && row.reanalyze) else { continue }
            guard let target = c.outgoingTarget(row) else { continue }
            let plan = c.calledPlans[i]
            let witness = c.witness(reachingCalledRecord: i)
            out.append(
                c.finding(
                    "RS406", .calledAnalysis, i,
                    "catch-all prefix \"\(row.calledPrefix)\" sends every number of dial plan \"\(c.planName(plan))\" that no longer prefix matches to \(target)",
                    witness: witness))
        }
        return out
    }

    /// RS410: fields a table does not have (the loader's warnings), one finding per table and
    /// field, on the first record that gives it.
    static func unknownFields(_ c: LintContext) -> [Finding] {
        c.snapshot.warnings.map { warning in
            c.finding("RS410", warning.table, warning.firstIndex ?? 0, warning.message, field: warning.isSummary ? nil : warning.field)
        }
    }

    /// RS407 and RS408: change and re-analysis indicators that cannot do anything.
    static func indicators(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        for (i, row) in c.snapshot.calledAnalysis.enumerated() {
            if row.changesNumber && row.transition.isNone {
                out.append(c.finding("RS407", .calledAnalysis, i, "changeInd = 1 but tranID is 0: the number is never changed"))
            }
            if row.reanalyze && !row.changesNumber {
                out.append(
                    c.finding(
                        "RS408", .calledAnalysis, i,
                        "reAnaInd = 1 but changeInd = 0: the number never changes, so it is never analysed again"))
            }
        }
        return out
    }
}
