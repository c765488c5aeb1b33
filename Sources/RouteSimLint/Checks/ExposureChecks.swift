import DialPlan
import DigitTrie
import RouteSim

/// Costly destinations nothing restricts (category `exposure`).
enum ExposureChecks {
    /// RS501: in every dial plan calls start in, the records that numbers with a costly prefix
    /// (`LintOptions.costlyPrefixes`) match — the longest record prefix of the costly prefix and
    /// every record below it — that take the call out of the PBX with no call level on the way.
    /// Records that analyse again are followed through the simulator as a caller with no call
    /// level. The out-group defaults (no record matched) are not checked: they have no call level
    /// to set. One finding per exposed record and costly prefix, so that a suppression naming
    /// one prefix of a record (`national is fine`) leaves its other costly prefixes in view.
    static func costlyPrefixes(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let m = c.model
        var reported = Set<[Int]>()
        for plan in 0..<m.dialPlanNames.count where c.startPlans[plan] {
            guard let root = m.calledAnalysisRoots[plan] else { continue }
            let planID = Int32(plan)
            for (p, costly) in c.options.costlyPrefixes.enumerated() where !costly.isEmpty && DigitTrie.isDialString(costly) {
                for (record, number) in matches(c, root: root, number: costly) {
                    for (exposed, witnessNumber) in exposedRecords(c, plan: planID, record: record, number: number, called: number, pass: 1)
                    where reported.insert([exposed, p]).inserted {
                        let row = c.snapshot.calledAnalysis[exposed]
                        let witness = c.calledWitness(witnessNumber, plan: planID) { r in
                            [.externalLine, .sipTrunk, .routingGroup].contains(r.outcome) && r.passes(.calledAnalysis, exposed)
                        }
                        out.append(
                            c.finding(
                                "RS501", .calledAnalysis, exposed,
                                "numbers starting with \"\(costly)\" (such as \(witnessNumber)) leave through \(c.outgoingTarget(row) ?? "\(row.routeType)") for every caller of dial plan \"\(c.planName(planID))\": no record on the way sets a call level",
                                witness: witness, prefix: costly))
                    }
                }
            }
        }
        return out
    }

    /// The records with no call level that take `number` (matching `record` with the called
    /// number `called` after earlier changes) out of the PBX, each with the dialed number that
    /// gets there. Re-analysing records are followed: the number is extended with the digits the
    /// next record's prefix needs, and every number found is confirmed by the simulator as a
    /// caller with no call level.
    static func exposedRecords(_ c: LintContext, plan: Int32, record: Int, number: String, called: String, pass: Int) -> [(Int, String)] {
        let row = c.snapshot.calledAnalysis[record]
        guard row.callLevel == 0 else { return [] }
        if !(row.changesNumber && row.reanalyze) {
            switch row.routeType {
            case .externalLine, .sipTrunk, .routingGroup:
                guard !c.model.calledRecords[record].target.isDangling else { return [] }
                if pass == 1 { return [(record, number)] }
                let result = c.probe(number, plan: plan, unknownCaller: true, tracing: true)
                let outgoing: Set<Outcome> = [.externalLine, .sipTrunk, .routingGroup]
                return outgoing.contains(result.outcome) && result.passes(.calledAnalysis, record) ? [(record, number)] : []
            default:
                return []
            }
        }
        guard pass < c.model.assumptions.maxAnalysisPasses, let t = c.model.calledRecords[record].transition.index else { return [] }
        let changed = c.snapshot.transitions[t].apply(to: called, bounds: c.model.assumptions.transitionBounds).number
        guard changed != called else { return [] }
        guard let root = c.model.calledAnalysisRoots[Int(plan)] else { return [] }
        var found: [(Int, String)] = []
        for (next, prefix) in matches(c, root: root, number: changed) {
            let extra = prefix.utf8.count > changed.utf8.count ? String(prefix.dropFirst(changed.count)) : ""
            found += exposedRecords(c, plan: plan, record: next, number: number + extra, called: changed + extra, pass: pass + 1)
            if found.count >= 16 { break }
        }
        return found
    }

    /// The records a number starting with `number` can match: its longest record prefix and
    /// every record whose prefix extends it, each with the prefix it is matched by.
    static func matches(_ c: LintContext, root: Int32, number: String) -> [(Int, String)] {
        let trie = c.model.trie
        var out: [(Int, String)] = []
        let longest = trie.longestPrefix(number, root: root)
        if longest >= 0 { out.append((Int(longest), number)) }
        guard let node = trie.walk(number, from: root) else { return out }
        trie.forEachValue(below: node) { value in
            out.append((Int(value), c.matchPrefix(c.snapshot.calledAnalysis[Int(value)].calledPrefix)))
        }
        return out
    }

}
