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

    public static func < (lhs: Table, rhs: Table) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The type of the table's records.
    public var recordType: any DialPlanRecord.Type {
        switch self {
        case .systemInfo: SystemInfo.self
        case .localUsers: LocalUser.self
        case .externalLines: ExternalLine.self
        case .sipTrunks: SIPTrunk.self
        case .routingGroups: RoutingGroup.self
        case .routes: RoutingGroupRoute.self
        case .transitions: Transition.self
        case .callerRefinements: CallerRefinement.self
        case .calledRefinements: CalledRefinement.self
        case .callerAnalysis: CallerAnalysis.self
        case .calledAnalysis: CalledAnalysis.self
        case .speedDials: SpeedDial.self
        case .huntingGroups: HuntingGroup.self
        case .huntingOperators: HuntingOperator.self
        case .huntingDetections: HuntingDetection.self
        }
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
