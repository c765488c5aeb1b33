import DialPlan

/// Routing groups and hunting groups: their members in snapshot order (the order calls try them).
struct GroupIndex {
    /// The `route` rows of each routing group (by index), resolved to lines and trunks.
    let routingGroupMembers: [[GroupMember]]
    /// The `hgoper` rows of each hunting group (by index).
    let huntingGroupOperators: [[Int32]]

    init(_ snapshot: Snapshot, keys: KeyIndexes) {
        var members = [[GroupMember]](repeating: [], count: snapshot.routingGroups.count)
        for (i, route) in snapshot.routes.enumerated() {
            guard let group = keys.routingGroups[route.group] else { continue }
            let member: GroupMember
            switch route.routeType {
            case .externalLine:
                member = keys.lines[route.externalLine].map { .line(Int($0), route: i) } ?? .dangling(route: i)
            case .sipTrunk:
                member = keys.trunks[route.trunk].map { .trunk(Int($0), route: i) } ?? .dangling(route: i)
            default:
                member = .unsupported(route: i)
            }
            members[Int(group)].append(member)
        }
        routingGroupMembers = members
        var operators = [[Int32]](repeating: [], count: snapshot.huntingGroups.count)
        for (i, op) in snapshot.huntingOperators.enumerated() {
            if let g = keys.huntingGroups[op.group] { operators[Int(g)].append(Int32(i)) }
        }
        huntingGroupOperators = operators
    }
}
