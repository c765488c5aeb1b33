import DialPlan

extension CallRun {
    /// The table a step about the out-group prefix cites: `sysinfo`, when the plan has it.
    var systemInfoTable: Table? { model.hasSystemInfo ? .systemInfo : nil }

    /// Stage 4: no analysis record matched.
    mutating func routeByDefaults() -> RouteResult {
        if record != nil { refineCaller() }
        let prefix = model.outGroupPrefix
        let isOutGroup = !prefix.isEmpty && called.hasDialPrefix(prefix)
        if !prefix.isEmpty { observer?.prefixCheck(prefix, called, result: isOutGroup) }
        guard isOutGroup else {
            step(.defaults, nil, nil, before: called, "not an out-group number: a local-user call to \(called)")
            return deliverToUser()
        }
        let before = called
        let strips = rules.value.stripOutGroupPrefix != .none
        if strips { stripCalled(prefix) }
        step(
            .defaults, systemInfoTable, 0, before: before, after: called, assumption: .stripOutGroupPrefix,
            "starts with the out-group prefix \"\(prefix)\"\(model.hasSystemInfo ? "" : " (the server's default: the plan has no sysinfo)"): an external-line call\(strips ? ", prefix stripped" : "")"
        )
        guard let line = defaultLine() else {
            return release(
                .noExternalLine,
                "no external line for the out-group call: the caller has no specextline or line of its own, and no line is shared")
        }
        return routeOutgoing(
            .single(.line(line)), outcome: .externalLine,
            target: .externalLine(model.lines[line].name))
    }

    /// Drops the out-group prefix `prefix` (which the called number starts with).
    mutating func stripCalled(_ prefix: String) {
        let before = called
        called = called.droppingDialPrefix(prefix)
        observer?.cutCalled(.strip(prefix.utf8.count), bounds: rules.value.transitionBounds, before: before, after: called)
    }

    /// The default external line (`chooseDefaultLine()`), observed when the origin's own
    /// lines decide (a forwarding user's are the same for every call that reached it).
    mutating func defaultLine() -> Int? {
        let chosen = chooseDefaultLine()
        if contextIsOrigin { observer?.defaultLine(chosen) }
        return chosen
    }

    /// The caller's `specextline` and the line whose `localUser` is the caller (in the order
    /// `defaultLineOrder` says), else the first shared line (`RoutingModel.defaultLine`, with
    /// the trace's steps).
    mutating func chooseDefaultLine() -> Int? {
        if let user = contextUser {
            let compiled = model.users[Int(user)]
            let specific = compiled.specificLine.index, own = compiled.ownLine.index
            if compiled.specificLine.isDangling {
                step(
                    .route, .localUsers, Int(user),
                    "specextline \(model.snapshot.localUsers[Int(user)].specificExternalLine) does not exist (dangling): trying other lines"
                )
            }
            // The order decides only when the user has two different lines of its own.
            let order: Assumptions.Name? = specific != nil && own != nil && specific != own ? .defaultLineOrder : nil
            let ownFirst = rules.value.defaultLineOrder == .ownFirst
            if let l = ownFirst ? (own ?? specific) : (specific ?? own) {
                step(
                    .route, .externalLines, l, assumption: order,
                    l == specific ? "the caller's specific external line (specextline)" : "the line whose localUser is the caller")
                return l
            }
        }
        if let line = model.firstSharedLine {
            step(.route, .externalLines, line, "the first shared line (shareInd = 1)")
            return line
        }
        return nil
    }

    /// A record without `changeInd` routing out (types 1, 2, 6) with a number that starts with
    /// the out-group prefix: `stripOutGroupPrefix` decides whether it loses the prefix.
    mutating func stripOutGroupPrefix(record m: Int, _ compiled: CompiledCalledAnalysis) {
        let rule = rules.value.stripOutGroupPrefix
        let strips = rule == .allOutgoing || (rule == .lineRoutes && compiled.routeKind == .externalLine)
        // A prefix that stays is only worth looking for when the step cites the assumption.
        guard strips || citing else { return }
        let prefix = model.outGroupPrefix
        guard !compiled.changesNumber, !prefix.isEmpty else { return }
        let starts = called.hasDialPrefix(prefix)
        observer?.prefixCheck(prefix, called, result: starts)
        guard starts else { return }
        let before = called
        if strips { stripCalled(prefix) }
        step(
            .route, systemInfoTable, 0, before: before, after: called, assumption: .stripOutGroupPrefix,
            "route type \(model.snapshot.calledAnalysis[m].routeType.rawValue) without changeInd: the out-group prefix \"\(prefix)\" is \(strips ? "stripped" : "kept")"
        )
    }

    /// Stage 6: route by the matched record's route type.
    mutating func routeRecord(_ m: Int) -> RouteResult {
        var row: CalledAnalysis { model.snapshot.calledAnalysis[m] }
        let compiled = model.calledRecords[m]
        switch compiled.routeKind {
        case .localUser:
            return deliverToUser()
        case .externalLine:
            stripOutGroupPrefix(record: m, compiled)
            if compiled.target.isDangling {
                return releaseMissingTarget(prefix: row.calledPrefix, "external line \(row.externalLine)", unset: nil)
            }
            let line: Int
            if let l = compiled.target.index {
                line = l
            } else {
                guard let l = defaultLine() else {
                    return release(.noExternalLine, "route type 1 names no line and no default line is available")
                }
                line = l
            }
            return routeOutgoing(
                .single(.line(line)), outcome: .externalLine,
                target: .externalLine(model.lines[line].name))
        case .sipTrunk:
            guard let t = compiled.target.index else {
                return releaseMissingTarget(
                    prefix: row.calledPrefix, "SIP trunk \(row.trunk)", unset: row.trunk.isNone ? (2, "servID") : nil)
            }
            stripOutGroupPrefix(record: m, compiled)
            return routeOutgoing(.single(.trunk(t)), outcome: .sipTrunk, target: .sipTrunk(model.trunks[t].trunkID))
        case .intercept:
            step(.route, .calledAnalysis, m, before: called, "route type 4: the call is intercepted")
            return result(.intercept, maxDuration: maxDuration(line: nil))
        case .routingGroup:
            guard let g = compiled.target.index else {
                return releaseMissingTarget(
                    prefix: row.calledPrefix, "routing group \(row.routingGroup)", unset: row.routingGroup.isNone ? (6, "rtGroupID") : nil)
            }
            return routeGroup(g, record: m, compiled)
        case .unsupported:
            let value = row.routeType.rawValue
            return release(
                .unsupportedRouteType, "anacldnbr \"\(row.calledPrefix)\" has route type \(value), which the server does not support",
                rejected: true)
        }
    }

    /// Route type 6: the routing group's members, from the one `routingGroupStart` names.
    mutating func routeGroup(_ g: Int, record m: Int, _ compiled: CompiledCalledAnalysis) -> RouteResult {
        var id: RoutingGroupID { model.snapshot.routingGroups[g].id }
        var usable = 0
        for member in model.groupMembers[g] {
            switch member {
            case .line, .trunk: usable += 1
            case .dangling(let r):
                let route = model.snapshot.routes[r]
                step(
                    .route, .routes, r,
                    route.routeType == .sipTrunk
                        ? "member SIP trunk \(route.trunk) does not exist (dangling): skipped"
                        : "member external line \(route.externalLine) does not exist (dangling): skipped")
            case .unsupported(let r):
                step(.route, .routes, r, "member has \(model.snapshot.routes[r].routeType): skipped")
            }
        }
        guard usable > 0 else {
            step(.route, .routingGroups, g, "routing group \(id): no usable route")
            let reason: ReleaseReason = model.groupMembers[g].isEmpty ? .emptyRoutingGroup : .danglingReference
            return release(reason, "routing group \(id) has no usable route")
        }
        stripOutGroupPrefix(record: m, compiled)
        let members = model.groupMembers[g].count
        let start = (rules.value.routingGroupStart - 1) % members
        step(
            .route, .routingGroups, g, assumption: members > 1 ? .routingGroupStart : nil,
            lazily: .routingGroup(group: Int32(g), usable: Int32(usable), start: Int32(start), members: Int32(members)))
        return routeOutgoing(.group(g, start: start), outcome: .routingGroup, target: .routingGroup(id))
    }

    /// Releases a call whose record routes to `target`, which does not exist, or (`unset`: the
    /// route type and its field) names no target at all.
    func releaseMissingTarget(prefix: String, _ target: @autoclosure () -> String, unset: (routeType: Int, field: String)?) -> RouteResult {
        if let unset {
            return release(.danglingReference, "anacldnbr \"\(prefix)\" has route type \(unset.routeType) but no \(unset.field)")
        }
        return release(.danglingReference, "anacldnbr \"\(prefix)\" names \(target()), which does not exist")
    }
}
