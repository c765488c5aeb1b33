import DialPlan
import RouteSim

/// What replaying one recorded call found.
public enum Verdict: Sendable, Equatable {
    /// routesim sends the call where the record says it went, with the same number (as far as
    /// the record tells); `onFailover`: the record names a later attempt than the first.
    case agrees(onFailover: Bool)
    case disagrees(DisagreementKind)
    /// The plan cannot explain the record: it is left out of the agreement figures.
    case unexplainable(UnexplainedReason, detail: String)

    public var isExplainable: Bool {
        if case .unexplainable = self { return false }
        return true
    }

    public var agrees: Bool {
        if case .agrees = self { return true }
        return false
    }
}

/// How routesim's answer differs from the record.
public enum DisagreementKind: String, CaseIterable, Sendable, Comparable {
    /// The call went to another user, line or trunk than routesim says.
    case destination
    /// Same destination, another number sent.
    case numberSent
    /// routesim releases or rejects the call; the record shows it went somewhere.
    case released
    /// routesim routes the call; the record shows the server released it without a destination.
    case routed

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    /// A sentence head for reports.
    public var text: String {
        switch self {
        case .destination: return "another destination"
        case .numberSent: return "another number sent"
        case .released: return "routesim releases, the server connected"
        case .routed: return "routesim routes, the server released"
        }
    }
}

/// Why a record cannot be compared with the plan.
public enum UnexplainedReason: String, CaseIterable, Sendable, Comparable {
    /// The record's origin is a user, trunk or line the plan does not have.
    case unknownOrigin
    /// The record's destination is a user, trunk or line the plan does not have.
    case unknownDestination
    /// The record says neither where the call went nor whether it failed.
    case nothingToCompare

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    public var text: String {
        switch self {
        case .unknownOrigin: return "comes from a user, trunk or line the plan does not have"
        case .unknownDestination: return "went to a user, trunk or line the plan does not have"
        case .nothingToCompare: return "says neither where the call went nor whether it failed"
        }
    }
}

/// Compares simulated results with records; knows nothing of files or output.
enum Comparison {
    /// The call a record describes, as `routesim route` would take it: a user's call from the
    /// user, a trunk's or line's with the caller number, and a record that does not say its
    /// origin from the bare caller number (the user of that name if one exists, else an
    /// unknown caller; docs/replay.md).
    static func call(of record: CDRRecord) -> Call {
        switch record.origin {
        case .user(let name)?: return Call(origin: .localUser(name), called: record.dialed)
        case .line(let name)?: return Call(origin: .externalLine(name, caller: record.caller), called: record.dialed)
        case .trunk(let id)?: return Call(origin: .sipTrunk(id, caller: record.caller), called: record.dialed)
        case .autoAttendant?, .intercept?, nil: return Call(origin: .caller(record.caller), called: record.dialed)
        }
    }

    /// The destination the plan lacks, if the record names one.
    static func missingDestination(_ record: CDRRecord, in model: RoutingModel) -> String? {
        switch record.destination {
        case .user(let name)?: return model.userIndex[name] == nil ? "the plan has no local user \(name)" : nil
        case .line(let name)?: return model.lineIndex[name] == nil ? "the plan has no external line \(name)" : nil
        case .trunk(let id)?: return model.trunkIndex[id] == nil ? "the plan has no SIP trunk \(id)" : nil
        default: return nil
        }
    }

    /// The verdict on a simulated result against the record.
    static func verdict(_ result: RouteResult, _ record: CDRRecord) -> Verdict {
        let endedWithoutDestination = result.outcome == .released || result.outcome == .rejected
        if let destination = record.destination {
            if endedWithoutDestination { return .disagrees(.released) }
            guard let match = match(destination, result) else { return .disagrees(.destination) }
            if let sent = record.called, let simulated = match.sent, sent != simulated { return .disagrees(.numberSent) }
            return .agrees(onFailover: match.attempt > 0)
        }
        if record.answered == false {
            return endedWithoutDestination ? .agrees(onFailover: false) : .disagrees(.routed)
        }
        if let sent = record.called {
            if endedWithoutDestination { return .disagrees(.released) }
            let simulated = result.attempts.first?.called ?? result.called
            return sent == simulated ? .agrees(onFailover: false) : .disagrees(.numberSent)
        }
        if record.answered == true {
            return endedWithoutDestination ? .disagrees(.released) : .agrees(onFailover: false)
        }
        return .unexplainable(.nothingToCompare, detail: "no destination, called number or result in the record")
    }

    /// Where the result meets the recorded destination: the attempt (0 for a user or service),
    /// and the number routesim sends there (nil: not comparable, a hunting group's operator).
    static func match(_ destination: RecordedParty, _ result: RouteResult) -> (attempt: Int, sent: String?)? {
        switch (destination, result.outcome) {
        case (.user(let name), .localUser), (.user(let name), .voicemail):
            // A call that ends in a user's voice mail is recorded as to that user.
            return result.target == .user(name) ? (0, result.called) : nil
        case (.user(let name), .huntingGroup):
            return result.huntingGroup?.operators.contains(name) == true ? (0, nil) : nil
        case (.line(let name), .externalLine), (.line(let name), .routingGroup), (.line(let name), .sipTrunk):
            guard let k = result.attempts.firstIndex(where: { $0.via == .externalLine(name) }) else { return nil }
            return (k, result.attempts[k].called)
        case (.trunk(let id), .sipTrunk), (.trunk(let id), .routingGroup), (.trunk(let id), .externalLine):
            guard let k = result.attempts.firstIndex(where: { $0.via == .sipTrunk(id) }) else { return nil }
            return (k, result.attempts[k].called)
        case (.autoAttendant, .autoAttendant), (.intercept, .intercept):
            return (0, nil)
        default:
            return nil
        }
    }
}
