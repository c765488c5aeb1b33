import DialPlan
import RouteSim

/// How a call of an origin class arrives (§3).
public enum OriginKind: String, Sendable, CaseIterable, Comparable {
    case localUser, sipTrunk, externalLine, unknownCaller

    public static func < (lhs: OriginKind, rhs: OriginKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The origins of a class: local users by name, or parts made of SIP trunks, external lines or
/// unknown callers together with caller numbers (each set of callers a region of the caller
/// space).
public enum OriginMembers: Sendable, Equatable {
    case users([String])
    case callers([CallerPart])
}

/// Calls arriving on any of `trunks` (a trunk class) or `lines` (a line class), or from no
/// trunk or line (an unknown-caller class), from any caller in `callers`.
public struct CallerPart: Sendable, Equatable {
    public var trunks: [TrunkID]
    public var lines: [String]
    public var callers: [NumberRegion]
    /// When the callers are most of the caller space: the regions they leave out (for people:
    /// "any caller except 00…").
    public var except: [NumberRegion]?
}

/// How a call of a class ends before analysis, in one plan.
enum EarlyEnd: Hashable, Sendable {
    /// `aaInd` = 1: the auto attendant of this line answers.
    case autoAttendant(String)
    /// The line has no destination for incoming calls.
    case noDestination
}

/// What the pipeline reads from an origin, in one plan: everything two origins must share to
/// be treated alike for every called number. Equal attributes (in every plan) make one class.
struct ClassAttributes: Hashable, Sendable {
    /// The dial plan the call is in after analyze caller number (a model ID).
    var plan: Int32
    /// The caller after analyze caller number, as a rewrite of the origin's caller.
    var analyzed: Rewrite
    /// The refine-caller prefixes that start the analyzed caller (which row of each group
    /// matches; `RefineUnion`).
    var refinePath: String
    /// The caller's length where a transition of its refine rows depends on it, else -1.
    var callerLength: Int
    /// The root of the caller's own speed-dial entries (-1: none, or they cannot matter).
    var ownSpeedDials: Int32
    /// The local user's `calllevel` (nil for other origins).
    var callLevel: Int?
    /// The local user's `maxdura` (0 for other origins).
    var limit: Int
    /// The line an out-group call leaves on (§4.4).
    var defaultLine: Int?
    /// The called number a line origin puts in place of the dialled one.
    var lineDestination: String?
    /// The call ends at its origin.
    var early: EarlyEnd?
    /// The local user itself (its index in the model) when it is in a ring group of two or
    /// more members, else -1: who rings when it calls a member depends on whether it is in the
    /// same group and on whether it calls itself, so such a user is a class of its own.
    var ringGroupUser: Int32 = -1
}

/// Origins the pipeline treats identically for every called number: the same starting dial
/// plan after caller analysis, the same caller rewrite and refine rows, call level, duration
/// limit, default line and own speed dials (in every plan, for `diff`); a member of a ring
/// group is a class of its own.
///
/// A class is reported by its `representative` (the origin `routesim route` replays) and its
/// `size`. Its `id` is its place in the catalog, which lists classes in a stable order.
public struct OriginClass: Sendable {
    public internal(set) var id: Int
    public let kind: OriginKind
    public internal(set) var members: OriginMembers
    /// The origin `routesim route` replays for this class.
    public let representative: Origin
    /// The representative's caller number.
    public let representativeCaller: String
    /// The lengths of the representative's caller region (a local user's name: its length).
    let callerBounds: (min: Int, max: Int)
    /// What each plan reads from these origins (one entry per plan compared).
    let attributes: [ClassAttributes]
    /// The representative's caller cells after caller analysis, per plan.
    let analyzedCells: [NumberCells]
    /// Origins (or origin-caller pairs) in the class.
    public internal(set) var size: NumberCount
}
