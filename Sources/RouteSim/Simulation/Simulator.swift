import DialPlan

/// Runs calls through a routing model, stage by stage (semantics §3–§5).
///
/// `route(_:)` records a trace step for every stage; `routeFast(_:)` runs the same code without
/// recording anything, for bulk use and benchmarks. Both are pure: no I/O, no global state.
public struct Simulator: Sendable {
    public let model: RoutingModel

    public init(model: RoutingModel) {
        self.model = model
    }

    /// Simulates a call with its full trace.
    public func route(_ call: Call) throws(CallError) -> RouteResult {
        var run = CallRun(model: model, tracing: true)
        return try run.simulate(call)
    }

    /// Simulates a call without a trace (`steps` stays empty).
    public func routeFast(_ call: Call) throws(CallError) -> RouteResult {
        var run = CallRun(model: model, tracing: false)
        return try run.simulate(call)
    }

    /// Who a probe's caller is when a record requires a call level.
    package enum ProbeCaller: Sendable {
        /// A call from a SIP trunk: call levels are not checked.
        case trunk
        /// An unknown caller: it has no call level, so a record that requires one rejects it.
        case unknown
    }

    /// Runs `called` through analysis and routing from dial plan `dialPlan` (a model ID), with
    /// caller number `0` and no origin stage: caller analysis and speed dial are skipped.
    ///
    /// The linter's entry point: it asks what a dial plan does with a number without building a
    /// whole call, then looks for an origin that reproduces the answer through `route(_:)`.
    package func probe(_ called: String, dialPlan: Int32, caller: ProbeCaller = .trunk, tracing: Bool = false) -> RouteResult {
        var run = CallRun(model: model, tracing: tracing)
        run.called = called
        run.caller = "0"
        run.originalCaller = run.caller
        run.dialPlan = dialPlan
        run.originKind = caller == .unknown ? .unknownCaller : .sipTrunk
        return run.analyzeAndRoute()
    }

    /// Checks a number a user typed: non-empty, at most 64 characters, printable ASCII without
    /// spaces. Characters outside the dial alphabet are allowed (matching stops there).
    public static func validateNumber(_ number: String, role: String) throws(CallError) {
        if number.isEmpty { throw CallError(message: "the \(role) number is empty") }
        let plain = number.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count <= 64 && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        }
        if plain == true { return }
        if number.utf8.count > 64 {
            throw CallError(message: "the \(role) number is \(number.utf8.count) characters long; at most 64 are allowed")
        }
        if let bad = number.unicodeScalars.first(where: { $0.value <= 0x20 || $0.value >= 0x7F }) {
            let shown = bad.value == 0x20 ? "a space" : "U+\(String(bad.value, radix: 16, uppercase: true))"
            throw CallError(
                message:
                    "the \(role) number '\(number.debugDescription.dropFirst().dropLast())' holds \(shown); use digits, * # + (or a user name)"
            )
        }
    }
}

/// The state of one simulated call as it moves through the pipeline.
struct CallRun {
    let model: RoutingModel
    /// The trace being recorded; nil on the fast path.
    let trace: TraceLog?
    var tracing: Bool { trace != nil }

    var caller = ""
    var called = ""
    var dialPlan: Int32 = 0
    /// The local user placing the call (-1: a trunk, a line or an unknown caller).
    var callerUser: Int32 = -1
    /// The caller as the call arrived, before analyze caller number (speed dial keys on it).
    var originalCaller = ""
    /// The caller after analyze caller number, before any refine: a forwarded call starts from it.
    var analyzedCaller = ""
    /// The `anacldnbr` record whose route the call takes (-1: none, the defaults route it).
    var record: Int32 = -1
    var forwardHops = 0
    var forwardedFrom: [Int32] = []
    var originKind = OriginKind.localUser

    enum OriginKind { case localUser, sipTrunk, externalLine, unknownCaller }

