/// A snapshot's records packed into a few flat arrays, each record read back when it is needed.
///
/// What a loaded plan keeps instead of a `Snapshot` of structs: per table, the records' bytes end
/// to end (`PackedWriter` says how a record is written), where each record starts, and the line
/// each stood on in its file. A generated 1M-row plan takes about 40 bytes per analysis row this
/// way (against about 200 as structs with their strings), and a compiled plan maps the same
/// arrays from its file without reading them. `record(_:at:)` unpacks one record;
/// `snapshot()` unpacks them all, for the code that wants a `Snapshot`.
public struct PackedSnapshot: Sendable {
    /// One per table, in `Table.allCases` order.
    package var tables: [PackedTable]
    public var metadata: JSONValue?
    /// The file the plan was read from, as named when loading.
    public var source: String

    /// The packed form of `snapshot`, with its source and lines.
    public init(_ snapshot: Snapshot) {
        tables = Table.allCases.map { table in
            struct Pack: TableVisitor {
                let snapshot: Snapshot
                func visit<Record: DialPlanRecord>(_: Record.Type) -> PackedTable {
                    var packer = PackedTableBuilder(Record.self, capacity: snapshot[keyPath: Record.snapshotRecords].count)
                    let lines = snapshot.locations.lines[Record.table] ?? []
                    for (i, record) in snapshot[keyPath: Record.snapshotRecords].enumerated() {
                        packer.append(record, line: i < lines.count ? lines[i] : 0)
                    }
                    return packer.finish()
                }
            }
            var visitor = Pack(snapshot: snapshot)
            return table.visit(&visitor)
        }
        metadata = snapshot.metadata
        source = snapshot.locations.source
    }

    /// Tables packed already (a compiled plan's), in `Table.allCases` order.
    package init(tables: [PackedTable], metadata: JSONValue?, source: String) {
        precondition(tables.count == Table.allCases.count, "a packed snapshot has every table")
        self.tables = tables
        self.metadata = metadata
        self.source = source
    }

    package func table(_ table: Table) -> PackedTable { tables[table.ordinal] }

    /// The number of records in a table (1 or 0 for `sysinfo`).
    public func count(of table: Table) -> Int { self.table(table).count }

    /// Record `index` of its table, unpacked.
    public func record<Record: DialPlanRecord>(_: Record.Type, at index: Int) -> Record {
        table(Record.table).record(Record.self, at: index)
    }

    /// The key of record `index` of `table`.
    public func key(of table: Table, at index: Int) -> [KeyField] {
        struct Key: TableVisitor {
            let table: PackedTable
            let index: Int
            func visit<Record: DialPlanRecord>(_: Record.Type) -> [KeyField] { table.record(Record.self, at: index).key }
        }
        var visitor = Key(table: self.table(table), index: index)
        return table.visit(&visitor)
    }

    /// The line where record `index` of `table` started in its file, if known.
    public func line(of table: Table, at index: Int) -> Int? {
        let lines = self.table(table).lines
        return index < lines.count && lines[index] > 0 ? Int(lines[index]) : nil
    }

    /// Every record in a `Snapshot`, with the source and lines: unpacked into arrays, or, when
    /// `lazily`, left in the packed tables and read as they are asked for (`RecordList`).
    public func snapshot(lazily: Bool = false) -> Snapshot {
        var snapshot = Snapshot()
        for table in Table.allCases {
            struct Unpack: TableVisitor {
                let table: PackedTable
                let lazily: Bool
                var snapshot: Snapshot
                mutating func visit<Record: DialPlanRecord>(_: Record.Type) {
                    let packed = RecordList<Record>(packed: table)
                    snapshot[keyPath: Record.snapshotRecords] = lazily ? packed : packed.unpacked()
                    if !table.lines.isEmpty { snapshot.locations.lines[Record.table] = Array(table.lines) }
                }
            }
            var visitor = Unpack(table: self.table(table), lazily: lazily, snapshot: snapshot)
            table.visit(&visitor)
            snapshot = visitor.snapshot
        }
        snapshot.metadata = metadata
        snapshot.locations.source = source
        return snapshot
    }

    /// The bytes the packed tables take.
    public var memoryBytes: Int { tables.reduce(0) { $0 + $1.memoryBytes } }
}

/// The records of one table: their bytes end to end, where each starts, and their lines.
package struct PackedTable: Sendable {
    /// `count + 1` offsets into `bytes`: record `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    package let offsets: FlatArray<UInt32>
    package let bytes: FlatArray<UInt8>
    /// The line of each record in its file (empty when unknown).
    package let lines: FlatArray<Int32>

    package init(offsets: FlatArray<UInt32>, bytes: FlatArray<UInt8>, lines: FlatArray<Int32>) {
        precondition(!offsets.isEmpty && Int(offsets[offsets.count - 1]) <= bytes.count, "offsets within the bytes")
        precondition(lines.isEmpty || lines.count == offsets.count - 1, "a line per record")
        self.offsets = offsets
        self.bytes = bytes
        self.lines = lines
    }

    package var count: Int { offsets.count - 1 }

    package func record<Record: DialPlanRecord>(_: Record.Type, at index: Int) -> Record {
        precondition(index >= 0 && index < count, "record \(index) of \(count)")
        let start = Int(offsets[index]), end = Int(offsets[index + 1])
        var reader = PackedReader(UnsafeBufferPointer(rebasing: bytes.buffer[start..<end]))
        var record = Record()
        record.unpackTypedFields(from: &reader)
        record.extras = reader.extras { Record.fields[$0].name }
        return record
    }

    package var memoryBytes: Int { offsets.memoryBytes + bytes.memoryBytes + lines.memoryBytes }
}

/// Packs the records of one table as they come (from a snapshot, or from the decoder).
package struct PackedTableBuilder<Record: DialPlanRecord> {
    private var writer: PackedWriter
    private var offsets: FlatArrayBuilder<UInt32>
    private var lines: FlatArrayBuilder<Int32>
    private let index: [String: Int]
    private var anyLine = false

    package init(_: Record.Type, capacity: Int) {
        writer = PackedWriter(capacity: max(capacity * 32, 64))
        offsets = FlatArrayBuilder(capacity: capacity + 1)
        offsets.append(0)
        lines = FlatArrayBuilder(capacity: capacity)
        index = Dictionary(Record.fieldNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Packs `record`, which started on `line` of its file (0: unknown).
    package mutating func append(_ record: Record, line: Int32) {
        record.packTypedFields(into: &writer)
        writer.extras(record.extras, index: index)
        precondition(writer.bytes.count <= Int(UInt32.max), "a packed table holds at most 4 GB")
        offsets.append(UInt32(writer.bytes.count))
        lines.append(line)
        anyLine = anyLine || line > 0
    }

    /// The table; its lines are left out when none was known.
    package func finish() -> PackedTable {
        PackedTable(offsets: offsets.finish(), bytes: writer.bytes.finish(), lines: anyLine ? lines.finish() : FlatArray())
    }
}

extension DialPlanRecord {
    /// The names of `fields`, in order.
    static var fieldNames: [String] { fields.map(\.name) }
}

extension Table {
    /// The table's position in `allCases`.
    package var ordinal: Int { Table.ordinals[self]! }

    private static let ordinals = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}
