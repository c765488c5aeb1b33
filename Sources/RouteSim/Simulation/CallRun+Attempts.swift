import DialPlan

extension CallRun {
    /// What to attempt: one line or trunk, or the members of a routing group.
    enum Attempts {
        case single(GroupMember)
        case group(Int)
    }

    /// Stage 7: the outgoing attempts, each followed by its failover chain, each refined on its own.
    mutating func routeOutgoing(_ what: Attempts, outcome: Outcome, target: Target) -> RouteResult {
        var attempts: [Attempt] = []
        attempts.reserveCapacity(4)
        var firstLine: Int?
        func attemptWithChain(_ member: GroupMember) {
            var current = member
            var hops = 0
            var isFailover = false
            while true {
                if attempts.contains(where: { $0.via == via(of: current) }) {
                    step(.attempt, nil, nil, "\(describe(current)) was already tried: the chain stops")
                    return
                }
                attempts.append(makeAttempt(current, isFailover: isFailover))
                if firstLine == nil, case .line(let l, _) = current { firstLine = l }
                guard let next = chain(of: current) else { return }
                hops += 1
                if hops > model.assumptions.maxChainHops {
                    step(
                        .attempt, nil, nil, assumption: "maxChainHops",
                        "failover chain longer than \(model.assumptions.maxChainHops) hops: stops")
                    return
                }
                current = next
                isFailover = true
            }
        }
        switch what {
        case .single(let member):
            attemptWithChain(member)
        case .group(let g):
            for member in model.groupMembers[g] {
                switch member {
                case .line, .trunk: attemptWithChain(member)
                case .dangling, .unsupported: continue
                }
            }
        }
        var r = result(outcome, target)
        r.attempts = attempts
        r.maxDuration = maxDuration(line: firstLine)
        return r
    }

    func via(of member: GroupMember) -> Via {
        switch member {
        case .line(let l, _): return .externalLine(model.lines[l].name)
        case .trunk(let t, _): return .sipTrunk(model.trunks[t].trunkID)
        default: preconditionFailure("only lines and trunks are attempted")
        }
    }

    func describe(_ member: GroupMember) -> String {
        switch member {
        case .line(let l, _): return "external line \(model.snapshot.externalLines[l].name)"
        case .trunk(let t, _): return "SIP trunk \(model.snapshot.sipTrunks[t].id)"
        default: return "route"
        }
    }

    /// The next endpoint of a failover chain, or nil (a dangling chain is noted and ends).
    mutating func chain(of member: GroupMember) -> GroupMember? {
        switch member {
        case .line(let l, _):
            let ref = model.lines[l].chain
            if let next = ref.index { return .line(next, route: -1) }
            if ref.isDangling {
                step(.attempt, .extline, l, "chain \(model.snapshot.externalLines[l].chain) does not exist (dangling): no failover")
            }
        case .trunk(let t, _):
            let ref = model.trunks[t].chain
            if let next = ref.index { return .trunk(next, route: -1) }
            if ref.isDangling {
                step(.attempt, .peerserver, t, "chainTrunkID \(model.snapshot.sipTrunks[t].chain) does not exist (dangling): no failover")
            }
        default: break
        }
        return nil
    }

    /// One attempt: refine called number from the pre-refine number, and the presented caller.
    mutating func makeAttempt(_ member: GroupMember, isFailover: Bool) -> Attempt {
        var number = called
        let endpoint: CompiledEndpoint
        let table: Table
        let index: Int
        switch member {
        case .line(let l, _):
            endpoint = model.lines[l]
            table = .extline
            index = l
        case .trunk(let t, _):
            endpoint = model.trunks[t]
            table = .peerserver
            index = t
        default:
            preconditionFailure("only lines and trunks are attempted")
        }
        step(
            .attempt, table, index, before: called,
            "\(isFailover ? "failover to" : "attempt on") \(describe(member))")
        if endpoint.refineRoot >= 0 {
            let m = model.trie.longestPrefix(number, root: endpoint.refineRoot)
            if m >= 0 {
                var row: CalledRefinement { model.snapshot.calledRefinements[Int(m)] }
                let before = number
                let change = applyTransition(model.calledRefineTransitions[Int(m)], row.transition, to: &number)
                step(
                    .refineCalled, .refinecldnbr, Int(m), before: before, after: number,
                    assumption: change?.contains("clamped") == true ? "transitionBounds" : nil,
                    "called prefix \"\(row.calledPrefix)\" of outgoing group \(row.group): \(change ?? "no transition")")
            } else {
                step(.refineCalled, nil, nil, before: number, "no refine-called row of the outgoing group matches \(number)")
            }
        }
        let presented = endpoint.ownNumber ?? caller
        if tracing {
            if table == .extline {
                let line = model.snapshot.externalLines[index]
                if endpoint.ownNumber != nil {
                    step(
                        .presentedCaller, table, index, after: presented, assumption: "linePresentsOwnNumber",
                        "presents the line's own number \(presented)")
                } else {
                    step(
                        .presentedCaller, table, index, after: presented,
                        "presents the caller \(caller)\(line.presentsOriginalCaller ? " (origCallerNbr = 1)" : "")")
                }
            } else if endpoint.ownNumber != nil {
                step(.presentedCaller, table, index, after: presented, "presents the trunk's callerID \(presented)")
            }
        }
        return Attempt(via: via(of: member), called: number, caller: presented, isFailover: isFailover)
    }

    /// Stage 8: the smallest non-zero of the caller's, the record's and the line's maximum duration.
    func maxDuration(line: Int?) -> Int {
        var smallest = 0
        func consider(_ limit: Int) {
            if limit > 0 && (smallest == 0 || limit < smallest) { smallest = limit }
        }
        if callerUser >= 0 { consider(model.users[Int(callerUser)].maxDuration) }
        if record >= 0 { consider(Int(model.calledRecords[Int(record)].maxDuration)) }
        if let line { consider(model.snapshot.externalLines[line].maxDuration) }
        return smallest
    }
}