    init(model: RoutingModel, tracing: Bool) {
        self.model = model
        self.trace = tracing ? TraceLog() : nil
    }

    // Read through `model` at each use: a computed copy of the whole snapshot or assumptions
    // would retain every array and string they hold, on every access.

    // MARK: Trace

    /// Records a trace step. Every argument but the stage is evaluated only when tracing, so the
    /// fast path pays nothing for the text it would not keep.
    func step(
        _ stage: Stage, _ table: Table? = nil, _ index: @autoclosure () -> Int? = nil,
        before: @autoclosure () -> String? = nil, after: @autoclosure () -> String? = nil,
        assumption: @autoclosure () -> String? = nil, _ detail: @autoclosure () -> String
    ) {
        guard let trace else { return }
        let index = index(), before = before(), after = after(), assumption = assumption()
        var key: [TraceStep.KeyField] = []
        if let table, let index {
            key = model.snapshot.key(of: table, at: index).map { TraceStep.KeyField(name: $0.0, value: $0.1) }
        }
        trace.steps.append(
            TraceStep(
                stage: stage, table: table, recordIndex: index, key: key, before: before, after: after,
                assumption: assumption.map(model.assumptions.cite), detail: detail()))
    }

    func result(_ outcome: Outcome, _ target: Target? = nil) -> RouteResult {
        RouteResult(
            outcome: outcome, target: target, dialPlan: model.dialPlanNames[Int(dialPlan)], caller: caller,
            called: called, steps: trace?.steps ?? [])
    }

    func release(_ reason: ReleaseReason, _ message: String, rejected: Bool = false) -> RouteResult {
        step(.release, nil, nil, "\(rejected ? "rejected" : "released") (\(reason.rawValue)): \(message)")
        var r = result(rejected ? .rejected : .released)
        r.release = Release(reason: reason, message: message)
        return r
    }

    func planName(_ id: Int32) -> String { model.dialPlanNames[Int(id)] }

    // MARK: Pipeline

    mutating func simulate(_ call: Call) throws(CallError) -> RouteResult {
        try Simulator.validateNumber(call.called, role: "called")
        called = call.called
        if let early = try startCall(call.origin) { return early }
        originalCaller = caller
        analyzeCaller()
        analyzedCaller = caller
        applySpeedDial()
        return analyzeAndRoute()
    }

    /// Stage 0, the origin (semantics §3): caller, called number and the dial plan to start in.
    mutating func startCall(_ origin: Origin) throws(CallError) -> RouteResult? {
        switch origin {
        case .localUser(let name):
            guard let u = model.user(named: name) else {
                throw CallError(message: "no local user named '\(name)' in the plan (localuser usrname)")
            }
            startAsUser(u, name: name)
        case .caller(let number):
            try Simulator.validateNumber(number, role: "caller")
            if let u = model.user(named: number) {
                startAsUser(u, name: number)
            } else {
                caller = number
                originKind = .unknownCaller
                dialPlan = model.dialPlanID(model.assumptions.unknownCallerDialPlan)!
                step(
                    .origin, nil, nil, after: called, assumption: "unknownCallerDialPlan",
                    "caller \(number) is no local user: an unknown caller, starting in dial plan \"\(planName(dialPlan))\"")
            }
        case .sipTrunk(let id, let number):
            try Simulator.validateNumber(number, role: "caller")
            guard let t = model.trunkIndex[id] else {
                throw CallError(message: "no SIP trunk with servID \(id) in the plan (peerserver)")
            }
            caller = number
            originKind = .sipTrunk
            dialPlan = model.trunks[Int(t)].dialPlan
            step(
                .origin, .peerserver, Int(t), after: called,
                "incoming call from \(number) on SIP trunk \(id), starting in dial plan \"\(planName(dialPlan))\"")
        case .externalLine(let name, let number):
            try Simulator.validateNumber(number, role: "caller")
            guard let l = model.lineIndex[name] else {
                throw CallError(message: "no external line named '\(name)' in the plan (extline extLine)")
            }
            caller = number
            originKind = .externalLine
            let line = model.snapshot.externalLines[Int(l)]
            dialPlan = model.dialPlanID(model.assumptions.externalLineDialPlan)!
            if line.autoAttendant {
                step(
                    .origin, .extline, Int(l), before: called,
                    "incoming call from \(number) on external line \(name): aaInd = 1, the auto attendant answers")
                return result(.autoAttendant, .externalLine(name))
            }
            if line.incomingDestination.isEmpty {
                step(.origin, .extline, Int(l), before: called, "incoming call on external line \(name)")
                return release(.noDestination, "external line \(name) has no destination for incoming calls (localUser is empty)")
            }
            let dialed = called
            called = line.incomingDestination
            step(
                .origin, .extline, Int(l), before: dialed, after: called, assumption: "externalLineDialPlan",
                "incoming call from \(number) on external line \(name): the line's destination \(called), dial plan \"\(planName(dialPlan))\""
            )
        }
        return nil
    }

