import RouteSimGenerator
import RouteSimRandom
import RouteSimTestSupport
import Testing

@testable import DialPlan

/// A table's records read from packed bytes on demand (`RecordList`) are the records an array
/// holds, and a change to them behaves as on an array.
@Suite("Record lists")
struct RecordListTests {
    static let plan = PlanGenerator.generate(.init(rows: 1_500, seed: 11, defects: [.dangling, .shadowed])).snapshot

    @Test("a lazily read snapshot has every table packed, and the records, keys and lines of the unpacked one")
    func lazySnapshot() throws {
        let decoded = try Snapshot(json: Self.plan.jsonText, source: "plan.json")
        let packed = PackedSnapshot(decoded)
        let lazy = packed.snapshot(lazily: true)
        let eager = packed.snapshot()
        #expect(lazy.hasPackedRecords && !eager.hasPackedRecords && !decoded.hasPackedRecords)
        #expect(lazy.calledAnalysis.isPacked && lazy.localUsers.isPacked && lazy.routes.isPacked)
        #expect(lazy == decoded && eager == decoded)
        for table in Table.allCases {
            #expect(lazy.count(of: table) == decoded.count(of: table), "\(table)")
            #expect(lazy.jsonRecords(of: table) == decoded.jsonRecords(of: table), "\(table)")
            for i in 0..<decoded.count(of: table) {
                #expect(lazy.key(of: table, at: i) == decoded.key(of: table, at: i), "\(table)[\(i)]")
                #expect(lazy.locations.line(of: table, at: i) == decoded.locations.line(of: table, at: i), "\(table)[\(i)]")
            }
        }
        #expect(Array(lazy.calledAnalysis) == decoded.calledAnalysis.array)
        #expect(lazy.calledAnalysis.array == decoded.calledAnalysis.array)
        #expect(lazy.calledAnalysis.withUnsafeBufferPointer { Array($0) } == decoded.calledAnalysis.array)
        // A field read in place is the record's, packed or not.
        for i in [0, decoded.calledRefinements.count / 2, decoded.calledRefinements.count - 1] {
            let prefix = decoded.calledRefinements[i].calledPrefix
            #expect(lazy.calledRefinements.reading(i) { $0.calledPrefix } == prefix, "\(i)")
            #expect(decoded.calledRefinements.reading(i) { $0.calledPrefix } == prefix, "\(i)")
            #expect(lazy.calledRefinements.reading(i) { $0 } == decoded.calledRefinements[i], "\(i)")
        }
        // A record that differs is found in a packed list as in an array.
        var changed = decoded
        changed.calledAnalysis[700].maxDuration += 1
        #expect(lazy != changed && changed != lazy)
    }

    @Test("unpacked(except:) holds every table in arrays but those named")
    func unpackedExcept() {
        let lazy = PackedSnapshot(Self.plan).snapshot(lazily: true)
        let some = lazy.unpacked(except: [.calledAnalysis, .speedDials])
        for table in Table.allCases {
            struct IsPacked: RecordsVisitor {
                func visit<Record: DialPlanRecord>(_ records: RecordList<Record>) -> Bool { records.isPacked }
            }
            let expected = table == .calledAnalysis || table == .speedDials
            // sysinfo is a single object, never a list
            if table != .systemInfo { #expect(some.visit(table, IsPacked()) == expected, "\(table)") }
        }
        #expect(some == Self.plan && lazy.unpacked() == Self.plan && !lazy.unpacked().hasPackedRecords)
    }

    @Test("property: on a packed list, set, append, insert, remove and replace do what they do on an array")
    func mutations() {
        let rows = Self.plan.calledAnalysis.array
        for trial in PropertyTrials(seed: 20_261_203, count: 200) {
            var rng = trial.generator
            let start = rng.below(rows.count), count = rng.below(40)
            let slice = Array(rows[start..<min(rows.count, start + count)])
            var reference = slice
            var scratch = Snapshot()
            scratch.calledAnalysis = RecordList(slice)
            var list = PackedSnapshot(scratch).snapshot(lazily: true).calledAnalysis
            #expect(list.isPacked && list.count == reference.count)
            for _ in 0..<rng.below(6) {
                var record = rows[rng.below(rows.count)]
                record.description = "edited \(rng.below(1000))"
                switch rng.below(5) {
                case 0 where !reference.isEmpty:
                    let i = rng.below(reference.count)
                    reference[i] = record
                    list[i] = record
                case 1:
                    reference.append(record)
                    list.append(record)
                case 2:
                    let i = rng.below(reference.count + 1)
                    reference.insert(record, at: i)
                    list.insert(record, at: i)
                case 3 where !reference.isEmpty:
                    let i = rng.below(reference.count)
                    #expect(reference.remove(at: i) == list.remove(at: i))
                default:
                    let a = rng.below(reference.count + 1), b = rng.below(reference.count + 1)
                    let range = min(a, b)..<max(a, b)
                    reference.replaceSubrange(range, with: [record, record])
                    list.replaceSubrange(range, with: [record, record])
                }
                #expect(list.array == reference, "\(trial)")
                #expect(!list.isPacked, "a change holds the records in an array")
            }
            #expect(Array(list) == reference && list.count == reference.count, "\(trial)")
        }
    }
}
