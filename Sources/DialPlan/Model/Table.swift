/// A dial-plan table, named for what it holds; the raw value is the OpenAPI object's name
/// (`calledAnalysis` is `anacldnbr`), which the snapshot file, the server and messages use.
///
/// `recordType` is the one place a table meets its record type: everything else a table knows
/// (its key fields, its documented fields, where a snapshot keeps its rows) is read from there.
public enum Table: String, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case systemInfo = "sysinfo"
    case localUsers = "localuser"
    case externalLines = "extline"
    case sipTrunks = "peerserver"
    case routingGroups = "routegroup"
    case routes = "route"
    case transitions = "natran"
    case callerRefinements = "refineclrnbr"
    case calledRefinements = "refinecldnbr"
    case callerAnalysis = "anaclrnbr"
    case calledAnalysis = "anacldnbr"
    case speedDials = "speeddial"
    case huntingGroups = "hginfo"
    case huntingOperators = "hgoper"
    case huntingDetections = "hgdect"

    /// The OpenAPI name, as messages and files write it.
    public var description: String { rawValue }

    /// What the table holds, in the vendor's words (`analyze called number`): the heading of
    /// its section in docs/snapshot.md and the title of its part of the JSON Schema.
    public var title: String {
        switch self {
        case .systemInfo: return "system information"
        case .localUsers: return "local users"
        case .externalLines: return "external lines"
        case .sipTrunks: return "SIP trunks"
        case .routingGroups: return "routing groups"
        case .routes: return "routes of a routing group"
        case .transitions: return "number transitions"
        case .callerRefinements: return "refine caller number"
        case .calledRefinements: return "refine called number"
        case .callerAnalysis: return "analyze caller number"
        case .calledAnalysis: return "analyze called number"
        case .speedDials: return "speed dial"
        case .huntingGroups: return "hunting groups"
        case .huntingOperators: return "hunting-group operators"
        case .huntingDetections: return "hunting-group detection"
        }
    }

    public static func < (lhs: Table, rhs: Table) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Calls `visitor` with the table's record type: the one place a table meets its type.
    ///
    /// Each call site names a concrete type, so an operation written once over every record type
    /// is specialised for each (the snapshot decoder relies on it).
    func visit<Visitor: TableVisitor>(_ visitor: inout Visitor) throws(Visitor.Failure) -> Visitor.Result {
        switch self {
        case .systemInfo: try visitor.visit(SystemInfo.self)
        case .localUsers: try visitor.visit(LocalUser.self)
        case .externalLines: try visitor.visit(ExternalLine.self)
        case .sipTrunks: try visitor.visit(SIPTrunk.self)
        case .routingGroups: try visitor.visit(RoutingGroup.self)
        case .routes: try visitor.visit(RoutingGroupRoute.self)
        case .transitions: try visitor.visit(Transition.self)
        case .callerRefinements: try visitor.visit(CallerRefinement.self)
        case .calledRefinements: try visitor.visit(CalledRefinement.self)
        case .callerAnalysis: try visitor.visit(CallerAnalysis.self)
        case .calledAnalysis: try visitor.visit(CalledAnalysis.self)
        case .speedDials: try visitor.visit(SpeedDial.self)
        case .huntingGroups: try visitor.visit(HuntingGroup.self)
        case .huntingOperators: try visitor.visit(HuntingOperator.self)
        case .huntingDetections: try visitor.visit(HuntingDetection.self)
        }
    }

    /// The type of the table's records.
    var recordType: any DialPlanRecord.Type {
        struct RecordType: TableVisitor {
            func visit<Record: DialPlanRecord>(_ type: Record.Type) -> any DialPlanRecord.Type { type }
        }
        var visitor = RecordType()
        return visit(&visitor)
    }

    /// The fields that identify a record (what the OpenAPI's `query` and `delete` take).
    public var keyFields: [String] { recordType.keyFields }

    /// Every field the reference documents for the object, with its type.
    public var documentedFields: [(name: String, kind: FieldKind)] { recordType.documentedFields }

    /// The fields `list` returns where they are fewer than `query`'s (nil: `list` returns all).
    ///
    /// For these objects a complete snapshot needs a `query` per record.
    public var listSummaryFields: [String]? {
        switch self {
        case .localUsers: return ["usrname", "description", "dispname", "addr"]
        case .externalLines: return ["extLine", "description", "host", "port", "localUser", "transport", "state"]
        case .sipTrunks: return ["servID", "desc", "servAddr", "servPort", "transport"]
        case .huntingGroups: return ["grpID", "desc", "strategy", "noAnsTmr"]
        default: return nil
        }
    }

    /// Whether the table is one object (`sysinfo`) rather than a list of records.
    public var isSingleObject: Bool { self == .systemInfo }

    /// The operations the OpenAPI documents for the object.
    public var operations: [String] {
        switch self {
        case .systemInfo: return ["query", "update"]
        case .routes: return ["list", "add", "delete"]
        case .huntingOperators: return ["list", "set", "delete"]
        default: return ["list", "query", "set", "delete"]
        }
    }
}

/// An operation on the records of one table, written once for every record type.
protocol TableVisitor {
    associatedtype Result
    associatedtype Failure: Error = Never
    mutating func visit<Record: DialPlanRecord>(_ type: Record.Type) throws(Failure) -> Result
}
