/// A numeric record ID that cannot be mixed up with another kind of ID.
///
/// miniSIPServer numbers trunks, transitions, routing groups, hunting groups and refine groups
/// with plain integers; a trunk ID passed where a routing-group ID belongs is a bug the compiler
/// should catch. `0` means "none" wherever the server uses it that way.
public struct Identifier<Kind>: Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByIntegerLiteral
{
    public var rawValue: Int

    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public init(integerLiteral value: Int) { self.rawValue = value }

    /// True for 0, the server's "not set".
    public var isNone: Bool { rawValue == 0 }

    public var description: String { String(rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum SIPTrunkKind {}
public enum TransitionKind {}
public enum RoutingGroupKind {}
public enum HuntingGroupKind {}
public enum CallerRefineGroupKind {}
public enum CalledRefineGroupKind {}

/// `peerserver.servID`, `anacldnbr.servID`, `route.sipTrunkID`, `peerserver.chainTrunkID`.
public typealias TrunkID = Identifier<SIPTrunkKind>
/// `natran.tranID`, and the `tranID`/`transID` fields that name a transition.
public typealias TransitionID = Identifier<TransitionKind>
/// `routegroup.groupID`, `route.groupID`, `anacldnbr.rtGroupID`.
public typealias RoutingGroupID = Identifier<RoutingGroupKind>
/// `hginfo.grpID`, `hgoper.grpID`, `hgdect.grpID`.
public typealias HuntingGroupID = Identifier<HuntingGroupKind>
/// `refineclrnbr.grpID`, `anacldnbr.clrRefineID`.
public typealias CallerRefineGroupID = Identifier<CallerRefineGroupKind>
/// `refinecldnbr.groupID`, `extline.ogGroupID`, `peerserver.ogGroupID`.
public typealias CalledRefineGroupID = Identifier<CalledRefineGroupKind>

/// How a record's route is chosen (`anacldnbr.routeType`, `route.routeType`).
public enum RouteType: Hashable, Sendable, CustomStringConvertible {
    case localUser  // 0
    case externalLine  // 1
    case sipTrunk  // 2
    case intercept  // 4
    case routingGroup  // 6
    /// Any other value (3 and 5 exist in some server versions but are undocumented). Kept as is.
    case unsupported(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 0: self = .localUser
        case 1: self = .externalLine
        case 2: self = .sipTrunk
        case 4: self = .intercept
        case 6: self = .routingGroup
        default: self = .unsupported(rawValue)
        }
    }

    /// The type as a 32-bit word (its number), when the number gives it back: nil for
    /// `.unsupported` of a documented number, or of one a word cannot hold or `Int32.min` (a
    /// record that keeps words keeps such a type whole).
    @inlinable
    static func word(_ type: RouteType) -> Int32? {
        let number = type.rawValue
        guard let word = Int32(exactly: number), word != Int32.min, RouteType(rawValue: number) == type else { return nil }
        return word
    }

    public var rawValue: Int {
        switch self {
        case .localUser: return 0
        case .externalLine: return 1
        case .sipTrunk: return 2
        case .intercept: return 4
        case .routingGroup: return 6
        case .unsupported(let v): return v
        }
    }

    public var description: String {
        switch self {
        case .localUser: return "local user"
        case .externalLine: return "external line"
        case .sipTrunk: return "SIP trunk"
        case .intercept: return "intercept"
        case .routingGroup: return "routing group"
        case .unsupported(let v): return "unsupported route type \(v)"
        }
    }
}

/// What a number transition does (`natran.type`).
public enum TransitionType: Hashable, Sendable, CustomStringConvertible {
    case add  // 1
    case replace  // 2
    case delete  // 3
    /// Any other value: the transition changes nothing.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .add
        case 2: self = .replace
        case 3: self = .delete
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .add: return 1
        case .replace: return 2
        case .delete: return 3
        case .unknown(let v): return v
        }
    }

    public var description: String {
        switch self {
        case .add: return "add"
        case .replace: return "replace"
        case .delete: return "delete"
        case .unknown(let v): return "unknown type \(v)"
        }
    }
}

/// How a hunting group hands out calls (`hginfo.strategy`).
public enum HuntingStrategy: Hashable, Sendable, CustomStringConvertible {
    case roundRobin  // 1
    case linear  // 2
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .roundRobin
        case 2: self = .linear
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .roundRobin: return 1
        case .linear: return 2
        case .unknown(let v): return v
        }
    }

    public var description: String {
        switch self {
        case .roundRobin: return "round robin"
        case .linear: return "linear"
        case .unknown(let v): return "unknown strategy \(v)"
        }
    }
}

/// Types stored in an integer field of the OpenAPI.
public protocol IntegerFieldValue: Sendable {
    init(fieldInteger: Int)
    var fieldInteger: Int { get }
}

extension Int: IntegerFieldValue {
    public init(fieldInteger: Int) { self = fieldInteger }
    public var fieldInteger: Int { self }
}

extension Identifier: IntegerFieldValue {
    public init(fieldInteger: Int) { self.init(fieldInteger) }
    public var fieldInteger: Int { rawValue }
}

extension RouteType: IntegerFieldValue {
    public init(fieldInteger: Int) { self.init(rawValue: fieldInteger) }
    public var fieldInteger: Int { rawValue }
}

extension TransitionType: IntegerFieldValue {
    public init(fieldInteger: Int) { self.init(rawValue: fieldInteger) }
    public var fieldInteger: Int { rawValue }
}

extension HuntingStrategy: IntegerFieldValue {
    public init(fieldInteger: Int) { self.init(rawValue: fieldInteger) }
    public var fieldInteger: Int { rawValue }
}

extension Bool: IntegerFieldValue {
    /// Indicator fields (`changeInd`, `right_cfu`, …): any non-zero value is on.
    public init(fieldInteger: Int) { self = fieldInteger != 0 }
    public var fieldInteger: Int { self ? 1 : 0 }
}
