import DialPlan

extension RoutingGraph {
    /// The whole plan as a graph.
    ///
    /// Dial plans hold their analysis and hunting-detection records; each analysis record routes
    /// to its line, trunk, routing group, the local users or intercept, or back to its dial plan
    /// when it changes the number and analyses it again; the out-group prefix (the defaults)
    /// leads to the shared lines; routing groups list their members in try order; trunks and
    /// lines fail over along their chains; hunting groups ring their operators. A name a record
    /// gives that the plan lacks becomes a `missing` node.
    public init(snapshot: Snapshot) {
        var builder = GraphBuilder(snapshot: snapshot)
        builder.build()
        self.init(nodes: builder.nodes, edges: builder.edges)
        labels = builder.labels
    }
}

/// Builds a `RoutingGraph` table by table; nodes are added the first time something names them.
struct GraphBuilder {
    let snapshot: Snapshot
    let labels: RecordLabels
    var nodes: [RoutingGraph.Node] = []
    var edges: [RoutingGraph.Edge] = []
    var nodeIndex: [String: Int] = [:]

    init(snapshot: Snapshot) {
        self.snapshot = snapshot
        self.labels = RecordLabels(snapshot)
    }

    mutating func build() {
        // Every dial plan first, in the order records name them (`default` always).
        addNode("plan:default", .dialPlan, "dial plan default")
        for row in snapshot.calledAnalysis { dialPlan(row.dialPlan) }
        for row in snapshot.huntingDetections { dialPlan(row.dialPlan) }
        for row in snapshot.callerAnalysis where !row.dialPlan.isEmpty { dialPlan(row.dialPlan) }
        for user in snapshot.localUsers { dialPlan(user.dialPlan) }
        for trunk in snapshot.sipTrunks { dialPlan(trunk.dialPlan) }
        outGroup()

        for (i, row) in snapshot.callerAnalysis.enumerated() where !row.dialPlan.isEmpty {
            let id = addNode(
                "caller:\(row.callerPrefix)", .callerAnalysis, "callers \(row.callerPrefix)…", row.description,
                record: RecordID(.callerAnalysis, i))
            addEdge(id, dialPlan(row.dialPlan), .switchesPlan, "switches")
        }
        for (i, row) in snapshot.calledAnalysis.enumerated() {
            let plan = dialPlan(row.dialPlan)
            let id = addNode(
                "prefix:\(planName(row.dialPlan))/\(row.calledPrefix)", .calledAnalysis,
                row.calledPrefix.isEmpty ? "(any number)" : row.calledPrefix, row.description,
                record: RecordID(.calledAnalysis, i))
            addEdge(plan, id, .contains)
            if row.changesNumber && row.reanalyze {
                addEdge(id, plan, .reanalysis, "re-analysis")
            } else if let target = routeTarget(row) {
                addEdge(id, target, .routes)
            }
        }
        for (i, row) in snapshot.huntingDetections.enumerated() {
            let plan = dialPlan(row.dialPlan)
            let id = addNode(
                "detect:\(planName(row.dialPlan))/\(row.calledNumber)", .huntingDetection, "hunt number \(row.calledNumber)",
                record: RecordID(.huntingDetections, i))
            addEdge(plan, id, .contains)
            addEdge(id, huntingGroup(row.group), .routes)
        }
        var members: [RoutingGroupID: Int] = [:]
        for row in snapshot.routes {
            let group = routingGroup(row.group)
            members[row.group, default: 0] += 1
            let position = members[row.group]!
            switch row.routeType {
            case .externalLine: addEdge(group, line(row.externalLine), .member, "\(position)")
            case .sipTrunk: addEdge(group, trunk(row.trunk), .member, "\(position)")
            default: addEdge(group, missing("route type \(row.routeType.rawValue)"), .member, "\(position)")
            }
        }
        for group in snapshot.routingGroups { _ = routingGroup(group.id) }
        for trunk in snapshot.sipTrunks {
            let id = self.trunk(trunk.id)
            if !trunk.chain.isNone { addEdge(id, self.trunk(trunk.chain), .failover, "failover") }
            addEdge(id, dialPlan(trunk.dialPlan), .incoming, "incoming")
        }
        for line in snapshot.externalLines {
            let id = self.line(line.name)
            if !line.chain.isEmpty { addEdge(id, self.line(line.chain), .failover, "failover") }
            if !line.incomingDestination.isEmpty { addEdge(id, user(line.incomingDestination), .incoming, "incoming") }
        }
        var positions: [HuntingGroupID: Int] = [:]
        for row in snapshot.huntingOperators {
            let group = huntingGroup(row.group)
            positions[row.group, default: 0] += 1
            addEdge(group, user(row.user), .operator, "\(positions[row.group]!)")
        }
        for group in snapshot.huntingGroups { _ = huntingGroup(group.id) }
    }

