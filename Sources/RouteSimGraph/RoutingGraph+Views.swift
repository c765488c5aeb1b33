import DialPlan

/// A readable view of a large plan's graph: what to keep and what to merge.
public struct GraphView: Sendable, Equatable {
    /// Keep only what calls in these dial plans can reach (empty: every dial plan).
    public var dialPlans: [String] = []
    /// Keep only the nodes within `depth` edges (either way) of this node (`trunk:1`, `plan:hq`).
    public var around: String?
    public var depth = 2
    /// Draw the analysis records of a dial plan that go to the same place as one node.
    public var collapse = false

    public init() {}
}

/// A view that names a dial plan or node the graph does not have.
public struct GraphViewError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension RoutingGraph {
    /// The graph seen through `view`: collapsed first, then filtered by dial plan, then cut to
    /// the neighbourhood. Nodes on a highlighted call's path are never merged or left out.
    public func applying(_ view: GraphView) throws(GraphViewError) -> RoutingGraph {
        var graph = self
        if view.collapse { graph = graph.collapsed() }
        if !view.dialPlans.isEmpty {
            var starts: [String] = []
            for name in view.dialPlans {
                let id = "plan:\(name.isEmpty ? "default" : name)"
                guard graph.node(id) != nil else {
                    let names = graph.nodes.filter { $0.kind == .dialPlan }.map { String($0.id.dropFirst(5)) }
                    throw GraphViewError(message: "no dial plan named '\(name)'; the dial plans are \(names.joined(separator: ", "))")
                }
                starts.append(id)
            }
            let kept = graph.reachable(from: starts)
            graph = graph.keeping(kept, note: "dial plan \(view.dialPlans.joined(separator: ", ")) and what it reaches")
        }
        if let around = view.around {
            guard graph.node(around) != nil else {
                throw GraphViewError(
                    message:
                        "no node '\(around)' in the graph; write it as the graph names it: plan:NAME, prefix:PLAN/PREFIX, group:ID, trunk:ID, line:NAME, hunt:ID, user:NAME"
                )
            }
            guard (0...20).contains(view.depth) else { throw GraphViewError(message: "the depth must be from 0 to 20, not \(view.depth)") }
            graph = graph.keeping(graph.neighbourhood(of: around, depth: view.depth), note: "within \(view.depth) of \(around)")
        }
        return graph
    }

    /// Nodes reachable from `starts` along the routing (not along incoming calls).
    func reachable(from starts: [String]) -> Set<String> {
        var next: [String: [String]] = [:]
        for edge in edges where edge.kind != .incoming && edge.kind != .starts { next[edge.from, default: []].append(edge.to) }
        var seen = Set(starts)
        var queue = starts
        while let id = queue.popLast() {
            for to in next[id] ?? [] where seen.insert(to).inserted { queue.append(to) }
        }
        return seen
    }

    /// Nodes within `depth` edges of `center`, following edges either way.
    func neighbourhood(of center: String, depth: Int) -> Set<String> {
        var adjacent: [String: [String]] = [:]
        for edge in edges {
            adjacent[edge.from, default: []].append(edge.to)
            adjacent[edge.to, default: []].append(edge.from)
        }
        var seen: Set<String> = [center]
        var frontier = [center]
        for _ in 0..<depth {
            var next: [String] = []
            for id in frontier { for other in adjacent[id] ?? [] where seen.insert(other).inserted { next.append(other) } }
            frontier = next
        }
        return seen
    }

    /// The graph with only `kept` nodes (and the highlighted ones), and the edges between them.
    func keeping(_ kept: Set<String>, note: String) -> RoutingGraph {
        let keep = kept.union(highlightedNodes)
        var graph = RoutingGraph(nodes: nodes.filter { keep.contains($0.id) })
        graph.labels = labels
        for (i, edge) in edges.enumerated() where keep.contains(edge.from) && keep.contains(edge.to) {
            if highlightedEdges.contains(i) { graph.highlightedEdges.insert(graph.edges.count) }
            graph.edges.append(edge)
        }
        graph.highlightedNodes = highlightedNodes
        graph.notes = notes + ["showing \(graph.nodes.count) of \(nodes.count) nodes: \(note)"]
        return graph
    }

    /// Analysis records of one dial plan with the same way out drawn as one node.
    func collapsed() -> RoutingGraph {
        var outgoing: [String: [Edge]] = [:]
        var incoming: [String: [String]] = [:]
        for edge in edges {
            outgoing[edge.from, default: []].append(edge)
            incoming[edge.to, default: []].append(edge.from)
        }
        // Group key: the dial plan holding the record and where it leads.
        struct Group {
            var members: [Node] = []
        }
        var groups: [String: Group] = [:]
        var order: [String] = []
        for node in nodes where node.kind == .calledAnalysis && !highlightedNodes.contains(node.id) {
            let plan = incoming[node.id]?.first { $0.hasPrefix("plan:") } ?? ""
            let exits = (outgoing[node.id] ?? []).map { "\($0.kind.rawValue)>\($0.to)>\($0.label ?? "")" }.joined(separator: "|")
            let key = plan + "#" + exits
            if groups[key] == nil { order.append(key) }
            groups[key, default: Group()].members.append(node)
        }
        var replacement: [String: String] = [:]
        var merged: [String: Node] = [:]
        for key in order {
            let members = groups[key]!.members
            guard members.count > 1 else { continue }
            let first = members[0]
            let plan = first.id.dropFirst("prefix:".count).split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            let prefixes = members.map { $0.label.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? "" }
            let shown = prefixes.prefix(4).joined(separator: ", ") + (prefixes.count > 4 ? ", …" : "")
            let id = "prefixes:\(plan)/\(prefixes[0])"
            merged[id] = Node(id: id, kind: .collapsed, label: "\(members.count) prefixes\n\(shown)", record: nil)
            for member in members { replacement[member.id] = id }
        }
        guard !replacement.isEmpty else { return self }
        var graph = RoutingGraph()
        graph.labels = labels
        var added = Set<String>()
        for node in nodes {
            let id = replacement[node.id] ?? node.id
            guard added.insert(id).inserted else { continue }
            graph.nodes.append(merged[id] ?? node)
        }
        var seenEdges = Set<Edge>()
        for (i, edge) in edges.enumerated() {
            let moved = Edge(
                from: replacement[edge.from] ?? edge.from, to: replacement[edge.to] ?? edge.to, kind: edge.kind, label: edge.label)
            guard seenEdges.insert(moved).inserted else { continue }
            if highlightedEdges.contains(i) { graph.highlightedEdges.insert(graph.edges.count) }
            graph.edges.append(moved)
        }
        graph.highlightedNodes = highlightedNodes
        graph.notes =
            notes + [
                "\(replacement.count) analysis records drawn as \(merged.count) nodes (records of a dial plan that go to the same place)"
            ]
        return graph
    }
}
