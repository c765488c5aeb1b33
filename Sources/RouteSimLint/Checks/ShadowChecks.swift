import DialPlan
import DigitTrie
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
            let same = c.snapshot.key(of: table, at: first) == c.snapshot.key(of: table, at: index)
            out.append(
                c.finding(
                    "RS301", table, index,
                    "same key as \(place)\(same ? "" : ", which routing treats as the same key"): routesim keeps the earlier record, the server keeps one of the two",
                    related: [RecordID(table, first)]))
        }
        // Prefix tables: each valid prefix is looked up exactly under its root.
        for table in RoutingModel.prefixTables {
            var invalid: [[KeyField]: Int] = [:]
            for i in 0..<c.snapshot.count(of: table.table) {
                let row = table.row(i, in: m)
                guard DigitTrie.isDialString(row.matched), let root = row.root else {
                    // Left out of the trie (RS401): compare the keys as written.
                    let key = c.snapshot.key(of: table.table, at: i)
                    if let first = invalid[key] { report(table.table, i, first: first) } else { invalid[key] = i }
                    continue
                }
                let kept = Int(m.trie.exactMatch(row.matched, root: root))
                if kept >= 0 && kept != i { report(table.table, i, first: kept) }
            }
        }
        // Tables keyed by names and IDs: their keys as written.
        for table in Table.allCases where !table.isSingleObject && RoutingModel.prefixTable(table) == nil {
            var first: [[KeyField]: Int] = [:]
            for i in 0..<c.snapshot.count(of: table) {
                let key = c.snapshot.key(of: table, at: i)
                if let f = first[key] { report(table, i, first: f) } else { first[key] = i }
            }
        }
        return out
    }

    /// RS302: dial plans with rows that no call starts in.
    static func unreachableDialPlans(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        var firstRow: [Int32: (Table, Int, Int)] = [:]  // plan → (table, first index, rows)
        for i in c.snapshot.calledAnalysis.indices {
            let plan = c.calledPlans[i]
            if let f = firstRow[plan] { firstRow[plan] = (f.0, f.1, f.2 + 1) } else { firstRow[plan] = (.calledAnalysis, i, 1) }
        }
        for i in c.snapshot.huntingDetections.indices {
            let plan = c.detectionPlans[i]
            if let f = firstRow[plan] { firstRow[plan] = (f.0, f.1, f.2 + 1) } else { firstRow[plan] = (.huntingDetections, i, 1) }
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
        for table in RoutingModel.prefixTables where table.alwaysLongestPrefix {
            for index in 0..<c.snapshot.count(of: table.table) {
                let row = table.row(index, in: m)
                let prefix = row.matched
                guard let root = row.root, DigitTrie.isDialString(prefix) else { continue }
                // A leaf has nothing longer below it.
                guard let node = trie.walk(prefix, from: root), trie.value(of: node) == Int32(index) else { continue }
                func hasRecord(_ symbol: Int) -> Bool { trie.value(below: node, symbol: symbol) != nil }
                guard (0..<10).allSatisfy(hasRecord) else { continue }
                let all = (10..<13).allSatisfy(hasRecord)
                let shown = prefix.isEmpty ? "the empty prefix" : "\"\(prefix)\""
                let rest =
                    all
                    ? "only the bare number \(prefix.isEmpty ? "(empty)" : prefix) still reaches this record"
                    : "only the bare number\(prefix.isEmpty ? "" : " " + prefix) and numbers going on with * # + still reach this record"
                out.append(
                    c.finding(
                        "RS303", table.table, index,
                        "every digit after \(shown) starts a longer prefix (\"\(prefix)0\" … \"\(prefix)9\"): \(rest)",
                        witness: Witness(number: prefix + "0", role: table.matchesCaller ? .caller : .called)))
            }
        }
        return out
    }

    /// RS304: refine groups that no record, line or trunk uses (one finding per group, on its
    /// first row).
    static func unusedRefineGroups(_ c: LintContext) -> [Finding] {
        func unused<Group: Hashable>(_ table: Table, _ groups: [Group], used: Set<Group>, _ message: (Group) -> String) -> [Finding] {
            var seen = Set<Group>()
            return groups.enumerated().filter { !used.contains($0.element) && seen.insert($0.element).inserted }.map { i, group in
                c.finding("RS304", table, i, message(group))
            }
        }
        let s = c.snapshot
        return unused(.callerRefinements, s.callerRefinements.map(\.group), used: Set(s.calledAnalysis.map(\.callerRefineGroup))) {
            "refine-caller group \($0) is the clrRefineID of no anacldnbr record: its rows never apply"
        }
            + unused(
                .calledRefinements, s.calledRefinements.map(\.group),
                used: Set(s.externalLines.map(\.outgoingGroup) + s.sipTrunks.map(\.outgoingGroup))
            ) { "refine-called group \($0) is the ogGroupID of no external line or SIP trunk: its rows never apply" }
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
            let below = trie.walk(prefix, from: root).map(trie.hasChildren) ?? false
            guard !below else { continue }
            let transition = c.snapshot.transitions[t]
            guard let after = transition.apply(toNumbersStartingWith: prefix) else { continue }
            let a = Array(after.utf8), p = Array(prefix.utf8)
            guard let diverge = (0..<min(a.count, p.count)).first(where: { a[$0] != p[$0] }), diverge < a.count else { continue }
            let analysis = c.snapshot.callerAnalysis[Int(r)]
            out.append(
                c.finding(
                    "RS305", .callerRefinements, i,
                    "caller analysis (anaclrnbr \"\(analysis.callerPrefix)\", transition \(analysis.transition)) turns every caller starting with \"\(prefix)\" into \"\(after)…\": this row never matches",
                    witness: Witness(number: prefix, role: .caller), related: [RecordID(.callerAnalysis, Int(r))]))
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
            out.append(c.finding("RS306", .transitions, i, "transition \(t.id) is used by no record"))
        }
        let usedGroups = Set(s.calledAnalysis.filter { $0.routeType == .routingGroup }.map(\.routingGroup))
        for (i, g) in s.routingGroups.enumerated() where !usedGroups.contains(g.id) {
            out.append(c.finding("RS307", .routingGroups, i, "no anacldnbr record routes to \(c.describe(.routingGroup(g.id)))"))
        }
        let usedHunts = Set(s.huntingDetections.map(\.group))
        for (i, g) in s.huntingGroups.enumerated() where !usedHunts.contains(g.id) {
            out.append(
                c.finding("RS308", .huntingGroups, i, "no hgdect row leads to \(c.describe(.huntingGroup(g.id))): no call reaches it"))
        }
        return out
    }
}