    /// `name` is the user's `usrname` (the key `u` was found by): the record is read for the trace only.
    mutating func startAsUser(_ u: Int32, name: String) {
        callerUser = u
        var user: LocalUser { model.snapshot.localUsers[Int(u)] }
        caller = name
        dialPlan = model.users[Int(u)].dialPlan
        step(
            .origin, .localuser, Int(u), after: called,
            "local user \(user.name) calls \(called), starting in dial plan \"\(planName(dialPlan))\"\(user.dialPlan.isEmpty ? " (dialPlan empty: default)" : "")"
        )
    }

    /// Stage 1: analyze caller number (one global table), once.
    mutating func analyzeCaller() {
        guard !model.snapshot.callerAnalysis.isEmpty else { return }
        let m = model.trie.longestPrefix(caller, root: model.callerAnalysisRoot)
        guard m >= 0 else {
            step(.analyzeCaller, nil, nil, before: caller, "no anaclrnbr record matches caller \(caller)")
            return
        }
        let row = model.snapshot.callerAnalysis[Int(m)]
        let before = caller
        var notes: [String] = []
        var scratch = caller
        let change = applyTransition(model.callerAnalysisTransitions[Int(m)], row.transition, to: &scratch)
        caller = scratch
        if tracing, let change { notes.append(change) }
        let newPlan = model.callerAnalysisPlans[Int(m)]
        if newPlan >= 0 {
            if tracing { notes.append("dial plan \"\(planName(dialPlan))\" → \"\(planName(newPlan))\"") }
            dialPlan = newPlan
        }
        step(
            .analyzeCaller, .anaclrnbr, Int(m), before: before, after: caller,
            assumption: change?.contains("clamped") == true ? "transitionBounds" : nil,
            "caller prefix \"\(row.callerPrefix)\" matches\(notes.isEmpty ? "; nothing changes" : ": " + notes.joined(separator: "; "))")
    }

    /// Stage 2: speed dial, once; the caller's own row wins over a row for every caller.
    mutating func applySpeedDial() {
        guard !model.snapshot.speedDials.isEmpty else { return }
        let exact = model.assumptions.speedDialMatch == .exact
        func lookup(_ root: Int32) -> Int32 {
            exact ? model.trie.exactMatch(called, root: root) : model.trie.longestPrefix(called, root: root)
        }
        var m: Int32 = -1
        if let own = model.speedDialRoot(forCaller: originalCaller) { m = lookup(own) }
        if m < 0 { m = lookup(model.speedDialAnyCallerRoot) }
        guard m >= 0 else {
            step(.speedDial, nil, nil, before: called, assumption: "speedDialMatch", "no speed-dial entry for \(called)")
            return
        }
        let row = model.snapshot.speedDials[Int(m)]
        let before = called
        called = row.destination
        step(
            .speedDial, .speeddial, Int(m), before: before, after: called, assumption: "speedDialMatch",
            "speed dial \(row.dialed) of \(row.caller.isEmpty || row.caller == "*" ? "every caller" : "caller " + row.caller) → \(row.destination)"
        )
    }

