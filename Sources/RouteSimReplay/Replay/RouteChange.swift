import DialPlan
import RouteSim

/// How a candidate plan routes a call differently from the plan in force.
public struct RouteChange: Sendable, Equatable {
    public var kind: RouteChangeKind
    /// Where the call goes now and with the candidate (`SIP trunk 3`, `released (noSuchUser)`).
    public var before: String
    public var after: String

    /// The change between the answers of the two plans; nil when they give the same answer.
    static func between(_ old: RouteResult, orError new: () throws(CallError) -> RouteResult) -> RouteChange? {
        let before = exitText(old)
        let newResult: RouteResult
        do {
            newResult = try new()
        } catch {
            return RouteChange(kind: .unroutable, before: before, after: error.message)
        }
        if newResult == old { return nil }
        let after = exitText(newResult)
        if before != after {
            let kind: RouteChangeKind = leavesThroughEndpoint(old) && leavesThroughEndpoint(newResult) ? .endpoint : .destination
            return RouteChange(kind: kind, before: before, after: after)
        }
        let sentBefore = old.attempts.first?.called ?? old.called
        let sentAfter = newResult.attempts.first?.called ?? newResult.called
        if sentBefore != sentAfter {
            return RouteChange(kind: .numberSent, before: "\(before), sends \(sentBefore)", after: "\(after), sends \(sentAfter)")
        }
        return RouteChange(kind: .details, before: before, after: detailsText(old, newResult))
    }

    /// Where a call leaves the plan: its first line or trunk, the user, the group, or the release.
    static func exitText(_ result: RouteResult) -> String {
        switch result.outcome {
        case .released, .rejected: return "\(result.outcome.rawValue) (\(result.release?.reason.rawValue ?? "?"))"
        case .externalLine, .sipTrunk, .routingGroup:
            if let first = result.attempts.first { return Summaries.viaText(first.via) }
            return result.target?.text ?? result.outcome.rawValue
        default: return result.target?.text ?? result.outcome.rawValue
        }
    }

    static func leavesThroughEndpoint(_ result: RouteResult) -> Bool {
        [.externalLine, .sipTrunk, .routingGroup].contains(result.outcome) && !result.attempts.isEmpty
    }

    /// What else differs when the exit and the number sent are the same.
    static func detailsText(_ old: RouteResult, _ new: RouteResult) -> String {
        var differences: [String] = []
        if old.attempts.map(\.via) != new.attempts.map(\.via) { differences.append("failover attempts") }
        if old.attempts != new.attempts && old.attempts.map(\.via) == new.attempts.map(\.via) {
            differences.append("numbers sent on failover")
        }
        if old.caller != new.caller || old.attempts.map(\.caller) != new.attempts.map(\.caller) { differences.append("caller sent") }
        if old.maxDuration != new.maxDuration { differences.append("maximum duration") }
        if old.dialPlan != new.dialPlan { differences.append("dial plan") }
        if old.huntingGroup != new.huntingGroup { differences.append("operators") }
        if old.called != new.called { differences.append("called number") }
        return differences.isEmpty ? "other details" : differences.joined(separator: ", ")
    }
}

/// The kinds of route change, most consequential first.
public enum RouteChangeKind: String, CaseIterable, Sendable, Comparable {
    /// Leaves through another line or trunk.
    case endpoint
    /// Goes to another destination (a user, a group, a release, or from or to a line or trunk).
    case destination
    /// Same exit, another number sent.
    case numberSent
    /// Same exit and number; failover attempts, the caller sent, the duration or the dial plan differ.
    case details
    /// The candidate plan lacks the call's origin (a user, trunk or line).
    case unroutable

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    public var text: String {
        switch self {
        case .endpoint: return "would leave through another line or trunk"
        case .destination: return "would go to another destination"
        case .numberSent: return "would send another number"
        case .details: return "would differ in other details"
        case .unroutable: return "cannot be routed: the candidate plan lacks the origin"
        }
    }
}
