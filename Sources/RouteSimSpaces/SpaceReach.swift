import DialPlan
import RouteSim

/// Where `routesim reach --to` looks: a target the call ends at or tries, an outcome, or a
/// record its analysis matched.
public enum ReachGoal: Sendable, Equatable {
    /// `trunk:3`, `line:NAME`, `group:4`, `user:101`, `hunt:1`: the call's target or one of its
    /// attempts, a user its ring group rings, or a follow-me destination's target or attempt
    /// (`SignatureTarget.spec`, `RouteSignature.reaches(_:)`).
    case target(String)
    case outcome(Outcome)
    /// A record of a prefix table or a local user, by table and index in the snapshot.
    case record(Table, index: Int, key: String)

    /// Reads `--to`; a goal that names nothing in the plan is refused, so that an empty answer
    /// never stands for a typo.
    public init(_ spec: String, model: RoutingModel) throws(SpaceError) {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        func fail(_ what: String) -> SpaceError { SpaceError(message: "--to \(spec): \(what)") }
        guard parts.count == 2, !parts[1].isEmpty else {
            throw fail("write trunk:ID, line:NAME, group:ID, user:NAME, hunt:ID, outcome:NAME or record:TABLE/KEY")
        }
        let (kind, value) = (parts[0], parts[1])
        let snapshot = model.snapshot
        switch kind {
        case "trunk":
            guard let id = Int(value), model.trunkIndex[TrunkID(id)] != nil else {
                throw fail("no SIP trunk with servID \(value) in the plan")
            }
        case "line":
            guard model.lineIndex[value] != nil else { throw fail("no external line named '\(value)' in the plan") }
        case "user":
            guard model.userIndex[value] != nil else { throw fail("no local user named '\(value)' in the plan") }
        case "group":
            guard let id = Int(value), snapshot.routingGroups.contains(where: { $0.id == RoutingGroupID(id) }) else {
                throw fail("no routing group with groupID \(value) in the plan")
            }
        case "hunt":
            guard let id = Int(value), snapshot.huntingGroups.contains(where: { $0.id == HuntingGroupID(id) }) else {
                throw fail("no hunting group with grpID \(value) in the plan")
            }
        case "outcome":
            guard let outcome = Outcome(rawValue: value) else {
                throw fail("the outcomes are \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = .outcome(outcome)
            return
        case "record":
            let tables: [Table] = [.calledAnalysis, .speedDials, .huntingDetections, .calledRefinements, .localUsers]
            let names = tables.map(\.rawValue).joined(separator: ", ")
            let pieces = value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pieces.count == 2, let table = Table(rawValue: pieces[0]), tables.contains(table) else {
                throw fail("write record:TABLE/KEY with TABLE one of \(names) and the key's fields joined by /")
            }
            for index in 0..<snapshot.count(of: table) {
                let key = snapshot.key(of: table, at: index)
                if key.map(\.value).joined(separator: "/") == pieces[1] {
                    self = .record(table, index: index, key: table.keyText(key))
                    return
                }
            }
            let fields = table.keyFields.joined(separator: "/")
            throw fail("no \(table.rawValue) record with the key \(pieces[1]) (its key is \(fields))")
        default:
            throw fail("write trunk:ID, line:NAME, group:ID, user:NAME, hunt:ID, outcome:NAME or record:TABLE/KEY")
        }
        self = .target(spec)
    }

    /// Whether a row gets there.
    func reached(by row: SpaceRow) -> Bool {
        switch self {
        case .target(let spec): return row.signature.reaches(spec)
        case .outcome(let outcome): return row.signature.outcome == outcome
        case .record(let table, let index, _): return row.matched.contains(MatchedRecord(table: table, index: index))
        }
    }

    /// For people: `SIP trunk 3`, `outcome released`, `anacldnbr (dialPlan "default", calledNbr "9")`.
    public var text: String {
        switch self {
        case .target(let spec): return spec
        case .outcome(let outcome): return "outcome \(outcome.rawValue)"
        case .record(let table, _, let key): return "\(table.rawValue) (\(key))"
        }
    }
}

/// Every origin class and range of numbers that gets to a goal (`routesim reach`): the rows of
/// the plan's map that reach it.
public struct SpaceReach {
    public let map: SpaceMap
    public let goal: ReachGoal
    /// The sections of the map, each with only the rows that reach the goal (sections left
    /// empty are dropped).
    public private(set) var sections: [SpaceMap.Section] = []

    public init(model: RoutingModel, goal: ReachGoal, options: SpaceOptions = SpaceOptions()) throws(SpaceError) {
        var isRecord = false
        if case .record = goal { isRecord = true }
        map = try SpaceMap(model: model, options: options, keepRecords: isRecord)
        self.goal = goal
        for section in map.sections {
            let rows = section.rows.filter(goal.reached)
            if !rows.isEmpty { sections.append(SpaceMap.Section(classes: section.classes, rows: rows)) }
        }
    }

    /// The classes the rows name, in catalog order.
    var classes: [Int] { Array(Set(sections.flatMap(\.classes))).sorted() }

    /// `routesim route` options that replay a row's witness from its first class.
    public func replay(_ row: SpaceRow, planPath: String) -> String {
        "routesim route --plan \(shellWord(planPath)) \(map.catalog.classes[row.classes[0]].routeArguments) \(shellWord(row.region.witness))"
    }

    /// For people: the classes, then the rows with their witness calls.
    public func text(planPath: String) -> String {
        var out = "routesim reach: \(planPath) → \(goal.text): called numbers of 1–\(map.options.maxLength) characters (0-9 * # +)\n"
        let count = sections.reduce(0) { $0 + $1.rows.count }
        if count == 0 { return out + "nothing gets there\n" }
        out += "\(count) row\(count == 1 ? "" : "s")\n\norigin classes\n"
        for c in classes.map({ map.catalog.classes[$0] }) {
            out += "  \(c.label)  \(c.membersText) — \(map.catalog.attributesText(of: c))\n"
            out += "      \(c.size.shortText) origin\(c.size == .one ? "" : "s")\n"
        }
        for section in sections {
            let plan = map.planName(of: section)
            let view = map.view(of: section.classes)
            out += "\n\(map.classList(section.classes)) · dial plan \(plan)\n"
            for row in section.rows {
                out += "  \(row.region.pattern) · lengths \(row.region.lengthText) · numbers \(row.region.countText)\n"
                out += "    \(row.signature.summary(startPlan: plan, view: view))\n"
                out += "    witness: \(replay(row, planPath: planPath))\n"
            }
        }
        return out
    }

    /// The rows as JSON: the goal, the classes, and each row with its witness and signature.
    public func json(planPath: String) -> JSONValue {
        .object([
            ("plan", .string(planPath)), ("to", .string(goal.text)), ("maxLength", .int(map.options.maxLength)),
            ("classes", .array(classes.map { map.catalog.jsonValue(of: map.catalog.classes[$0]) })),
            (
                "rows",
                .array(
                    sections.flatMap { section in
                        let view = map.view(of: section.classes)
                        return section.rows.map { row -> JSONValue in
                            .object([
                                ("classes", .array(section.classes.map { .string(map.catalog.classes[$0].label) })),
                                ("numbers", row.region.jsonValue), ("witness", .string(row.region.witness)),
                                ("replay", .string(replay(row, planPath: planPath))), ("signature", row.signature.jsonValue(view)),
                            ])
                        }
                    })
            ),
        ])
    }
}
