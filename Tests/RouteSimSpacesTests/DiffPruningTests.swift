import DialPlan
import RouteSim
import RouteSimGenerator
import RouteSimSpaces
import RouteSimTestSupport
import Testing

/// `diff` leaves unexplored the parts of the space that can match only rows the two plans share
/// (`DiffPruning`): the rows it prints must be exactly those of the whole exploration, and the
/// numbers must route as they say (the naive reference of `DiffPropertyTests`).
@Suite("Diff pruning")
struct DiffPruningTests {
    /// Whether two rows say the same.
    static func same(_ a: DiffRow, _ b: DiffRow) -> Bool {
        a.classes == b.classes && a.region == b.region && a.aspects == b.aspects && a.old == b.old && a.new == b.new
    }

    /// Diffs `old` and `new` pruned and whole, checks both give the same rows and (with
    /// `reference`) the pruned one against the simulator; returns the simulated calls of each.
    static func compare(
        _ old: RoutingModel, _ new: RoutingModel, maxLength: Int, rng: inout SeededGenerator, _ what: String,
        reference: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (pruned: Int, whole: Int, rows: Int) {
        let options = SpaceOptions(maxLength: maxLength)
        let pruned = try SpaceDiff(old: old, new: new, options: options)
        let whole = try SpaceDiff(old: old, new: new, options: options, prune: false)
        #expect(
            pruned.rows.count == whole.rows.count && zip(pruned.rows, whole.rows).allSatisfy(Self.same),
            "\(what): the pruned diff has other rows (\(pruned.rows.count) against \(whole.rows.count))", sourceLocation: sourceLocation)
        #expect(pruned.runs <= whole.runs, "\(what): pruning simulated more", sourceLocation: sourceLocation)
        if reference {
            try DiffPropertyTests.checkDiff(old: old, new: new, maxLength: maxLength, rng: &rng, what, sourceLocation: sourceLocation)
        }
        return (pruned.runs, whole.runs, pruned.rows.count)
    }

    /// Edits of `anacldnbr` rows only (the plans pruning applies to): rows removed, added (deep
    /// under others too), retargeted, re-levelled, given a limit or a re-analysis.
    static func editRows(_ plan: Snapshot, _ rng: inout SeededGenerator) -> Snapshot {
        var s = plan
        for _ in 0..<rng.within(1...3) {
            switch rng.below(4) {
            case 0 where !s.calledAnalysis.isEmpty:
                s.calledAnalysis.remove(at: rng.below(s.calledAnalysis.count))
            case 1:
                // A row under an existing one, or a new one.
                var row =
                    s.calledAnalysis.isEmpty || rng.chance(30) ? CalledAnalysis() : s.calledAnalysis[rng.below(s.calledAnalysis.count)]
                if row.dialPlan.isEmpty { row.dialPlan = rng.pick(["default", "a", "b"]) }
                row.calledPrefix += rng.dialString(length: 1...3, from: RandomPlans.alphabet)
                row.routeType = RouteType(rawValue: rng.pick([1, 2, 2, 4, 6]))
                row.trunk = TrunkID(rng.within(1...3))
                row.maxDuration = rng.pick([0, 45])
                if !s.calledAnalysis.contains(where: { $0.dialPlan == row.dialPlan && $0.calledPrefix == row.calledPrefix }) {
                    s.calledAnalysis.append(row)
                }
            default:
                guard !s.calledAnalysis.isEmpty else { continue }
                let i = rng.below(s.calledAnalysis.count)
                switch rng.below(5) {
                case 0: s.calledAnalysis[i].routeType = RouteType(rawValue: rng.pick([0, 1, 2, 4, 6]))
                case 1: s.calledAnalysis[i].trunk = TrunkID(rng.within(0...4))
                case 2: s.calledAnalysis[i].callLevel = rng.pick([0, 1, 2])
                case 3: s.calledAnalysis[i].maxDuration = rng.pick([0, 45])
                default: s.calledAnalysis[i].reanalyze.toggle()
                }
            }
        }
        return s
    }

    @Test("random plans, random edits of their anacldnbr rows: the pruned diff is the whole one")
    func randomRowEdits() throws {
        var saved = 0
        let trials = PropertyTrials(seed: 9120, count: 8)
        for trial in trials {
            var rng = trial.generator
            let snapshot = RandomPlans.plan(&rng)
            let assumptions = RandomPlans.assumptions(&rng, seed: trial.seed)
            let old = RoutingModel(unchecked: snapshot, assumptions: assumptions)
            let new = RoutingModel(unchecked: Self.editRows(snapshot, &rng), assumptions: assumptions)
            let runs = try Self.compare(old, new, maxLength: 6, rng: &rng, "\(trial)")
            if runs.pruned < runs.whole { saved += 1 }
        }
        // Random plans are small and dense; pruning must still skip something in some trials.
        #expect(saved > 0, "pruning never skipped a part")
    }

