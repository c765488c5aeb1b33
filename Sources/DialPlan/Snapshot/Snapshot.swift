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
        lhs.systemInfo == rhs.systemInfo && lhs.localUsers == rhs.localUsers
            && lhs.externalLines == rhs.externalLines && lhs.sipTrunks == rhs.sipTrunks
            && lhs.routingGroups == rhs.routingGroups && lhs.routes == rhs.routes
            && lhs.transitions == rhs.transitions && lhs.callerRefinements == rhs.callerRefinements
            && lhs.calledRefinements == rhs.calledRefinements && lhs.callerAnalysis == rhs.callerAnalysis
            && lhs.calledAnalysis == rhs.calledAnalysis && lhs.speedDials == rhs.speedDials
            && lhs.huntingGroups == rhs.huntingGroups && lhs.huntingOperators == rhs.huntingOperators
            && lhs.huntingDetections == rhs.huntingDetections && lhs.metadata == rhs.metadata
    }

    /// The number of records in a table (1 or 0 for `sysinfo`).
    public func count(of table: Table) -> Int {
        switch table {
        case .sysinfo: return systemInfo == nil ? 0 : 1
        case .localuser: return localUsers.count
        case .extline: return externalLines.count
        case .peerserver: return sipTrunks.count
        case .routegroup: return routingGroups.count
        case .route: return routes.count
        case .natran: return transitions.count
        case .refineclrnbr: return callerRefinements.count
        case .refinecldnbr: return calledRefinements.count
        case .anaclrnbr: return callerAnalysis.count
        case .anacldnbr: return calledAnalysis.count
        case .speeddial: return speedDials.count
        case .hginfo: return huntingGroups.count
        case .hgoper: return huntingOperators.count
        case .hgdect: return huntingDetections.count
        }
    }

    /// The records of a table as JSON objects in OpenAPI field names, in order.
    public func jsonRecords(of table: Table) -> [JSONValue] {
        switch table {
        case .sysinfo: return systemInfo.map { [$0.jsonObject] } ?? []
        case .localuser: return localUsers.map(\.jsonObject)
        case .extline: return externalLines.map(\.jsonObject)
        case .peerserver: return sipTrunks.map(\.jsonObject)
        case .routegroup: return routingGroups.map(\.jsonObject)
        case .route: return routes.map(\.jsonObject)
        case .natran: return transitions.map(\.jsonObject)
        case .refineclrnbr: return callerRefinements.map(\.jsonObject)
        case .refinecldnbr: return calledRefinements.map(\.jsonObject)
        case .anaclrnbr: return callerAnalysis.map(\.jsonObject)
        case .anacldnbr: return calledAnalysis.map(\.jsonObject)
        case .speeddial: return speedDials.map(\.jsonObject)
        case .hginfo: return huntingGroups.map(\.jsonObject)
        case .hgoper: return huntingOperators.map(\.jsonObject)
        case .hgdect: return huntingDetections.map(\.jsonObject)
        }
    }

    /// The key of record `index` of `table`, as `(field, value)` pairs.
    public func key(of table: Table, at index: Int) -> [(String, String)] {
        switch table {
        case .sysinfo: return []
        case .localuser: return localUsers[index].key
        case .extline: return externalLines[index].key
        case .peerserver: return sipTrunks[index].key
        case .routegroup: return routingGroups[index].key
        case .route: return routes[index].key
        case .natran: return transitions[index].key
        case .refineclrnbr: return callerRefinements[index].key
        case .refinecldnbr: return calledRefinements[index].key
        case .anaclrnbr: return callerAnalysis[index].key
        case .anacldnbr: return calledAnalysis[index].key
        case .speeddial: return speedDials[index].key
        case .hginfo: return huntingGroups[index].key
        case .hgoper: return huntingOperators[index].key
        case .hgdect: return huntingDetections[index].key
        }
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
