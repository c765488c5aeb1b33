/// The records of one table of a snapshot, in list order: an array, or — for a plan read from
/// its compiled form (`PackedSnapshot.snapshot(lazily:)`) — the packed rows themselves, each
/// record read from its bytes when it is asked for.
///
/// It reads like an array (`count`, subscripts, `for … in`, `map`, `append`); a change to a packed
/// list first reads every record into an array. A packed list costs no memory of its own, so a
/// command that looks at a few records of a large plan (`route` of one call) does not unpack a
/// million rows to use three; code that reads every record of a table many times should call
/// `unpacked()` first.
public struct RecordList<Record: DialPlanRecord>: Sendable {
    // Two stored properties rather than an enum: reading `records[index]` borrows the array in
    // place, where a `switch` would copy it (a retain and a release) at every access.
    /// The records, when they are not packed.
    @usableFromInline var records: [Record]
    /// The packed rows, when the records are read from them.
    private var packed: PackedTable? {
        didSet { isPackedList = packed != nil }
    }
    /// Whether `packed` is set: what the inlined subscript tests, so that reading a record of an
    /// array borrows it in place in the caller's module, specialised, instead of copying it
    /// through the generic accessor's value witnesses (a record's strings retained and released
    /// at every access: a tenth of a traced call's instructions).
    @usableFromInline private(set) var isPackedList = false

    public init() { records = [] }

    public init(_ records: [Record]) { self.records = records }

    package init(packed table: PackedTable) {
        records = []
        packed = table
        isPackedList = true
    }

    /// Whether the records are read from packed bytes on demand.
    public var isPacked: Bool { packed != nil }

    /// The records as an array (read from the packed bytes, when packed).
    public var array: [Record] {
        guard let packed else { return records }
        return (0..<packed.count).map { packed.record(Record.self, at: $0) }
    }

    /// The same records, held as an array.
    public func unpacked() -> RecordList {
        isPacked ? RecordList(array) : self
    }

    /// Calls `body` with the records in contiguous memory (an array's own storage; a packed list
    /// is read into a temporary array first).
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Record>) throws -> R) rethrows -> R {
        if packed != nil { return try array.withUnsafeBufferPointer(body) }
        return try records.withUnsafeBufferPointer(body)
    }

    /// What `body` reads of record `index`, the record lent in place: the subscript returns a
    /// copy of the whole record (each of its strings retained, then released) where this copies
    /// only what `body` returns.
    @inlinable
    public func reading<T>(_ index: Int, _ body: (Record) -> T) -> T {
        if isPackedList { return body(packedRecord(at: index)) }
        return records.withUnsafeBufferPointer { body($0[index]) }
    }

    /// Record `index` of a packed list.
    @usableFromInline func packedRecord(at index: Int) -> Record {
        packed!.record(Record.self, at: index)
    }

    /// Turns a packed list into an array before a change.
    @usableFromInline mutating func unpack() {
        guard packed != nil else { return }
        records = array
        packed = nil
    }
}

extension RecordList: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }

    public var endIndex: Int { packed?.count ?? records.count }

    @inlinable
    public subscript(index: Int) -> Record {
        get { isPackedList ? packedRecord(at: index) : records[index] }
        set {
            unpack()
            records[index] = newValue
        }
    }
}

extension RecordList: RangeReplaceableCollection {
    public mutating func replaceSubrange<C: Collection>(_ range: Range<Int>, with records: C) where C.Element == Record {
        unpack()
        self.records.replaceSubrange(range, with: records)
    }

    public mutating func reserveCapacity(_ n: Int) {
        unpack()
        records.reserveCapacity(n)
    }
}

extension RecordList: ExpressibleByArrayLiteral {
    public init(arrayLiteral records: Record...) { self.init(records) }
}

extension RecordList: Equatable {
    public static func == (lhs: RecordList, rhs: RecordList) -> Bool {
        if lhs.packed == nil && rhs.packed == nil { return lhs.records == rhs.records }
        return lhs.elementsEqual(rhs)
    }
}

extension RecordList: CustomStringConvertible {
    public var description: String { array.description }
}

extension Snapshot {
    /// Whether any table's records are read from packed bytes on demand (`RecordList`).
    public var hasPackedRecords: Bool { Table.allCases.contains { visit($0, IsPacked()) } }

    /// The same snapshot with every table's records held in arrays, but those of `kept`: for
    /// code that reads whole tables, often (a packed record is read from its bytes at each access).
    public func unpacked(except kept: Set<Table> = []) -> Snapshot {
        guard hasPackedRecords else { return self }
        var copy = self
        for table in Table.allCases where !kept.contains(table) {
            struct Unpack: TableVisitor {
                var snapshot: Snapshot
                mutating func visit<Record: DialPlanRecord>(_: Record.Type) {
                    snapshot[keyPath: Record.snapshotRecords] = snapshot[keyPath: Record.snapshotRecords].unpacked()
                }
            }
            var unpack = Unpack(snapshot: copy)
            table.visit(&unpack)
            copy = unpack.snapshot
        }
        return copy
    }
}

private struct IsPacked: RecordsVisitor {
    func visit<Record: DialPlanRecord>(_ records: RecordList<Record>) -> Bool { records.isPacked }
}
