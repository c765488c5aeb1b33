import DialPlan
import RouteSim
import RouteSimGraph

/// The graph's query (the page's and `/api/graph`'s): the call to highlight (as the route page
/// names it) and the view (`dialPlan`, `around`, `depth`, `collapse`).
struct GraphQuery {
    var route: RoutePageQuery
    var view = GraphView()
    /// Whether the view was chosen (else the page picks a readable one for a large plan).
    var viewChosen = false

    static let parameters = ["from", "caller", "number", "assume", "dialPlan", "around", "depth", "collapse", "format", "token"]

    init(_ query: QueryString) throws(RequestError) {
        if let unknown = query.names.first(where: { !Self.parameters.contains($0) }) {
            throw .badRequest("unknown parameter '\(unknown)'; the graph takes \(Self.parameters.dropLast().joined(separator: ", "))")
        }
        var routeQuery = QueryString()
        for name in ["from", "caller", "number", "assume"] {
            for value in query.all(name) { routeQuery = routeQuery.appending(name, value) }
        }
        route = try RoutePageQuery(routeQuery)
        view.dialPlans = query.all("dialPlan").filter { !$0.isEmpty }
        if let around = query["around"], !around.isEmpty { view.around = around }
        view.depth = try PlanRecords.integer(query["depth"], name: "depth", default: 2, range: 0...20)
        view.collapse = try APIEndpoints.flag(query["collapse"], name: "collapse")
        viewChosen = !view.dialPlans.isEmpty || view.around != nil || query["collapse"] != nil
    }

    /// The graph to draw: the plan's, the call's path highlighted, seen through the view.
    /// `readable`: collapse a large plan's records unless a view was chosen (the page does; the
    /// API draws what it is asked).
    func graph(plan: ServedPlan, readable: Bool = true) throws(RequestError) -> RoutingGraph {
        var graph = plan.graph
        if route.asksForCall {
            let call = Call(origin: try route.origin(in: plan), called: route.number)
            do {
                graph = graph.highlighting(try plan.simulator(for: try route.assumptions()).route(call), of: call)
            } catch let error as RequestError {
                throw error
            } catch {
                throw .badRequest("\(error)")
            }
        }
        var view = self.view
        if readable && !viewChosen && graph.nodes.count > GraphPage.readableNodes { view.collapse = true }
        do { return try graph.applying(view) } catch { throw .badRequest(error.message) }
    }
}

extension QueryString {
    func appending(_ name: String, _ value: String) -> QueryString {
        var copy = self
        copy.append(name, value)
        return copy
    }
}

/// `/graph`: the plan as a picture (SVG from Graphviz, inline, each node a link to its record),
/// one call's path in red, with the controls for a readable view of a large plan.
enum GraphPage {
    /// Above this many nodes the page collapses records, and above it after collapsing it asks
    /// for a dial plan or a neighbourhood instead of drawing.
    static let readableNodes = 300

    static func render(_ query: QueryString, state: PlanStore.State) throws(RequestError) -> String {
        let plan = state.plan
        let ask = try GraphQuery(query)
        let graph = try ask.graph(plan: plan)
        let planNames = plan.graph.nodes.filter { $0.kind == .dialPlan }.map { String($0.id.dropFirst("plan:".count)) }
        let options = planNames.map { name in
            "<option value=\"\(HTML.escape(name))\"\(ask.view.dialPlans.contains(name) ? " selected" : "")>\(HTML.escape(name))</option>"
        }.joined()
        var hidden = ""
        for (name, value) in [("from", ask.route.from), ("caller", ask.route.caller), ("number", ask.route.typed)] where !value.isEmpty {
            hidden += "<input type=\"hidden\" name=\"\(name)\" value=\"\(HTML.escape(value))\">"
        }
        for setting in ask.route.assume { hidden += "<input type=\"hidden\" name=\"assume\" value=\"\(HTML.escape(setting))\">" }
        var content = """
            <h1>The routing as a graph</h1>
            <form id="graph-form" method="get" action="/graph" class="graph-form">\(hidden)
            <label for="graph-plan">Dial plan</label> <select id="graph-plan" name="dialPlan"><option value="">all</option>\(options)</select>
            <label for="graph-around">Around</label> <input id="graph-around" name="around" value="\(HTML.escape(ask.view.around ?? ""))" placeholder="trunk:1, plan:hq, group:2" spellcheck="false">
            <label for="graph-depth">depth</label> <input id="graph-depth" name="depth" type="number" min="0" max="20" value="\(ask.view.depth)">
            <label><input type="checkbox" name="collapse" value="true"\(ask.view.collapse ? " checked" : "")> collapse records that go to the same place</label>
            <button type="submit">Draw</button>
            </form>

            """
        if ask.route.asksForCall {
            content +=
                "<p class=\"hint\">In red: the path of \(HTML.escape(graph.node("origin")?.label ?? "the call")) (\(HTML.link(ask.route.url(assume: ask.route.assume), "its trace"))).</p>\n"
        }
        for note in graph.notes { content += "<p class=\"note\">\(HTML.escape(note))</p>\n" }
        let downloads = ["dot", "mermaid", "svg"].map { format in
            HTML.link(HTML.url("/api/graph", query.pairs.filter { $0.0 != "format" && $0.0 != "token" } + [("format", format)]), format)
        }.joined(separator: " · ")
        if graph.nodes.count > readableNodes {
            content += """
                <p id="graph-too-large" class="card error">\(graph.nodes.count) nodes are too many to read. Pick a dial plan, or the neighbourhood of one node (its name as the DOT output writes it, e.g. <code>trunk:1</code>).</p>

                """
        } else if Graphviz.executable() == nil {
            content += """
                <p id="graph-no-dot" class="card error">Graphviz's <code>dot</code> program is not installed where the server runs (Debian: <code>apt-get install graphviz</code>), so there is no picture; the DOT and Mermaid text below are the same graph.</p>
                <pre class="graph-text">\(HTML.escape(graph.dotText()))</pre>

                """
        } else {
            do {
                let svg = try Graphviz.svg(fromDOT: graph.dotText(linkPrefix: "/plan/records/"))
                content += "<figure id=\"graph\" class=\"graph\">\(inlineSVG(svg))</figure>\n"
            } catch {
                content += "<p class=\"card error\">\(HTML.escape(error.message))</p>\n"
            }
        }
        content += "<p>Download: \(downloads) · \(graph.nodes.count) nodes, \(graph.edges.count) edges</p>\n"
        content += legend
        return HTML.page(title: "Graph", section: "graph", state: state, content: content)
    }

    /// Graphviz's SVG without its XML prolog, doctype and comments, for inlining.
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        var body = String(svg[start.lowerBound...])
        while let open = body.range(of: "<!--"), let close = body.range(of: "-->", range: open.upperBound..<body.endIndex) {
            body.removeSubrange(open.lowerBound..<close.upperBound)
        }
        return body
    }

    static let legend = """
        <details class="legend"><summary>How to read it</summary><ul>
        <li>Folders are dial plans; plain boxes their analysis records (the prefix, then the description).</li>
        <li>Diamonds are the out-group prefix: numbers no record matches that leave through a line.</li>
        <li>3-D boxes are routing groups, their members numbered in try order; tags are SIP trunks and external lines; dashed arrows between them are failover chains.</li>
        <li>Houses are hunting groups, ringing their operators in order; blue dashed arrows are re-analysis; dotted arrows show where incoming calls go.</li>
        <li>Red dashed boxes are records a record names that the plan does not have.</li>
        </ul></details>

        """
}
