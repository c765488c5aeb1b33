import DialPlan

/// Where a call starts (docs/semantics.md §3).
public enum Origin: Sendable, Equatable {
    /// A local user places the call; its name is the caller number.
    case localUser(String)
    /// A call arrives on a SIP trunk from `caller`.
    case sipTrunk(TrunkID, caller: String)
    /// A call arrives on an external line from `caller`.
    case externalLine(String, caller: String)
    /// A bare caller number: the local user of that name if one exists, else an unknown caller.
    case caller(String)
}

/// One call to simulate: who calls, what they dialed, and the live state it meets.
public struct Call: Sendable, Equatable {
    public var origin: Origin
    public var called: String
    /// Who is busy or offline, which lines and trunks are down, which time conditions are closed.
    public var state: LiveState

    public init(origin: Origin, called: String, state: LiveState = LiveState()) {
        self.origin = origin
        self.called = called
        self.state = state
    }
}

/// How a simulated call ends (`outcome` in docs/formats.md).
public enum Outcome: String, Sendable, CaseIterable {
    case localUser, externalLine, sipTrunk, routingGroup
    /// A hunting group answers (`huntGroup` in the output).
    case huntingGroup = "huntGroup"
    case intercept, autoAttendant, released, rejected
    /// The called user's voice mail takes the call (a what-if: busy, no answer or unreachable
    /// with no forward that applies).
    case voicemail
}

/// The destination of a call (`target` in docs/formats.md).
public enum Target: Sendable, Equatable {
    case user(String)
    case externalLine(String)
    case sipTrunk(TrunkID)
    case routingGroup(RoutingGroupID)
    case huntingGroup(HuntingGroupID)
}

/// Why a call was released or rejected (`reason` in docs/formats.md): a stable machine word.
public enum ReleaseReason: String, Sendable, CaseIterable {
    /// The called number names no local user.
    case noSuchUser
    /// A record names a transition, line, trunk or group that does not exist.
    case danglingReference
    /// Re-analysis or forwarding never settled.
    case loop
    /// The caller lacks the call level the matched record requires.
    case callLevel
    /// The matched record's route type is not one the server supports (3, 5, unknown).
    case unsupportedRouteType
    /// An out-group call found no external line to use.
    case noExternalLine
    /// A routing group has no usable member.
    case emptyRoutingGroup
    /// An external line has no destination for incoming calls.
    case noDestination
    /// The called user is not online (unreachable, or behind a closed time condition) and has
    /// no CFNC and no voice mail.
    case notOnline
    /// Every line and trunk the call would try is down or outside its time condition.
    case routesUnavailable
    /// Every operator of the hunting group is busy, unreachable or logged out, and the group
    /// does not queue calls.
    case allOperatorsBusy
}

/// A release or rejection: the machine word and a sentence for people.
public struct Release: Sendable, Equatable {
    public var reason: ReleaseReason
    public var message: String

    public init(reason: ReleaseReason, message: String) {
        self.reason = reason
        self.message = message
    }
}

/// Where an outgoing attempt leaves the PBX.
public enum Via: Sendable, Equatable {
    case externalLine(String)
    case sipTrunk(TrunkID)
}

/// One outgoing attempt, in try order, with the numbers sent on it.
public struct Attempt: Sendable, Equatable {
    public var via: Via
    /// The line's or trunk's description (`description`, `desc`), when it has one.
    public var name: String?
    /// The called number after this line's or trunk's refine called number.
    public var called: String
    /// The caller number presented on this line or trunk.
    public var caller: String
    /// The attempt reached through a failover chain, from the line or trunk before it.
    public var isFailover: Bool
    /// Why the attempt fails under the live state (the call goes on to the next); nil: it may
    /// go through.
    public var blocked: Blocked?

    /// Why a line or trunk refuses a call under the live state.
    public enum Blocked: String, Sendable, CaseIterable {
        /// Marked down (`--state trunk:3=down`, `line:NAME=down`).
        case down
        /// Its outgoing time condition (`otcID`) is closed.
        case closed
    }
}

extension Attempt {
    // Declared here, outside the type, so that the type keeps its memberwise initialiser: the
    // simulator builds each attempt with that one, in place (one that sets the fields one by one
    // built the attempt and then copied it).
    public init(via: Via, called: String, caller: String, isFailover: Bool, blocked: Blocked? = nil, name: String? = nil) {
        self.init(via: via, name: name, called: called, caller: caller, isFailover: isFailover, blocked: blocked)
    }
}

/// A hunting group's operators in the order the first call tries them, and its settings.
public struct HuntingGroupOrder: Sendable, Equatable {
    public var strategy: HuntingStrategy
    /// The operators the call may reach, in try order.
    public var operators: [String]
    /// Operators left out: logged out, busy or unreachable under the live state.
    public var skipped: [String] = []
    /// Operators that log in to the group by hand (`autoInd` = 0).
    public var manualLogin: [String] = []
    /// Seconds each operator rings (`noAnsTmr`; 0: not set).
    public var noAnswerTimer = 0
    /// The queue, when the group queues calls (`queueInd` = 1).
    public var queue: HuntingQueue?

