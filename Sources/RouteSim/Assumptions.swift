/// Rules the vendor's documentation leaves open, each with the default routesim chose.
///
/// Every rule marked *assumed* in the semantics is one of these. A trace step that an assumption
/// decided names it (`stripOutGroupPrefix=lineRoutes`), `--assume NAME=VALUE` changes it, and
/// `route --sensitivity` re-runs a call under its other values. The catalogue
/// (`Assumptions.catalog`, in `Assumptions+Catalog.swift`) says what each decides, the section
/// of docs/semantics.md that explains it and the values it takes.
public struct Assumptions: Sendable, Hashable {
    /// A prefix of `*` is a catch-all like the empty prefix in every table matched by longest
    /// prefix (otherwise it is a literal star).
    public var starIsCatchAll = true
    /// How speed-dial `dialedNbr` matches the called number.
    public var speedDialMatch = MatchMode.exact
    /// How hunting-group detection `calledNbr` matches the called number.
    public var huntingDetectionMatch = MatchMode.exact
    /// The dial plan of a caller that is no local user, trunk or line.
    public var unknownCallerDialPlan = "default"
    /// The dial plan of calls coming in on an external line.
    public var externalLineDialPlan = "default"
    /// The caller number speed dial's `callerNbr` is compared with.
    public var speedDialKey = SpeedDialKey.callerAsArrived
    /// Where hunting-group detection stands in the analysis loop.
    public var huntingDetectionPosition = HuntingDetectionPosition.beforeAnalysis
    /// Analysis passes before a call that keeps re-analysing is released as a loop.
    public var maxAnalysisPasses = 8
    /// The caller's refine and call-level record stays in force when a re-analysis pass
    /// finds no record (the defaults then route the number).
    public var keepRecordOnReanalysisMiss = true
    /// What a dial plan other than `default` does with a number none of its records matches.
    public var unmatchedPlanFallback = UnmatchedPlanFallback.defaults
    /// How a record's `callLevel` n is checked against a user's `calllevel`.
    public var callLevelRule = CallLevelRule.bitmask
    /// Which callers that are no local users pass a record's call level.
    public var callLevelNonUsers = CallLevelNonUsers.trunksAndLines
    /// Where the out-group prefix is stripped from the called number.
    public var stripOutGroupPrefix = OutGroupPrefixStrip.lineRoutes
    /// The order in which the defaults pick a caller's external line.
    public var defaultLineOrder = DefaultLineOrder.specificFirst
    /// Whose dial plan, call level, default line and maximum duration a forwarded call uses.
    public var forwardedLegContext = ForwardedLegContext.forwardingUser
    /// Unconditional-forwarding hops before the call is released as a loop.
    public var maxForwardHops = 5
    /// What-if live state of the called user (the first user the call reaches); `--state`
    /// sets any user's.
    public var userState = UserState.available
    /// What `fmtype` 1 means; `fmtype` 2 means the other strategy.
    public var followMeType1 = FollowMeStrategy.sequential
    /// The member of a routing group a call tries first (1: list order; k: round robin, this
    /// call starts at member k and wraps).
    public var routingGroupStart = 1
    /// Failover-chain hops followed after each outgoing attempt.
    public var maxChainHops = 5
    /// What a failover chain does when it reaches a line or trunk the call tried already.
    public var failoverToTried = FailoverToTried.stop
    /// What refine called number does for a line or trunk whose `ogGroupID` is 0.
    public var outgoingGroupZero = OutgoingGroupZero.none
    /// An external line presents its own name as the caller unless `origCallerNbr` = 1.
    public var linePresentsOwnNumber = true
    /// What a transition does when its start lies past the end of the number.
    public var transitionBounds = TransitionBounds.clamp
    /// The order of a hunting group's operators.
    public var huntingOperatorOrder = HuntingOperatorOrder.listOrder

    public init() {}

    public enum MatchMode: String, Sendable, CaseIterable { case exact, prefix }
    public enum CallLevelRule: String, Sendable, CaseIterable {
        /// Level n admits a user whose `calllevel` has bit n−1 set.
        case bitmask
        /// Level n admits a user whose `calllevel` is at least n.
        case minimum
    }
    public enum UserState: String, Sendable, CaseIterable { case available, busy, noAnswer, unreachable }
    public enum TransitionBounds: String, Sendable, CaseIterable {
        /// Clamp a start past the end to the end (add appends; delete removes nothing).
        case clamp
        /// A transition whose start lies past the end changes nothing.
        case skip
    }
    public enum SpeedDialKey: String, Sendable, CaseIterable {
        /// The caller as the call arrived, before analyze caller number.
        case callerAsArrived
        /// The caller after analyze caller number changed it.
        case analyzedCaller
    }
    public enum HuntingDetectionPosition: String, Sendable, CaseIterable {
        /// Each analysis pass looks for a hunting group before any `anacldnbr` record.
        case beforeAnalysis
        /// Only a number no `anacldnbr` record matches is looked up as a hunting group.
        case afterNoMatch
    }
    public enum UnmatchedPlanFallback: String, Sendable, CaseIterable {
        /// The system defaults route the number (out-group prefix, else a local user).
        case defaults
        /// The `default` dial plan's records are tried, then the system defaults.
        case defaultPlan
    }
    public enum CallLevelNonUsers: String, Sendable, CaseIterable {
        /// Calls from trunks and lines pass; unknown callers are refused.
        case trunksAndLines
        /// Every caller that is no local user passes.
        case everyone
        /// No caller that is no local user passes.
        case nobody
    }
    /// Where the out-group prefix (`sysinfo.ogpfx`) is stripped; each value strips where the one
    /// before it does and more.
    public enum OutGroupPrefixStrip: String, Sendable, CaseIterable {
        /// Nowhere: the number keeps it.
        case none
        /// When the defaults send a call to an external line.
        case defaultsOnly
        /// Also on route-type-1 records without `changeInd`.
        case lineRoutes
        /// Also on route-type-2 and route-type-6 records without `changeInd`.
        case allOutgoing
    }
    public enum DefaultLineOrder: String, Sendable, CaseIterable {
        /// The caller's `specextline`, then the line whose `localUser` is the caller, then the
        /// first shared line.
        case specificFirst
        /// The line whose `localUser` is the caller, then `specextline`, then the first shared line.
        case ownFirst
    }
    public enum ForwardedLegContext: String, Sendable, CaseIterable {
        /// The forwarding user's dial plan, call level, default line and maximum duration.
        case forwardingUser
        /// The original caller's.
        case originalCaller
    }
    public enum FollowMeStrategy: String, Sendable, CaseIterable {
        /// The user rings first, then destination A, B, C, each `fminterval` seconds later.
        case sequential
        /// The user and every destination ring at once.
        case simultaneous
    }
    public enum FailoverToTried: String, Sendable, CaseIterable {
        /// The chain stops there.
        case stop
        /// The line or trunk is tried again and its chain followed (up to `maxChainHops`).
        case retry
    }
    public enum OutgoingGroupZero: String, Sendable, CaseIterable {
        /// `ogGroupID` 0 means no refine group: the number leaves unrefined.
        case none
        /// `ogGroupID` 0 is group 0: its `refinecldnbr` rows apply.
        case group0
    }
    public enum HuntingOperatorOrder: String, Sendable, CaseIterable {
        /// The `hgoper` rows in file order.
        case listOrder
        /// By operator number.
        case byNumber
    }
}
