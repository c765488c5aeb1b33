import DialPlan
import RouteSim

extension RoutingGraph {
    /// The graph with one call's path highlighted: where it starts, the dial plan, the records
    /// that matched (re-analysis included), the routing group or hunting group, and every line
    /// or trunk it tried, in order. `result` is the traced result of `call` on the same plan.
    ///
    /// An origin node is added for the caller; the user a local-user call reaches is added when
    /// the graph has no node for it.
    public func highlighting(_ result: RouteResult, of call: Call) -> RoutingGraph {
        var graph = self
        var byRecord: [RecordID: String] = [:]
        for node in nodes { if let record = node.record, byRecord[record] == nil { byRecord[record] = node.id } }
        var path: [String] = []
        func visit(_ id: String?) {
            guard let id, graph.node(id) != nil, path.last != id else { return }
            path.append(id)
        }
        let origin = graph.addOrigin(call)
        path.append(origin)
        var startPlan: String?
        for step in result.steps {
            guard let table = step.table, let index = step.recordIndex else { continue }
            switch (step.stage, table) {
            case (.analyzeCalled, .calledAnalysis):
                let plan = "plan:\(planName(graph.snapshotPlan(ofPrefixNode: byRecord[RecordID(table, index)])))"
                if startPlan == nil { startPlan = plan }
                visit(plan)
                visit(byRecord[RecordID(table, index)])
            case (.huntingDetection, .huntingDetections):
                visit(byRecord[RecordID(table, index)])
            case (.analyzeCaller, .callerAnalysis):
                visit(byRecord[RecordID(table, index)])
            case (.defaults, .systemInfo):
                if startPlan == nil { startPlan = "plan:\(planName(result.dialPlan))" }
                visit("plan:\(planName(result.dialPlan))")
                visit("outgroup")
            case (.route, .localUsers), (.forward, .localUsers):
                // A local user reached through route type 0: the number named it.
                if let last = path.last, graph.edges.contains(where: { $0.from == last && $0.to == "users" }) { visit("users") }
                visit(graph.addUser(named: step.key.first?.value ?? ""))
            case (.route, _), (.attempt, _), (.huntingGroup, _):
                visit(byRecord[RecordID(table, index)])
            default:
                continue
            }
        }
        if startPlan == nil {
            let plan = "plan:\(planName(result.dialPlan))"
            path.insert(plan, at: path.count > 1 && path[1].hasPrefix("caller:") ? 2 : 1)
        }
        if let order = result.huntingGroup {
            for name in order.operators { visit("user:\(name)") }
        }
        if result.outcome == .localUser, case .user(let name)? = result.target {
            if let last = path.last, graph.edges.contains(where: { $0.from == last && $0.to == "users" }) { visit("users") }
            visit(graph.addUser(named: name))
        }
        graph.highlightedNodes = Set(path)
        // Steps the plan's graph has no edge for are drawn for this call: where it starts, the
        // user the number names, a forward to another dial plan. Attempts one after the other
        // are not: the routing group's members and the failover chains join them.
        var pairs = Set<String>()
        for (a, b) in zip(path, path.dropFirst()) {
            pairs.insert(a + "\u{0}" + b)
            guard !graph.edges.contains(where: { $0.from == a && $0.to == b }) else { continue }
            let kinds = (graph.node(a)?.kind, graph.node(b)?.kind)
            switch kinds {
            case (.origin?, _): graph.edges.append(Edge(from: a, to: b, kind: .starts, label: nil))
            case (.localUsers?, .user?): graph.edges.append(Edge(from: a, to: b, kind: .routes, label: nil))
            case (.user?, .dialPlan?): graph.edges.append(Edge(from: a, to: b, kind: .routes, label: "forwards"))
            default: continue
            }
        }
        for (i, edge) in graph.edges.enumerated() {
            let consecutive = pairs.contains(edge.from + "\u{0}" + edge.to)
            let triedMember = edge.kind == .member && graph.highlightedNodes.contains(edge.from) && graph.highlightedNodes.contains(edge.to)
            if consecutive || triedMember { graph.highlightedEdges.insert(i) }
        }
        return graph
    }

    func planName(_ name: String) -> String { name.isEmpty ? "default" : name }

    /// The dial plan of a `prefix:PLAN/PREFIX` node.
    func snapshotPlan(ofPrefixNode id: String?) -> String {
        guard let id, id.hasPrefix("prefix:") else { return "" }
        return id.dropFirst("prefix:".count).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
            ?? ""
    }

    /// Adds the node where the call starts.
    mutating func addOrigin(_ call: Call) -> String {
        let text: String
        switch call.origin {
        case .localUser(let name): text = "user \(name) dials \(call.called)"
        case .sipTrunk(let id, let caller): text = "\(caller) on trunk \(id) dials \(call.called)"
        case .externalLine(let name, let caller): text = "\(caller) on line \(name) dials \(call.called)"
        case .caller(let caller): text = "\(caller) dials \(call.called)"
        }
        nodes.insert(Node(id: "origin", kind: .origin, label: text, record: nil), at: 0)
        return "origin"
    }

    /// The node of local user `name`, added when the graph has none.
    mutating func addUser(named name: String) -> String {
        let id = "user:\(name)"
        if node(id) == nil {
            let label = GraphBuilder.label("user \(name)", labels?.userName(name) ?? "")
            nodes.append(Node(id: id, kind: .user, label: label, record: labels?.user(name)))
        }
        return id
    }
}
