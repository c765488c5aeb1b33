import DialPlan
import DigitTrie
import RouteSim

/// Cycles: re-analysis, failover chains, unconditional forwarding, speed dials (category `loop`).
enum LoopChecks {
    /// RS201–RS203 and RS207: the re-analysis graph (see `ReanalysisGraph`), explored exhaustively,
    /// each candidate confirmed by simulating numbers of its classes.
    static func reanalysis(_ c: LintContext) -> [Finding] {
        var graph = ReanalysisGraph(context: c)
        graph.explore(limit: c.options.explorationLimit)
        var out: [Finding] = []
        if graph.exhausted {
            out.append(
                Finding(
                    rule: LintCatalog.require("RS207"), table: .calledAnalysis, recordIndex: nil, key: [],
                    message:
                        "the re-analysing records produce more than \(c.options.explorationLimit) number classes: the exploration stopped there, and loops beyond it may be missed"
                ))
        }
        let (cycles, depth) = graph.cyclicComponents()
        let passes = c.model.assumptions.maxAnalysisPasses
        for component in cycles {
            let path = graph.cycle(in: component)
            guard !path.isEmpty else { continue }
            let plan = graph.states[component[0]].plan
            let records = orderedUnique(path.map { Int($0.record) })
            let anchor = records.min()!
            let related = records.filter { $0 != anchor }.map { RecordID(.calledAnalysis, $0) }
            let chain = describe(path, graph: graph, c)
            // The records' own prefixes first: they give the shortest witnesses.
            let prefixes = records.map { c.matchPrefix(c.snapshot.calledAnalysis[$0].calledPrefix) }
            // A cycle that shortens the number (a transition that deletes digits) loops only on a
            // number long enough to keep matching pass after pass: the cycle's digits repeated.
            let repeated = repeatedCycle(path.map(\.matched), passes: passes)
            if let number = confirmLoop(prefixes + path.map(\.matched) + repeated, plan: plan, c) {
                out.append(
                    c.finding(
                        "RS201", .calledAnalysis, anchor,
                        "re-analysis loop in dial plan \"\(c.planName(plan))\": \(chain); the call is released after \(passes) passes",
                        witness: c.calledWitness(number, plan: plan) { $0.ended(.loop) }, related: related))
            } else {
                out.append(
                    c.finding(
                        "RS203", .calledAnalysis, anchor,
                        "records can feed numbers into each other in dial plan \"\(c.planName(plan))\" (\(chain)), but no number tried loops",
                        related: related))
            }
        }
        // Chains without a cycle that are longer than the pass limit: one finding per first record.
        var reported = Set<Int32>()
        let long = graph.states.indices.filter { depth[$0] != Int.max && depth[$0] >= passes }
        // A chain inside a longer one is the same finding: report where the longest chains start.
        var inside = Set<Int>()
        for s in long { for edge in graph.edges[s] { inside.insert(edge.target) } }
        for s in long where !inside.contains(s) {
            let path = graph.longestPath(from: s, depth: depth)
            guard let first = path.first, !reported.contains(first.record) else { continue }
            let plan = graph.states[s].plan
            guard let number = confirmLoop([first.matched], plan: plan, c) else { continue }
            reported.insert(first.record)
            let records = orderedUnique(path.map { Int($0.record) })
            out.append(
                c.finding(
                    "RS202", .calledAnalysis, Int(first.record),
                    "re-analysis chain of \(path.count) changes in dial plan \"\(c.planName(plan))\" (\(describe(path, graph: graph, c))): the call is released after \(passes) passes before it reaches a route",
                    witness: c.calledWitness(number, plan: plan) { $0.ended(.loop) },
                    related: records.dropFirst().map { RecordID(.calledAnalysis, $0) }))
        }
        return out
    }

    /// Numbers that run round a cycle more times than the pass limit allows: the digits each
    /// record of the cycle matches, one after the other, repeated (at most 64 digits, the
    /// longest number a call may have), whole and cut to every length from one round more than
    /// the pass limit up.
    static func repeatedCycle(_ matched: [String], passes: Int) -> [String] {
        let round = matched.joined()
        guard !round.isEmpty else { return [] }
        var text = ""
        while text.utf8.count < 64 { text += round }
        let digits = Array(text.utf8.prefix(64))
        let shortest = min(64, passes + 1)
        return (shortest...64).map { String(decoding: digits.prefix($0), as: UTF8.self) }
    }

