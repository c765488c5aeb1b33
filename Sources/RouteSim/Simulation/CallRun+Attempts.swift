import DialPlan
import DigitTrie

extension CallRun {
    /// An external line or a SIP trunk a call can leave through, by index.
    enum Endpoint: Equatable {
        case line(Int)
        case trunk(Int)

        /// `external line NAME` or `SIP trunk ID`.
        func describe(in snapshot: Snapshot) -> String {
            switch self {
            case .line(let l): return "external line \(snapshot.externalLines[l].name)"
            case .trunk(let t): return "SIP trunk \(snapshot.sipTrunks[t].id)"
            }
        }
    }

    /// What to attempt: one line or trunk, or the members of a routing group from member
    /// `start` (0-based) on, wrapping.
    enum Attempts {
        case single(Endpoint)
        case group(Int, start: Int)
    }

    /// Stage 7: the outgoing attempts, each followed by its failover chain, each refined on its
    /// own. An attempt the live state blocks (down, or outside its time condition) stays in the
    /// list, marked; when every attempt is blocked the call is released.
    mutating func routeOutgoing(_ what: Attempts, outcome: Outcome, target: Target) -> RouteResult {
        var attempts: [Attempt] = []
        attempts.reserveCapacity(attemptBound(what))
        var firstLine: Int?
        if trace == nil && observer == nil && state.isEmpty {
            leanAttempts(what, into: &attempts, firstLine: &firstLine)
        } else {
            switch what {
            case .single(let member):
                attemptWithChain(member, into: &attempts, firstLine: &firstLine)
            case .group(let g, let start):
                let members = model.groupMembers[g]
                for k in 0..<members.count {
                    switch members[(start + k) % members.count] {
                    case .line(let l, _): attemptWithChain(.line(l), into: &attempts, firstLine: &firstLine)
                    case .trunk(let t, _): attemptWithChain(.trunk(t), into: &attempts, firstLine: &firstLine)
                    case .dangling, .unsupported: continue
                    }
                }
            }
        }
        if !attempts.isEmpty, attempts.allSatisfy({ $0.blocked != nil }) {
            return release(
                .routesUnavailable, "every line and trunk the call would try is down or outside its time condition",
                attempts: attempts)
        }
        // The target's name read by index: looking the target up by its ID hashed a string.
        let name: String?
        switch what {
        case .single(let member): name = self.name(of: member)
        case .group(let g, _): name = model.recordName(.routingGroups, g)
        }
        return result(outcome, target, named: .some(name), attempts: attempts, maxDuration: maxDuration(line: firstLine))
    }

    /// The most attempts `what` can make: each member and its failover chain, up to the hop
    /// limit. Room for them is made once; a list that grew was copied on most calls.
    func attemptBound(_ what: Attempts) -> Int {
        func withChain(_ member: Endpoint) -> Int {
            var count = 1
            var current = member
            while count <= rules.value.maxChainHops, let next = nextInChain(current) {
                current = next
                count += 1
            }
            return count
        }
        switch what {
        case .single(let member): return withChain(member)
        case .group(let g, _):
            var count = 0
            for member in model.groupMembers[g] {
                switch member {
                case .line(let l, _): count += withChain(.line(l))
                case .trunk(let t, _): count += withChain(.trunk(t))
                case .dangling, .unsupported: continue
                }
            }
            return count
        }
    }

    /// One member and its failover chain, for at most `maxChainHops` hops. A line or trunk the
    /// call tried already ends the chain, or under `failoverToTried=retry` is tried again.
    mutating func attemptWithChain(_ member: Endpoint, into attempts: inout [Attempt], firstLine: inout Int?) {
        var current = member
        var hops = 0
        var isFailover = false
        while true {
            // The line or trunk as the attempt names it, made once: the list is searched for it
            // and the attempt holds it.
            let via = via(of: current)
            if attempts.contains(where: { $0.via == via }) {
                let retry = rules.value.failoverToTried == .retry
                step(
                    .attempt, nil, nil, assumption: .failoverToTried,
                    "\(describe(current)) was already tried: \(retry ? "it is tried again" : "the chain stops")")
                if !retry { return }
            }
            attempts.append(makeAttempt(current, via: via, isFailover: isFailover))
            if firstLine == nil, case .line(let l) = current { firstLine = l }
            guard let next = chain(of: current) else { return }
            hops += 1
            if hops > rules.value.maxChainHops {
                step(
                    .attempt, nil, nil, assumption: .maxChainHops,
                    "failover chain longer than \(rules.value.maxChainHops) hops: stops")
                return
            }
            current = next
            isFailover = true
        }
    }

