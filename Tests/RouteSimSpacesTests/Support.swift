import DialPlan
import Foundation
import RouteSim
import RouteSimGenerator
import RouteSimSpaces
import RouteSimTestSupport
import Testing

/// A bundled plan's snapshot.
func bundledSnapshot(_ name: String) throws -> Snapshot {
    let url = Corpus.plan(name)
    return try Snapshot(json: [UInt8](try Data(contentsOf: url)), source: url.path)
}

/// Small random plans that exercise every stage the symbolic analysis must follow: caller
/// analysis that switches plans and rewrites callers, speed dials for everyone and for one
/// caller, hunting-group detection, re-analysis with every kind of transition (clamped ones
/// too), call levels, refine caller and called numbers, failover chains, routing groups,
/// forwarding (unconditional and live-state), out-group prefixes, default lines, ring groups,
/// follow-me and voice mail.
enum RandomPlans {
    static let alphabet: [Character] = ["0", "1", "2", "9", "*"]

    static func plan(_ rng: inout SeededGenerator) -> Snapshot {
        func digits(_ n: ClosedRange<Int>) -> String { rng.dialString(length: n, from: alphabet) }
        let plans = ["default", "a", "b"]
        var s = Snapshot()
        s.systemInfo = SystemInfo()
        s.systemInfo?.outGroupPrefix = rng.pick(["", "9", "90"])
        let userCount = rng.within(3...7)
        let userNames = (0..<userCount).map { i in rng.chance(15) ? "u\(i)" : "\(rng.pick(["1", "2", "20"]))\(i)" }
        for (i, name) in userNames.enumerated() where !s.localUsers.contains(where: { $0.name == name }) {
            var u = LocalUser()
            u.name = name
            u.dialPlan = rng.pick(["", "a", "b", "default"])
            u.callLevel = rng.within(0...3)
            u.maxDuration = rng.pick([0, 0, 60, 120])
            if rng.chance(30) {
                u.forwardUnconditional = true
                u.forwardUnconditionalNumber = rng.chance(60) ? rng.pick(userNames) : digits(1...4)
            }
            if rng.chance(20) {
                u.forwardBusy = true
                u.forwardBusyNumber = digits(1...3)
            }
            if rng.chance(20) { u.specificExternalLine = "L\(rng.within(1...4))" }
            _ = i
            s.localUsers.append(u)
        }
        for i in 1...3 {
            var t = SIPTrunk()
            t.id = TrunkID(i)
            t.chain = TrunkID(rng.within(0...4))
            t.outgoingGroup = CalledRefineGroupID(rng.within(0...2))
            t.dialPlan = rng.pick(["", "a", "b"])
            t.callerID = rng.chance(40) ? digits(2...4) : ""
            s.sipTrunks.append(t)
            var l = ExternalLine()
            l.name = "L\(i)"
            l.chain = rng.chance(50) ? "L\(rng.within(1...4))" : ""
            l.shared = rng.chance(50)
            l.outgoingGroup = CalledRefineGroupID(rng.within(0...2))
            l.presentsOriginalCaller = rng.chance(50)
            l.maxDuration = rng.pick([0, 0, 90])
            switch rng.below(10) {
            case 0: l.autoAttendant = true
            case 1: l.incomingDestination = ""
            default: l.incomingDestination = rng.pick(userNames)
            }
            s.externalLines.append(l)
        }
        for g in 1...2 {
            var group = RoutingGroup()
            group.id = RoutingGroupID(g)
            s.routingGroups.append(group)
            for _ in 0..<rng.within(0...3) {
                var r = RoutingGroupRoute()
                r.group = RoutingGroupID(g)
                r.routeType = rng.chance(50) ? .sipTrunk : .externalLine
                r.trunk = TrunkID(rng.within(1...4))
                r.externalLine = "L\(rng.within(1...4))"
                s.routes.append(r)
            }
        }
        for id in 1...7 {
            var t = Transition()
            t.id = TransitionID(id)
            t.type = TransitionType(rawValue: rng.within(1...4))
            t.start = rng.within(-1...4)
            t.length = rng.within(0...3)
            t.prefix = digits(0...3)
            s.transitions.append(t)
        }
        for group in 1...2 {
            for _ in 0..<2 {
                var r = CalledRefinement()
                r.group = CalledRefineGroupID(group)
                r.calledPrefix = digits(0...2)
                r.transition = TransitionID(rng.within(0...8))
                if !s.calledRefinements.contains(where: { $0.group == r.group && $0.calledPrefix == r.calledPrefix }) {
                    s.calledRefinements.append(r)
                }
            }
            for _ in 0..<2 {
                var r = CallerRefinement()
                r.group = CallerRefineGroupID(group)
                r.callerPrefix = digits(0...2)
                r.transition = TransitionID(rng.within(0...8))
                if !s.callerRefinements.contains(where: { $0.group == r.group && $0.callerPrefix == r.callerPrefix }) {
                    s.callerRefinements.append(r)
                }
            }
        }
        for _ in 0..<rng.within(0...3) {
            var row = CallerAnalysis()
            row.callerPrefix = digits(0...2)
            row.transition = TransitionID(rng.pick([0, 0, rng.within(1...7)]))
            row.dialPlan = rng.pick(["", "a", "b"])
            if !s.callerAnalysis.contains(where: { $0.callerPrefix == row.callerPrefix }) { s.callerAnalysis.append(row) }
        }
        for _ in 0..<rng.within(0...3) {
            var entry = SpeedDial()
            entry.caller = rng.chance(50) ? "*" : rng.pick(userNames + [digits(1...2)])
            entry.dialed = "*" + digits(1...2)
            entry.destination = rng.chance(50) ? rng.pick(userNames) : digits(1...4)
            if !s.speedDials.contains(where: { $0.caller == entry.caller && $0.dialed == entry.dialed }) { s.speedDials.append(entry) }
        }
        var group = HuntingGroup()
        group.id = 1
        group.strategy = .linear
        s.huntingGroups.append(group)
        var op = HuntingOperator()
        op.user = userNames[0]
        op.group = 1
        s.huntingOperators.append(op)
        for _ in 0..<rng.within(0...2) {
            var d = HuntingDetection()
            d.dialPlan = rng.pick(plans)
            d.calledNumber = digits(1...3)
            d.group = HuntingGroupID(rng.pick([1, 1, 2]))
            if !s.huntingDetections.contains(where: { $0.dialPlan == d.dialPlan && $0.calledNumber == d.calledNumber }) {
                s.huntingDetections.append(d)
            }
        }
        var seen = Set<String>()
        for _ in 0..<rng.within(2...14) {
            var row = CalledAnalysis()
            row.dialPlan = rng.pick(plans)
            row.calledPrefix = rng.chance(10) ? "*" : digits(0...3)
            guard seen.insert(row.dialPlan + "/" + row.calledPrefix).inserted else { continue }
            row.routeType = RouteType(rawValue: rng.pick([0, 0, 1, 1, 2, 2, 3, 4, 6]))
            row.trunk = TrunkID(rng.within(0...4))
            row.externalLine = rng.chance(50) ? "" : "L\(rng.within(1...4))"
            row.routingGroup = RoutingGroupID(rng.within(0...3))
            row.changesNumber = rng.chance(45)
            row.reanalyze = rng.chance(50)
            row.transition = TransitionID(rng.within(0...8))
            row.callLevel = rng.pick([0, 0, 0, 1, 2])
            row.callerRefineGroup = CallerRefineGroupID(rng.within(0...3))
            row.maxDuration = rng.pick([0, 0, 30])
            s.calledAnalysis.append(row)
        }
        var services = SeededGenerator(seed: rng.copyDraw() ^ 0x5eed_0010)
        addServices(&s, &services)
        return s
    }

