import DialPlan
import RouteSim

/// Records that can never take effect (category `shadowed`).
enum ShadowChecks {
    /// RS301: two records with one key. Prefix tables are checked through the model's trie, so
    /// keys the model treats as one (`*` and the empty prefix, dialPlan "" and "default") count
    /// as duplicates too; the later record is the one that never takes effect.
    static func duplicateKeys(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let m = c.model
        func report(_ table: Table, _ index: Int, first: Int) {
            var place = "\(table.rawValue)[\(first)]"
            if let line = c.snapshot.locations.line(of: table, at: first) { place += " (line \(line))" }
            let same = c.snapshot.key(of: table, at: first).map(\.1) == c.snapshot.key(of: table, at: index).map(\.1)
            out.append(
                c.finding(
                    "RS301", table, index,
                    "same key as \(place)\(same ? "" : ", which routing treats as the same key"): routesim keeps the earlier record, the server keeps one of the two",
                    related: [RecordReference(table, first)]))
        }
        /// Rows of a prefix table: each valid prefix is looked up exactly under its root.
        func prefixTable(_ table: Table, _ count: Int, _ entry: (Int) -> (prefix: String, root: Int32?)) {
            var invalid: [[String]: Int] = [:]
            for i in 0..<count {
                let (prefix, root) = entry(i)
                guard DigitTrie.isDialString(prefix), let root, root >= 0 else {
                    // Left out of the trie (RS401): compare the keys as written.
                    let raw = c.snapshot.key(of: table, at: i).map(\.1)
                    if let first = invalid[raw] { report(table, i, first: first) } else { invalid[raw] = i }
                    continue
                }
                let kept = Int(m.trie.exactMatch(prefix, root: root))
                if kept >= 0 && kept != i { report(table, i, first: kept) }
            }
        }
        let s = c.snapshot
        prefixTable(.anacldnbr, s.calledAnalysis.count) { i in
            let row = s.calledAnalysis[i]
            return (c.matchPrefix(row.calledPrefix), m.calledAnalysisRoots[Int(c.calledPlans[i])])
        }
        prefixTable(.anaclrnbr, s.callerAnalysis.count) { i in
            (c.matchPrefix(s.callerAnalysis[i].callerPrefix), m.callerAnalysisRoot)
        }
        prefixTable(.refineclrnbr, s.callerRefinements.count) { i in
            let row = s.callerRefinements[i]
            return (row.callerPrefix, m.callerRefineRoots[row.group])
        }
        prefixTable(.refinecldnbr, s.calledRefinements.count) { i in
            let row = s.calledRefinements[i]
            return (row.calledPrefix, m.calledRefineRoots[row.group])
        }
        prefixTable(.hgdect, s.huntingDetections.count) { i in
            let row = s.huntingDetections[i]
            return (row.calledNumber, m.huntingDetectionRoots[Int(c.detectionPlans[i])])
        }
        prefixTable(.speeddial, s.speedDials.count) { i in
            let row = s.speedDials[i]
            return (row.dialed, row.servesEveryCaller ? m.speedDialAnyCallerRoot : m.speedDialRoot(forCaller: row.caller))
        }
        // Tables keyed by names and IDs.
        func keyed<K: Hashable>(_ table: Table, _ keys: [K]) {
            var first: [K: Int] = [:]
            first.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() {
                if let f = first[k] { report(table, i, first: f) } else { first[k] = i }
            }
        }
        keyed(.localuser, s.localUsers.map(\.name))
        keyed(.extline, s.externalLines.map(\.name))
        keyed(.peerserver, s.sipTrunks.map(\.id))
        keyed(.routegroup, s.routingGroups.map(\.id))
        keyed(
            .route, s.routes.map { [String($0.group.rawValue), String($0.routeType.rawValue), String($0.trunk.rawValue), $0.externalLine] })
        keyed(.natran, s.transitions.map(\.id))
        keyed(.hginfo, s.huntingGroups.map(\.id))
        keyed(.hgoper, s.huntingOperators.map(\.user))
        return out
    }