    func via(of endpoint: Endpoint) -> Via {
        switch endpoint {
        case .line(let l): return .externalLine(model.lines[l].name)
        case .trunk(let t): return .sipTrunk(model.trunks[t].trunkID)
        }
    }

    /// The line's or trunk's description, when it has one.
    func name(of endpoint: Endpoint) -> String? {
        switch endpoint {
        case .line(let l): return model.recordName(.externalLines, l)
        case .trunk(let t): return model.recordName(.sipTrunks, t)
        }
    }

    func describe(_ endpoint: Endpoint) -> String { endpoint.describe(in: model.snapshot) }

    /// The next endpoint of a failover chain, or nil (a dangling chain is noted and ends).
    mutating func chain(of endpoint: Endpoint) -> Endpoint? {
        if let next = nextInChain(endpoint) { return next }
        switch endpoint {
        case .line(let l) where model.lines[l].chain.isDangling:
            step(.attempt, .externalLines, l, "chain \(model.snapshot.externalLines[l].chain) does not exist (dangling): no failover")
        case .trunk(let t) where model.trunks[t].chain.isDangling:
            step(.attempt, .sipTrunks, t, "chainTrunkID \(model.snapshot.sipTrunks[t].chain) does not exist (dangling): no failover")
        default: break
        }
        return nil
    }

    /// The next endpoint of a failover chain as the model resolved it (nil: none, or dangling).
    @inline(__always)
    func nextInChain(_ endpoint: Endpoint) -> Endpoint? {
        switch endpoint {
        case .line(let l): if let next = model.lines[l].chain.index { return .line(next) }
        case .trunk(let t): if let next = model.trunks[t].chain.index { return .trunk(next) }
        }
        return nil
    }

    /// Whether the live state blocks an endpoint: marked down, or its outgoing time condition
    /// closed. A time condition that is not set is named as what could change the answer.
    mutating func blocked(_ member: Endpoint, _ endpoint: CompiledEndpoint, table: Table, index: Int) -> Attempt.Blocked? {
        let down: Bool
        switch member {
        case .line(let l): down = state.isDown(line: model.lines[l].name)
        case .trunk(let t): down = state.isDown(trunk: model.trunks[t].trunkID)
        }
        if down {
            step(
                .liveState, table, index,
                "\(describe(member)) is down (\(stateKey(member))=down): the attempt fails\(chain(ofCompiled: endpoint) ? " and its chain is tried" : "")"
            )
            return .down
        }
        let tc = endpoint.timeCondition
        guard tc != 0 else { return nil }
        switch state.timeCondition(tc) {
        case .closed?:
            step(
                .liveState, table, index,
                "outgoing time condition \(tc) (otcID) is closed (tc:\(tc)=closed): \(describe(member)) rejects the call\(chain(ofCompiled: endpoint) ? " and its chain is tried" : "")"
            )
            return .closed
        case .open?:
            step(.liveState, table, index, "outgoing time condition \(tc) (otcID) is open (tc:\(tc)=open)")
            return nil
        case nil:
            step(
                .liveState, table, index,
                "outgoing time condition \(tc) (otcID): outside its hours \(describe(member)) rejects outgoing calls (what-if: --state tc:\(tc)=closed)"
            )
            return nil
        }
    }

    func chain(ofCompiled endpoint: CompiledEndpoint) -> Bool { endpoint.chain.index != nil }

    func stateKey(_ member: Endpoint) -> String {
        switch member {
        case .line(let l): return "line:\(model.lines[l].name)"
        case .trunk(let t): return "trunk:\(model.trunks[t].trunkID)"
        }
    }