    public init(strategy: HuntingStrategy, operators: [String]) {
        self.strategy = strategy
        self.operators = operators
    }
}

/// A hunting group's queue: calls wait there while every operator is busy.
public struct HuntingQueue: Sendable, Equatable {
    /// `maxCall` and `maxDura` (seconds).
    public var maxCalls: Int
    public var maxWait: Int

    public init(maxCalls: Int, maxWait: Int) {
        self.maxCalls = maxCalls
        self.maxWait = maxWait
    }
}

/// Who rings when a call reaches a member of a ring group.
public struct RingGroupRinging: Sendable, Hashable {
    /// `ringgrpid`.
    public var group: Int
    /// The users who ring: the called user first, then the others in file order.
    public var ringing: [String]

    public init(group: Int, ringing: [String]) {
        self.group = group
        self.ringing = ringing
    }
}

/// The follow-me destinations of the called user, when and where each rings.
public struct FollowMe: Sendable, Equatable {
    /// `fmtype` as the plan has it, and the strategy the `followMeType1` assumption reads it as.
    public var type: Int
    public var strategy: Assumptions.FollowMeStrategy
    /// `fminterval`: seconds between destinations (sequential).
    public var interval: Int
    public var destinations: [FollowMeDestination]

    public init(type: Int, strategy: Assumptions.FollowMeStrategy, interval: Int, destinations: [FollowMeDestination]) {
        self.type = type
        self.strategy = strategy
        self.interval = interval
        self.destinations = destinations
    }
}

/// One follow-me destination: the number, when it starts ringing, and where it routes (as a
/// call forwarded by the user).
public struct FollowMeDestination: Sendable, Equatable {
    public var number: String
    /// Seconds after the call reaches the user.
    public var after: Int
    public var outcome: Outcome
    public var target: Target?
    public var attempts: [Attempt]
    public var release: Release?

    public init(number: String, after: Int, outcome: Outcome, target: Target?, attempts: [Attempt], release: Release?) {
        self.number = number
        self.after = after
        self.outcome = outcome
        self.target = target
        self.attempts = attempts
        self.release = release
    }
}

/// The answer to "where does this number go?".
public struct RouteResult: Sendable, Equatable {
    public var outcome: Outcome
    public var target: Target?
    /// The target's description (a line's, trunk's, routing group's or hunting group's
    /// `description`/`desc`), when it has one.
    public var targetName: String?
    /// The dial plan in force when analysis ended.
    public var dialPlan: String
    /// The caller number after analysis and refine caller number.
    public var caller: String
    /// The called number after analysis, before any per-line refine called number.
    public var called: String
    /// The called number as typed, when separators were removed from it (`0044-20-7946-0000`).
    public var typedCalled: String?
    /// The caller number as typed, when separators were removed from it.
    public var typedCaller: String?
    public var attempts: [Attempt] = []
    public var release: Release?
    /// Maximum call duration in seconds; 0 means none.
    public var maxDuration = 0
    /// The hunting group's strategy and operators, when the call reached one.
    public var huntingGroup: HuntingGroupOrder?
    /// Who rings, when the call reached a member of a ring group.
    public var ringGroup: RingGroupRinging?
    /// The follow-me destinations, when the call reached a user with follow-me.
    public var followMe: FollowMe?
    /// Every assumption the answer rests on (each one a trace step cites; recorded on the fast
    /// path too).
    public var cited = CitedAssumptions()
    /// The trace; empty on the fast path.
    public var steps: Trace = []
}

extension RouteResult {
    // Declared here, outside the type, so that the type keeps its memberwise initialiser, which
    // the simulator builds each result with (`CallRun.result`).

    /// A result with no attempts, release, duration, groups, citations or steps (set them after).
    public init(outcome: Outcome, target: Target?, dialPlan: String, caller: String, called: String) {
        self.outcome = outcome
        self.target = target
        self.dialPlan = dialPlan
        self.caller = caller
        self.called = called
    }
}

/// A call that cannot be simulated because its input is unusable.
///
/// `kind` says what is wrong as a value; `message` says it for people, naming the number or the
/// origin that is wrong.
public struct CallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with a call. Static members rather than enum cases, so that kinds can be
    /// added without breaking a caller's `switch`.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        /// A called or caller number that is neither a number (digits, `* # +` and separators,
        /// see `TypedNumber`) nor a local user's name, or is empty or too long.
        public static let invalidNumber = Kind(name: "invalidNumber")
        /// The origin names a local user the plan does not have.
        public static let unknownUser = Kind(name: "unknownUser")
        /// The origin names a SIP trunk (`servID`) the plan does not have.
        public static let unknownTrunk = Kind(name: "unknownTrunk")
        /// The origin names an external line the plan does not have.
        public static let unknownLine = Kind(name: "unknownLine")
        /// The live state names a user, trunk, line, operator or time condition the plan lacks.
        public static let invalidState = Kind(name: "invalidState")

        public var description: String { name }
    }

    public var kind: Kind
    /// For `invalidNumber`: which number is wrong.
    public var role: NumberRole?
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, role: NumberRole? = nil, message: String) {
        self.kind = kind
        self.role = role
        self.message = message
    }
}
