import DialPlan

/// The tables looked up by an exact key (user and line names, trunk, group and transition IDs):
/// each key maps to the first record in snapshot order that has it, as the trie keeps the first
/// of two equal prefixes.
struct KeyIndexes {
    let users: [String: Int32]
    let lines: [String: Int32]
    let trunks: [TrunkID: Int32]
    let routingGroups: [RoutingGroupID: Int32]
    let huntingGroups: [HuntingGroupID: Int32]
    let transitions: [TransitionID: Int32]

    init(_ snapshot: Snapshot) {
        users = Self.firstIndex(snapshot.localUsers.map(\.name))
        lines = Self.firstIndex(snapshot.externalLines.map(\.name))
        trunks = Self.firstIndex(snapshot.sipTrunks.map(\.id))
        routingGroups = Self.firstIndex(snapshot.routingGroups.map(\.id))
        huntingGroups = Self.firstIndex(snapshot.huntingGroups.map(\.id))
        transitions = Self.firstIndex(snapshot.transitions.map(\.id))
    }

    static func firstIndex<K: Hashable>(_ keys: [K]) -> [K: Int32] {
        var map: [K: Int32] = [:]
        map.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() where map[k] == nil { map[k] = Int32(i) }
        return map
    }
}
