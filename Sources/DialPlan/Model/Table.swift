/// A dial-plan table, named as the OpenAPI names the object.
public enum Table: String, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case sysinfo
    case localuser
    case extline
    case peerserver
    case routegroup
    case route
    case natran
    case refineclrnbr
    case refinecldnbr
    case anaclrnbr
    case anacldnbr
    case speeddial
    case hginfo
    case hgoper
    case hgdect

    public var description: String { rawValue }

    public static func < (lhs: Table, rhs: Table) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// What the vendor's web interface calls the table.
    public var title: String {
        switch self {
        case .sysinfo: return "system information"
        case .localuser: return "local users"
        case .extline: return "external lines"
        case .peerserver: return "SIP trunks"
        case .routegroup: return "routing groups"
        case .route: return "routing-group routes"
        case .natran: return "number transitions"
        case .refineclrnbr: return "refine caller number"
        case .refinecldnbr: return "refine called number"
        case .anaclrnbr: return "analyze caller number"
        case .anacldnbr: return "analyze called number"
        case .speeddial: return "speed dial"
        case .hginfo: return "hunting groups"
        case .hgoper: return "hunting-group operators"
        case .hgdect: return "hunting-group detection"
        }
    }

    /// The fields that identify a record (what the OpenAPI's `query` and `delete` take).
    public var keyFields: [String] {
        switch self {
        case .sysinfo: return []
        case .localuser: return ["usrname"]
        case .extline: return ["extLine"]
        case .peerserver: return ["servID"]
        case .routegroup: return ["groupID"]
        case .route: return ["groupID", "routeType", "sipTrunkID", "extLine"]
        case .natran: return ["tranID"]
        case .refineclrnbr: return ["grpID", "callerNbr"]
        case .refinecldnbr: return ["groupID", "calledPrefix"]
        case .anaclrnbr: return ["callerNbr"]
        case .anacldnbr: return ["dialPlan", "calledNbr"]
        case .speeddial: return ["callerNbr", "dialedNbr"]
        case .hginfo: return ["grpID"]
        case .hgoper: return ["oper"]
        case .hgdect: return ["dialPlan", "calledNbr"]
        }
    }

    /// The fields `list` returns where they are fewer than `query`'s (nil: `list` returns all).
    ///
    /// For these objects a complete snapshot needs a `query` per record.
    public var listSummaryFields: [String]? {
        switch self {
        case .localuser: return ["usrname", "description", "dispname", "addr"]
        case .extline: return ["extLine", "description", "host", "port", "localUser", "transport", "state"]
        case .peerserver: return ["servID", "desc", "servAddr", "servPort", "transport"]
        case .hginfo: return ["grpID", "desc", "strategy", "noAnsTmr"]
        default: return nil
        }
    }

    /// Whether the table is one object (`sysinfo`) rather than a list of records.
    public var isSingleObject: Bool { self == .sysinfo }

    /// The operations the OpenAPI documents for the object.
    public var operations: [String] {
        switch self {
        case .sysinfo: return ["query", "update"]
        case .route: return ["list", "add", "delete"]
        case .hgoper: return ["list", "set", "delete"]
        default: return ["list", "query", "set", "delete"]
        }
    }

    /// Every field the reference documents for the object, with its type.
    public var documentedFields: [(name: String, kind: FieldKind)] {
        func names<R: DialPlanRecord>(_: R.Type) -> [(name: String, kind: FieldKind)] {
            R.fields.map { ($0.name, $0.kind) }
        }
        switch self {
        case .sysinfo: return names(SystemInfo.self)
        case .localuser: return names(LocalUser.self)
        case .extline: return names(ExternalLine.self)
        case .peerserver: return names(SIPTrunk.self)
        case .routegroup: return names(RoutingGroup.self)
        case .route: return names(RoutingGroupRoute.self)
        case .natran: return names(Transition.self)
        case .refineclrnbr: return names(CallerRefinement.self)
        case .refinecldnbr: return names(CalledRefinement.self)
        case .anaclrnbr: return names(CallerAnalysis.self)
        case .anacldnbr: return names(CalledAnalysis.self)
        case .speeddial: return names(SpeedDial.self)
        case .hginfo: return names(HuntingGroup.self)
        case .hgoper: return names(HuntingOperator.self)
        case .hgdect: return names(HuntingDetection.self)
        }
    }

    /// A record key as people read it: `dialPlan "default", calledNbr "9"`.
    public func describeKey(_ key: [(String, String)]) -> String {
        key.map { name, value in
            let kind = documentedFields.first(where: { $0.name == name })?.kind
            return kind == .integer ? "\(name) \(value)" : "\(name) \"\(value)\""
        }.joined(separator: ", ")
    }
}
