import DialPlan

extension CallRun {
    /// An external line or a SIP trunk a call can leave through, by index.
    enum Endpoint: Equatable {
        case line(Int)
        case trunk(Int)
    }

    /// What to attempt: one line or trunk, or the members of a routing group.
    enum Attempts {
        case single(Endpoint)
        case group(Int)
    }

    /// Stage 7: the outgoing attempts, each followed by its failover chain, each refined on its own.
    mutating func routeOutgoing(_ what: Attempts, outcome: Outcome, target: Target) -> RouteResult {
        var attempts: [Attempt] = []
        attempts.reserveCapacity(4)
        var firstLine: Int?
        func attemptWithChain(_ member: Endpoint) {
            var current = member
            var hops = 0
            var isFailover = false
            while true {
                if attempts.contains(where: { $0.via == via(of: current) }) {
                    step(.attempt, nil, nil, "\(describe(current)) was already tried: the chain stops")
                    return
                }
                attempts.append(makeAttempt(current, isFailover: isFailover))
                if firstLine == nil, case .line(let l) = current { firstLine = l }
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
                case .line(let l, _): attemptWithChain(.line(l))
                case .trunk(let t, _): attemptWithChain(.trunk(t))
                case .dangling, .unsupported: continue
                }
            }
        }
        var r = result(outcome, target)
        r.attempts = attempts
        r.maxDuration = maxDuration(line: firstLine)
        return r
    }

    func via(of endpoint: Endpoint) -> Via {
        switch endpoint {
        case .line(let l): return .externalLine(model.lines[l].name)
        case .trunk(let t): return .sipTrunk(model.trunks[t].trunkID)
        }
    }

    func describe(_ endpoint: Endpoint) -> String {
        switch endpoint {
        case .line(let l): return "external line \(model.snapshot.externalLines[l].name)"
        case .trunk(let t): return "SIP trunk \(model.snapshot.sipTrunks[t].id)"
        }
    }

    /// The next endpoint of a failover chain, or nil (a dangling chain is noted and ends).
    mutating func chain(of endpoint: Endpoint) -> Endpoint? {
        switch endpoint {
        case .line(let l):
            let ref = model.lines[l].chain
            if let next = ref.index { return .line(next) }
            if ref.isDangling {
                step(.attempt, .externalLines, l, "chain \(model.snapshot.externalLines[l].chain) does not exist (dangling): no failover")
            }
        case .trunk(let t):
            let ref = model.trunks[t].chain
            if let next = ref.index { return .trunk(next) }
            if ref.isDangling {
                step(.attempt, .sipTrunks, t, "chainTrunkID \(model.snapshot.sipTrunks[t].chain) does not exist (dangling): no failover")
            }
        }
        return nil
    }

    /// One attempt: refine called number from the pre-refine number, and the presented caller.
    mutating func makeAttempt(_ member: Endpoint, isFailover: Bool) -> Attempt {
        var number = called
        var cells = observer?.beginAttempt()
        let endpoint: CompiledEndpoint
        let table: Table
        let index: Int
        switch member {
        case .line(let l):
            endpoint = model.lines[l]
            table = .externalLines
            index = l
        case .trunk(let t):
            endpoint = model.trunks[t]
            table = .sipTrunks
            index = t
        }
        step(
            .attempt, table, index, before: called,
            "\(isFailover ? "failover to" : "attempt on") \(describe(member))")
        if let refineRoot = endpoint.refineRoot {
            let m = model.trie.longestPrefix(number, root: refineRoot)
            if let observer, let cells { observer.attemptLookup(root: refineRoot, cells, number, result: m) }
            if m >= 0 {
                var row: CalledRefinement { model.snapshot.calledRefinements[Int(m)] }
                let before = number
                let change = applyTransition(model.calledRefineTransitions[Int(m)], row.transition, to: &number)
                if let observer, let applied = change?.transition, cells != nil {
                    observer.cutAttempt(&cells!, applied, bounds: model.assumptions.transitionBounds, before: before, after: number)
                }
                step(
                    .refineCalled, .calledRefinements, Int(m), before: before, after: number,
                    assumption: change?.assumption,
                    "called prefix \"\(row.calledPrefix)\" of outgoing group \(row.group): \(change?.note ?? "no transition")")
            } else {
                step(.refineCalled, nil, nil, before: number, "no refine-called row of the outgoing group matches \(number)")
            }
        }
        let presented = endpoint.ownNumber ?? caller
        if let observer, let cells { observer.endAttempt(called: cells, presentsCaller: endpoint.ownNumber == nil) }
        if tracing {
            if table == .externalLines {
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
        var others = 0
        if let record { others = smallestDurationLimit(others, Int(model.calledRecords[Int(record)].maxDuration)) }
        if let line { others = smallestDurationLimit(others, model.snapshot.externalLines[line].maxDuration) }
        let own = callerUser.map { model.users[Int($0)].maxDuration } ?? 0
        observer?.callerLimit(own, others: others)
        return smallestDurationLimit(own, others)
    }
}

/// The smaller of two duration limits, where 0 (or less) means none (§4.8).
package func smallestDurationLimit(_ a: Int, _ b: Int) -> Int {
    if a <= 0 { return max(b, 0) }
    if b <= 0 { return a }
    return min(a, b)
}