    /// Ring groups (with right_rg, right_sup_rg), follow-me of every kind (sequential,
    /// simultaneous, an fmtype routesim does not know, destinations that are users, numbers
    /// or empty) and voice mail, on some of the plan's users.
    ///
    /// Drawn from a generator of their own, so that the plans and edits the trials draw from
    /// their own generator stay those the properties were tuned on.
    static func addServices(_ s: inout Snapshot, _ rng: inout SeededGenerator) {
        func digits(_ n: ClosedRange<Int>) -> String { rng.dialString(length: n, from: alphabet) }
        let names = s.localUsers.map(\.name)
        let ringGroups = rng.chance(70)
        for i in s.localUsers.indices {
            if ringGroups && rng.chance(45) {
                s.localUsers[i].ringGroup = rng.pick([1, 1, 2])
                s.localUsers[i].ringGroupRight = rng.chance(85)
                s.localUsers[i].suppressesRingGroup = rng.chance(25)
            }
            if rng.chance(50) {
                s.localUsers[i].followMeType = rng.pick([1, 1, 2, 3])
                s.localUsers[i].followMeInterval = rng.pick([0, 10, 20])
                func destination() -> String { rng.chance(25) ? "" : rng.chance(30) ? rng.pick(names) : digits(1...4) }
                s.localUsers[i].followMeA = destination()
                s.localUsers[i].followMeB = destination()
                s.localUsers[i].followMeC = destination()
            }
            if rng.chance(15) { s.localUsers[i].voicemail = true }
        }
    }

