import DialPlan

/// An `anacldnbr` record with its references resolved, and the fields the simulator reads on
/// every call: 24 bytes, so the fast path never touches the snapshot's large records.
package struct CompiledCalledAnalysis: Sendable {
    /// The line, trunk or routing group the route type names.
    package var target: Reference
    package var transition: Reference
    /// The trie root of the rows of its refine-caller group (`clrRefineID`): `.none` when the
    /// field is 0, `.dangling` when the group has no rows.
    package var callerRefine: Reference
    package var routeKind: RouteKind
    /// `changeInd` and `reAnaInd`.
    package var changesNumber: Bool
    package var reanalyze: Bool
    /// `callLevel` (0: everyone) and `maxDuration` (0: none).
    package var callLevel: Int32
    package var maxDuration: Int32
}

/// `RouteType` without its payload, one byte.
package enum RouteKind: UInt8, Sendable {
    case localUser, externalLine, sipTrunk, intercept, routingGroup, unsupported

    init(_ type: RouteType) {
        switch type {
        case .localUser: self = .localUser
        case .externalLine: self = .externalLine
        case .sipTrunk: self = .sipTrunk
        case .intercept: self = .intercept
        case .routingGroup: self = .routingGroup
        case .unsupported: self = .unsupported
        }
    }
}

package struct CompiledUser: Sendable {
    package var dialPlan: Int32
    /// `calllevel` and `maxdura`.
    package var callLevel: Int
    package var maxDuration: Int
    /// Some forwarding flag is set (the record is read only then).
    package var mayForward: Bool
    /// A ring group, follow-me, voice mail or a time condition is set (the record is read only then).
    package var hasServices: Bool
    /// The ring group the user is in (`ringgrpid` with `right_rg` = 1); 0: none.
    package var ringGroup: Int
    package var specificLine: Reference
    /// The first line whose `localUser` is this user.
    package var ownLine: Reference
}

/// An external line or SIP trunk, with its failover chain and outgoing refine root resolved.
package struct CompiledEndpoint: Sendable {
    package var chain: Reference
    /// Root of the refine-called-number rows of its `ogGroupID` (nil: the field is 0, or the
    /// group has no rows; group 0 is the `outgoingGroupZero` assumption's, read per call).
    package var refineRoot: Int32?
    /// `ogGroupID` is 0.
    package var outgoingGroupIsZero: Bool
    /// The dial plan incoming calls start in (trunks).
    package var dialPlan: Int32
    /// The line's name (lines).
    package var name: String
    /// The trunk's `servID` (trunks).
    package var trunkID: TrunkID
    /// A trunk's non-empty `callerID`, presented instead of the caller.
    package var callerID: String?
    /// A line whose `origCallerNbr` is 0: it presents its own name unless `linePresentsOwnNumber`
    /// is false.
    package var mayPresentOwnName: Bool
    /// The time condition of outgoing calls (`otcID`); 0: none.
    package var timeCondition: Int
    /// A line's `maxdura` (0: none; trunks: 0).
    package var maxDuration: Int = 0
}

package enum GroupMember: Sendable {
    case line(Int, route: Int)
    case trunk(Int, route: Int)
    case dangling(route: Int)
    case unsupported(route: Int)
}