    /// One attempt: refine called number from the pre-refine number, and the presented caller.
    mutating func makeAttempt(_ member: Endpoint, via: Via, isFailover: Bool) -> Attempt {
        var number = called
        var cells = observer?.beginAttempt()
        // The fields an attempt reads, each read in place: a copy of the whole endpoint would
        // retain its strings, and a copy of its table the table, on every attempt of the fast path.
        let table: Table
        let index: Int
        let timeCondition: Int, refineRoot: Int32?, groupIsZero: Bool, callerID: String?, mayPresentOwnName: Bool
        switch member {
        case .line(let l):
            (table, index) = (.externalLines, l)
            (timeCondition, refineRoot, groupIsZero) = (
                model.lines[l].timeCondition, model.lines[l].refineRoot, model.lines[l].outgoingGroupIsZero
            )
            (callerID, mayPresentOwnName) = (model.lines[l].callerID, model.lines[l].mayPresentOwnName)
        case .trunk(let t):
            (table, index) = (.sipTrunks, t)
            (timeCondition, refineRoot, groupIsZero) = (
                model.trunks[t].timeCondition, model.trunks[t].refineRoot, model.trunks[t].outgoingGroupIsZero
            )
            // A trunk presents its `callerID` or the caller, never a name of its own.
            (callerID, mayPresentOwnName) = (model.trunks[t].callerID, false)
        }
        step(.attempt, table, index, before: called, lazily: .attempt(failover: isFailover, endpoint: member))
        // Without live state nothing blocks; an unset time condition is only a note in the trace.
        let mayBlock = !state.isEmpty || (timeCondition != 0 && tracing)
        let blocked =
            mayBlock ? blocked(member, table == .externalLines ? model.lines[index] : model.trunks[index], table: table, index: index) : nil
        refineCalled(&number, cells: &cells, refineRoot: refineRoot, outgoingGroupIsZero: groupIsZero)
        let presented: String
        if let callerID {
            presented = callerID
            step(.presentedCaller, table, index, after: presented, lazily: .presents(.trunkCallerID))
        } else if mayPresentOwnName {
            let own = rules.value.linePresentsOwnNumber
            presented = own ? model.lines[index].name : caller  // a line: trunks never present their own
            step(
                .presentedCaller, table, index, after: presented, assumption: .linePresentsOwnNumber,
                lazily: .presents(own ? .lineOwnNumber : .caller))
        } else {
            presented = caller
            if table == .externalLines {
                step(.presentedCaller, table, index, after: presented, lazily: .presents(.originalCaller))
            }
        }
        if let observer, let cells {
            let presentsCaller = callerID == nil && !(mayPresentOwnName && rules.value.linePresentsOwnNumber)
            observer.endAttempt(called: cells, presentsCaller: presentsCaller)
        }
        return Attempt(
            via: via, name: name(of: member), called: number, caller: presented, isFailover: isFailover, blocked: blocked)
    }

    /// Refine called number for one attempt: the rows of the line's or trunk's `ogGroupID`
    /// (group 0 under `outgoingGroupZero=group0`).
    /// `cells` follows the number for the observer (nil: none).
    mutating func refineCalled(_ number: inout String, cells: inout NumberCells?, refineRoot: Int32?, outgoingGroupIsZero: Bool) {
        var root = refineRoot
        var zero: Assumptions.Name?
        if outgoingGroupIsZero, let groupZero = model.calledRefineGroupZeroRoot {
            zero = .outgoingGroupZero
            if rules.value.outgoingGroupZero == .group0 {
                root = groupZero
            } else {
                step(
                    .refineCalled, nil, nil, before: number, assumption: zero,
                    "ogGroupID 0: no refine group (the rows of group 0 are not used)")
                return
            }
        }
        guard let refineRoot = root else { return }
        let m = model.trie.longestPrefix(number, root: refineRoot)
        if let observer, let cells { observer.attemptLookup(root: refineRoot, cells, number, result: m) }
        guard m >= 0 else {
            step(
                .refineCalled, nil, nil, before: number, assumption: zero, also: literalStarWaits(root: refineRoot),
                lazily: .noCalledRefinement)
            return
        }
        let before = number
        let change = Self.applyTransition(
            model.calledRefineTransitions[Int(m)], to: &number, model: model,
            bounds: rules.value.transitionBounds, tracing: tracing)
        if let observer, let applied = change?.transition, cells != nil {
            observer.cutAttempt(&cells!, model.transitions[applied], bounds: rules.value.transitionBounds, before: before, after: number)
        }
        var names = CitedAssumptions()
        if let zero { names.insert(zero) }
        if let star = starDecided(model.snapshot.calledRefinements.reading(Int(m)) { $0.calledPrefix }) { names.insert(star) }
        step(
            .refineCalled, .calledRefinements, Int(m), before: before, after: number,
            assumption: change?.assumption, citing: names, lazily: .calledRefinement(row: m, note: change?.note))
    }

    /// Stage 8: the smallest non-zero of the caller's (or, after a forward, the forwarding
    /// user's), the record's and the line's maximum duration.
    func maxDuration(line: Int?) -> Int {
        var smallest = 0
        func consider(_ limit: Int) {
            if limit > 0 && (smallest == 0 || limit < smallest) { smallest = limit }
        }
        if let record { consider(Int(model.calledRecords[Int(record)].maxDuration)) }
        if let line { consider(model.lines[line].maxDuration) }
        // The origin's own limit stays symbolic for the observer; a forwarding user's is the
        // same for every call that reached it.
        if let observer, contextIsOrigin {
            observer.callerLimit(contextUser.map { model.users[Int($0)].maxDuration } ?? 0, others: smallest)
        }
        if let contextUser { consider(model.users[Int(contextUser)].maxDuration) }
        return smallest
    }
}

