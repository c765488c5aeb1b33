import DialPlan
import DigitTrie

/// An invariant of a routing model that does not hold: which one, and where.
package struct InvariantViolation: Error, Sendable, CustomStringConvertible {
    /// The invariant, as `_checkInvariants()` names it.
    package var invariant: String
    /// The first place it breaks.
    package var detail: String
    package var description: String { "invariant \"\(invariant)\" broken: \(detail)" }
}

extension RoutingModel {
    /// Checks what the simulator and the linter rely on, against the snapshot the model was
    /// built from; throws for the first invariant that breaks, naming it and the record.
    ///
    /// The swift-collections `_checkInvariants()` pattern: tests call it after building a model.
    /// It walks every table, so it is for tests, never for the hot path.
    package func _checkInvariants() throws(InvariantViolation) {
        try checkDialPlans()
        try checkRowCounts()
        try checkKeyIndexes()
        try checkReferences()
        try checkTrie()
        try checkGroups()
    }

    private func require(_ condition: Bool, _ invariant: String, _ detail: @autoclosure () -> String) throws(InvariantViolation) {
        if !condition { throw InvariantViolation(invariant: invariant, detail: detail()) }
    }

    /// Dial plans are numbered from 0 (`default`), both ways, and every row's plan is its own.
    private func checkDialPlans() throws(InvariantViolation) {
        let invariant = "dial plans are numbered, default first, and each row knows its own"
        try require(
            dialPlanNames.first == "default" && defaultDialPlan == 0, invariant, "dial plan 0 is \(dialPlanNames.first ?? "missing")")
        try require(dialPlanIDs.count == dialPlanNames.count, invariant, "\(dialPlanNames.count) names but \(dialPlanIDs.count) IDs")
        for (id, name) in dialPlanNames.enumerated() {
            try require(
                dialPlanIDs[name] == Int32(id), invariant,
                "\"\(name)\" is number \(id) but maps to \(String(describing: dialPlanIDs[name]))")
        }
        for (i, row) in snapshot.calledAnalysis.enumerated() {
            try require(
                dialPlanID(row.dialPlan) == calledAnalysisPlans[i], invariant, "anacldnbr[\(i)] is filed under another dial plan")
        }
        for (i, row) in snapshot.huntingDetections.enumerated() {
            try require(
                dialPlanID(row.dialPlan) == huntingDetectionPlans[i], invariant, "hgdect[\(i)] is filed under another dial plan")
        }
        for (i, row) in snapshot.localUsers.enumerated() {
            try require(dialPlanID(row.dialPlan) == users[i].dialPlan, invariant, "localuser[\(i)] starts in another dial plan")
        }
        for (i, row) in snapshot.sipTrunks.enumerated() {
            try require(dialPlanID(row.dialPlan) == trunks[i].dialPlan, invariant, "peerserver[\(i)] starts in another dial plan")
        }
        for (i, row) in snapshot.callerAnalysis.enumerated() {
            let expected = row.dialPlan.isEmpty ? nil : dialPlanID(row.dialPlan)
            try require(callerAnalysisPlans[i] == expected, invariant, "anaclrnbr[\(i)] switches to another dial plan")
        }
    }

    /// Every array kept per row or per dial plan has one entry per row or plan.
    private func checkRowCounts() throws(InvariantViolation) {
        let s = snapshot
        let counts: [(String, Int, Int)] = [
            ("compiled anacldnbr records", calledRecords.count, s.calledAnalysis.count),
            ("anacldnbr dial plans", calledAnalysisPlans.count, s.calledAnalysis.count),
            ("hgdect dial plans", huntingDetectionPlans.count, s.huntingDetections.count),
            ("anacldnbr roots", calledAnalysisRoots.count, dialPlanNames.count),
            ("hgdect roots", huntingDetectionRoots.count, dialPlanNames.count),
            ("anaclrnbr transitions", callerAnalysisTransitions.count, s.callerAnalysis.count),
            ("anaclrnbr dial plans", callerAnalysisPlans.count, s.callerAnalysis.count),
            ("refineclrnbr transitions", callerRefineTransitions.count, s.callerRefinements.count),
            ("refinecldnbr transitions", calledRefineTransitions.count, s.calledRefinements.count),
            ("compiled natran records", transitions.count, s.transitions.count),
            ("compiled local users", users.count, s.localUsers.count),
            ("compiled external lines", lines.count, s.externalLines.count),
            ("compiled SIP trunks", trunks.count, s.sipTrunks.count),
            ("routing-group members", groupMembers.count, s.routingGroups.count),
            ("hunting-group operators", huntingGroupOperators.count, s.huntingGroups.count),
        ]
        for (what, count, expected) in counts {
            try require(count == expected, "one entry per row or dial plan", "\(count) \(what) for \(expected)")
        }
        try require(
            outGroupPrefix == (s.systemInfo?.outGroupPrefix ?? "9"), "the out-group prefix is sysinfo's (9 without sysinfo)",
            "\"\(outGroupPrefix)\"")
    }

