import DialPlan
import RouteSim

/// Which records of a plan the cases exercised, and which they left untested.
public struct PlanCoverage: Sendable {
    /// The plan as the report names it (relative to the working folder when it was given so).
    public var plan: String
    public var snapshot: Snapshot
    /// Every record some case's call touched.
    public var exercised: Set<RecordID>

    /// The coverage of `snapshot` (named `plan` in reports) by calls that touched `exercised`.
    public init(plan: String, snapshot: Snapshot, exercised: Set<RecordID>) {
        self.plan = plan
        self.snapshot = snapshot
        self.exercised = exercised
    }

    /// Records of every table but `sysinfo` (one object, not a list of rows).
    public var total: Int { Self.tables.reduce(0) { $0 + snapshot.count(of: $1) } }

    static let tables = Table.allCases.filter { $0 != .systemInfo }

    /// Per table, in `Table.allCases` order, the records no case touched.
    public var uncovered: [(table: Table, records: [Int])] {
        Self.tables.compactMap { table in
            let missing = (0..<snapshot.count(of: table)).filter { !exercised.contains(RecordID(table, $0)) }
            return missing.isEmpty ? nil : (table, missing)
        }
    }

    /// The records a call touched: each record its trace cites, plus what those imply but the
    /// trace does not cite on its own line:
    /// - the transition (`natran`) of a matched caller analysis, refine-caller or refine-called row;
    /// - the `route` rows of a routing group whose line or trunk was attempted;
    /// - the operators (`hgoper`) of a hunting group the call reached.
    public static func records(touchedBy result: RouteResult, in snapshot: Snapshot) -> Set<RecordID> {
        var touched = Set<RecordID>()
        func transition(_ id: TransitionID) {
            guard !id.isNone else { return }
            for (i, t) in snapshot.transitions.enumerated() where t.id == id { touched.insert(RecordID(.transitions, i)) }
        }
        for step in result.steps {
            guard let table = step.table, let index = step.recordIndex, index < snapshot.count(of: table) else { continue }
            touched.insert(RecordID(table, index))
            switch table {
            case .callerAnalysis: transition(snapshot.callerAnalysis[index].transition)
            case .callerRefinements: transition(snapshot.callerRefinements[index].transition)
            case .calledRefinements: transition(snapshot.calledRefinements[index].transition)
            case .routingGroups:
                let group = snapshot.routingGroups[index].id
                for (i, route) in snapshot.routes.enumerated() where route.group == group {
                    let attempted = result.attempts.contains { attempt in
                        switch (attempt.via, route.routeType) {
                        case (.externalLine(let name), .externalLine): return name == route.externalLine
                        case (.sipTrunk(let id), .sipTrunk): return id == route.trunk
                        default: return false
                        }
                    }
                    if attempted { touched.insert(RecordID(.routes, i)) }
                }
            case .huntingGroups:
                let group = snapshot.huntingGroups[index].id
                for (i, op) in snapshot.huntingOperators.enumerated() where op.group == group {
                    touched.insert(RecordID(.huntingOperators, i))
                }
            default: break
            }
        }
        return touched
    }
}
