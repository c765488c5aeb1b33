import DialPlan
import RouteSimRandom

/// Fills a snapshot table by table; every draw comes from one seeded generator per concern.
struct PlanBuilder {
    let options: Options
    let scale: PlanScale
    var snapshot = Snapshot()
    var planted: [PlanGenerator.PlantedDefect] = []

    typealias Options = PlanGenerator.Options

    /// Country codes for international prefixes; the home country is 49.
    static let countryCodes = [
        "1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "54", "55", "56", "57", "60", "61", "62", "63", "64", "65", "66", "81",
        "82", "84", "86", "90", "91", "92", "94", "98", "212", "213", "216", "234", "254", "351", "352",
        "353", "354", "358", "359", "370", "371", "372", "380", "420", "421", "852", "886", "971", "972",
    ]

    // Transition IDs of the shared pool.
    static let plusToInternational: TransitionID = 1  // "+"    → "00"
    static let internationalToPlus: TransitionID = 2  // "00"   → "+"
    static let nationalToPlus: TransitionID = 3  // "0"    → "+49"
    static let homeToNational: TransitionID = 4  // "0049" → "0"
    static let nationalToInternational: TransitionID = 5  // "0"    → "0049"
    static let stripFirstDigit: TransitionID = 6  // delete 1 at 0

    var dialPlans: [String] = []
    /// Prefixes already used, per dial plan (keys must be unique).
    var takenPrefixes: [Set<String>] = []
    var userNames: [String] = []
    var lineNames: [String] = []
    var nextTransition = 100

    init(options: Options) {
        self.options = options
        self.scale = PlanScale(rows: options.rows)
    }

    // MARK: The clean plan

    mutating func buildCleanPlan() {
        var root = SeededGenerator(seed: options.seed)
        // One generator per concern: changing how one table is drawn leaves the others unchanged.
        var users = root.fork(), endpoints = root.fork(), groups = root.fork(), analysis = root.fork()
        var extras = root.fork()

        dialPlans = ["default", "restricted", "intl-in"] + (1...scale.sitePlans).map { "site\($0)" }
        takenPrefixes = Array(repeating: [], count: dialPlans.count)
        var system = SystemInfo()
        system.outGroupPrefix = "9"
        snapshot.systemInfo = system

        addTransitionPool()
        addUsers(&users)
        addEndpoints(&endpoints)
        addRoutingGroups(&groups)
        addCallerRefinements(&groups)
        addCallerAnalysis(&extras)
        addCalledAnalysis(&analysis)
        addHuntingGroups(&extras)
        addSpeedDials(&extras)
        if options.services {
            // Forked last: the tables above are drawn as without services.
            var services = root.fork()
            addServices(&services)
        }
    }

