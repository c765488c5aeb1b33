import DialPlan

/// The routing of a plan as a graph: dial plans, their analysis records, routing groups, trunks
/// and lines, failover chains, hunting groups and their operators, joined by what sends a call
/// from one to the next. `routesim graph` and the server's graph page both draw it
/// (`dotText`, `mermaidText`; SVG through `Graphviz`).
///
/// Nodes and edges keep the order they were built in, so the same plan always gives the same
/// text. A node's `id` is stable and readable (`trunk:1`, `prefix:hq/+1`): `--around` takes it.
public struct RoutingGraph: Sendable, Equatable {
    /// What a node stands for.
    public enum NodeKind: String, Sendable, CaseIterable {
        case dialPlan, calledAnalysis, callerAnalysis, huntingDetection, outGroup
        case routingGroup, sipTrunk, externalLine, huntingGroup, user
        /// Route type 0: the local user the (possibly changed) number names.
        case localUsers
        case intercept
        /// A record names something the plan does not have.
        case missing
        /// Several analysis records of one dial plan that go to the same place, drawn as one.
        case collapsed
        /// Where one call starts (the call-path view only).
        case origin
    }

    /// What an edge means.
    public enum EdgeKind: String, Sendable, CaseIterable {
        /// A dial plan holds an analysis or hunting-detection record.
        case contains
        /// An analysis record (or the defaults) sends the call there.
        case routes
        /// The record changes the number and analyses it again in its dial plan.
        case reanalysis
        /// Caller analysis switches the call to a dial plan.
        case switchesPlan
        /// A routing group's member, in try order (`label` is its position).
        case member
        /// A trunk's or line's failover chain.
        case failover
        /// A hunting group's operator, in hunt order.
        case `operator`
        /// Calls arriving on a trunk start in a dial plan; on a line, they ring a user.
        case incoming
        /// The call-path view: where the call starts.
        case starts
    }

    public struct Node: Sendable, Equatable {
        public var id: String
        public var kind: NodeKind
        /// The first line names the thing (`SIP trunk 1`), the second its description, if any.
        public var label: String
        /// The record the node stands for, for links (`/plan/records/TABLE/INDEX`).
        public var record: RecordID?
    }

    public struct Edge: Sendable, Equatable, Hashable {
        public var from: String
        public var to: String
        public var kind: EdgeKind
        public var label: String?
    }

    public internal(set) var nodes: [Node]
    public internal(set) var edges: [Edge]
    /// Nodes on the highlighted call's path.
    public internal(set) var highlightedNodes: Set<String> = []
    /// Indices into `edges` of the edges the highlighted call takes.
    public internal(set) var highlightedEdges: Set<Int> = []
    /// What a view left out or merged, in sentences (renderers print them as comments).
    public internal(set) var notes: [String] = []
    /// The plan's names, for nodes a call path adds (not part of equality).
    var labels: RecordLabels?

    init(nodes: [Node] = [], edges: [Edge] = []) {
        self.nodes = nodes
        self.edges = edges
    }

    /// The node with `id`, if the graph has it.
    public func node(_ id: String) -> Node? { nodes.first { $0.id == id } }

    public static func == (lhs: RoutingGraph, rhs: RoutingGraph) -> Bool {
        lhs.nodes == rhs.nodes && lhs.edges == rhs.edges && lhs.highlightedNodes == rhs.highlightedNodes
            && lhs.highlightedEdges == rhs.highlightedEdges && lhs.notes == rhs.notes
    }
}