    /// RS302: dial plans with rows that no call starts in.
    static func unreachableDialPlans(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        var firstRow: [Int32: (Table, Int, Int)] = [:]  // plan → (table, first index, rows)
        for i in c.snapshot.calledAnalysis.indices {
            let plan = c.calledPlans[i]
            if let f = firstRow[plan] { firstRow[plan] = (f.0, f.1, f.2 + 1) } else { firstRow[plan] = (.anacldnbr, i, 1) }
        }
        for i in c.snapshot.huntingDetections.indices {
            let plan = c.detectionPlans[i]
            if let f = firstRow[plan] { firstRow[plan] = (f.0, f.1, f.2 + 1) } else { firstRow[plan] = (.hgdect, i, 1) }
        }
        for (plan, first) in firstRow.sorted(by: { $0.key < $1.key }) where !c.startPlans[Int(plan)] {
            out.append(
                c.finding(
                    "RS302", first.0, first.1,
                    "dial plan \"\(c.planName(plan))\" (\(first.2) row\(first.2 == 1 ? "" : "s")) is used by no local user, SIP trunk or caller-analysis record: its rows never take effect"
                ))
        }
        return out
    }

    /// RS303: prefixes every digit after which starts a longer prefix of the same table.
    ///
    /// Coverage is decided over the ten digits: numbers are digits in practice, so a prefix whose
    /// ten one-digit extensions are all records is reached only by the bare number (and by
    /// numbers going on with `*`, `#` or `+`). O(prefix length + 13) per record.
    static func coveredPrefixes(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let m = c.model
        let trie = m.trie
        func check(_ table: Table, _ index: Int, _ prefix: String, _ root: Int32?) {
            guard let root, root >= 0, DigitTrie.isDialString(prefix) else { return }
            var node = Int(root)
            for byte in prefix.utf8 {
                let child = trie.child(of: node, symbol: DigitTrie.symbol(byte))
                guard child > 0 else { return }  // a leaf: nothing longer below
                node = Int(child)
            }
            guard trie.value(of: node) == Int32(index) else { return }
            func hasRecord(_ symbol: Int) -> Bool {
                let child = trie.child(of: node, symbol: symbol)
                return child < 0 || (child > 0 && trie.value(of: Int(child)) >= 0)
            }
            guard (0..<10).allSatisfy(hasRecord) else { return }
            let all = (10..<13).allSatisfy(hasRecord)
            let shown = prefix.isEmpty ? "the empty prefix" : "\"\(prefix)\""
            let rest =
                all
                ? "only the bare number \(prefix.isEmpty ? "(empty)" : prefix) still reaches this record"
                : "only the bare number\(prefix.isEmpty ? "" : " " + prefix) and numbers going on with * # + still reach this record"
            out.append(
                c.finding(
                    "RS303", table, index,
                    "every digit after \(shown) starts a longer prefix (\"\(prefix)0\" … \"\(prefix)9\"): \(rest)",
                    witness: Witness(number: prefix + "0", role: table == .anaclrnbr || table == .refineclrnbr ? .caller : .called)))
        }
        let s = c.snapshot
        for (i, row) in s.calledAnalysis.enumerated() {
            check(.anacldnbr, i, c.matchPrefix(row.calledPrefix), m.calledAnalysisRoots[Int(c.calledPlans[i])])
        }
        for (i, row) in s.callerAnalysis.enumerated() { check(.anaclrnbr, i, c.matchPrefix(row.callerPrefix), m.callerAnalysisRoot) }
        for (i, row) in s.callerRefinements.enumerated() { check(.refineclrnbr, i, row.callerPrefix, m.callerRefineRoots[row.group]) }
        for (i, row) in s.calledRefinements.enumerated() { check(.refinecldnbr, i, row.calledPrefix, m.calledRefineRoots[row.group]) }
        return out
    }

    /// RS304: refine groups that no record, line or trunk uses.
    static func unusedRefineGroups(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let usedCaller = Set(c.snapshot.calledAnalysis.map(\.callerRefineGroup))
        var seenCaller = Set<CallerRefineGroupID>()
        for (i, row) in c.snapshot.callerRefinements.enumerated()
        where !usedCaller.contains(row.group) && seenCaller.insert(row.group).inserted {
            out.append(
                c.finding(
                    "RS304", .refineclrnbr, i,
                    "refine-caller group \(row.group) is the clrRefineID of no anacldnbr record: its rows never apply"))
        }
        let usedCalled = Set(c.snapshot.externalLines.map(\.outgoingGroup) + c.snapshot.sipTrunks.map(\.outgoingGroup))
        var seenCalled = Set<CalledRefineGroupID>()
        for (i, row) in c.snapshot.calledRefinements.enumerated()
        where !usedCalled.contains(row.group) && seenCalled.insert(row.group).inserted {
            out.append(
                c.finding(
                    "RS304", .refinecldnbr, i,
                    "refine-called group \(row.group) is the ogGroupID of no external line or SIP trunk: its rows never apply"))
        }
        return out
    }