    /// Ring groups, follow-me and voice mail: about one user in nine in a ring group of 3 to 8
    /// neighbours (one of them suppressing the group for calls to itself, `right_sup_rg`), one
    /// in thirty with follow-me (type 1 or 2, every 10 to 25 s) to a colleague and a national
    /// number, one in ten with voice mail. Follow-me destinations do not expand services of
    /// their own, so no loop is made.
    mutating func addServices(_ rng: inout SeededGenerator) {
        let count = snapshot.localUsers.count
        var group = 0
        var i = 0
        while i < count {
            guard rng.chance(2) else {
                i += 1
                continue
            }
            group += 1
            let members = min(3 + rng.below(6), count - i)
            for j in i..<(i + members) {
                snapshot.localUsers[j].ringGroup = group
                snapshot.localUsers[j].ringGroupRight = true
            }
            snapshot.localUsers[i + rng.below(members)].suppressesRingGroup = true
            i += members
        }
        for k in 0..<count {
            if rng.chance(3) {
                snapshot.localUsers[k].followMeType = 1 + rng.below(2)
                snapshot.localUsers[k].followMeInterval = 10 + 5 * rng.below(4)
                snapshot.localUsers[k].followMeA = userNames[rng.below(count)]
                snapshot.localUsers[k].followMeB = "0" + String(100_000_000 + rng.below(900_000_000))
            }
            if rng.chance(10) { snapshot.localUsers[k].voicemail = true }
        }
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Adds a `natran` record: with `id`, or else the next free ID from 100.
    @discardableResult
    mutating func addTransition(
        id: TransitionID? = nil, _ type: TransitionType, start: Int, length: Int, prefix: String, _ description: String
    ) -> TransitionID {
        var t = Transition()
        if let id {
            t.id = id
        } else {
            t.id = TransitionID(nextTransition)
            nextTransition += 1
        }
        t.type = type
        t.start = start
        t.length = length
        t.prefix = prefix
        t.description = description
        snapshot.transitions.append(t)
        return t.id
    }

    mutating func addTransitionPool() {
        let pool: [(TransitionID, TransitionType, Int, Int, String, String)] = [
            (Self.plusToInternational, .replace, 0, 1, "00", "+ to 00"),
            (Self.internationalToPlus, .replace, 0, 2, "+", "00 to +"),
            (Self.nationalToPlus, .replace, 0, 1, "+49", "national 0 to +49"),
            (Self.homeToNational, .replace, 0, 4, "0", "0049 to national 0"),
            (Self.nationalToInternational, .replace, 0, 1, "0049", "national 0 to 0049"),
            (Self.stripFirstDigit, .delete, 0, 1, "", "strip the first digit"),
        ]
        for (id, type, start, length, prefix, description) in pool {
            addTransition(id: id, type, start: start, length: length, prefix: prefix, description)
        }
    }

    /// Extensions `2…`, one width for the whole plan.
    mutating func addUsers(_ rng: inout SeededGenerator) {
        let width = max(3, String(scale.users - 1).count)
        userNames = (0..<scale.users).map { "2" + Self.padded($0, width) }
        let forwards = (0..<scale.users).map { _ in rng.chance(2) }
        snapshot.localUsers.reserveCapacity(scale.users)
        for (i, name) in userNames.enumerated() {
            var user = LocalUser()
            user.name = name
            let plan = rng.below(100)
            user.dialPlan = plan < 10 ? "" : plan < 70 ? "default" : plan < 80 ? "restricted" : "site\(1 + rng.below(scale.sitePlans))"
            user.callLevel = rng.below(8)
            if rng.chance(20) { user.maxDuration = 3600 }
            if forwards[i] {
                // Forward to a user that does not forward itself: no loop in the clean plan.
                var target = rng.below(scale.users)
                while forwards[target] { target = rng.below(scale.users) }
                user.forwardUnconditional = true
                user.forwardUnconditionalNumber = userNames[target]
            } else if rng.chance(5) {
                user.forwardBusy = true
                user.forwardBusyNumber = userNames[rng.below(scale.users)]
            }
            if rng.chance(5) { user.specificExternalLine = "line\(1 + rng.below(scale.lines))" }
            snapshot.localUsers.append(user)
        }
    }

    /// SIP trunks and external lines, each with a refine-called-number group of its own.
    mutating func addEndpoints(_ rng: inout SeededGenerator) {
        snapshot.sipTrunks.reserveCapacity(scale.trunks)
        for i in 0..<scale.trunks {
            var trunk = SIPTrunk()
            trunk.id = TrunkID(1 + i)
            trunk.description = "carrier \(1 + i)"
            trunk.address = "sip\(1 + i).carrier.example"
            if rng.chance(30) {
                trunk.callerID = "4930"
                rng.appendDigits(7, to: &trunk.callerID)
            }
            trunk.dialPlan = rng.chance(60) ? "intl-in" : "default"
            // Failover chains of three: 1 → 2 → 3, 4 → 5 → 6, …
            if i % 3 != 2 && i + 1 < scale.trunks { trunk.chain = TrunkID(2 + i) }
            trunk.outgoingGroup = CalledRefineGroupID(1 + i)
            snapshot.sipTrunks.append(trunk)
            addCalledRefinements(group: trunk.outgoingGroup, &rng)
        }
        lineNames = (0..<scale.lines).map { "line\(1 + $0)" }
        for (i, name) in lineNames.enumerated() {
            var line = ExternalLine()
            line.name = name
            line.host = "10.1.\(i / 250).\(1 + i % 250)"
            let incoming = rng.below(100)
            if incoming < 80 {
                line.incomingDestination = userNames[rng.below(userNames.count)]
            } else if incoming < 90 {
                line.autoAttendant = true
            }
            if i % 2 == 0 && i + 1 < scale.lines { line.chain = lineNames[i + 1] }
            line.outgoingGroup = CalledRefineGroupID(1 + scale.trunks + i)
            line.shared = rng.chance(50)
            line.presentsOriginalCaller = rng.chance(30)
            if rng.chance(10) { line.maxDuration = 7200 }
            snapshot.externalLines.append(line)
            addCalledRefinements(group: line.outgoingGroup, &rng)
        }
    }

    /// Two to four refine-called-number rows in one of the carrier styles.
    mutating func addCalledRefinements(group: CalledRefineGroupID, _ rng: inout SeededGenerator) {
        func row(_ prefix: String, _ transition: TransitionID) {
            var r = CalledRefinement()
            r.group = group
            r.calledPrefix = prefix
            r.transition = transition
            snapshot.calledRefinements.append(r)
        }
        switch rng.below(3) {
        case 0:  // E.164 with +
            row("00", Self.internationalToPlus)
            row("0", Self.nationalToPlus)
        case 1:  // national format for the home country
            row("0049", Self.homeToNational)
            row("00", 0)
        default:  // a technical prefix in front of everything
            let tech = addTransition(
                .add, start: 0, length: 0, prefix: "\(1000 + Int(group.rawValue))#",
                "technical prefix of refine group \(group)")
            row("", tech)
            row("0049", Self.homeToNational)
        }
        if rng.chance(30) { row("+", Self.plusToInternational) }
    }

    mutating func addRoutingGroups(_ rng: inout SeededGenerator) {
        for g in 0..<scale.routingGroups {
            var group = RoutingGroup()
            group.id = RoutingGroupID(1 + g)
            group.description = "routing group \(1 + g)"
            snapshot.routingGroups.append(group)
            var usedTrunks: Set<Int> = [], usedLines: Set<Int> = []
            for _ in 0..<rng.within(2...4) {
                var route = RoutingGroupRoute()
                route.group = group.id
                if rng.chance(85) {
                    let t = rng.below(scale.trunks)
                    guard usedTrunks.insert(t).inserted else { continue }
                    route.routeType = .sipTrunk
                    route.trunk = TrunkID(1 + t)
                } else {
                    let l = rng.below(scale.lines)
                    guard usedLines.insert(l).inserted else { continue }
                    route.routeType = .externalLine
                    route.externalLine = lineNames[l]
                }
                snapshot.routes.append(route)
            }
        }
    }

    /// Refine-caller-number groups: extensions become E.164 numbers of the group's site.
    mutating func addCallerRefinements(_ rng: inout SeededGenerator) {
        for g in 0..<scale.callerRefineGroups {
            var site = "+4930"
            rng.appendDigits(4, to: &site)
            let toE164 = addTransition(.add, start: 0, length: 0, prefix: site, "extension to \(site)…")
            for (prefix, transition) in [("2", toE164), ("0", Self.nationalToPlus)] {
                var r = CallerRefinement()
                r.group = CallerRefineGroupID(1 + g)
                r.callerPrefix = prefix
                r.transition = transition
                snapshot.callerRefinements.append(r)
            }
        }
    }

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