    /// Random assumptions, so that every switch is crossed.
    /// `seed` (the trial's) draws issue 11's assumptions from a generator of their own, so the
    /// plans and edits the trial draws from `rng` stay those the properties were tuned on.
    static func assumptions(_ rng: inout SeededGenerator, seed: UInt64) -> Assumptions {
        var a = Assumptions()
        a.speedDialMatch = rng.chance(30) ? .prefix : .exact
        a.huntingDetectionMatch = rng.chance(30) ? .prefix : .exact
        a.transitionBounds = rng.chance(30) ? .skip : .clamp
        a.starIsCatchAll = rng.chance(80)
        a.keepRecordOnReanalysisMiss = rng.chance(70)
        a.maxAnalysisPasses = rng.pick([2, 3, 8])
        a.userState = rng.pick(Assumptions.UserState.allCases)
        a.callLevelRule = rng.chance(50) ? .bitmask : .minimum
        a.linePresentsOwnNumber = rng.chance(70)
        // Issue 11's assumptions the analysis follows (docs/spaces.md, Limitations).
        var fidelity = SeededGenerator(seed: seed ^ 0x5eed_0011)
        a.forwardedLegContext = fidelity.pick(Assumptions.ForwardedLegContext.allCases)
        a.callLevelNonUsers = fidelity.pick(Assumptions.CallLevelNonUsers.allCases)
        a.defaultLineOrder = fidelity.pick(Assumptions.DefaultLineOrder.allCases)
        a.stripOutGroupPrefix = fidelity.pick(Assumptions.OutGroupPrefixStrip.allCases)
        a.unmatchedPlanFallback = fidelity.pick(Assumptions.UnmatchedPlanFallback.allCases)
        a.huntingDetectionPosition = fidelity.pick(Assumptions.HuntingDetectionPosition.allCases)
        a.outgoingGroupZero = fidelity.pick(Assumptions.OutgoingGroupZero.allCases)
        a.failoverToTried = fidelity.pick(Assumptions.FailoverToTried.allCases)
        return a
    }
}