    /// The first number, bare or padded with zeros, that the simulator releases as a loop.
    static func confirmLoop(_ classes: [String], plan: Int32, _ c: LintContext) -> String? {
        for known in classes {
            for padding in [0, 8, 16, 32] {
                let number = known + String(repeating: "0", count: max(0, min(padding, 64 - known.utf8.count)))
                guard !number.isEmpty, DigitTrie.isDialString(number) else { continue }
                if c.probe(number, plan: plan).ended(.loop) { return number }
            }
        }
        return nil
    }

    /// `"1…" becomes "23…" (prefix "1", transition 3, line 12), …`: each record of the path, its
    /// prefix, what its transition makes of it and its line (at most 10; `related` has them all).
    static func describe(_ path: [ReanalysisGraph.Edge], graph: ReanalysisGraph, _ c: LintContext) -> String {
        let parts = path.map { edge -> String in
            let row = c.snapshot.calledAnalysis[Int(edge.record)]
            let prefix = c.matchPrefix(row.calledPrefix)
            let after =
                c.model.calledRecords[Int(edge.record)].transition.index
                .flatMap { c.snapshot.transitions[$0].apply(toNumbersStartingWith: prefix) } ?? graph.states[edge.target].known
            let line = c.snapshot.locations.line(of: .calledAnalysis, at: Int(edge.record)).map { ", line \($0)" } ?? ""
            return "\"\(prefix)…\" becomes \"\(after)…\" (prefix \"\(row.calledPrefix)\", transition \(row.transition)\(line))"
        }
        return c.recordList(parts)
    }

    static func orderedUnique(_ values: [Int]) -> [Int] {
        var seen = Set<Int>()
        return values.filter { seen.insert($0).inserted }
    }

    /// RS204: lines or trunks whose failover chains come back to themselves.
    static func failoverChains(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let lineCycles = cycles(count: c.model.lines.count) { c.model.lines[$0].chain.index }
        for cycle in lineCycles {
            let names = cycle.map {
                c.snapshot.externalLines[$0].name + Target.nameSuffix(c.model.recordName(.externalLines, $0))
                    + c.lineNote(.externalLines, $0)
            }
            out.append(
                c.finding(
                    "RS204", .externalLines, cycle.min()!,
                    "external lines fail over in a circle: \(c.recordList(names, separator: " → ")) → \(c.snapshot.externalLines[cycle[0]].name)",
                    related: cycle.filter { $0 != cycle.min()! }.map { RecordID(.externalLines, $0) }))
        }
        let trunkCycles = cycles(count: c.model.trunks.count) { c.model.trunks[$0].chain.index }
        for cycle in trunkCycles {
            let ids = cycle.map {
                String(c.snapshot.sipTrunks[$0].id.rawValue) + Target.nameSuffix(c.model.recordName(.sipTrunks, $0))
                    + c.lineNote(.sipTrunks, $0)
            }
            out.append(
                c.finding(
                    "RS204", .sipTrunks, cycle.min()!,
                    "SIP trunks fail over in a circle: \(c.recordList(ids, separator: " → ")) → \(c.snapshot.sipTrunks[cycle[0]].id)",
                    related: cycle.filter { $0 != cycle.min()! }.map { RecordID(.sipTrunks, $0) }))
        }
        return out
    }

    /// The cycles of a functional graph (each node has at most one successor), each starting at
    /// the node where the walk entered it.
    static func cycles(count: Int, next: (Int) -> Int?) -> [[Int]] {
        var state = [UInt8](repeating: 0, count: count)  // 0 new, 1 on the current walk, 2 done
        var found: [[Int]] = []
        for start in 0..<count where state[start] == 0 {
            var walk: [Int] = []
            var at: Int? = start
            while let v = at, state[v] == 0 {
                state[v] = 1
                walk.append(v)
                at = next(v)
            }
            if let v = at, state[v] == 1, let i = walk.firstIndex(of: v) { found.append(Array(walk[i...])) }
            for v in walk { state[v] = 2 }
        }
        return found
    }

