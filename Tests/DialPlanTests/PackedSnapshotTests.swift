import RouteSimGenerator
import RouteSimTestSupport
import Testing

@testable import DialPlan

/// A packed snapshot keeps every record exactly: typed fields, extra fields in their order, the
/// metadata, the source and the line of every record.
@Suite("Packed snapshots")
struct PackedSnapshotTests {
    /// Every record of `snapshot` unpacks, alone and all together, to itself, with its line.
    func expectRoundTrip(_ snapshot: Snapshot, _ what: String) {
        let packed = PackedSnapshot(snapshot)
        let unpacked = packed.snapshot()
        #expect(unpacked == snapshot, "\(what): the unpacked snapshot differs")
        #expect(unpacked.locations.source == snapshot.locations.source, "\(what)")
        #expect(packed.source == snapshot.locations.source && packed.metadata == snapshot.metadata, "\(what)")
        for table in Table.allCases {
            #expect(packed.count(of: table) == snapshot.count(of: table), "\(what): \(table)")
            for i in 0..<snapshot.count(of: table) {
                #expect(packed.key(of: table, at: i) == snapshot.key(of: table, at: i), "\(what): \(table)[\(i)] key")
                #expect(packed.line(of: table, at: i) == snapshot.locations.line(of: table, at: i), "\(what): \(table)[\(i)] line")
                #expect(unpacked.locations.line(of: table, at: i) == snapshot.locations.line(of: table, at: i), "\(what)")
            }
        }
        for i in snapshot.calledAnalysis.indices {
            #expect(packed.record(CalledAnalysis.self, at: i) == snapshot.calledAnalysis[i], "\(what): anacldnbr[\(i)]")
        }
        for i in snapshot.localUsers.indices {
            #expect(packed.record(LocalUser.self, at: i) == snapshot.localUsers[i], "\(what): localuser[\(i)]")
        }
    }

    @Test("every bundled plan, lint plan and broken-but-decodable plan round-trips, lines included")
    func corpus() throws {
        var plans = Corpus.planNames.map { Corpus.plan($0).path }
        plans += Corpus.names(in: Corpus.lint, ending: ".json").filter { !$0.hasSuffix(".expected") && !$0.hasSuffix(".lint") }
            .map { Corpus.lint.appendingPathComponent("\($0).json").path }
        #expect(plans.count > 15)
        for path in plans { expectRoundTrip(try Snapshot(contentsOfFile: path), path) }
    }

    @Test("generated plans with planted defects round-trip")
    func generated() throws {
        let plan = PlanGenerator.generate(.init(rows: 2_000, seed: 3, defects: [.loops, .dangling, .shadowed])).snapshot
        expectRoundTrip(plan, "generated")
        // Decoded from its JSON, so that lines are known.
        expectRoundTrip(try Snapshot(json: plan.jsonText, source: "generated.json"), "generated.json")
    }

    @Test("the layout a compiled plan's producer fingerprint hashes names each field's kind as printing it would")
    func layoutDescription() {
        for kind in [FieldKind.integer, .string, .boolean] { #expect(kind.caseName == "\(kind)") }
        #expect(PackedSnapshot.layoutDescription.contains("usrname:string:true,"))
    }

    @Test("a generated analysis row packs into about 30 bytes")
    func compact() {
        let plan = PlanGenerator.generate(.init(rows: 10_000, seed: 7)).snapshot
        let table = PackedSnapshot(plan).table(.calledAnalysis)
        let perRow = Double(table.bytes.count) / Double(table.count)
        #expect(perRow > 20 && perRow < 40, "\(perRow) bytes per anacldnbr row")
    }

    @Test("property: records with every typed field set at random and random extra fields round-trip")
    func randomRecords() {
        var extrasSeen = 0, unknownNames = 0
        for trial in PropertyTrials(seed: 20_261_202, count: 200) {
            var rng = trial.generator
            var snapshot = Snapshot()
            for table in Table.allCases {
                struct Fill: TableVisitor {
                    var rng: SeededGenerator
                    var snapshot: Snapshot
                    var extras = 0, unknown = 0
                    mutating func visit<Record: DialPlanRecord>(_: Record.Type) {
                        let count = Record.table == .systemInfo ? rng.below(2) : rng.below(6)
                        for _ in 0..<count {
                            var record = Record()
                            for (i, field) in Record.fields.enumerated() where rng.chance(70) {
                                switch field.kind {
                                case .integer: record.setDecodedField(i, integer: PackedSnapshotTests.integer(&rng))
                                case .string: record.setDecodedField(i, string: PackedSnapshotTests.string(&rng))
                                case .boolean: break
                                }
                            }
                            // Extra fields in random order: documented names the record keeps as
                            // extras, and names no reference lists.
                            for _ in 0..<rng.below(4) {
                                let name: String
                                if rng.chance(60) {
                                    name = rng.pick(Record.fields.map(\.name))
                                } else {
                                    name = "x-" + PackedSnapshotTests.string(&rng)
                                    unknown += 1
                                }
                                if record.extras[name] == nil {
                                    record.extras[name] = PackedSnapshotTests.json(&rng, depth: 0)
                                    extras += 1
                                }
                            }
                            snapshot[keyPath: Record.snapshotRecords].append(record)
                        }
                    }
                }
                var fill = Fill(rng: rng.fork(), snapshot: snapshot)
                table.visit(&fill)
                snapshot = fill.snapshot
                extrasSeen += fill.extras
                unknownNames += fill.unknown
            }
            if rng.chance(50) { snapshot.metadata = Self.json(&rng, depth: 0) }
            expectRoundTrip(snapshot, "\(trial)")
        }
        #expect(extrasSeen > 1_000 && unknownNames > 200)
    }

    static func integer(_ rng: inout SeededGenerator) -> Int {
        switch rng.below(5) {
        case 0: return 0
        case 1: return rng.within(-200...200)
        case 2: return Int(bitPattern: UInt(rng.next()))
        case 3: return rng.chance(50) ? Int.max : Int.min
        default: return rng.within(0...100_000)
        }
    }

    static func string(_ rng: inout SeededGenerator) -> String {
        let pieces = ["", "0", "00", "+49", "*", "#", "é", "日本", "a\"b", "\\", "\n", "line-1", String(repeating: "9", count: 40)]
        return (0..<rng.below(4)).map { _ in rng.pick(pieces) }.joined()
    }

    static func json(_ rng: inout SeededGenerator, depth: Int) -> JSONValue {
        switch rng.below(depth > 2 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(rng.chance(50))
        case 2: return .number(rng.pick(["0", "-1", "1e3", "12345678901234567890", "0.5"]))
        case 3, 4: return .string(string(&rng))
        case 5: return .array((0..<rng.below(4)).map { _ in json(&rng, depth: depth + 1) })
        default: return .object((0..<rng.below(4)).map { i in ("m\(i)", json(&rng, depth: depth + 1)) })
        }
    }
}