    /// RS305: refine-caller rows whose prefix caller analysis always rewrites away.
    static func rewrittenCallerRefinements(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let m = c.model
        let trie = m.trie
        let root = m.callerAnalysisRoot
        guard !c.snapshot.callerAnalysis.isEmpty else { return [] }
        for (i, row) in c.snapshot.callerRefinements.enumerated() {
            let prefix = row.callerPrefix
            guard !prefix.isEmpty, DigitTrie.isDialString(prefix) else { continue }
            let r = trie.longestPrefix(prefix, root: root)
            guard r >= 0, let t = m.callerAnalysisTransitions[Int(r)].index else { continue }
            // No caller-analysis record may start below the prefix (those callers could keep it).
            var node = Int(root)
            var below = false
            for byte in prefix.utf8 {
                let child = trie.child(of: node, symbol: DigitTrie.symbol(byte))
                if child <= 0 { node = -1; break }
                node = Int(child)
            }
            if node >= 0 { below = (0..<DigitTrie.alphabetSize).contains { trie.child(of: node, symbol: $0) != 0 } }
            guard !below else { continue }
            let transition = c.snapshot.transitions[t]
            guard let after = TransitionOnPrefix.apply(transition, to: prefix).known else { continue }
            let a = Array(after.utf8), p = Array(prefix.utf8)
            guard let diverge = (0..<min(a.count, p.count)).first(where: { a[$0] != p[$0] }), diverge < a.count else { continue }
            let analysis = c.snapshot.callerAnalysis[Int(r)]
            out.append(
                c.finding(
                    "RS305", .refineclrnbr, i,
                    "caller analysis (anaclrnbr \"\(analysis.callerPrefix)\", transition \(analysis.transition)) turns every caller starting with \"\(prefix)\" into \"\(after)…\": this row never matches",
                    witness: Witness(number: prefix, role: .caller), related: [RecordReference(.anaclrnbr, Int(r))]))
        }
        return out
    }

    /// RS306–RS308: transitions, routing groups and hunting groups nothing uses.
    static func unusedRecords(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let s = c.snapshot
        var usedTransitions = Set<TransitionID>()
        for row in s.calledAnalysis where row.changesNumber { usedTransitions.insert(row.transition) }
        for row in s.callerAnalysis { usedTransitions.insert(row.transition) }
        for row in s.callerRefinements { usedTransitions.insert(row.transition) }
        for row in s.calledRefinements { usedTransitions.insert(row.transition) }
        for (i, t) in s.transitions.enumerated() where !t.id.isNone && !usedTransitions.contains(t.id) {
            out.append(c.finding("RS306", .natran, i, "transition \(t.id) is used by no record"))
        }
        let usedGroups = Set(s.calledAnalysis.filter { $0.routeType == .routingGroup }.map(\.routingGroup))
        for (i, g) in s.routingGroups.enumerated() where !usedGroups.contains(g.id) {
            out.append(c.finding("RS307", .routegroup, i, "no anacldnbr record routes to routing group \(g.id)"))
        }
        let usedHunts = Set(s.huntingDetections.map(\.group))
        for (i, g) in s.huntingGroups.enumerated() where !usedHunts.contains(g.id) {
            out.append(c.finding("RS308", .hginfo, i, "no hgdect row leads to hunting group \(g.id): no call reaches it"))
        }
        return out
    }
}

/// What a transition does to numbers known only by their first digits.
enum TransitionOnPrefix {
    /// Applies `transition` to every number starting with `known`: the digits still known
    /// afterwards (`known` nil when the numbers certainly stay unchanged).
    static func apply(_ transition: Transition, to known: String) -> (known: String?, exact: Bool) {
        let digits = Array(known.utf8)
        let count = digits.count
        let start = max(transition.start, 0)
        let length = max(transition.length, 0)
        let insert = Array(transition.prefix.utf8)
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        switch transition.type {
        case .add:
            guard !insert.isEmpty else { return (nil, true) }
            guard start <= count else { return (known, false) }
            return (text(Array(digits[..<start]) + insert + Array(digits[start...])), true)
        case .delete:
            guard length > 0 else { return (nil, true) }
            if start >= count { return (known, false) }
            if start + length <= count { return (text(Array(digits[..<start]) + Array(digits[(start + length)...])), true) }
            return (text(Array(digits[..<start])), false)
        case .replace:
            if start >= count { return (insert.isEmpty && length == 0 ? nil : known, false) }
            if start + length <= count {
                let result = Array(digits[..<start]) + insert + Array(digits[(start + length)...])
                return (result == digits ? nil : text(result), true)
            }
            return (text(Array(digits[..<start]) + insert), false)
        case .unknown:
            return (nil, true)
        }
    }
}
