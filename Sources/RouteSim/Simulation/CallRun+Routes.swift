import DialPlan

extension CallRun {
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
        if model.assumptions.stripOutGroupPrefix { stripCalled(prefix) }
        step(
            .defaults, .systemInfo, 0, before: before, after: called, assumption: "stripOutGroupPrefix",
            "starts with the out-group prefix \"\(prefix)\": an external-line call\(model.assumptions.stripOutGroupPrefix ? ", prefix stripped" : "")"
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
        observer?.cutCalled(.strip(prefix.utf8.count), bounds: model.assumptions.transitionBounds, before: before, after: called)
    }

    /// The caller's `specextline`, else the line whose `localUser` is the caller, else the first
    /// shared line (`RoutingModel.defaultLine(callerUser:)`, with the trace's steps).
    mutating func defaultLine() -> Int? {
        let chosen = model.defaultLine(callerUser: callerUser)
        observer?.defaultLine(chosen)
        guard tracing else { return chosen }
        if let callerUser {
            let user = model.users[Int(callerUser)]
            if let l = user.specificLine.index {
                step(.route, .externalLines, l, "the caller's specific external line (specextline)")
                return chosen
            }
            if user.specificLine.isDangling {
                step(
                    .route, .localUsers, Int(callerUser),
                    "specextline \(model.snapshot.localUsers[Int(callerUser)].specificExternalLine) does not exist (dangling): trying other lines"
                )
            }
            if let l = user.ownLine.index {
                step(.route, .externalLines, l, "the line whose localUser is the caller")
                return chosen
            }
        }
        if let line = chosen {
            step(.route, .externalLines, line, "the first shared line (shareInd = 1)")
        }
        return chosen
    }

    /// Whether the called number starts with the out-group prefix (which is not empty).
    func checkOutGroupPrefix() -> Bool {
        let starts = called.hasDialPrefix(model.outGroupPrefix)
        observer?.prefixCheck(model.outGroupPrefix, called, result: starts)
        return starts
    }

    /// Stage 6: route by the matched record's route type.
    mutating func routeRecord(_ m: Int) -> RouteResult {
        var row: CalledAnalysis { model.snapshot.calledAnalysis[m] }
        let compiled = model.calledRecords[m]
        switch compiled.routeKind {
        case .localUser:
            return deliverToUser()
        case .externalLine:
            if !compiled.changesNumber, model.assumptions.stripOutGroupPrefixOnLineRoute, !model.outGroupPrefix.isEmpty,
                checkOutGroupPrefix()
            {
                let before = called
                stripCalled(model.outGroupPrefix)
                step(
                    .route, .systemInfo, 0, before: before, after: called, assumption: "stripOutGroupPrefixOnLineRoute",
                    "route type 1 without changeInd: the out-group prefix \"\(model.outGroupPrefix)\" is stripped")
            }
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
            return routeOutgoing(.single(.trunk(t)), outcome: .sipTrunk, target: .sipTrunk(model.trunks[t].trunkID))
        case .intercept:
            step(.route, .calledAnalysis, m, before: called, "route type 4: the call is intercepted")
            var r = result(.intercept)
            r.maxDuration = maxDuration(line: nil)
            return r
        case .routingGroup:
            guard let g = compiled.target.index else {
                return releaseMissingTarget(
                    prefix: row.calledPrefix, "routing group \(row.routingGroup)", unset: row.routingGroup.isNone ? (6, "rtGroupID") : nil)
            }
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
                step(.route, .routingGroups, g, "routing group \(row.routingGroup): no usable route")
                let reason: ReleaseReason = model.groupMembers[g].isEmpty ? .emptyRoutingGroup : .danglingReference
                return release(reason, "routing group \(row.routingGroup) has no usable route")
            }
            step(.route, .routingGroups, g, "routing group \(row.routingGroup): \(usable) route(s) in snapshot order")
            return routeOutgoing(.group(g), outcome: .routingGroup, target: .routingGroup(model.snapshot.routingGroups[g].id))
        case .unsupported:
            let value = row.routeType.rawValue
            return release(
                .unsupportedRouteType, "anacldnbr \"\(row.calledPrefix)\" has route type \(value), which the server does not support",
                rejected: true)
        }
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
