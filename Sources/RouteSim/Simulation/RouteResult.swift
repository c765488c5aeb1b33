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

/// One call to simulate: who calls, and what they dialed.
public struct Call: Sendable, Equatable {
    public var origin: Origin
    public var called: String

    public init(origin: Origin, called: String) {
        self.origin = origin
        self.called = called
    }
}

/// How a simulated call ends (`outcome` in docs/formats.md).
public enum Outcome: String, Sendable, CaseIterable {
    case localUser, externalLine, sipTrunk, routingGroup
    /// A hunting group answers (`huntGroup` in the output).
    case huntingGroup = "huntGroup"
    case intercept, autoAttendant, released, rejected
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

    public init(via: Via, called: String, caller: String, isFailover: Bool, name: String? = nil) {
        self.via = via
        self.called = called
        self.caller = caller
        self.isFailover = isFailover
        self.name = name
    }
}

/// A hunting group's operators in the order the first call tries them.
public struct HuntingGroupOrder: Sendable, Equatable {
    public var strategy: HuntingStrategy
    public var operators: [String]

    public init(strategy: HuntingStrategy, operators: [String]) {
        self.strategy = strategy
        self.operators = operators
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
    /// The trace; empty on the fast path.
    public var steps: [TraceStep] = []
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
