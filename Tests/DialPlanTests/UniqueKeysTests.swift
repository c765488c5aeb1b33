import RouteSimGenerator
import Testing

@testable import DialPlan

/// The duplicate-key check hashes keys instead of building them; it must find exactly the pairs
/// the naive check (every key built and compared) finds, in the same order, hash collisions
/// included.
@Suite("Unique keys")
struct UniqueKeysTests {
    /// A random snapshot whose keys are drawn from few values, so that many repeat.
    func randomSnapshot(_ rng: inout SeededGenerator) -> Snapshot {
        func text(_ rng: inout SeededGenerator, _ values: [String]) -> String { values[rng.below(values.count)] }
        var s = Snapshot()
        for _ in 0..<rng.below(40) {
            var row = CalledAnalysis()
            row.dialPlan = text(&rng, ["", "default", "a"])
            row.calledPrefix = text(&rng, ["", "0", "00", "1", "10", "*"])
            row.trunk = TrunkID(rng.below(3))
            s.calledAnalysis.append(row)
        }
        for _ in 0..<rng.below(30) {
            var route = RoutingGroupRoute()
            route.group = RoutingGroupID(rng.below(2))
            route.routeType = rng.below(2) == 0 ? .sipTrunk : .externalLine
            route.trunk = TrunkID(rng.below(3))
            route.externalLine = text(&rng, ["", "l1", "l2"])
            s.routes.append(route)
        }
        for _ in 0..<rng.below(20) {
            var trunk = SIPTrunk()
            trunk.id = TrunkID(rng.below(6))
            s.sipTrunks.append(trunk)
        }
        for _ in 0..<rng.below(20) {
            var user = LocalUser()
            user.name = text(&rng, ["100", "101", "alice", ""])
            s.localUsers.append(user)
        }
        return s
    }

    /// Every table of `snapshot` through the naive check, in `duplicateKeys()` order.
    func naive(_ snapshot: Snapshot) -> [DuplicateKey] {
        Table.allCases.filter { !$0.isSingleObject }.flatMap { snapshot.visit($0, NaiveFinder()) }
    }

    struct NaiveFinder: RecordsVisitor {
        func visit<Record: DialPlanRecord>(_ records: RecordList<Record>) -> [DuplicateKey] { DuplicateFinder.naive(records) }
    }

    struct CollidingFinder: RecordsVisitor {
        /// The hash bits kept: none (every slot's top bits alike, one chain), the low 32 (top bits
        /// alike, chains apart), the high 32 (one chain, top bits apart).
        var hashBits = 0
        func visit<Record: DialPlanRecord>(_ records: RecordList<Record>) -> [DuplicateKey] {
            DuplicateFinder(hashBits: hashBits).visit(records)
        }
    }

    @Test("the hashed check finds the naive check's pairs on 500 random snapshots, with and without collisions")
    func agreesWithNaive() {
        var rng = SeededGenerator(seed: 0x4B45_5953)
        var duplicates = 0
        for trial in 0..<500 {
            let s = randomSnapshot(&rng)
            let expected = naive(s)
            duplicates += expected.count
            #expect(s.duplicateKeys() == expected, "trial \(trial)")
            for bits in [0, 0xFFFF_FFFF, Int(bitPattern: 0xFFFF_FFFF_0000_0000)] {
                let colliding = Table.allCases.filter { !$0.isSingleObject }.flatMap { s.visit($0, CollidingFinder(hashBits: bits)) }
                #expect(colliding == expected, "trial \(trial), hash bits \(String(bits, radix: 16))")
            }
        }
        // The draws repeat keys often: the comparison is not between two empty lists.
        #expect(duplicates > 2_000)
    }

    /// The records of a table whose generated `key` differs from the key read by name.
    struct KeyMismatches: RecordsVisitor {
        func visit<Record: DialPlanRecord>(_ records: RecordList<Record>) -> [String] {
            records.indices.compactMap { i in
                let record = records[i]
                return record.key == record.keyByName ? nil : "\(Record.table.rawValue)[\(i)]: \(record.key) ≠ \(record.keyByName)"
            }
        }
    }

    @Test("the generated key is the key read by name through the fields, for every record of every table")
    func generatedKeyAgreesWithFields() throws {
        var plans = [
            PlanGenerator.generate(.init(rows: 2_000, seed: 5, defects: Set(PlanGenerator.DefectKind.allCases), services: true)).snapshot
        ]
        // The corpus's plans that load (its broken plans are refused on purpose).
        for file in try corpusPlanFiles() {
            if let plan = try? Snapshot(contentsOfFile: file.path) { plans.append(plan) }
        }
        #expect(plans.count > 20)
        // Values a 32-bit word cannot hold and unusual text, in every integer and string key.
        var odd = Snapshot()
        var trunk = SIPTrunk()
        trunk.id = TrunkID(5_000_000_000)
        odd.sipTrunks.append(trunk)
        var route = RoutingGroupRoute()
        route.group = RoutingGroupID(-3)
        route.routeType = .unsupported(9)
        route.externalLine = "l\u{1B}[2J"
        odd.routes.append(route)
        var row = CalledAnalysis()
        row.dialPlan = "été"
        row.calledPrefix = "*#"
        odd.calledAnalysis.append(row)
        plans.append(odd)
        var records = 0
        for plan in plans {
            for table in Table.allCases {
                records += plan.count(of: table)
                #expect(plan.visit(table, KeyMismatches()) == [])
            }
        }
        #expect(records > 2_500)
    }

    @Test("records with equal keys hash alike, whatever their other fields")
    func equalKeysHashAlike() {
        var a = CalledAnalysis(), b = CalledAnalysis()
        a.dialPlan = "p"
        a.calledPrefix = "0044"
        b.dialPlan = "p"
        b.calledPrefix = "0044"
        b.trunk = 7
        b.description = "other"
        var ha = Hasher(), hb = Hasher()
        a.hashKey(into: &ha)
        b.hashKey(into: &hb)
        #expect(a.key == b.key && ha.finalize() == hb.finalize())
    }
}