    @Test("generated plans with 1 % and 5 % of their rows edited (and ring groups, follow-me): the same rows, fewer calls")
    func generatedEdits() throws {
        for (rows, percent, seed, services) in [(300, 1.0, 3 as UInt64, false), (400, 5.0, 4, false), (400, 5.0, 6, true)] {
            let plan = PlanGenerator.generate(.init(rows: rows, seed: seed, services: services)).snapshot
            var edited = plan
            let count = PlanGenerator.editRows(of: &edited, percent: percent, seed: seed)
            #expect(count == Int((Double(rows) * percent / 100).rounded()))
            var rng = SeededGenerator(seed: seed)
            let what = "\(rows) rows, \(percent) % edited\(services ? ", services" : "")"
            let runs = try Self.compare(
                try RoutingModel(snapshot: plan), try RoutingModel(snapshot: edited), maxLength: 9, rng: &rng, what, reference: false)
            #expect(runs.rows > 0, "\(what): nothing changed")
            #expect(runs.pruned < runs.whole, "\(what): \(runs.pruned) calls pruned against \(runs.whole) whole")
        }
    }

    @Test("a deep edit under a trunk prefix changes its subtree only; an edit elsewhere keeps it off")
    func deepAndOtherEdits() throws {
        let plan = PlanGenerator.generate(.init(rows: 300, seed: 8)).snapshot
        let old = try RoutingModel(snapshot: plan)
        var rng = SeededGenerator(seed: 8)
        // A new row deep under an existing trunk row, to another trunk.
        guard let i = plan.calledAnalysis.firstIndex(where: { $0.routeType == .sipTrunk && $0.calledPrefix.count >= 3 }) else {
            Issue.record("the generated plan has no trunk row")
            return
        }
        var deep = plan
        var row = plan.calledAnalysis[i]
        row.calledPrefix += "77"
        row.trunk = plan.sipTrunks.first { $0.id != row.trunk }!.id
        deep.calledAnalysis.append(row)
        let runs = try Self.compare(old, try RoutingModel(snapshot: deep), maxLength: 9, rng: &rng, "deep row", reference: false)
        #expect(runs.rows > 0 && runs.pruned < runs.whole, "deep row: \(runs)")
        // A transition, a routing group's route, a trunk's chain and a user's call level: many
        // rows reach them, and pruning stays off (as many calls as the whole exploration).
        var edits: [(String, Snapshot)] = []
        var transition = plan
        transition.transitions[0].prefix += "5"
        edits.append(("transition", transition))
        var route = plan
        route.routes[0].trunk = plan.sipTrunks.last!.id
        edits.append(("routing group route", route))
        var chain = plan
        chain.sipTrunks[0].chain = plan.sipTrunks.last!.id
        edits.append(("trunk chain", chain))
        var user = plan
        user.localUsers[0].callLevel = user.localUsers[0].callLevel == 0 ? 3 : 0
        edits.append(("user's call level (an origin class changes)", user))
        for (what, edited) in edits {
            let runs = try Self.compare(old, try RoutingModel(snapshot: edited), maxLength: 6, rng: &rng, what, reference: false)
            #expect(runs.pruned == runs.whole, "\(what): pruned although more than anacldnbr rows changed")
        }
    }
    /// A plan that analyses `+…` again as `00…` (replace 1 at 0 by `00`), and `5x…` again as
    /// `1…` (replace 2 at 0 by `1`: a cut past the row's prefix `5`). Every other row routes to
    /// trunk 1; `edit` moves one of them to trunk 2.
    static func reanalysing(moving edit: String? = nil) throws -> RoutingModel {
        func row(_ prefix: String, _ trunk: Int, _ more: String = "") -> String {
            let moved = prefix == edit ? 2 : trunk
            return #"{"dialPlan": "default", "calledNbr": "\#(prefix)", "routeType": 2, "servID": \#(moved)\#(more)}"#
        }
        let rows = [
            row("+", 1, #", "changeInd": 1, "tranID": 1, "reAnaInd": 1"#),
            row("5", 1, #", "changeInd": 1, "tranID": 2, "reAnaInd": 1"#),
            row("00", 1), row("0044", 1), row("1", 1),
        ]
        let json = """
            {
              "peerserver": [
                {"servID": 1, "servAddr": "a.example", "servPort": 5060}, {"servID": 2, "servAddr": "b.example", "servPort": 5060}
              ],
              "natran": [
                {"tranID": 1, "type": 2, "tranStart": 0, "tranLen": 1, "prefix": "00"},
                {"tranID": 2, "type": 2, "tranStart": 0, "tranLen": 2, "prefix": "1"}
              ],
              "anacldnbr": [\(rows.joined(separator: ", "))]
            }
            """
        return try RoutingModel(snapshot: Snapshot(json: json))
    }

    @Test("re-analysis is followed: an edit the rewritten numbers reach shows there too; one they cannot reach is not explored there")
    func throughReanalysis() throws {
        let old = try Self.reanalysing()
        var rng = SeededGenerator(seed: 12)
        // (edited row, the changed rows' patterns, simulated calls pruned, whole)
        // (The pruned calls were 18, 12 and 18 while every part a lookup split off was run before
        // the same lookup split it again, a row that a deeper one overrides for every number of
        // a part, as 00 does for 0044…, kept the part explored, and so did the numbers that match
        // no row, such as 2… and 0[1-9]….)
        let cases: [(String, [String], Int, Int)] = [
            // +44… reaches 0044 only through re-analysis (as 0044…): both parts change, and
            // pruning must not drop +44….
            ("0044", ["+44…", "0044…"], 10, 20),
            // 1… changes, and so do 5 (clamped to 1) and 5x… (as 1…): that cut reaches past
            // the prefix, so the part is explored. +… reaches 00… rows only, unchanged: pruned
            // (16 calls when only the first analysis was looked at).
            ("1", ["1…", "5", "5x…"], 7, 20),
            // 00 moves: 00… and, through re-analysis, +… (but not what 0044 takes).
            ("00", ["+… but not +44…", "00… but not 0044…"], 9, 20),
        ]
        for (edit, patterns, prunedRuns, wholeRuns) in cases {
            let new = try Self.reanalysing(moving: edit)
            let runs = try Self.compare(old, new, maxLength: 8, rng: &rng, "\(edit) moved")
            let diff = try SpaceDiff(old: old, new: new, options: SpaceOptions(maxLength: 8))
            #expect(diff.rows.map(\.region.pattern) == patterns, "\(edit) moved")
            for row in diff.rows {
                #expect(row.classes.count == 2 && row.aspects == [.route], "\(edit) moved: \(row.region.pattern)")
                #expect(row.old.target == .sipTrunk(1) && row.new.target == .sipTrunk(2), "\(edit) moved: \(row.region.pattern)")
            }
            #expect(runs.pruned == prunedRuns && runs.whole == wholeRuns, "\(edit) moved: \(runs)")
        }
    }

    /// Rows `1` and `12` to trunk 1 (`1` to trunk 2 when `moved`), and speed dials for every
    /// caller: `*1` to `123` (under `12`) and `*2` to `9` (no row: the defaults).
    static func deepAndDialled(moved: Bool) throws -> RoutingModel {
        let json = """
            {
              "peerserver": [
                {"servID": 1, "servAddr": "a.example", "servPort": 5060}, {"servID": 2, "servAddr": "b.example", "servPort": 5060}
              ],
              "speeddial": [
                {"callerNbr": "*", "dialedNbr": "*1", "destNbr": "123"}, {"callerNbr": "*", "dialedNbr": "*2", "destNbr": "9"}
              ],
              "anacldnbr": [
                {"dialPlan": "default", "calledNbr": "1", "routeType": 2, "servID": \(moved ? 2 : 1)},
                {"dialPlan": "default", "calledNbr": "12", "routeType": 2, "servID": 1}
              ]
            }
            """
        return try RoutingModel(snapshot: Snapshot(json: json))
    }

    @Test("a part under an edited row that a deeper row overrides, numbers that match no row and speed-dial entries are not explored")
    func deepRowsMissesAndSpeedDials() throws {
        let old = try Self.deepAndDialled(moved: false)
        let new = try Self.deepAndDialled(moved: true)
        var rng = SeededGenerator(seed: 21)
        let runs = try Self.compare(old, new, maxLength: 6, rng: &rng, "1 moved")
        let diff = try SpaceDiff(old: old, new: new, options: SpaceOptions(maxLength: 6))
        #expect(diff.rows.map(\.region.pattern) == ["1… but not 12…"])
        // The whole exploration runs 12…, the misses and both entries too. Pruned, the first
        // state runs in the old plan only (the entries and 12… are dropped as they are split
        // off, and the misses its run goes on with at the analysis), then the edited row's
        // part in both plans.
        #expect(runs.pruned == 3 && runs.whole == 18, "\(runs)")
    }

    @Test("one matched key held twice (an empty prefix and `*`) turns pruning off, the plans' rows lined up or not")
    func sharedMatchedKey() throws {
        func plan(_ rows: [(prefix: String, trunk: Int)]) throws -> RoutingModel {
            let json = """
                {
                  "peerserver": [
                    {"servID": 1, "servAddr": "a.example", "servPort": 5060}, {"servID": 2, "servAddr": "b.example", "servPort": 5060}
                  ],
                  "anacldnbr": [\(rows.map { #"{"dialPlan": "default", "calledNbr": "\#($0.prefix)", "routeType": 2, "servID": \#($0.trunk)}"# }.joined(separator: ", "))]
                }
                """
            return try RoutingModel(snapshot: Snapshot(json: json))
        }
        var rng = SeededGenerator(seed: 5)
        // (old rows, new rows, simulated calls pruned and whole)
        let cases: [([(String, Int)], [(String, Int)], Int, Int)] = [
            // Lined up, one key twice: nothing pruned.
            ([("", 1), ("*", 2), ("1", 1)], [("", 1), ("*", 2), ("1", 2)], 4, 4),
            // Not lined up (a row more), one key twice: nothing pruned.
            ([("", 1), ("*", 2), ("1", 1)], [("", 1), ("*", 2), ("1", 2), ("2", 1)], 6, 6),
            // Lined up, every key once: the rows the plans share are pruned.
            ([("", 1), ("1", 1)], [("", 1), ("1", 2)], 3, 4),
        ]
        for (oldRows, newRows, prunedRuns, wholeRuns) in cases {
            let old = try plan(oldRows.map { (prefix: $0.0, trunk: $0.1) })
            let new = try plan(newRows.map { (prefix: $0.0, trunk: $0.1) })
            let runs = try Self.compare(old, new, maxLength: 4, rng: &rng, "\(oldRows) -> \(newRows)")
            #expect(runs.pruned == prunedRuns && runs.whole == wholeRuns, "\(oldRows) -> \(newRows): \(runs)")
        }
    }

    @Test("a speed dial's destination reaching a shared row to a user is pruned, unless that user forwards (analysed again)")
    func speedDialDestination() throws {
        // Users 101 and 102 (102 forwards unconditionally to 555: its calls are analysed
        // again); `*7` speed-dials `destination` for everyone; row 1 routes to local users, row 5
        // to trunk 1, which the edit moves to trunk 2.
        func plan(destination: String, trunk: Int) throws -> RoutingModel {
            let json = """
                {
                  "localuser": [{"usrname": "101"}, {"usrname": "102", "right_cfu": 1, "cfunbr": "555"}],
                  "peerserver": [
                    {"servID": 1, "servAddr": "a.example", "servPort": 5060}, {"servID": 2, "servAddr": "b.example", "servPort": 5060}
                  ],
                  "speeddial": [{"callerNbr": "*", "dialedNbr": "*7", "destNbr": "\(destination)"}],
                  "anacldnbr": [
                    {"dialPlan": "default", "calledNbr": "1", "routeType": 0},
                    {"dialPlan": "default", "calledNbr": "5", "routeType": 2, "servID": \(trunk)}
                  ]
                }
                """
            return try RoutingModel(snapshot: Snapshot(json: json))
        }
        var rng = SeededGenerator(seed: 21)
        var found: [String: (pruned: Int, whole: Int, rows: Int)] = [:]
        for destination in ["101", "102"] {
            let old = try plan(destination: destination, trunk: 1), new = try plan(destination: destination, trunk: 2)
            found[destination] = try Self.compare(old, new, maxLength: 4, rng: &rng, "*7 -> \(destination)")
            let diff = try SpaceDiff(old: old, new: new, options: SpaceOptions(maxLength: 4))
            // 5… and 102 (forwarded to 555) change either way; *7 too when it reaches 102.
            let patterns = destination == "102" ? ["5…", "*7", "102"] : ["5…", "102"]
            #expect(diff.rows.map(\.region.pattern) == patterns, "*7 -> \(destination)")
        }
        let toPlain = try #require(found["101"]), toForwarding = try #require(found["102"])
        // The same whole exploration either way; `*7` to the user who does not forward is left
        // unexplored, `*7` to the forwarding user is not (its forward reaches the edited row).
        #expect(toPlain.whole == toForwarding.whole, "\(found)")
        #expect(toPlain.pruned < toForwarding.pruned, "\(found)")
    }
}
