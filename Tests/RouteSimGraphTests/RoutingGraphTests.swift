import DialPlan
import Foundation
import RouteSim
import RouteSimGraph
import RouteSimTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("RoutingGraph: the plan as a graph, one call's path highlighted")
struct RoutingGraphTests {
    static func plan(_ name: String) throws -> Snapshot { try Snapshot(contentsOfFile: Corpus.plan(name).path) }

    static func highlighted(_ plan: Snapshot, _ call: Call) throws -> RoutingGraph {
        RoutingGraph(snapshot: plan).highlighting(try Simulator(snapshot: plan).route(call), of: call)
    }

    /// `from -> to` of the edges drawn in red.
    static func redEdges(_ graph: RoutingGraph) -> Set<String> {
        Set(graph.edges.enumerated().filter { graph.highlightedEdges.contains($0.offset) }.map { "\($0.element.from) -> \($0.element.to)" })
    }

    @Test("the demo office plan with user 100's call to 92002: the whole DOT text")
    func demoOfficeDOT() throws {
        let graph = try Self.highlighted(Self.plan("demo-office"), Call(origin: .localUser("100"), called: "92002"))
        expectSameLines(
            graph.dotText(),
            """
            digraph routing {
              graph [rankdir=LR, fontname="Helvetica", nodesep=0.25, ranksep=0.6];
              node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#5f6b7a", fontname="Helvetica", fontsize=10];
              edge [color="#8a94a3", fontname="Helvetica", fontsize=9];
              "origin" [label="user 100 dials 92002", shape=oval, style=filled, fillcolor="#ffe3e0", color="#c62828", penwidth=2.5];
              "plan:default" [label="dial plan default", shape=folder, style=filled, fillcolor="#ffe3e0", color="#c62828", penwidth=2.5];
              "outgroup" [label="out-group prefix 9\\nno record matches: an external line", shape=diamond, style=filled, fillcolor="#ffe3e0", color="#c62828", penwidth=2.5];
              "line:6001" [label="external line 6001\\nprovider account shared by the office", shape=cds, style=filled, fillcolor="#ffe3e0", color="#c62828", penwidth=2.5];
              "user:100" [label="user 100\\nReception", shape=ellipse, style=filled, fillcolor="#f2f2f2"];
              "plan:default" -> "outgroup" [color="#c62828", penwidth=2.5, fontcolor="#c62828"];
              "outgroup" -> "line:6001" [label="shared line", color="#c62828", penwidth=2.5, fontcolor="#c62828"];
              "line:6001" -> "user:100" [label="incoming", style=dotted, arrowhead=empty];
              "origin" -> "plan:default" [style=bold, color="#c62828", penwidth=2.5, fontcolor="#c62828"];
            }

            """)
    }

