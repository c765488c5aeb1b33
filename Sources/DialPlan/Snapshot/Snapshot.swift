/// A dial plan at rest: every table of a miniSIPServer that affects routing.
///
/// Record order is the server's list order and is meaningful for routing-group routes and
/// hunting-group operators; it is preserved on every rewrite.
public struct Snapshot: Sendable, Equatable {
    /// `sysinfo`; nil when the snapshot has none (the out-group prefix is then empty).
    public var systemInfo: SystemInfo?
    public var localUsers: [LocalUser] = []
    public var externalLines: [ExternalLine] = []
    public var sipTrunks: [SIPTrunk] = []
    public var routingGroups: [RoutingGroup] = []
    public var routes: [RoutingGroupRoute] = []
    public var transitions: [Transition] = []
    public var callerRefinements: [CallerRefinement] = []
    public var calledRefinements: [CalledRefinement] = []
    public var callerAnalysis: [CallerAnalysis] = []
    public var calledAnalysis: [CalledAnalysis] = []
    public var speedDials: [SpeedDial] = []
    public var huntingGroups: [HuntingGroup] = []
    public var huntingOperators: [HuntingOperator] = []
    public var huntingDetections: [HuntingDetection] = []
    /// The `routesim` key a fetch adds (format version, server, fetch time), kept as is.
    public var metadata: JSONValue?
    /// Where each record stood in the file it was loaded from (not part of equality).
    public var locations = SourceLocations()

    public init() {}

    public static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
        func same<R: DialPlanRecord>(_ type: R.Type) -> Bool { lhs[keyPath: R.snapshotRecords] == rhs[keyPath: R.snapshotRecords] }
        return lhs.metadata == rhs.metadata && Table.allCases.allSatisfy { same($0.recordType) }
    }

    /// `systemInfo` as a table of zero or one record, like every other table.
    var systemInfoRecords: [SystemInfo] {
        get { systemInfo.map { [$0] } ?? [] }
        set { systemInfo = newValue.first }
    }

    /// The number of records in a table (1 or 0 for `sysinfo`).
    public func count(of table: Table) -> Int {
        func count<R: DialPlanRecord>(_: R.Type) -> Int { self[keyPath: R.snapshotRecords].count }
        return count(table.recordType)
    }

    /// The records of a table as JSON objects in OpenAPI field names, in order.
    public func jsonRecords(of table: Table) -> [JSONValue] {
        func json<R: DialPlanRecord>(_: R.Type) -> [JSONValue] { self[keyPath: R.snapshotRecords].map(\.jsonObject) }
        return json(table.recordType)
    }

    /// The key of record `index` of `table`.
    public func key(of table: Table, at index: Int) -> [KeyField] {
        func key<R: DialPlanRecord>(_: R.Type) -> [KeyField] { self[keyPath: R.snapshotRecords][index].key }
        return key(table.recordType)
    }
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
