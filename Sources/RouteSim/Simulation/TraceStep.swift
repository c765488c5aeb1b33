import DialPlan

/// A stage of the routing pipeline (docs/semantics.md §3–§5), in the order a call meets them.
public enum Stage: String, Sendable, CaseIterable {
    /// A number as typed became its dial string, or a call on a line had nothing dialed.
    case dialed
    case origin
    case analyzeCaller
    case speedDial
    case huntingDetection
    case analyzeCalled
    case callLevel
    case changeCalled
    case reanalysis
    case defaults
    case refineCaller
    case route
    case forward
    case ringGroup
    case followMe
    case voicemail
    case huntingGroup
    case attempt
    case refineCalled
    case presentedCaller
    case maxDuration
    case liveState
    case serviceCode
    case release
}

/// One decision of the simulator: what it looked at, what matched, what changed, and why.
public struct TraceStep: Sendable, Equatable {
    public var stage: Stage
    /// The table whose record matched or decided, if any.
    public var table: Table?
    /// The index of that record in its table.
    public var recordIndex: Int?
    /// The record's key.
    public var key: [KeyField]
    /// The record's description, for the records people know by name: external lines, SIP
    /// trunks, routing groups and hunting groups.
    public var name: String?
    /// The number before this step changed it (or looked at it).
    public var before: String?
    /// The number after this step.
    public var after: String?
    /// `name=value` of each assumption that decided this step, in catalogue order.
    public var assumptions: [String]
    /// What happened, in a sentence.
    public var detail: String

    /// The first assumption that decided this step (`name=value`), if any.
    public var assumption: String? { assumptions.first }
}