    @Test("multi-site: every node and edge of the plan, by id")
    func multiSiteNodesAndEdges() throws {
        let graph = RoutingGraph(snapshot: try Self.plan("multi-site"))
        #expect(
            graph.nodes.map(\.id) == [
                "plan:default", "plan:hq", "plan:branch", "plan:incoming", "prefix:hq/1", "users", "prefix:hq/2", "prefix:hq/0",
                "prefix:hq/00", "prefix:hq/+1", "group:1", "prefix:hq/+", "group:2", "prefix:hq/911", "trunk:4", "prefix:hq/8", "intercept",
                "prefix:branch/1", "prefix:branch/2", "prefix:branch/0", "prefix:branch/00", "prefix:branch/+44", "trunk:3",
                "prefix:branch/+", "prefix:branch/999", "prefix:incoming/2125550100", "prefix:incoming/1", "detect:hq/500", "hunt:1",
                "trunk:1", "line:pstn-gw", "trunk:2", "user:100", "user:101",
            ])
        let edges = graph.edges.map { "\($0.from) -\($0.kind.rawValue)\($0.label.map { "(\($0))" } ?? "")-> \($0.to)" }
        #expect(
            edges == [
                "plan:hq -contains-> prefix:hq/1", "prefix:hq/1 -routes-> users", "plan:hq -contains-> prefix:hq/2",
                "prefix:hq/2 -routes-> users", "plan:hq -contains-> prefix:hq/0", "prefix:hq/0 -reanalysis(re-analysis)-> plan:hq",
                "plan:hq -contains-> prefix:hq/00", "prefix:hq/00 -reanalysis(re-analysis)-> plan:hq", "plan:hq -contains-> prefix:hq/+1",
                "prefix:hq/+1 -routes-> group:1", "plan:hq -contains-> prefix:hq/+", "prefix:hq/+ -routes-> group:2",
                "plan:hq -contains-> prefix:hq/911", "prefix:hq/911 -routes-> trunk:4", "plan:hq -contains-> prefix:hq/8",
                "prefix:hq/8 -routes-> intercept", "plan:branch -contains-> prefix:branch/1", "prefix:branch/1 -routes-> users",
                "plan:branch -contains-> prefix:branch/2", "prefix:branch/2 -routes-> users", "plan:branch -contains-> prefix:branch/0",
                "prefix:branch/0 -reanalysis(re-analysis)-> plan:branch", "plan:branch -contains-> prefix:branch/00",
                "prefix:branch/00 -reanalysis(re-analysis)-> plan:branch", "plan:branch -contains-> prefix:branch/+44",
                "prefix:branch/+44 -routes-> trunk:3", "plan:branch -contains-> prefix:branch/+", "prefix:branch/+ -routes-> group:2",
                "plan:branch -contains-> prefix:branch/999", "prefix:branch/999 -routes-> trunk:4",
                "plan:incoming -contains-> prefix:incoming/2125550100",
                "prefix:incoming/2125550100 -reanalysis(re-analysis)-> plan:incoming",
                "plan:incoming -contains-> prefix:incoming/1", "prefix:incoming/1 -routes-> users", "plan:hq -contains-> detect:hq/500",
                "detect:hq/500 -routes-> hunt:1", "group:1 -member(1)-> trunk:1", "group:1 -member(2)-> line:pstn-gw",
                "group:2 -member(1)-> trunk:2", "group:2 -member(2)-> trunk:1", "trunk:1 -failover(failover)-> trunk:2",
                "trunk:1 -incoming(incoming)-> plan:incoming", "trunk:2 -incoming(incoming)-> plan:incoming",
                "trunk:3 -failover(failover)-> trunk:2", "trunk:3 -incoming(incoming)-> plan:incoming",
                "trunk:4 -incoming(incoming)-> plan:incoming", "line:pstn-gw -incoming(incoming)-> user:100",
                "hunt:1 -operator(1)-> user:101", "hunt:1 -operator(2)-> user:100",
            ])
        #expect(graph.node("trunk:1")?.label == "SIP trunk 1\ncarrier A (US)")
        #expect(graph.node("trunk:1")?.record == RecordID(.sipTrunks, 0))
    }

    @Test("multi-site, user 100 dials 02125551234: re-analysis, routing group 1, trunk 1 failing over to 2, then the gateway")
    func multiSiteCallPath() throws {
        let graph = try Self.highlighted(Self.plan("multi-site"), Call(origin: .localUser("100"), called: "02125551234"))
        #expect(
            graph.highlightedNodes == [
                "origin", "plan:hq", "prefix:hq/0", "prefix:hq/+1", "group:1", "trunk:1", "trunk:2", "line:pstn-gw",
            ])
        #expect(
            Self.redEdges(graph) == [
                "origin -> plan:hq", "plan:hq -> prefix:hq/0", "prefix:hq/0 -> plan:hq", "plan:hq -> prefix:hq/+1",
                "prefix:hq/+1 -> group:1", "group:1 -> trunk:1", "trunk:1 -> trunk:2", "group:1 -> line:pstn-gw",
            ])
        #expect(graph.node("origin")?.label == "user 100 dials 02125551234")
    }

    @Test("a hunting-group call lights the detection record, the group and its operators in hunt order")
    func huntingGroupPath() throws {
        let graph = try Self.highlighted(Self.plan("multi-site"), Call(origin: .localUser("100"), called: "500"))
        #expect(graph.highlightedNodes == ["origin", "plan:hq", "detect:hq/500", "hunt:1", "user:101", "user:100"])
        #expect(
            Self.redEdges(graph) == ["origin -> plan:hq", "plan:hq -> detect:hq/500", "detect:hq/500 -> hunt:1", "hunt:1 -> user:101"])
    }

    @Test("a forwarded local-user call: the user the number names, its forward to another dial plan, the user reached")
    func localUserPath() throws {
        let graph = try Self.highlighted(Self.plan("multi-site"), Call(origin: .localUser("200"), called: "102"))
        let forwarding = try #require(graph.node("user:102"))
        #expect(forwarding.label == "user 102\nNew York, away: forwards everything to 100")
        #expect(forwarding.record == RecordID(.localUsers, 2))
        #expect(graph.node("user:100")?.record == RecordID(.localUsers, 0))
        #expect(
            Self.redEdges(graph) == [
                "origin -> plan:branch", "plan:branch -> prefix:branch/1", "prefix:branch/1 -> users", "users -> user:102",
                "user:102 -> plan:hq", "plan:hq -> prefix:hq/1", "prefix:hq/1 -> users", "users -> user:100",
            ])
        #expect(graph.edges.contains { $0.from == "user:102" && $0.to == "plan:hq" && $0.label == "forwards" })
    }

    @Test("collapse: records of one dial plan that go to the same place become one node; the call's records stay apart")
    func collapse() throws {
        var view = GraphView()
        view.collapse = true
        let graph = try RoutingGraph(snapshot: Self.plan("multi-site")).applying(view)
        let merged = graph.nodes.filter { $0.kind == .collapsed }.map { "\($0.id) = \($0.label)" }
        #expect(
            merged == [
                "prefixes:hq/1 = 2 prefixes\n1, 2", "prefixes:hq/0 = 2 prefixes\n0, 00", "prefixes:branch/1 = 2 prefixes\n1, 2",
                "prefixes:branch/0 = 2 prefixes\n0, 00",
            ])
        #expect(graph.node("prefix:hq/1") == nil)
        #expect(graph.notes == ["8 analysis records drawn as 4 nodes (records of a dial plan that go to the same place)"])
        let withCall = try Self.highlighted(Self.plan("multi-site"), Call(origin: .localUser("100"), called: "02125551234")).applying(view)
        #expect(withCall.node("prefix:hq/0") != nil, "the record the call matched is merged away")
        #expect(withCall.node("prefixes:hq/1") != nil)
        #expect(Self.redEdges(withCall).contains("prefix:hq/0 -> plan:hq"))
    }

    @Test("a dial plan's view keeps what its calls reach, not what arrives from elsewhere")
    func dialPlanView() throws {
        var view = GraphView()
        view.dialPlans = ["branch"]
        let graph = try RoutingGraph(snapshot: Self.plan("multi-site")).applying(view)
        let ids = Set(graph.nodes.map(\.id))
        #expect(ids.contains("prefix:branch/+44") && ids.contains("trunk:3") && ids.contains("trunk:2") && ids.contains("group:2"))
        #expect(!ids.contains("plan:hq") && !ids.contains("prefix:hq/1") && !ids.contains("plan:incoming") && !ids.contains("hunt:1"))
        #expect(graph.notes.last == "showing \(graph.nodes.count) of 34 nodes: dial plan branch and what it reaches")
        view.dialPlans = ["nowhere"]
        let error = #expect(throws: GraphViewError.self) { try RoutingGraph(snapshot: Self.plan("multi-site")).applying(view) }
        #expect(error?.message == "no dial plan named 'nowhere'; the dial plans are default, hq, branch, incoming")
    }

    @Test("a neighbourhood keeps the nodes within the depth, either way along the edges")
    func neighbourhood() throws {
        var view = GraphView()
        view.around = "trunk:2"
        view.depth = 1
        let graph = try RoutingGraph(snapshot: Self.plan("multi-site")).applying(view)
        #expect(Set(graph.nodes.map(\.id)) == ["group:2", "trunk:1", "trunk:2", "trunk:3", "plan:incoming"])
        view.depth = 0
        #expect(try RoutingGraph(snapshot: Self.plan("multi-site")).applying(view).nodes.map(\.id) == ["trunk:2"])
        view.around = "trunk:99"
        #expect(throws: GraphViewError.self) { try RoutingGraph(snapshot: Self.plan("multi-site")).applying(view) }
    }

    @Test("names a record gives that the plan lacks are drawn as missing")
    func missingTargets() throws {
        let plan = try Snapshot(
            json:
                #"{"anacldnbr": [{"dialPlan": "", "calledNbr": "5", "routeType": 2, "servID": 9}], "route": [{"groupID": 3, "routeType": 1, "extLine": "gone"}]}"#
        )
        let graph = RoutingGraph(snapshot: plan)
        #expect(graph.node("missing:SIP trunk 9")?.kind == .missing)
        #expect(graph.node("missing:routing group 3")?.kind == .missing)
        #expect(graph.edges.contains { $0.from == "prefix:default/5" && $0.to == "missing:SIP trunk 9" })
        #expect(graph.edges.contains { $0.from == "missing:routing group 3" && $0.to == "missing:external line gone" })
    }

    @Test("labels are escaped for DOT and Mermaid: quotes, backslashes, line breaks, brackets")
    func escaping() throws {
        let plan = try Snapshot(json: #"{"peerserver": [{"servID": 1, "desc": "say \"hi\" \\ <b>|#1"}]}"#)
        let graph = RoutingGraph(snapshot: plan)
        #expect(graph.dotText().contains(#""trunk:1" [label="SIP trunk 1\nsay \"hi\" \\ <b>|#1""#))
        #expect(graph.mermaidText().contains(#"n1["SIP trunk 1<br/>say #quot;hi#quot; \ #lt;b#gt;#124;#35;1"]"#))
    }

    @Test("the Mermaid text draws the same nodes and edges, the path as a class and link styles")
    func mermaid() throws {
        let graph = try Self.highlighted(Self.plan("demo-office"), Call(origin: .localUser("100"), called: "92002"))
        let text = graph.mermaidText()
        #expect(text.hasPrefix("flowchart LR\n  n0([\"user 100 dials 92002\"])\n  n1[[\"dial plan default\"]]\n"))
        #expect(text.contains("  n2 -->|\"shared line\"| n3\n"))
        #expect(text.contains("  class n0,n1,n2,n3 path\n"))
        #expect(text.contains("  linkStyle 0,1,3 stroke:#c62828,stroke-width:3px\n"))
    }

    @Test("SVG: Graphviz's dot renders the DOT of every bundled plan, with a link per record, and the SVG parses")
    func svgRenders() throws {
        try #require(Graphviz.executable() != nil, "Graphviz's dot is not installed (scripts/setup installs graphviz)")
        #expect(!Corpus.planNames.isEmpty)
        for name in Corpus.planNames {
            let svg = try Graphviz.svg(fromDOT: RoutingGraph(snapshot: Self.plan(name)).dotText(linkPrefix: "/plan/records/"))
            #expect(svg.contains("<svg"), "\(name)")
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(name): the SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
            if name == "multi-site" { #expect(svg.contains("xlink:href=\"/plan/records/peerserver/0\"")) }
        }
    }

    @Test("SVG: each picture leaves no descriptor open behind it (serve draws them for as long as it runs)")
    func svgClosesItsFiles() throws {
        try #require(Graphviz.executable() != nil, "Graphviz's dot is not installed (scripts/setup installs graphviz)")
        let dot = try RoutingGraph(snapshot: Self.plan("demo-office")).dotText(linkPrefix: "/plan/records/")
        for _ in 0..<5 { _ = try Graphviz.svg(fromDOT: dot) }
        // Every descriptor of this process that still names a file in one of dot's (removed)
        // folders is one the renderer left open.
        let folder = "/proc/self/fd"
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).compactMap { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + fd)).flatMap {
                $0.contains("/routesim-dot-") && $0.hasSuffix("(deleted)") ? $0 : nil
            }
        }
        #expect(left == [])
    }

    @Test("without dot, SVG fails with a message that says what works")
    func noDot() {
        #expect(Graphviz.executable(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(Graphviz.executable(environment: ["ROUTESIM_DOT": "/nonexistent/dot"]) == nil)
    }
}