    /// The out-group prefix: numbers no record matches that start with it leave through a line
    /// (the caller's own, else the first shared one). Drawn from every dial plan.
    mutating func outGroup() {
        guard let prefix = snapshot.systemInfo?.outGroupPrefix, !prefix.isEmpty else { return }
        let id = addNode("outgroup", .outGroup, "out-group prefix \(prefix)", "no record matches: an external line")
        for node in nodes where node.kind == .dialPlan { addEdge(node.id, id, .routes) }
        if let shared = snapshot.externalLines.first(where: \.shared) {
            addEdge(id, line(shared.name), .routes, "shared line")
        }
    }

    /// Where an analysis record routes by its route type (nil for an unset line: the defaults).
    mutating func routeTarget(_ row: CalledAnalysis) -> String? {
        switch row.routeType {
        case .localUser: return addNode("users", .localUsers, "local user", "the user the number names")
        case .externalLine: return row.externalLine.isEmpty ? outGroupOrNil() : line(row.externalLine)
        case .sipTrunk: return trunk(row.trunk)
        case .routingGroup: return routingGroup(row.routingGroup)
        case .intercept: return addNode("intercept", .intercept, "intercept")
        case .unsupported(let type): return missing("route type \(type)")
        }
    }

    mutating func outGroupOrNil() -> String? { nodeIndex["outgroup"] == nil ? nil : "outgroup" }

    func planName(_ name: String) -> String { name.isEmpty ? "default" : name }

    @discardableResult
    mutating func dialPlan(_ name: String) -> String {
        addNode("plan:\(planName(name))", .dialPlan, "dial plan \(planName(name))")
    }

    mutating func line(_ name: String) -> String {
        guard let record = labels.line(name) else { return missing("external line \(name)") }
        return addNode("line:\(name)", .externalLine, "external line \(name)", labels.lineName(name), record: record)
    }

    mutating func trunk(_ id: TrunkID) -> String {
        guard let record = labels.trunk(id) else { return missing("SIP trunk \(id)") }
        return addNode("trunk:\(id)", .sipTrunk, "SIP trunk \(id)", labels.trunkName(id), record: record)
    }

    mutating func routingGroup(_ id: RoutingGroupID) -> String {
        guard let record = labels.routingGroup(id) else { return missing("routing group \(id)") }
        return addNode("group:\(id)", .routingGroup, "routing group \(id)", labels.routingGroupName(id), record: record)
    }

    mutating func huntingGroup(_ id: HuntingGroupID) -> String {
        guard let record = labels.huntingGroup(id) else { return missing("hunting group \(id)") }
        return addNode("hunt:\(id)", .huntingGroup, "hunting group \(id)", labels.huntingGroupName(id), record: record)
    }

    mutating func user(_ name: String) -> String {
        guard let record = labels.user(name) else { return missing("user \(name)") }
        return addNode("user:\(name)", .user, "user \(name)", labels.userName(name), record: record)
    }

    /// A node for something a record names that the plan lacks.
    mutating func missing(_ what: String) -> String {
        addNode("missing:\(what)", .missing, what, "missing")
    }

    /// Adds a node unless one with `id` exists; returns `id`.
    @discardableResult
    mutating func addNode(
        _ id: String, _ kind: RoutingGraph.NodeKind, _ title: String, _ detail: String = "", record: RecordID? = nil
    ) -> String {
        if nodeIndex[id] != nil { return id }
        nodeIndex[id] = nodes.count
        nodes.append(RoutingGraph.Node(id: id, kind: kind, label: Self.label(title, detail), record: record))
        return id
    }

    mutating func addEdge(_ from: String, _ to: String, _ kind: RoutingGraph.EdgeKind, _ label: String? = nil) {
        edges.append(RoutingGraph.Edge(from: from, to: to, kind: kind, label: label))
    }

    /// `title`, then `detail` on a second line, cut at 48 characters.
    static func label(_ title: String, _ detail: String) -> String {
        guard !detail.isEmpty else { return title }
        return title + "\n" + (detail.count > 48 ? String(detail.prefix(47)) + "…" : detail)
    }
}