    /// Stage 3 and on: the analysis loop, then the route.
    mutating func analyzeAndRoute() -> RouteResult {
        var pass = 1
        while true {
            if pass > model.assumptions.maxAnalysisPasses {
                step(
                    .reanalysis, nil, nil, before: called, assumption: "maxAnalysisPasses",
                    "pass \(pass) would exceed \(model.assumptions.maxAnalysisPasses) analysis passes")
                return release(
                    .loop,
                    "the called number was re-analysed \(model.assumptions.maxAnalysisPasses) times without settling (last \(called))")
            }
            if let hunt = detectHuntingGroup() { return hunt }
            let root = model.calledAnalysisRoots[Int(dialPlan)]
            let m = root < 0 ? -1 : model.trie.longestPrefix(called, root: root)
            guard m >= 0 else {
                step(
                    .analyzeCalled, nil, nil, before: called,
                    "no anacldnbr record of dial plan \"\(planName(dialPlan))\" matches \(called): the defaults apply")
                if record >= 0 && !model.assumptions.keepRecordOnReanalysisMiss { record = -1 }
                return routeByDefaults()
            }
            var row: CalledAnalysis { model.snapshot.calledAnalysis[Int(m)] }
            let compiled = model.calledRecords[Int(m)]
            step(
                .analyzeCalled, .anacldnbr, Int(m), before: called,
                "prefix \"\(row.calledPrefix)\" of dial plan \"\(planName(dialPlan))\" matches \(called) (route: \(row.routeType)\(routeTargetText(row)))"
            )
            if compiled.callLevel != 0, let rejection = checkCallLevel(Int(compiled.callLevel), index: Int(m)) { return rejection }
            record = m
            guard compiled.changesNumber else { break }
            let before = called
            var scratch = called
            let change = applyTransition(model.calledRecords[Int(m)].transition, row.transition, to: &scratch)
            called = scratch
            step(
                .changeCalled, .natran, model.calledRecords[Int(m)].transition.index, before: before, after: called,
                assumption: change?.contains("clamped") == true ? "transitionBounds" : nil,
                change ?? "changeInd = 1 but no transition applies")
            guard compiled.reanalyze, called != before else {
                if compiled.reanalyze {
                    step(.reanalysis, nil, nil, before: called, "reAnaInd = 1 but the number did not change: no re-analysis")
                }
                break
            }
            pass += 1
            step(.reanalysis, nil, nil, before: called, "reAnaInd = 1 and the number changed: analysis pass \(pass)")
        }
        refineCaller()
        return routeRecord(Int(record))
    }

    func routeTargetText(_ row: CalledAnalysis) -> String {
        switch row.routeType {
        case .externalLine: return row.externalLine.isEmpty ? " (default line)" : " \(row.externalLine)"
        case .sipTrunk: return " \(row.trunk)"
        case .routingGroup: return " \(row.routingGroup)"
        default: return ""
        }
    }