extension SeededGenerator {
    /// A random number of the region (each length about equally likely; the region's witness
    /// when a few draws all fall in what it leaves out).
    mutating func member(of region: NumberRegion) -> String {
        for _ in 0..<50 {
            let length = within(region.minLength...region.maxLength)
            var bytes: [UInt8] = []
            for p in 0..<length {
                bytes.append(SymbolSet.byte(pick(region.mask(at: p).symbols)))
            }
            if region.contains(bytes) { return String(decoding: bytes, as: UTF8.self) }
        }
        return region.witness
    }

    /// The region's edge: its longest numbers, made of each position's largest or smallest
    /// symbol (or, next to what the region leaves out, a continuation that just escapes it).
    mutating func edge(of region: NumberRegion) -> String {
        for _ in 0..<50 {
            var bytes: [UInt8] = []
            for p in 0..<region.maxLength {
                let mask = region.mask(at: p)
                bytes.append(SymbolSet.byte(chance(50) ? mask.symbols.last! : mask.first))
            }
            if !region.excluded.isEmpty && chance(50) {
                // Follow an excluded continuation but its last character.
                let path = pick(region.excluded)
                for (k, byte) in path.dropLast().enumerated() { bytes[region.minLength + k] = byte }
            }
            if region.contains(bytes) { return String(decoding: bytes, as: UTF8.self) }
        }
        return region.witness
    }

    /// A random origin of a class (its representative one time in three).
    mutating func origin(of c: OriginClass, excluding users: Set<String>) -> Origin {
        if chance(33) { return c.representative }
        switch c.members {
        case .users(let names): return .localUser(pick(names))
        case .callers(let parts):
            let part = pick(parts)
            var caller = member(of: pick(part.callers))
            var tries = 0
            while c.kind == .unknownCaller && users.contains(caller) && tries < 20 {
                caller = member(of: pick(part.callers))
                tries += 1
            }
            if c.kind == .unknownCaller && users.contains(caller) { return c.representative }
            switch c.kind {
            case .sipTrunk: return .sipTrunk(pick(part.trunks), caller: caller)
            case .externalLine: return .externalLine(pick(part.lines), caller: caller)
            default: return .caller(caller)
            }
        }
    }
}

extension Origin {
    /// The caller number a call from this origin starts with.
    var callerNumber: String {
        switch self {
        case .localUser(let name): return name
        case .sipTrunk(_, let caller), .externalLine(_, let caller): return caller
        case .caller(let number): return number
        }
    }
}

