import DialPlan
import RouteSim
import RouteSimLint
import RouteSimTestSupport
import Testing

/// RS206 finds speed-dial cycles in linear time (issue 16); the naive walk from every row it
/// replaces is the reference it must agree with, on random tables.
@Suite("Speed-dial cycles")
struct SpeedDialCycleTests {
    struct Row {
        var caller: String
        var dialed: String
        var destination: String
        var servesEveryCaller: Bool { caller.isEmpty || caller == "*" }
    }

    /// The previous check, a walk from every row with a linear search on the walk: the reference.
    static func naive(_ rows: [Row]) -> [(row: Int, walk: [Int])] {
        var anyRows: [String: Int] = [:]
        var ownRows: [String: [String: Int]] = [:]
        for (i, row) in rows.enumerated() {
            if row.servesEveryCaller {
                if anyRows[row.dialed] == nil { anyRows[row.dialed] = i }
            } else if ownRows[row.caller, default: [:]][row.dialed] == nil {
                ownRows[row.caller, default: [:]][row.dialed] = i
            }
        }
        func entry(_ caller: String, _ dialed: String) -> Int? { ownRows[caller]?[dialed] ?? anyRows[dialed] }
        var out: [(Int, [Int])] = []
        var reported = Set<[Int]>()
        for (i, row) in rows.enumerated() {
            var walk = [i]
            var at = entry(row.caller, row.destination)
            while let next = at, !walk.contains(next), walk.count <= rows.count {
                walk.append(next)
                at = entry(row.caller, rows[next].destination)
            }
            guard let back = at, let start = walk.firstIndex(of: back), start == 0 else { continue }
            guard reported.insert(walk.sorted()).inserted else { continue }
            out.append((i, walk))
        }
        return out
    }

    static func snapshot(_ rows: [Row]) throws -> Snapshot {
        let records = rows.map { row in
            JSONValue.object([
                ("callerNbr", .string(row.caller)), ("dialedNbr", .string(row.dialed)), ("destNbr", .string(row.destination)),
            ])
        }
        return try Snapshot(tables: [.speedDials: records, .localUsers: [.object([("usrname", .string("100"))])]], source: "random")
    }

    @Test("the linear check reports exactly the cycles of the naive walk, from the same rows")
    func agreesWithTheNaiveWalk() throws {
        for trial in PropertyTrials(seed: 16, count: 300) {
            var random = trial.generator
            let numbers = (0..<random.within(2...12)).map { String(100 + $0) }
            let callers = ["", "*", "200", "201", "202"]
            var rows: [Row] = []
            var keys = Set<[String]>()
            for _ in 0..<random.within(1...30) {
                let row = Row(caller: random.pick(callers), dialed: random.pick(numbers), destination: random.pick(numbers))
                // Keys are unique in a plan the linter builds (callerNbr, dialedNbr).
                guard keys.insert([row.caller, row.dialed]).inserted else { continue }
                rows.append(row)
            }
            let findings = Linter(snapshot: try Self.snapshot(rows)).run().filter { $0.code == "RS206" }
            let expected = Self.naive(rows)
            #expect(findings.map(\.recordIndex) == expected.map(\.row), "\(trial)")
            #expect(
                findings.map { $0.related.map(\.index) } == expected.map { Array($0.walk.dropFirst()) }, "\(trial)")
        }
    }
}