/// The smaller of two duration limits, where 0 (or less) means none (§4.8).
package func smallestDurationLimit(_ a: Int, _ b: Int) -> Int {
    if a <= 0 { return max(b, 0) }
    if b <= 0 { return a }
    return min(a, b)
}

extension CallRun {
    /// Stage 7 when nothing is recorded or observed and no live state is given: the attempts
    /// `attemptWithChain` and `makeAttempt` make, each refined by `refineCalled`, without what
    /// only a trace, the observer or live state needs (nothing can block an attempt then, and
    /// nothing is noted). The records are read in place, the called number's bytes once.
    mutating func leanAttempts(_ what: Attempts, into attempts: inout [Attempt], firstLine: inout Int?) {
        let retry = rules.value.failoverToTried == .retry
        let maxHops = rules.value.maxChainHops
        let ownNumber = rules.value.linePresentsOwnNumber
        let bounds = rules.value.transitionBounds
        // The refine root for `ogGroupID` 0 (`outgoingGroupZero`): nil when group 0 has no rows
        // (the record's own root, none, applies); .some(nil) when its rows are not used.
        let zero: Int32?? = model.calledRefineGroupZeroRoot.map { rules.value.outgoingGroupZero == .group0 ? $0 : nil }
        let called = self.called
        let caller = self.caller
        let model = self.model
        withDialBytes(of: called) { digits in
            model.lines.withUnsafeBufferPointer { lines in
                model.trunks.withUnsafeBufferPointer { trunks in
                    /// The attempt on `endpoint`: its number refined, its caller presented.
                    func attempt(_ endpoint: Endpoint, isFailover: Bool) {
                        let via: Via, name: String?, record: UnsafePointer<CompiledEndpoint>, presented: String
                        switch endpoint {
                        case .line(let l):
                            record = lines.baseAddress! + l
                            via = .externalLine(record.pointee.name)
                            name = model.names.lines[l]
                            if let callerID = record.pointee.callerID {
                                presented = callerID
                            } else if record.pointee.mayPresentOwnName, ownNumber {
                                presented = record.pointee.name
                            } else {
                                presented = caller
                            }
                            if firstLine == nil { firstLine = l }
                        case .trunk(let t):
                            record = trunks.baseAddress! + t
                            via = .sipTrunk(record.pointee.trunkID)
                            name = model.names.trunks[t]
                            presented = record.pointee.callerID ?? caller
                        }
                        var number = called
                        let root = record.pointee.outgoingGroupIsZero ? (zero ?? record.pointee.refineRoot) : record.pointee.refineRoot
                        if let root {
                            let m = model.trie.longestPrefix(digits, root: root)
                            if m >= 0 {
                                _ = Self.applyTransition(
                                    model.calledRefineTransitions[Int(m)], to: &number, model: model, bounds: bounds, tracing: false)
                            }
                        }
                        attempts.append(
                            Attempt(via: via, name: name, called: number, caller: presented, isFailover: isFailover, blocked: nil))
                    }
                    /// Whether an attempt went out on `endpoint` already (as `attemptWithChain`
                    /// finds it: by the line's name or the trunk's ID).
                    func tried(_ endpoint: Endpoint) -> Bool {
                        switch endpoint {
                        case .line(let l):
                            let name = lines[l].name
                            return attempts.contains { if case .externalLine(let other) = $0.via { other == name } else { false } }
                        case .trunk(let t):
                            let id = trunks[t].trunkID
                            return attempts.contains { if case .sipTrunk(let other) = $0.via { other == id } else { false } }
                        }
                    }
                    func withChain(_ member: Endpoint) {
                        var current = member
                        var hops = 0
                        var isFailover = false
                        while true {
                            if !retry, tried(current) { return }
                            attempt(current, isFailover: isFailover)
                            let next: Endpoint
                            switch current {
                            case .line(let l):
                                guard let n = lines[l].chain.index else { return }
                                next = .line(n)
                            case .trunk(let t):
                                guard let n = trunks[t].chain.index else { return }
                                next = .trunk(n)
                            }
                            hops += 1
                            if hops > maxHops { return }
                            current = next
                            isFailover = true
                        }
                    }
                    switch what {
                    case .single(let member): withChain(member)
                    case .group(let g, let start):
                        model.groupMembers[g].withUnsafeBufferPointer { members in
                            for k in 0..<members.count {
                                switch members[(start + k) % members.count] {
                                case .line(let l, _): withChain(.line(l))
                                case .trunk(let t, _): withChain(.trunk(t))
                                case .dangling, .unsupported: continue
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