    /// Each exact index maps every key to the first record that has it, and to nothing else.
    private func checkKeyIndexes() throws(InvariantViolation) {
        func check<Key: Hashable>(_ table: Table, _ keys: [Key], _ index: [Key: Int32]) throws(InvariantViolation) {
            var first: [Key: Int32] = [:]
            for (i, key) in keys.enumerated() where first[key] == nil { first[key] = Int32(i) }
            try require(first == index, "an exact index maps each key to its first record", "the \(table.rawValue) index differs")
        }
        let s = snapshot
        var firstUser: [String: Int32] = [:]
        for (i, user) in s.localUsers.enumerated() where firstUser[user.name] == nil { firstUser[user.name] = Int32(i) }
        try require(
            firstUser.allSatisfy { userIndex[$0.key] == $0.value }
                && userIndex.others.count == firstUser.keys.count(where: { !UserIndex.isInTrie($0) }),
            "an exact index maps each key to its first record", "the \(Table.localUsers.rawValue) index differs")
        try check(.externalLines, s.externalLines.map(\.name), lineIndex)
        try check(.sipTrunks, s.sipTrunks.map(\.id), trunkIndex)
        try check(.routingGroups, s.routingGroups.map(\.id), routingGroupIndex)
        try check(.huntingGroups, s.huntingGroups.map(\.id), huntingGroupIndex)
        try check(.transitions, s.transitions.map(\.id), transitionIndex)
    }

    /// Every resolved reference is what the record's field names: none when unset, dangling
    /// when no record has the key, else the first record with it.
    private func checkReferences() throws(InvariantViolation) {
        let invariant = "references resolve to the record the field names"
        func expect<Key: Hashable>(
            _ reference: Reference, _ key: Key, in index: [Key: Int32], isUnset: Bool, unset: Reference = .none, _ place: String
        ) throws(InvariantViolation) {
            try require(reference == .resolve(key, in: index, isUnset: isUnset, unset: unset), invariant, place)
        }
        let s = snapshot
        for (i, row) in s.calledAnalysis.enumerated() {
            let record = calledRecords[i]
            try require(record.routeKind == RouteKind(row.routeType), invariant, "anacldnbr[\(i)] route type")
            try expect(record.transition, row.transition, in: transitionIndex, isUnset: row.transition.isNone, "anacldnbr[\(i)] tranID")
            try expect(
                record.callerRefine, row.callerRefineGroup, in: callerRefineRoots, isUnset: row.callerRefineGroup.isNone,
                "anacldnbr[\(i)] clrRefineID")
            switch row.routeType {
            case .externalLine:
                try expect(record.target, row.externalLine, in: lineIndex, isUnset: row.externalLine.isEmpty, "anacldnbr[\(i)] extLine")
            case .sipTrunk:
                try expect(record.target, row.trunk, in: trunkIndex, isUnset: row.trunk.isNone, unset: .dangling, "anacldnbr[\(i)] servID")
            case .routingGroup:
                try expect(
                    record.target, row.routingGroup, in: routingGroupIndex, isUnset: row.routingGroup.isNone, unset: .dangling,
                    "anacldnbr[\(i)] rtGroupID")
            default:
                try require(record.target == .none, invariant, "anacldnbr[\(i)] has a target its route type does not use")
            }
        }
        let transitionRows: [(String, [Reference], [TransitionID])] = [
            ("anaclrnbr", callerAnalysisTransitions, s.callerAnalysis.map(\.transition)),
            ("refineclrnbr", callerRefineTransitions, s.callerRefinements.map(\.transition)),
            ("refinecldnbr", calledRefineTransitions, s.calledRefinements.map(\.transition)),
        ]
        for (table, references, ids) in transitionRows {
            for (i, id) in ids.enumerated() {
                try expect(references[i], id, in: transitionIndex, isUnset: id.isNone, "\(table)[\(i)] tranID")
            }
        }
        for (i, line) in s.externalLines.enumerated() {
            try expect(lines[i].chain, line.chain, in: lineIndex, isUnset: line.chain.isEmpty, "extline[\(i)] chain")
        }
        for (i, trunk) in s.sipTrunks.enumerated() {
            try expect(trunks[i].chain, trunk.chain, in: trunkIndex, isUnset: trunk.chain.isNone, "peerserver[\(i)] chainTrunkID")
        }
        for (i, user) in s.localUsers.enumerated() {
            try expect(
                users[i].specificLine, user.specificExternalLine, in: lineIndex, isUnset: user.specificExternalLine.isEmpty,
                "localuser[\(i)] specextline")
            let ownLine = s.externalLines.firstIndex { $0.incomingDestination == user.name && !user.name.isEmpty }
            try require(users[i].ownLine == (ownLine.map { .to($0) } ?? .none), invariant, "localuser[\(i)]'s own line")
        }
        try require(
            firstSharedLine == s.externalLines.firstIndex(where: \.shared), "the default line is the first shared one",
            "\(String(describing: firstSharedLine))")
    }

