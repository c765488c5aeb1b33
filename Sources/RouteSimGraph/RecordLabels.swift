import DialPlan

/// Names beside IDs: what people call a trunk, line, group or user, looked up once per plan.
///
/// A SIP trunk is `SIP trunk 1` to the PBX and "carrier A (US)" to its users; the graph, the
/// route page and the plan pages show both. Lookups are by the record's key; the first record
/// of a key wins (as in the routing model).
public struct RecordLabels: Sendable {
    private let users: [String: Int]
    private let lines: [String: Int]
    private let trunks: [TrunkID: Int]
    private let routingGroups: [RoutingGroupID: Int]
    private let huntingGroups: [HuntingGroupID: Int]
    private let snapshot: Snapshot

    public init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
        func index<Key: Hashable>(_ keys: [Key]) -> [Key: Int] {
            var map: [Key: Int] = [:]
            for (i, key) in keys.enumerated() where map[key] == nil { map[key] = i }
            return map
        }
        users = index(snapshot.localUsers.map(\.name))
        lines = index(snapshot.externalLines.map(\.name))
        trunks = index(snapshot.sipTrunks.map(\.id))
        routingGroups = index(snapshot.routingGroups.map(\.id))
        huntingGroups = index(snapshot.huntingGroups.map(\.id))
    }

    /// The record of a local user, line, trunk or group, if the plan has it.
    public func user(_ name: String) -> RecordID? { users[name].map { RecordID(.localUsers, $0) } }
    public func line(_ name: String) -> RecordID? { lines[name].map { RecordID(.externalLines, $0) } }
    public func trunk(_ id: TrunkID) -> RecordID? { trunks[id].map { RecordID(.sipTrunks, $0) } }
    public func routingGroup(_ id: RoutingGroupID) -> RecordID? { routingGroups[id].map { RecordID(.routingGroups, $0) } }
    public func huntingGroup(_ id: HuntingGroupID) -> RecordID? { huntingGroups[id].map { RecordID(.huntingGroups, $0) } }

    /// What people call the user: its display name, else its description ("" when neither is set).
    public func userName(_ name: String) -> String {
        guard let i = users[name] else { return "" }
        let user = snapshot.localUsers[i]
        return user.displayName.isEmpty ? user.description : user.displayName
    }

    /// The description of a line, trunk or group ("" when it has none or does not exist).
    public func lineName(_ name: String) -> String { lines[name].map { snapshot.externalLines[$0].description } ?? "" }
    public func trunkName(_ id: TrunkID) -> String { trunks[id].map { snapshot.sipTrunks[$0].description } ?? "" }
    public func routingGroupName(_ id: RoutingGroupID) -> String {
        routingGroups[id].map { snapshot.routingGroups[$0].description } ?? ""
    }
    public func huntingGroupName(_ id: HuntingGroupID) -> String {
        huntingGroups[id].map { snapshot.huntingGroups[$0].description } ?? ""
    }

    /// The name people use for a record of any table: a user's display name, the description
    /// of anything else that has one ("" otherwise, or when the record does not exist).
    public func name(of record: RecordID) -> String {
        let i = record.index
        guard i >= 0, i < snapshot.count(of: record.table) else { return "" }
        switch record.table {
        case .systemInfo, .routes, .huntingOperators, .huntingDetections: return ""
        case .localUsers: return userName(snapshot.localUsers[i].name)
        case .externalLines: return snapshot.externalLines[i].description
        case .sipTrunks: return snapshot.sipTrunks[i].description
        case .routingGroups: return snapshot.routingGroups[i].description
        case .transitions: return snapshot.transitions[i].description
        case .callerRefinements: return snapshot.callerRefinements[i].description
        case .calledRefinements: return snapshot.calledRefinements[i].description
        case .callerAnalysis: return snapshot.callerAnalysis[i].description
        case .calledAnalysis: return snapshot.calledAnalysis[i].description
        case .speedDials: return snapshot.speedDials[i].description
        case .huntingGroups: return snapshot.huntingGroups[i].description
        }
    }
}
