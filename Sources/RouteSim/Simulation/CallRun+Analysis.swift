import DialPlan

extension CallRun {
    /// Stage 1: analyze caller number (one global table), once.
    mutating func analyzeCaller() {
        guard !model.snapshot.callerAnalysis.isEmpty else { return }
        let root = model.callerAnalysisRoot
        let m = model.trie.longestPrefix(caller, root: root)
        observer?.callerLookup(.callerAnalysis, root: root, exact: false, caller, result: m)
        guard m >= 0 else {
            // Tested here, not only in `step`: this call of `step` copied the whole run first
            // (its strings and arrays retained, then released) on every call of the fast path;
            // and the caller is read into a local, as a closure that read it from the run made
            // the traced call copy the run all the same.
            if citing {
                let caller = self.caller
                step(
                    .analyzeCaller, nil, nil, before: caller, assumption: literalStarWaits(root: root),
                    lazily: .noCallerAnalysis)
            }
            return
        }
        let before = caller
        var scratch = caller
        // The row's fields are read where they are used: a computed `row` captured by the
        // trace's closures would copy the whole run on every call, and reading the row here
        // would copy the record.
        let change = Self.applyTransition(
            model.callerAnalysisTransitions[Int(m)], to: &scratch, model: model,
            bounds: rules.value.transitionBounds, tracing: tracing)
        caller = scratch
        if let observer, let applied = change?.transition {
            observer.cutCaller(model.transitions[applied], bounds: rules.value.transitionBounds, before: before, after: caller)
        }
        let planBefore = dialPlan
        let newPlan = model.callerAnalysisPlans[Int(m)]
        if let newPlan { dialPlan = newPlan }
        // Nothing here reads the run through a closure (`scratch`, the local `model`): a closure
        // that did made the call of `step` copy the whole run first, on every traced call.
        let model = self.model
        let star = starDecided(model.snapshot.callerAnalysis.reading(Int(m)) { $0.callerPrefix })
        step(
            .analyzeCaller, .callerAnalysis, Int(m), before: before, after: scratch,
            assumption: change?.assumption, also: star,
            lazily: .callerAnalysis(row: m, note: change?.note, plans: newPlan.map { (planBefore, $0) }))
    }

    /// Stage 2: speed dial, once; the caller's own row wins over a row for every caller.
    mutating func applySpeedDial() {
        guard !model.snapshot.speedDials.isEmpty else { return }
        let exact = rules.value.speedDialMatch == .exact
        func lookup(_ root: Int32) -> Int32 {
            exact ? model.trie.exactMatch(called, root: root) : model.trie.longestPrefix(called, root: root)
        }
        // The caller the entries are keyed on: as it arrived, or after analyze caller number.
        let key = rules.value.speedDialKey == .callerAsArrived ? originalCaller : analyzedCaller
        let keyDecides =
            citing && originalCaller != analyzedCaller
            && (model.speedDialRoot(forCaller: originalCaller) != nil || model.speedDialRoot(forCaller: analyzedCaller) != nil)
        var m: Int32 = -1
        let own = model.speedDialRoot(forCaller: key)
        if let observer {
            // The observer knows whose entries apply from the caller as it arrived.
            if rules.value.speedDialKey != .callerAsArrived {
                observer.unsupported("speed dial keyed on the caller after analysis (speedDialKey=\(rules.value.speedDialKey.rawValue))")
            }
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
            step(
                .speedDial, nil, nil, before: called, assumption: .speedDialMatch, also: keyDecides ? .speedDialKey : nil,
                lazily: .noSpeedDial(keyedOn: keyDecides ? key : nil))
            return
        }
        var row: SpeedDial { model.snapshot.speedDials[Int(m)] }
        let before = called
        called = row.destination
        observer?.setCalled(called)
        matchedVisibleService = true
        var citing = CitedAssumptions()
        if keyDecides { citing.insert(.speedDialKey) }
        if !exact, let star = starDecided(row.dialed) { citing.insert(star) }
        step(
            .speedDial, .speedDials, Int(m), before: before, after: called, assumption: .speedDialMatch, citing: citing,
            "speed dial \(row.dialed) of \(row.servesEveryCaller ? "every caller" : "caller " + row.caller) → \(row.destination)"
        )
    }