    /// Applies a resolved transition to `number`; returns what happened for the trace, or nil
    /// when there is no transition.
    func applyTransition(_ reference: Reference, _ id: TransitionID, to number: inout String) -> String? {
        if reference.isNone { return nil }
        guard let t = reference.index else {
            return "transition \(id) does not exist (dangling reference): the number is unchanged"
        }
        let compiled = model.transitions[t]
        if compiled.kind == 0 {
            return tracing
                ? "transition \(id) has unknown type \(model.snapshot.transitions[t].type.rawValue): the number is unchanged" : ""
        }
        let before = number
        let effect = compiled.apply(to: number, bounds: model.assumptions.transitionBounds)
        number = effect.number
        guard tracing else { return "" }
        let transition = model.snapshot.transitions[t]
        let how: String
        switch transition.type {
        case .add: how = "add \"\(transition.prefix)\" at \(transition.start)"
        case .replace: how = "replace \(transition.length) at \(transition.start) by \"\(transition.prefix)\""
        case .delete: how = "delete \(transition.length) at \(transition.start)"
        case .unknown: how = ""
        }
        return "transition \(id) (\(how)): \(before) → \(number)\(effect.clamped ? " (clamped to the number's length)" : "")"
    }

    /// Hunting-group detection for the current dial plan and number.
    mutating func detectHuntingGroup() -> RouteResult? {
        let root = model.huntingDetectionRoots[Int(dialPlan)]
        guard root >= 0 else { return nil }
        let m =
            model.assumptions.huntingDetectionMatch == .exact
            ? model.trie.exactMatch(called, root: root) : model.trie.longestPrefix(called, root: root)
        guard m >= 0 else {
            step(
                .huntingDetection, nil, nil, before: called, assumption: "huntingDetectionMatch",
                "no hgdect entry of dial plan \"\(planName(dialPlan))\" for \(called)")
            return nil
        }
        let row = model.snapshot.huntingDetections[Int(m)]
        step(
            .huntingDetection, .hgdect, Int(m), before: called, assumption: "huntingDetectionMatch",
            "\(called) is hunting group \(row.group) in dial plan \"\(planName(dialPlan))\"")
        guard let g = model.huntingGroupIndex[row.group] else {
            return release(.danglingReference, "hgdect \(row.calledNumber) names hunting group \(row.group), which does not exist")
        }
        let group = model.snapshot.huntingGroups[Int(g)]
        let operators = model.huntOperators[Int(g)].map { model.snapshot.huntingOperators[Int($0)].user }
        step(
            .huntingGroup, .hginfo, Int(g),
            "hunting group \(group.id) (\(group.strategy)): operators in order \(operators.isEmpty ? "(none)" : operators.joined(separator: ", ")); who answers is live state"
        )
        var r = result(.huntGroup, .huntingGroup(group.id))
        r.hunt = HuntPlan(strategy: group.strategy, operators: operators)
        r.maxDuration = maxDuration(line: nil)
        return r
    }

    /// Stage 3.3: a record with call level n admits only local users with that level.
    mutating func checkCallLevel(_ level: Int, index: Int) -> RouteResult? {
        guard level > 0 else { return nil }
        var row: CalledAnalysis { model.snapshot.calledAnalysis[index] }
        guard callerUser >= 0 else {
            if originKind == .unknownCaller {
                step(.callLevel, .anacldnbr, index, "record requires call level \(level); caller \(caller) is no local user")
                return release(
                    .callLevel, "caller \(caller) is no local user and prefix \"\(row.calledPrefix)\" requires call level \(level)",
                    rejected: true)
            }
            step(.callLevel, .anacldnbr, index, "record requires call level \(level); calls from trunks and lines are not checked")
            return nil
        }
        let userLevel = model.users[Int(callerUser)].callLevel
        let admitted: Bool
        switch model.assumptions.callLevelRule {
        case .bitmask: admitted = level <= 63 && (userLevel >> (level - 1)) & 1 == 1
        case .minimum: admitted = userLevel >= level
        }
        step(
            .callLevel, .anacldnbr, index, assumption: "callLevelRule",
            "record requires call level \(level); caller \(caller) has calllevel \(userLevel): \(admitted ? "admitted" : "refused")")
        if admitted { return nil }
        return release(
            .callLevel, "caller \(caller) (calllevel \(userLevel)) lacks call level \(level) required by prefix \"\(row.calledPrefix)\"",
            rejected: true)
    }

    /// Stage 5: refine caller number with the record's `clrRefineID`.
    mutating func refineCaller() {
        guard record >= 0 else { return }
        let compiled = model.calledRecords[Int(record)]
        var group: CallerRefineGroupID { model.snapshot.calledAnalysis[Int(record)].callerRefineGroup }
        if compiled.callerRefineRoot == -1 { return }
        if compiled.callerRefineRoot == -2 {
            step(.refineCaller, nil, nil, before: caller, "refine-caller group \(group) has no rows: caller unchanged")
            return
        }
        let m = model.trie.longestPrefix(caller, root: compiled.callerRefineRoot)
        guard m >= 0 else {
            step(.refineCaller, nil, nil, before: caller, "no row of refine-caller group \(group) matches \(caller)")
            return
        }
        let before = caller
        let row = model.snapshot.callerRefinements[Int(m)]
        var scratch = caller
        let change = applyTransition(model.callerRefineTransitions[Int(m)], row.transition, to: &scratch)
        caller = scratch
        step(
            .refineCaller, .refineclrnbr, Int(m), before: before, after: caller,
            assumption: change?.contains("clamped") == true ? "transitionBounds" : nil,
            "caller prefix \"\(row.callerPrefix)\" of group \(group): \(change ?? "no transition")")
    }

    // MARK: Routes

    /// Stage 4: no analysis record matched.
    mutating func routeByDefaults() -> RouteResult {
        if record >= 0 { refineCaller() }
        let prefix = model.outGroupPrefix
        guard !prefix.isEmpty, called.hasDialPrefix(prefix) else {
            step(.defaults, nil, nil, before: called, "not an out-group number: a local-user call to \(called)")
            return deliverToUser()
        }
        let before = called
        if model.assumptions.stripOutGroupPrefix { called = called.droppingDialPrefix(prefix) }
        step(
            .defaults, .sysinfo, 0, before: before, after: called, assumption: "stripOutGroupPrefix",
            "starts with the out-group prefix \"\(prefix)\": an external-line call\(model.assumptions.stripOutGroupPrefix ? ", prefix stripped" : "")"
        )
        guard let line = defaultLine() else {
            return release(
                .noExternalLine,
                "no external line for the out-group call: the caller has no specextline or line of its own, and no line is shared")
        }
        return routeOutgoing(
            .single(.line(line, route: -1)), outcome: .externalLine,
            target: .externalLine(model.lines[line].name))
    }

    /// The caller's `specextline`, else the line whose `localUser` is the caller, else the first shared line.
    mutating func defaultLine() -> Int? {
        if callerUser >= 0 {
            let user = model.users[Int(callerUser)]
            if let l = user.specificLine.index {
                step(.route, .extline, l, "the caller's specific external line (specextline)")
                return l
            }
            if user.specificLine.isDangling {
                step(
                    .route, .localuser, Int(callerUser),
                    "specextline \(model.snapshot.localUsers[Int(callerUser)].specificExternalLine) does not exist (dangling): trying other lines"
                )
            }
            if let l = user.ownLine.index {
                step(.route, .extline, l, "the line whose localUser is the caller")
                return l
            }
        }
        if model.firstSharedLine >= 0 {
            step(.route, .extline, Int(model.firstSharedLine), "the first shared line (shareInd = 1)")
            return Int(model.firstSharedLine)
        }
        return nil
    }

    /// Stage 6: route by the matched record's route type.
    mutating func routeRecord(_ m: Int) -> RouteResult {
        var row: CalledAnalysis { model.snapshot.calledAnalysis[m] }
        let compiled = model.calledRecords[m]
        switch compiled.routeKind {
        case .localUser:
            return deliverToUser()
        case .externalLine:
            if !compiled.changesNumber, model.assumptions.stripOutGroupPrefixOnLineRoute,
                !model.outGroupPrefix.isEmpty, called.hasDialPrefix(model.outGroupPrefix)
            {
                let before = called
                called = called.droppingDialPrefix(model.outGroupPrefix)
                step(
                    .route, .sysinfo, 0, before: before, after: called, assumption: "stripOutGroupPrefixOnLineRoute",
                    "route type 1 without changeInd: the out-group prefix \"\(model.outGroupPrefix)\" is stripped")
            }
            if compiled.target.isDangling {
                return release(
                    .danglingReference, "anacldnbr \"\(row.calledPrefix)\" names external line \(row.externalLine), which does not exist")
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
                .single(.line(line, route: -1)), outcome: .externalLine,
                target: .externalLine(model.lines[line].name))
        case .sipTrunk:
            guard let t = compiled.target.index else {
                return release(
                    .danglingReference,
                    row.trunk.isNone
                        ? "anacldnbr \"\(row.calledPrefix)\" has route type 2 but no servID"
                        : "anacldnbr \"\(row.calledPrefix)\" names SIP trunk \(row.trunk), which does not exist")
            }
            return routeOutgoing(.single(.trunk(t, route: -1)), outcome: .sipTrunk, target: .sipTrunk(model.trunks[t].trunkID))
        case .intercept:
            step(.route, .anacldnbr, m, before: called, "route type 4: the call is intercepted")
            var r = result(.intercept)
            r.maxDuration = maxDuration(line: nil)
            return r
        case .routingGroup:
            guard let g = compiled.target.index else {
                return release(
                    .danglingReference,
                    row.routingGroup.isNone
                        ? "anacldnbr \"\(row.calledPrefix)\" has route type 6 but no rtGroupID"
                        : "anacldnbr \"\(row.calledPrefix)\" names routing group \(row.routingGroup), which does not exist")
            }
            var usable = 0
            for member in model.groupMembers[g] {
                switch member {
                case .line, .trunk: usable += 1
                case .dangling(let r):
                    let route = model.snapshot.routes[r]
                    step(
                        .route, .route, r,
                        route.routeType == .sipTrunk
                            ? "member SIP trunk \(route.trunk) does not exist (dangling): skipped"
                            : "member external line \(route.externalLine) does not exist (dangling): skipped")
                case .unsupported(let r):
                    step(.route, .route, r, "member has \(model.snapshot.routes[r].routeType): skipped")
                }
            }
            guard usable > 0 else {
                step(.route, .routegroup, g, "routing group \(row.routingGroup): no usable route")
                let reason: ReleaseReason = model.groupMembers[g].isEmpty ? .emptyRoutingGroup : .danglingReference
                return release(reason, "routing group \(row.routingGroup) has no usable route")
            }
            step(.route, .routegroup, g, "routing group \(row.routingGroup): \(usable) route(s) in snapshot order")
            return routeOutgoing(.group(g), outcome: .routingGroup, target: .routingGroup(model.snapshot.routingGroups[g].id))
        case .unsupported:
            let value = row.routeType.rawValue
            return release(
                .unsupportedRouteType, "anacldnbr \"\(row.calledPrefix)\" has route type \(value), which the server does not support",
                rejected: true)
        }
    }

    /// Route type 0 and the defaults: the local user whose name is the called number.
    mutating func deliverToUser() -> RouteResult {
        guard let u = model.user(named: called) else {
            return release(.noSuchUser, "no local user is named \(called)")
        }
        var user: LocalUser { model.snapshot.localUsers[Int(u)] }
        let forward: (number: String, kind: String, assumption: String?)?
        if !model.users[Int(u)].mayForward {
            forward = nil
        } else if user.forwardUnconditional && !user.forwardUnconditionalNumber.isEmpty {
            forward = (user.forwardUnconditionalNumber, "unconditionally (CFU)", nil)
        } else {
            switch model.assumptions.userState {
            case .available: forward = nil
            case .busy:
                forward = user.forwardBusy && !user.forwardBusyNumber.isEmpty ? (user.forwardBusyNumber, "on busy (CFB)", "userState") : nil
            case .noAnswer:
                forward =
                    user.forwardNoAnswer && !user.forwardNoAnswerNumber.isEmpty
                    ? (user.forwardNoAnswerNumber, "on no answer (CFNA)", "userState") : nil
            case .unreachable:
                forward =
                    user.forwardUnreachable && !user.forwardUnreachableNumber.isEmpty
                    ? (user.forwardUnreachableNumber, "when unreachable (CFNC)", "userState") : nil
            }
        }
        guard let forward else {
            step(
                .route, .localuser, Int(u), before: called, assumption: model.assumptions.userState == .available ? nil : "userState",
                "local user \(user.name)")
            if tracing { noteLiveState(user, index: Int(u)) }
            var r = result(.localUser, .user(called))  // the user found by this name
            r.maxDuration = maxDuration(line: nil)
            return r
        }
        if forwardedFrom.contains(u) {
            step(
                .forward, .localuser, Int(u), before: called, after: forward.number, assumption: forward.assumption,
                "local user \(user.name) forwards \(forward.kind) to \(forward.number) again")
            return release(.loop, "call forwarding loops back to local user \(user.name)")
        }
        forwardHops += 1
        if forwardHops > model.assumptions.maxForwardHops {
            step(
                .forward, .localuser, Int(u), before: called, after: forward.number, assumption: "maxForwardHops",
                "forward \(forwardHops) would exceed \(model.assumptions.maxForwardHops) hops")
            return release(.loop, "call forwarding did not settle within \(model.assumptions.maxForwardHops) hops")
        }
        forwardedFrom.append(u)
        let before = called
        called = forward.number
        dialPlan = model.users[Int(u)].dialPlan
        record = -1
        // The same caller as the first call: a refine caller number already applied is undone, so
        // the forwarded call's own record refines it once.
        caller = analyzedCaller
        step(
            .forward, .localuser, Int(u), before: before, after: called, assumption: forward.assumption,
            "local user \(user.name) forwards \(forward.kind) to \(called): a new call in dial plan \"\(planName(dialPlan))\"")
        return analyzeAndRoute()
    }

    /// Forwards that depend on live state are reported, not followed.
    mutating func noteLiveState(_ user: LocalUser, index: Int) {
        var notes: [String] = []
        if user.forwardBusy && !user.forwardBusyNumber.isEmpty && model.assumptions.userState != .busy {
            notes.append("on busy to \(user.forwardBusyNumber)")
        }
        if user.forwardNoAnswer && !user.forwardNoAnswerNumber.isEmpty && model.assumptions.userState != .noAnswer {
            notes.append("on no answer to \(user.forwardNoAnswerNumber)")
        }
        if user.forwardUnreachable && !user.forwardUnreachableNumber.isEmpty && model.assumptions.userState != .unreachable {
            notes.append("when unreachable to \(user.forwardUnreachableNumber)")
        }
        if !notes.isEmpty {
            step(
                .liveState, .localuser, index,
                "would forward \(notes.joined(separator: ", ")); not followed (live state: try --assume userState=busy|noAnswer|unreachable)"
            )
        }
        if user.timeCondition != 0 {
            step(.liveState, .localuser, index, "time condition \(user.timeCondition) (tcID) may change this at run time")
        }
    }

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

/// The steps of one traced call, appended as the call moves on.
final class TraceLog {
    var steps: [TraceStep] = []
}

extension String {
    /// Whether the number starts with `prefix`, byte for byte (no Unicode segmentation).
    @inline(__always)
    func hasDialPrefix(_ prefix: String) -> Bool {
        utf8.starts(with: prefix.utf8)
    }

    /// The number without its first `prefix.utf8.count` bytes (call after `hasDialPrefix`).
    func droppingDialPrefix(_ prefix: String) -> String {
        String(Substring(utf8.dropFirst(prefix.utf8.count)))
    }
}
