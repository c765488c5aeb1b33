import DialPlan

extension CallRun {
    /// Stage 1: analyze caller number (one global table), once.
    mutating func analyzeCaller() {
        guard !model.snapshot.callerAnalysis.isEmpty else { return }
        let m = model.trie.longestPrefix(caller, root: model.callerAnalysisRoot)
        observer?.callerLookup(.callerAnalysis, root: model.callerAnalysisRoot, exact: false, caller, result: m)
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
        if let observer, let applied = change?.transition {
            observer.cutCaller(applied, bounds: model.assumptions.transitionBounds, before: before, after: caller)
        }
        if tracing, let change { notes.append(change.note) }
        if let newPlan = model.callerAnalysisPlans[Int(m)] {
            if tracing { notes.append("dial plan \"\(planName(dialPlan))\" → \"\(planName(newPlan))\"") }
            dialPlan = newPlan
        }
        step(
            .analyzeCaller, .callerAnalysis, Int(m), before: before, after: caller,
            assumption: change?.assumption,
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
        let own = model.speedDialRoot(forCaller: originalCaller)
        if let observer {
            let found = model.trie.exactMatch(originalCaller, root: model.speedDialCallerRoot)
            observer.callerLookup(.speedDialCaller, root: model.speedDialCallerRoot, exact: true, originalCaller, result: found)
        }
        if let own { m = lookup(own) }
        observer?.ownSpeedDial(root: own, exact: exact, called, result: m)
        if m < 0 {
            m = lookup(model.speedDialAnyCallerRoot)
            observer?.lookup(.speedDial, root: model.speedDialAnyCallerRoot, exact: exact, called, result: m)
        }
        guard m >= 0 else {
            step(.speedDial, nil, nil, before: called, assumption: "speedDialMatch", "no speed-dial entry for \(called)")
            return
        }
        let row = model.snapshot.speedDials[Int(m)]
        let before = called
        called = row.destination
        observer?.setCalled(called)
        step(
            .speedDial, .speedDials, Int(m), before: before, after: called, assumption: "speedDialMatch",
            "speed dial \(row.dialed) of \(row.servesEveryCaller ? "every caller" : "caller " + row.caller) → \(row.destination)"
        )
    }

    /// Stage 3 and on: the analysis loop, then the route.
    mutating func analyzeAndRoute() -> RouteResult {
        var pass = 1
        var matched: Int32
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
            var m: Int32 = -1
            if let root = model.calledAnalysisRoots[Int(dialPlan)] {
                m = model.trie.longestPrefix(called, root: root)
                observer?.lookup(.calledAnalysis, root: root, exact: false, called, result: m)
            }
            guard m >= 0 else {
                step(
                    .analyzeCalled, nil, nil, before: called,
                    "no anacldnbr record of dial plan \"\(planName(dialPlan))\" matches \(called): the defaults apply")
                if !model.assumptions.keepRecordOnReanalysisMiss { record = nil }
                return routeByDefaults()
            }
            var row: CalledAnalysis { model.snapshot.calledAnalysis[Int(m)] }
            let compiled = model.calledRecords[Int(m)]
            step(
                .analyzeCalled, .calledAnalysis, Int(m), before: called,
                "prefix \"\(row.calledPrefix)\" of dial plan \"\(planName(dialPlan))\" matches \(called) (route: \(row.routeType)\(routeTargetText(row)))"
            )
            if compiled.callLevel != 0, let rejection = checkCallLevel(Int(compiled.callLevel), index: Int(m)) { return rejection }
            record = m
            matched = m
            guard compiled.changesNumber else { break }
            let before = called
            let beforeCells = observer?.called
            var scratch = called
            let change = applyTransition(model.calledRecords[Int(m)].transition, row.transition, to: &scratch)
            called = scratch
            if let observer, let applied = change?.transition {
                observer.cutCalled(applied, bounds: model.assumptions.transitionBounds, before: before, after: called)
            }
            step(
                .changeCalled, .transitions, model.calledRecords[Int(m)].transition.index, before: before, after: called,
                assumption: change?.assumption,
                change?.note ?? "changeInd = 1 but no transition applies")
            if compiled.reanalyze, let observer, let beforeCells { observer.comparison(beforeCells, equal: called == before) }
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
        return routeRecord(Int(matched))
    }

    func routeTargetText(_ row: CalledAnalysis) -> String {
        switch row.routeType {
        case .externalLine: return row.externalLine.isEmpty ? " (default line)" : " \(row.externalLine)"
        case .sipTrunk: return " \(row.trunk)"
        case .routingGroup: return " \(row.routingGroup)"
        default: return ""
        }
    }

    /// Hunting-group detection for the current dial plan and number.
    mutating func detectHuntingGroup() -> RouteResult? {
        guard let root = model.huntingDetectionRoots[Int(dialPlan)] else { return nil }
        let exact = model.assumptions.huntingDetectionMatch == .exact
        let m = exact ? model.trie.exactMatch(called, root: root) : model.trie.longestPrefix(called, root: root)
        observer?.lookup(.huntingDetection, root: root, exact: exact, called, result: m)
        guard m >= 0 else {
            step(
                .huntingDetection, nil, nil, before: called, assumption: "huntingDetectionMatch",
                "no hgdect entry of dial plan \"\(planName(dialPlan))\" for \(called)")
            return nil
        }
        let row = model.snapshot.huntingDetections[Int(m)]
        step(
            .huntingDetection, .huntingDetections, Int(m), before: called, assumption: "huntingDetectionMatch",
            "\(called) is hunting group \(row.group) in dial plan \"\(planName(dialPlan))\"")
        guard let g = model.huntingGroupIndex[row.group] else {
            return release(.danglingReference, "hgdect \(row.calledNumber) names hunting group \(row.group), which does not exist")
        }
        let group = model.snapshot.huntingGroups[Int(g)]
        let operators = model.huntingGroupOperators[Int(g)].map { model.snapshot.huntingOperators[Int($0)].user }
        step(
            .huntingGroup, .huntingGroups, Int(g),
            "hunting group \(group.id) (\(group.strategy)): operators in order \(operators.isEmpty ? "(none)" : operators.joined(separator: ", ")); who answers is live state"
        )
        var r = result(.huntingGroup, .huntingGroup(group.id))
        r.huntingGroup = HuntingGroupOrder(strategy: group.strategy, operators: operators)
        r.maxDuration = maxDuration(line: nil)
        return r
    }

    /// Stage 3.3: a record with call level n admits only local users with that level.
    mutating func checkCallLevel(_ level: Int, index: Int) -> RouteResult? {
        guard level > 0 else { return nil }
        var row: CalledAnalysis { model.snapshot.calledAnalysis[index] }
        guard let callerUser else {
            if originKind == .unknownCaller {
                observer?.callLevel(level, admitted: false)
                step(.callLevel, .calledAnalysis, index, "record requires call level \(level); caller \(caller) is no local user")
                return release(
                    .callLevel, "caller \(caller) is no local user and prefix \"\(row.calledPrefix)\" requires call level \(level)",
                    rejected: true)
            }
            observer?.callLevel(level, admitted: true)
            step(.callLevel, .calledAnalysis, index, "record requires call level \(level); calls from trunks and lines are not checked")
            return nil
        }
        let userLevel = model.users[Int(callerUser)].callLevel
        let admitted = model.admits(userLevel: userLevel, level: level)
        observer?.callLevel(level, admitted: admitted)
        step(
            .callLevel, .calledAnalysis, index, assumption: "callLevelRule",
            "record requires call level \(level); caller \(caller) has calllevel \(userLevel): \(admitted ? "admitted" : "refused")")
        if admitted { return nil }
        return release(
            .callLevel, "caller \(caller) (calllevel \(userLevel)) lacks call level \(level) required by prefix \"\(row.calledPrefix)\"",
            rejected: true)
    }

    /// Stage 5: refine caller number with the record's `clrRefineID`.
    mutating func refineCaller() {
        guard let record else { return }
        let refine = model.calledRecords[Int(record)].callerRefine
        var group: CallerRefineGroupID { model.snapshot.calledAnalysis[Int(record)].callerRefineGroup }
        guard let root = refine.index else {
            if refine.isDangling {
                observer?.refineCaller(root: nil, caller, result: -1)
                step(.refineCaller, nil, nil, before: caller, "refine-caller group \(group) has no rows: caller unchanged")
            }
            return
        }
        let m = model.trie.longestPrefix(caller, root: Int32(root))
        observer?.refineCaller(root: Int32(root), caller, result: m)
        guard m >= 0 else {
            step(.refineCaller, nil, nil, before: caller, "no row of refine-caller group \(group) matches \(caller)")
            return
        }
        let before = caller
        let row = model.snapshot.callerRefinements[Int(m)]
        var scratch = caller
        let change = applyTransition(model.callerRefineTransitions[Int(m)], row.transition, to: &scratch)
        caller = scratch
        if let observer, let applied = change?.transition {
            observer.cutCaller(applied, bounds: model.assumptions.transitionBounds, before: before, after: caller)
        }
        step(
            .refineCaller, .callerRefinements, Int(m), before: before, after: caller,
            assumption: change?.assumption,
            "caller prefix \"\(row.callerPrefix)\" of group \(group): \(change?.note ?? "no transition")")
    }
}
