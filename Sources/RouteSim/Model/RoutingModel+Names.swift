import DialPlan

/// Names beside IDs: users think in carrier and line names, not `servID`s. The description
/// (`description`, or `desc` for trunks and hunting groups) of the records people know by name —
/// external lines, SIP trunks, routing groups and hunting groups — for the trace, the result and
/// lint messages.
extension RoutingModel {
    /// The description of record `index` of `table`, for external lines, SIP trunks, routing
    /// groups and hunting groups; nil for other tables and when it is empty.
    public func recordName(_ table: Table, _ index: Int) -> String? {
        switch table {
        case .externalLines: return names.lines[index]
        case .sipTrunks: return names.trunks[index]
        case .routingGroups: return names.routingGroups[index]
        case .huntingGroups: return names.huntingGroups[index]
        default: return nil
        }
    }

    /// The description of the line, trunk or group a target names (nil for a local user, a
    /// record that does not exist, or one without a description).
    public func name(of target: Target) -> String? {
        switch target {
        case .user: return nil
        case .externalLine(let name): return lineIndex[name].flatMap { recordName(.externalLines, Int($0)) }
        case .sipTrunk(let id): return trunkIndex[id].flatMap { recordName(.sipTrunks, Int($0)) }
        case .routingGroup(let id): return routingGroupIndex[id].flatMap { recordName(.routingGroups, Int($0)) }
        case .huntingGroup(let id): return huntingGroupIndex[id].flatMap { recordName(.huntingGroups, Int($0)) }
        }
    }

    /// A target as people read it, with its name: `SIP trunk 1 "carrier A (US)"`.
    public func describe(_ target: Target) -> String { target.text(name: name(of: target)) }
}

/// The descriptions of the records people know by name, by index, read once when the model is
/// built: naming an attempt or a target on the fast path reads a small array, never the
/// snapshot's large records.
struct RecordNames: Sendable {
    let lines: [String?]
    let trunks: [String?]
    let routingGroups: [String?]
    let huntingGroups: [String?]

    init(_ snapshot: Snapshot) {
        func name(_ text: String) -> String? { text.isEmpty ? nil : text }
        lines = snapshot.externalLines.map { name($0.description) }
        trunks = snapshot.sipTrunks.map { name($0.description) }
        routingGroups = snapshot.routingGroups.map { name($0.description) }
        huntingGroups = snapshot.huntingGroups.map { name($0.description) }
    }
}