extension RandomPlans {
    /// The plan with one to three random edits: a called-analysis row changed, removed or added,
    /// a transition, a user, a trunk, a line, a caller-analysis row or a speed dial changed.
    static func edit(_ plan: Snapshot, _ rng: inout SeededGenerator) -> Snapshot {
        var s = plan
        func digits(_ n: ClosedRange<Int>) -> String { rng.dialString(length: n, from: alphabet) }
        for _ in 0..<rng.within(1...3) {
            switch rng.below(10) {
            case 0 where !s.calledAnalysis.isEmpty:
                s.calledAnalysis.remove(at: rng.below(s.calledAnalysis.count))
            case 1:
                var row = CalledAnalysis()
                row.dialPlan = rng.pick(["default", "a", "b"])
                row.calledPrefix = digits(1...3)
                row.routeType = RouteType(rawValue: rng.pick([1, 2, 3]))
                row.trunk = TrunkID(rng.within(1...3))
                row.externalLine = "L\(rng.within(1...3))"
                row.routingGroup = RoutingGroupID(rng.within(1...2))
                row.transition = TransitionID(rng.within(0...7))
                row.changesNumber = rng.chance(50)
                if !s.calledAnalysis.contains(where: { $0.dialPlan == row.dialPlan && $0.calledPrefix == row.calledPrefix }) {
                    s.calledAnalysis.append(row)
                }
            case 2,
                3 where !s.calledAnalysis.isEmpty:
                let i = rng.below(s.calledAnalysis.count)
                switch rng.below(6) {
                case 0: s.calledAnalysis[i].routeType = RouteType(rawValue: rng.pick([0, 1, 2, 3, 4]))
                case 1: s.calledAnalysis[i].trunk = TrunkID(rng.within(0...4))
                case 2: s.calledAnalysis[i].transition = TransitionID(rng.within(0...8))
                case 3: s.calledAnalysis[i].callLevel = rng.pick([0, 1, 2])
                case 4: s.calledAnalysis[i].maxDuration = rng.pick([0, 45])
                default: s.calledAnalysis[i].reanalyze.toggle()
                }
            case 4 where !s.transitions.isEmpty:
                let i = rng.below(s.transitions.count)
                if rng.chance(50) { s.transitions[i].prefix = digits(0...3) } else { s.transitions[i].start = rng.within(0...3) }
            case 5 where !s.localUsers.isEmpty:
                let i = rng.below(s.localUsers.count)
                if rng.chance(50) {
                    s.localUsers[i].callLevel = rng.within(0...3)
                } else {
                    s.localUsers[i].maxDuration = rng.pick([0, 60, 300])
                }
            case 6 where !s.sipTrunks.isEmpty:
                let i = rng.below(s.sipTrunks.count)
                if rng.chance(50) { s.sipTrunks[i].chain = TrunkID(rng.within(0...4)) } else { s.sipTrunks[i].callerID = digits(0...3) }
            case 7 where !s.externalLines.isEmpty:
                s.externalLines[rng.below(s.externalLines.count)].presentsOriginalCaller.toggle()
            case 8 where !s.callerAnalysis.isEmpty:
                let i = rng.below(s.callerAnalysis.count)
                if rng.chance(50) {
                    s.callerAnalysis[i].transition = TransitionID(rng.within(0...7))
                } else {
                    s.callerAnalysis[i].dialPlan = rng.pick(["", "a", "b"])
                }
            case 9 where !s.speedDials.isEmpty:
                s.speedDials[rng.below(s.speedDials.count)].destination = digits(1...4)
            default:
                break
            }
        }
        // A change of ring groups or follow-me, drawn from a generator of its own (see
        // `addServices`).
        var services = SeededGenerator(seed: rng.copyDraw() ^ 0x5eed_0012)
        if services.chance(30) && !s.localUsers.isEmpty {
            let i = services.below(s.localUsers.count)
            switch services.below(3) {
            case 0: s.localUsers[i].ringGroup = services.pick([0, 1, 2])
            case 1: s.localUsers[i].suppressesRingGroup.toggle()
            default:
                s.localUsers[i].followMeA = services.chance(50) ? services.pick(s.localUsers.map(\.name)) : "0\(services.within(0...9))"
            }
        }
        return s
    }
}

extension SeededGenerator {
    /// A draw from a copy of this generator: a seed that follows from its state without moving it.
    func copyDraw() -> UInt64 {
        var copy = self
        return copy.next()
    }
}

/// Every number of 1 or 2 characters over the whole dial alphabet, every number of 3 characters
/// over `0 1 2 9 * #` (the random plans' symbols and one they never use) and of 4 characters
/// over `0 1 2 9 *`: the naive per-number reference the symbolic analysis is checked against.
let enumeratedNumbers: [String] = {
    var out: [String] = []
    func extend(_ prefix: String, _ length: Int, _ symbols: [Character]) {
        if prefix.count == length {
            out.append(prefix)
            return
        }
        for s in symbols { extend(prefix + String(s), length, symbols) }
    }
    let all = Array("0123456789*#+")
    for n in 1...2 { extend("", n, all) }
    extend("", 3, Array("0129*#"))
    extend("", 4, Array("0129*"))
    return out
}()

extension RouteResult {
    /// The result as `route` answers it, without the trace and the release message (the
    /// message explains; the reason is the answer).
    var answer: RouteResult {
        var copy = self
        copy.steps = []
        if let release { copy.release = Release(reason: release.reason, message: "") }
        return copy
    }
}