    /// The trie is well formed over all its roots, and each prefix row is found where the
    /// simulator looks for it: its own row, or an earlier row with the same prefix and root.
    private func checkTrie() throws(InvariantViolation) {
        var roots = calledAnalysisRoots.compactMap { $0 } + huntingDetectionRoots.compactMap { $0 }
        roots += [callerAnalysisRoot, speedDialAnyCallerRoot, speedDialCallerRoot, userNameRoot]
        roots += Array(callerRefineRoots.values) + Array(calledRefineRoots.values) + Array(speedDialRoots.values)
        for row in snapshot.speedDials where !row.servesEveryCaller {
            if let root = speedDialRoot(forCaller: row.caller) { roots.append(root) }
        }
        do {
            try trie.checkInvariants()
        } catch {
            throw InvariantViolation(invariant: "the trie is well formed", detail: "\(error)")
        }
        for root in Set(roots) {
            try require(root >= 0 && Int(root) < trie.rootCount, "every root is a root of the trie", "root \(root)")
        }
        for table in Self.prefixTables {
            var firstOf: [String: [Int32: Int]] = [:]
            for i in 0..<snapshot.count(of: table.table) {
                let row = table.row(i, in: self)
                guard let root = row.root, DigitTrie.isDialString(row.matched) else { continue }
                let first = firstOf[row.matched, default: [:]][root] ?? i
                firstOf[row.matched, default: [:]][root] = first
                let found = trie.exactMatch(row.matched, root: root)
                try require(
                    found == Int32(first), "each prefix row is found under its root, the first of equal prefixes",
                    "\(table.table.rawValue)[\(i)] (\"\(row.matched)\") finds \(found), expected \(first)")
            }
        }
        for (i, user) in snapshot.localUsers.enumerated() where UserIndex.isInTrie(user.name) {
            let found = trie.exactMatch(user.name, root: userNameRoot)
            try require(
                found >= 0 && found <= i && snapshot.localUsers[Int(found)].name == user.name, "user names are found through the trie",
                "localuser[\(i)] (\"\(user.name)\")")
        }
        let nonDial = snapshot.localUsers.contains { !UserIndex.isInTrie($0.name) }
        try require(
            hasNonDialUserNames == nonDial, "user names are found through the trie", "hasNonDialUserNames is \(hasNonDialUserNames)")
    }

    /// Routing-group members and hunting-group operators are their rows, in snapshot order (and by
    /// number); ring groups are their users, in file order.
    private func checkGroups() throws(InvariantViolation) {
        var members = [[Int]](repeating: [], count: groupMembers.count)
        for (i, route) in snapshot.routes.enumerated() {
            if let g = routingGroupIndex[route.group] { members[Int(g)].append(i) }
        }
        for (g, list) in groupMembers.enumerated() {
            let rows = list.map { member -> Int in
                switch member {
                case .line(_, let route), .trunk(_, let route), .dangling(let route), .unsupported(let route): route
                }
            }
            try require(rows == members[g], "routing-group members are its route rows in order", "routegroup[\(g)]")
            for member in list {
                switch member {
                case .line(let l, let r):
                    try require(
                        snapshot.externalLines[l].name == snapshot.routes[r].externalLine,
                        "routing-group members are its route rows in order",
                        "route[\(r)] line")
                case .trunk(let t, let r):
                    try require(
                        snapshot.sipTrunks[t].id == snapshot.routes[r].trunk, "routing-group members are its route rows in order",
                        "route[\(r)] trunk")
                case .dangling, .unsupported:
                    break
                }
            }
        }
        var operators = [[Int32]](repeating: [], count: huntingGroupOperators.count)
        for (i, op) in snapshot.huntingOperators.enumerated() {
            if let g = huntingGroupIndex[op.group] { operators[Int(g)].append(Int32(i)) }
        }
        for (g, list) in huntingGroupOperators.enumerated() {
            try require(
                list == operators[g], "hunting-group operators are its hgoper rows in order",
                "hginfo[\(g)] has \(list), its rows are \(operators[g])")
            let byNumber = huntingGroupOperatorsByNumber[g]
            try require(
                byNumber.sorted() == list.sorted()
                    && zip(byNumber, byNumber.dropFirst()).allSatisfy { a, b in
                        !HuntingOperator.precedesByNumber(snapshot.huntingOperators[Int(b)].user, snapshot.huntingOperators[Int(a)].user)
                    },
                "hunting-group operators by number are the same rows, ordered", "hginfo[\(g)] has \(byNumber)")
        }
        var rings: [Int: [Int32]] = [:]
        for (i, user) in snapshot.localUsers.enumerated() where user.ringGroupRight && user.ringGroup != 0 {
            rings[user.ringGroup, default: []].append(Int32(i))
        }
        try require(
            rings == ringGroupMembers, "ring groups are the users with right_rg and that ringgrpid, in file order",
            "\(ringGroupMembers) for \(rings)")
    }
}
