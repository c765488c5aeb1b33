/// A dial plan at rest: every table of a miniSIPServer that affects routing.
///
/// Record order is the server's list order and is meaningful for routing-group routes and
/// hunting-group operators; it is preserved on every rewrite.
public struct Snapshot: Sendable, Equatable {
    /// `sysinfo`; nil when the snapshot has none (the out-group prefix is then empty).
    public var systemInfo: SystemInfo?
    public var localUsers: RecordList<LocalUser> = []
    public var externalLines: RecordList<ExternalLine> = []
    public var sipTrunks: RecordList<SIPTrunk> = []
    public var routingGroups: RecordList<RoutingGroup> = []
    public var routes: RecordList<RoutingGroupRoute> = []
    public var transitions: RecordList<Transition> = []
    public var callerRefinements: RecordList<CallerRefinement> = []
    public var calledRefinements: RecordList<CalledRefinement> = []
    public var callerAnalysis: RecordList<CallerAnalysis> = []
    public var calledAnalysis: RecordList<CalledAnalysis> = []
    public var speedDials: RecordList<SpeedDial> = []
    public var huntingGroups: RecordList<HuntingGroup> = []
    public var huntingOperators: RecordList<HuntingOperator> = []
    public var huntingDetections: RecordList<HuntingDetection> = []
    /// The `routesim` key a fetch adds (format version, server, fetch time), kept as is.
    public var metadata: JSONValue?
    /// Where each record stood in the file it was loaded from (not part of equality).
    public var locations = SourceLocations()
    /// What loaded but may not mean what its author thinks: fields a table does not have, one
    /// warning per table and field, in file order (not part of equality).
    public var warnings: [LoadWarning] = []

    public init() {}

    public static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
        lhs.metadata == rhs.metadata && Table.allCases.allSatisfy { lhs.visit($0, SameRecords(other: rhs)) }
    }

    /// `systemInfo` as a table of zero or one record, like every other table.
    var systemInfoRecords: RecordList<SystemInfo> {
        get { systemInfo.map { [$0] } ?? [] }
        set { systemInfo = newValue.first }
    }

    /// The number of records in a table (1 or 0 for `sysinfo`).
    public func count(of table: Table) -> Int { visit(table, RecordCount()) }

    /// The records of a table as JSON objects in OpenAPI field names, in order.
    public func jsonRecords(of table: Table) -> [JSONValue] { visit(table, JSONRecords()) }

    /// The key of record `index` of `table`.
    ///
    /// A switch over the tables rather than `visit(_:_:)`: every traced step reads a key, and the
    /// visitor would copy the snapshot and read its table through a key path each time.
    public func key(of table: Table, at index: Int) -> [KeyField] {
        switch table {
        case .systemInfo: return systemInfoRecords[index].key
        case .localUsers: return localUsers[index].key
        case .externalLines: return externalLines[index].key
        case .sipTrunks: return sipTrunks[index].key
        case .routingGroups: return routingGroups[index].key
        case .routes: return routes[index].key
        case .transitions: return transitions[index].key
        case .callerRefinements: return callerRefinements[index].key
        case .calledRefinements: return calledRefinements[index].key
        case .callerAnalysis: return callerAnalysis[index].key
        case .calledAnalysis: return calledAnalysis[index].key
        case .speedDials: return speedDials[index].key
        case .huntingGroups: return huntingGroups[index].key
        case .huntingOperators: return huntingOperators[index].key
        case .huntingDetections: return huntingDetections[index].key
        }
    }

    /// Runs `visitor` over the records of `table`, specialised for their type.
    func visit<Visitor: RecordsVisitor>(_ table: Table, _ visitor: Visitor) -> Visitor.Result {
        var adapter = RecordsOfTable(snapshot: self, visitor: visitor)
        return table.visit(&adapter)
    }
}

/// An operation on the records of one table, written once for every record type
/// (`Snapshot.visit(_:_:)` specialises it for each).
protocol RecordsVisitor {
    associatedtype Result
    func visit<Record: DialPlanRecord>(_ records: RecordList<Record>) -> Result
}

/// Hands a table's records, typed, to a `RecordsVisitor`.
private struct RecordsOfTable<Visitor: RecordsVisitor>: TableVisitor {
    let snapshot: Snapshot
    let visitor: Visitor
    func visit<Record: DialPlanRecord>(_: Record.Type) -> Visitor.Result {
        visitor.visit(snapshot[keyPath: Record.snapshotRecords])
    }
}

private struct RecordCount: RecordsVisitor {
    func visit<Record: DialPlanRecord>(_ records: RecordList<Record>) -> Int { records.count }
}

private struct JSONRecords: RecordsVisitor {
    func visit<Record: DialPlanRecord>(_ records: RecordList<Record>) -> [JSONValue] { records.map(\.jsonObject) }
}

private struct SameRecords: RecordsVisitor {
    let other: Snapshot
    func visit<Record: DialPlanRecord>(_ records: RecordList<Record>) -> Bool { records == other[keyPath: Record.snapshotRecords] }
}

/// The 1-based line of each record in the file a snapshot was read from.
public struct SourceLocations: Sendable {
    /// The file as named when loading (a path, or a label such as `<stdin>`).
    public var source: String = ""
    var lines: [Table: [Int32]] = [:]

    public init() {}

    /// The line where record `index` of `table` starts, if known.
    public func line(of table: Table, at index: Int) -> Int? {
        guard let lines = lines[table], index < lines.count else { return nil }
        return Int(lines[index])
    }
}