    /// RS205: users who forward unconditionally to each other, found by simulating a call to each.
    static func forwarding(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        var reported = Set<[Int]>()
        for (i, user) in c.snapshot.localUsers.enumerated()
        where user.forwardUnconditional && !user.forwardUnconditionalNumber.isEmpty && c.model.userIndex[user.name] == Int32(i) {
            let plan = c.model.users[i].dialPlan
            let result = c.probe(user.name, plan: plan, tracing: true)
            guard result.ended(.loop) else { continue }
            let hops = result.steps.filter { $0.stage == .forward && $0.table == .localUsers }.compactMap(\.recordIndex)
            guard let last = hops.last else { continue }
            let cycle = hops.firstIndex(of: last).map { Array(hops[$0..<(hops.count - 1)]) } ?? hops
            let members = cycle.isEmpty ? hops : cycle
            let key = members.sorted()
            guard key.contains(i), reported.insert(key).inserted else { continue }
            let names = members.map { c.snapshot.localUsers[$0].name + c.lineNote(.localUsers, $0) }
            // No user repeats: the chain is longer than maxForwardHops; it ends where the last
            // forward would have gone.
            let end = cycle.isEmpty ? result.steps.last { $0.stage == .forward }?.after ?? "…" : c.snapshot.localUsers[members[0]].name
            let what =
                cycle.isEmpty
                ? "unconditional forwarding goes on longer than maxForwardHops (\(c.simulator.assumptions.maxForwardHops))"
                : "unconditional forwarding does not settle"
            out.append(
                c.finding(
                    "RS205", .localUsers, i,
                    "\(what): \(c.recordList(names, separator: " → ")) → \(end); calls to \(user.name) are released as a loop",
                    witness: c.calledWitness(user.name, plan: plan) { $0.ended(.loop) },
                    related: key.filter { $0 != i }.map { RecordID(.localUsers, $0) }))
        }
        return out
    }

    /// RS206: speed dials whose destinations lead back through other speed dials.
    ///
    /// For the speed dials of one caller (and for those of every caller), the next row of a row
    /// is the one its destination selects: a functional graph, whose cycles one walk per row
    /// finds, each row entered once per caller group. A cycle is reported from its first row
    /// (in table order) of the group that walks it.
    static func speedDials(_ c: LintContext) -> [Finding] {
        let rows = c.snapshot.speedDials
        guard !rows.isEmpty else { return [] }
        var anyRows: [String: Int] = [:]
        var ownRows: [String: [String: Int]] = [:]
        var groups: [String: [Int]] = [:]
        var groupOrder: [String] = []
        for (i, row) in rows.enumerated() {
            if row.servesEveryCaller {
                if anyRows[row.dialed] == nil { anyRows[row.dialed] = i }
            } else if ownRows[row.caller, default: [:]][row.dialed] == nil {
                ownRows[row.caller, default: [:]][row.dialed] = i
            }
            // The caller a row's chain is followed for; every-caller rows share one group.
            let walker = row.servesEveryCaller ? "" : row.caller
            if groups[walker] == nil { groupOrder.append(walker) }
            groups[walker, default: []].append(i)
        }
        // The entry a caller's dialed number selects: the caller's own row wins over one for every caller.
        func entry(_ caller: String, _ dialed: String) -> Int? {
            if let own = ownRows[caller]?[dialed] { return own }
            return anyRows[dialed]
        }
        var found: [(row: Int, walk: [Int])] = []
        // Per row: the group pass that entered it (so no array is cleared between groups), and
        // whether it is on the current walk or done for that pass.
        var pass = [Int](repeating: -1, count: rows.count)
        var onWalk = [Bool](repeating: false, count: rows.count)
        var position = [Int](repeating: 0, count: rows.count)
        for (groupNumber, walker) in groupOrder.enumerated() {
            let members = groups[walker]!
            var inGroup = Set(members)
            for start in members where pass[start] != groupNumber {
                var walk: [Int] = []
                var at: Int? = start
                while let v = at, pass[v] != groupNumber {
                    pass[v] = groupNumber
                    onWalk[v] = true
                    position[v] = walk.count
                    walk.append(v)
                    at = entry(walker, rows[v].destination)
                }
                if let v = at, pass[v] == groupNumber, onWalk[v] {
                    let cycle = Array(walk[position[v]...])
                    // Reported from its first row of this group, in the order the chain runs.
                    if let first = cycle.filter({ inGroup.contains($0) }).min(), let at = cycle.firstIndex(of: first) {
                        found.append((first, Array(cycle[at...] + cycle[..<at])))
                    }
                }
                for v in walk { onWalk[v] = false }
            }
            inGroup.removeAll()
        }
        var out: [Finding] = []
        for (i, walk) in found.sorted(by: { $0.row < $1.row }) {
            let row = rows[i]
            let chain = c.recordList(walk.map { rows[$0].dialed + c.lineNote(.speedDials, $0) }, separator: " → ") + " → \(row.dialed)"
            out.append(
                c.finding(
                    "RS206", .speedDials, i,
                    "speed dials feed each other for \(row.servesEveryCaller ? "every caller" : "caller \(row.caller)"): \(chain); speed dial applies once, so dialing \(row.dialed) calls \(row.destination) as a plain number",
                    witness: Witness(number: row.dialed, role: .called),
                    related: walk.dropFirst().map { RecordID(.speedDials, $0) }))
        }
        return out
    }
}
