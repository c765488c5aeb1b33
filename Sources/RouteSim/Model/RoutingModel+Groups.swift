import DialPlan

/// Routing groups and hunting groups: their members in snapshot order (the order calls try them).
struct GroupIndex {
    /// The `route` rows of each routing group (by index), resolved to lines and trunks.
    let routingGroupMembers: [[GroupMember]]
    /// The `hgoper` rows of each hunting group (by index), in file order and by operator number.
    let huntingGroupOperators: [[Int32]]
    let huntingGroupOperatorsByNumber: [[Int32]]

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
        huntingGroupOperatorsByNumber = operators.map { list in
            list.sorted { a, b in
                HuntingOperator.precedesByNumber(snapshot.huntingOperators[Int(a)].user, snapshot.huntingOperators[Int(b)].user)
            }
        }
    }
}

extension HuntingOperator {
    /// Operator numbers in numeric order: a shorter number first, then by characters (so `99`
    /// comes before `100`); equal numbers keep their file order.
    static func precedesByNumber(_ a: String, _ b: String) -> Bool {
        a.utf8.count != b.utf8.count ? a.utf8.count < b.utf8.count : a < b
    }
}