    /// Stage 3 and on: the analysis loop, then the route.
    mutating func analyzeAndRoute() -> RouteResult {
        var pass = 1
        var matched: Int32
        while true {
            if pass > rules.value.maxAnalysisPasses {
                step(
                    .reanalysis, nil, nil, before: called, assumption: .maxAnalysisPasses,
                    "pass \(pass) would exceed \(rules.value.maxAnalysisPasses) analysis passes")
                return release(
                    .loop,
                    "the called number was re-analysed \(rules.value.maxAnalysisPasses) times without settling (last \(called))")
            }
            let root = model.calledAnalysisRoots[Int(dialPlan)]
            var m: Int32 = -1
            if let root {
                // The batch's answer, when it walked this very number under this root.
                if pass == 1, let early = early?.pointee, early.analysisRoot == root, let number = early.called, number == called {
                    m = early.analysis
                } else {
                    m = model.trie.longestPrefix(called, root: root)
                }
            }
            if let observer, let root { observer.lookup(.calledAnalysis, root: root, exact: false, called, result: m) }
            let detectsFirst = rules.value.huntingDetectionPosition == .beforeAnalysis
            if detectsFirst, case .ends(let hunt) = detectHuntingGroup(recordMatches: m >= 0) { return hunt }
            if m >= 0 {
                if !detectsFirst { noteDetectionPassedOver() }
            } else {
                if !detectsFirst, case .ends(let hunt) = detectHuntingGroup(recordMatches: false) { return hunt }
                m = fallBackToDefaultPlan(root: root, keeping: keptRecordMatters)
            }
            guard m >= 0 else {
                noteHiddenService()
                if !rules.value.keepRecordOnReanalysisMiss { record = nil }
                return routeByDefaults()
            }
            // The row's prefix, read in place (a copy of the row retained every string of it).
            var prefix: String { model.snapshot.calledAnalysis.reading(Int(m)) { $0.calledPrefix } }
            let compiled = model.calledRecords[Int(m)]
            let recordPlan = model.calledAnalysisPlans[Int(m)]
            step(
                .analyzeCalled, .calledAnalysis, Int(m), before: called, also: starDecided(prefix),
                lazily: .calledAnalysis(row: m, plan: recordPlan))
            if mayNoteHiddenService && model.matchedPrefix(prefix).isEmpty { noteHiddenService() }
            if compiled.callLevel != 0, case .ends(let rejection) = checkCallLevel(Int(compiled.callLevel), index: Int(m)) {
                return rejection
            }
            record = m
            matched = m
            guard compiled.changesNumber else { break }
            let before = called
            let beforeCells = observer?.called
            var scratch = called
            let change = Self.applyTransition(
                compiled.transition, to: &scratch, model: model,
                bounds: rules.value.transitionBounds,
                tracing: tracing)
            called = scratch
            if let observer, let applied = change?.transition {
                observer.cutCalled(model.transitions[applied], bounds: rules.value.transitionBounds, before: before, after: called)
            }
            step(
                .changeCalled, .transitions, model.calledRecords[Int(m)].transition.index, before: before, after: called,
                assumption: change?.assumption, lazily: .changeCalled(row: m, note: change?.note))
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

    /// No record of the current dial plan matched: under `unmatchedPlanFallback=defaultPlan` a
    /// plan other than `default` tries the `default` plan's records. Returns the record found
    /// (or -1), with a step either way; the assumption is cited when the default plan has a
    /// record for the number, so the other value would route it differently.
    mutating func fallBackToDefaultPlan(root: Int32?, keeping: Bool) -> Int32 {
        let fallback: Int32
        if dialPlan != model.defaultDialPlan, rules.value.unmatchedPlanFallback == .defaultPlan || citing,
            let defaultRoot = model.calledAnalysisRoots[Int(model.defaultDialPlan)]
        {
            fallback = model.trie.longestPrefix(called, root: defaultRoot)
            if rules.value.unmatchedPlanFallback == .defaultPlan {
                observer?.lookup(.calledAnalysis, root: defaultRoot, exact: false, called, result: fallback)
            }
        } else {
            fallback = -1
        }
        let star = root.flatMap(literalStarWaits)
        let keep: Assumptions.Name? = keeping ? .keepRecordOnReanalysisMiss : nil
        guard fallback >= 0 else {
            step(
                .analyzeCalled, nil, nil, before: called, assumption: star, also: keep,
                "no anacldnbr record of dial plan \"\(planName(dialPlan))\" matches \(called): the defaults apply")
            return -1
        }
        if rules.value.unmatchedPlanFallback == .defaults {
            var citing = CitedAssumptions()
            if let keep { citing.insert(keep) }
            step(
                .analyzeCalled, nil, nil, before: called, assumption: .unmatchedPlanFallback, also: star, citing: citing,
                "no anacldnbr record of dial plan \"\(planName(dialPlan))\" matches \(called): the defaults apply (the default plan's records are not consulted)"
            )
            return -1
        }
        step(
            .analyzeCalled, nil, nil, before: called, assumption: .unmatchedPlanFallback, also: star,
            "no anacldnbr record of dial plan \"\(planName(dialPlan))\" matches \(called): the default plan's records are consulted")
        return fallback
    }

    /// A record of an earlier pass is in force, and its refine group or maximum duration would
    /// be kept or dropped as `keepRecordOnReanalysisMiss` says.
    var keptRecordMatters: Bool {
        guard let record else { return false }
        let kept = model.calledRecords[Int(record)]
        return !kept.callerRefine.isNone || kept.maxDuration != 0
    }

    static func routeTargetText(_ row: CalledAnalysis) -> String {
        switch row.routeType {
        case .externalLine: return row.externalLine.isEmpty ? " (default line)" : " \(row.externalLine)"
        case .sipTrunk: return " \(row.trunk)"
        case .routingGroup: return " \(row.routingGroup)"
        default: return ""
        }
    }

    /// The `hgdect` row of the current dial plan for the number, or -1.
    func detectionRow() -> Int32 {
        guard let root = model.huntingDetectionRoots[Int(dialPlan)] else { return -1 }
        return rules.value.huntingDetectionMatch == .exact
            ? model.trie.exactMatch(called, root: root) : model.trie.longestPrefix(called, root: root)
    }

    /// Hunting-group detection for the current dial plan and number (`recordMatches`: an
    /// `anacldnbr` record matches it too, so `huntingDetectionPosition` decided).
    mutating func detectHuntingGroup(recordMatches: Bool) -> Ending {
        guard let root = model.huntingDetectionRoots[Int(dialPlan)] else { return .goesOn }
        let m = detectionRow()
        observer?.lookup(.huntingDetection, root: root, exact: rules.value.huntingDetectionMatch == .exact, called, result: m)
        guard m >= 0 else {
            step(
                .huntingDetection, nil, nil, before: called, assumption: .huntingDetectionMatch,
                lazily: .noHuntingDetection(plan: dialPlan))
            return .goesOn
        }
        var row: HuntingDetection { model.snapshot.huntingDetections[Int(m)] }
        matchedVisibleService = true
        var citing = CitedAssumptions()
        if recordMatches { citing.insert(.huntingDetectionPosition) }
        if rules.value.huntingDetectionMatch == .prefix, let star = starDecided(row.calledNumber) { citing.insert(star) }
        step(
            .huntingDetection, .huntingDetections, Int(m), before: called, assumption: .huntingDetectionMatch, citing: citing,
            "\(called) is hunting group \(row.group) in dial plan \"\(planName(dialPlan))\"\(recordMatches ? " (before the anacldnbr record that also matches)" : "")"
        )
        guard let g = model.huntingGroupIndex[row.group] else {
            return .ends(release(.danglingReference, "hgdect \(row.calledNumber) names hunting group \(row.group), which does not exist"))
        }
        return .ends(huntingGroup(Int(g)))
    }

    /// Under `huntingDetectionPosition=afterNoMatch`, a record matched: a detection row for the
    /// number, had it been consulted first, would have made it a hunting group.
    mutating func noteDetectionPassedOver() {
        guard citing else { return }
        let m = detectionRow()
        guard m >= 0 else { return }
        var row: HuntingDetection { model.snapshot.huntingDetections[Int(m)] }
        step(
            .huntingDetection, .huntingDetections, Int(m), before: called, assumption: .huntingDetectionPosition,
            "\(called) is hunting group \(row.group) in dial plan \"\(planName(dialPlan))\", but an anacldnbr record matches it and comes first"
        )
    }

    /// Stage 3.3: a record with call level n admits only local users with that level.
    mutating func checkCallLevel(_ level: Int, index: Int) -> Ending {
        guard level > 0 else { return .goesOn }
        var row: CalledAnalysis { model.snapshot.calledAnalysis[index] }
        guard let user = contextUser else {
            let rule = rules.value.callLevelNonUsers
            let unknown = contextKind == .unknownCaller
            let admitted = rule == .everyone || (rule == .trunksAndLines && !unknown)
            observer?.callLevel(level, admitted: admitted)
            step(
                .callLevel, .calledAnalysis, index, assumption: .callLevelNonUsers,
                lazily: .callLevelOfNonUser(caller: caller, level: Int32(level), unknown: unknown, admitted: admitted))
            if admitted { return .goesOn }
            return .ends(
                release(
                    .callLevel, "caller \(caller) is no local user and prefix \"\(row.calledPrefix)\" requires call level \(level)",
                    rejected: true))
        }
        let userLevel = model.users[Int(user)].callLevel
        let admitted = model.admits(userLevel: userLevel, level: level, rule: rules.value.callLevelRule)
        // The caller's own level decides for the origin; a forwarding user's is the same for
        // every call that reached it (the user lookup that found it was observed).
        if contextIsOrigin { observer?.callLevel(level, admitted: admitted) }
        // After a forward under forwardedLegContext=forwardingUser, the forwarding user's level.
        func who() -> String { user == callerUser ? "caller \(caller)" : "forwarding user \(model.snapshot.localUsers[Int(user)].name)" }
        step(
            .callLevel, .calledAnalysis, index, assumption: .callLevelRule,
            lazily: .callLevelOfUser(caller: user == callerUser ? caller : nil, level: Int32(level), user: user, admitted: admitted))
        if admitted { return .goesOn }
        return .ends(
            release(
                .callLevel, "\(who()) (calllevel \(userLevel)) lacks call level \(level) required by prefix \"\(row.calledPrefix)\"",
                rejected: true))
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
            step(
                .refineCaller, nil, nil, before: caller, assumption: literalStarWaits(root: Int32(root)),
                "no row of refine-caller group \(group) matches \(caller)")
            return
        }
        let before = caller
        var scratch = caller
        let change = Self.applyTransition(
            model.callerRefineTransitions[Int(m)], to: &scratch, model: model,
            bounds: rules.value.transitionBounds, tracing: tracing)
        caller = scratch
        if let observer, let applied = change?.transition {
            observer.cutCaller(model.transitions[applied], bounds: rules.value.transitionBounds, before: before, after: caller)
        }
        step(
            .refineCaller, .callerRefinements, Int(m), before: before, after: caller,
            assumption: change?.assumption, also: starDecided(model.snapshot.callerRefinements.reading(Int(m)) { $0.callerPrefix }),
            lazily: .callerRefinement(row: m, record: record, note: change?.note))
    }

    // MARK: `*` as a catch-all

    /// `starIsCatchAll` when the row that matched is written `*`: the assumption decided whether
    /// it matched as a catch-all or as a literal star. The row is read only when citations are
    /// kept (not on the fast path).
    func starDecided(_ written: @autoclosure () -> String) -> Assumptions.Name? {
        guard citing else { return nil }
        // Compared as bytes: `==` on strings took the general comparison for most prefixes.
        let bytes = written().utf8
        return bytes.count == 1 && bytes.first == UInt8(ascii: "*") ? .starIsCatchAll : nil
    }

    /// `starIsCatchAll` when nothing matched under `root` but a literal `*` row waits there
    /// (under `starIsCatchAll=false`): as a catch-all it would have matched.
    func literalStarWaits(root: Int32) -> Assumptions.Name? {
        citing && !rules.value.starIsCatchAll && model.trie.exactMatch("*", root: root) >= 0 ? .starIsCatchAll : nil
    }
}
