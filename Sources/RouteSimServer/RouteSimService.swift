import DialPlan
import RouteSim
import RouteSimGraph

/// The server's behaviour, one request at a time: access, routing to the page or API endpoint,
/// errors, security headers. Read-only: nothing here changes the plan, a file or a server.
///
/// Independent of the HTTP framework (`Hosting/` adapts Hummingbird to it), so tests can call
/// `respond(to:)` directly, with any bytes.
public final class RouteSimService: Sendable {
    public let store: PlanStore
    public let access: AccessPolicy
    /// The version SARIF output names.
    public let toolVersion: String
    /// Bodies larger than this are refused (413).
    public static let maxBodyBytes = 8 << 20

    public init(store: PlanStore, access: AccessPolicy, toolVersion: String) {
        self.store = store
        self.access = access
        self.toolVersion = toolVersion
    }

    /// Whether answering may take long (SVG drawing, lint, batches, a what-if that indexes the
    /// plan under other assumptions): the host runs those off the threads that serve the fast
    /// requests.
    public static func isSlow(path: String, query: String? = nil) -> Bool {
        if path == "/" || path == "/api/route" { return query?.contains("assume=") == true }
        return path == "/graph" || path == "/api/graph" || path == "/plan" || path == "/plan/lint" || path == "/api/lint"
            || path == "/api/route/batch" || path.hasPrefix("/plan/tables/") || path.hasPrefix("/api/tables/")
    }

    public func respond(to request: ServerRequest) -> ServerResponse {
        let state = store.state
        var response: ServerResponse
        do {
            let query = try QueryString(request.query)
            if let refusal = access.check(request, query: query) {
                response = refusal
            } else {
                response = try route(request, query: query, state: state)
            }
        } catch {
            response = Self.errorResponse(error, path: request.path)
        }
        response.headers += SecurityHeaders.all
        if request.path.hasPrefix("/api/") {
            response.headers.append(("Cache-Control", "no-store"))
        }
        response.headers.append(("X-RouteSim-Plan", "\(state.plan.generation) \(state.plan.fingerprint)"))
        if let failure = state.failure {
            response.headers.append(("X-RouteSim-Reload-Error", Self.headerText(failure.message)))
        }
        if request.method == "HEAD" { response.body = [] }
        return response
    }

    func route(_ request: ServerRequest, query: QueryString, state: PlanStore.State) throws(RequestError) -> ServerResponse {
        let plan = state.plan
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let isRead = request.method == "GET" || request.method == "HEAD"
        func requireRead(_ allowed: String = "GET, HEAD") throws(RequestError) {
            guard isRead else { throw RequestError(status: 405, message: "\(request.path) takes \(allowed); the server is read-only") }
        }
        if request.body.count > Self.maxBodyBytes {
            throw RequestError(status: 413, message: "the body has \(request.body.count) bytes; at most \(Self.maxBodyBytes) are accepted")
        }
        switch segments {
        case [""]:
            try requireRead()
            return .html(try RoutePage.render(query, state: state))
        case ["plan"]:
            try requireRead()
            try APIEndpoints.allowOnly([], in: query)
            return .html(PlanPages.overview(state: state))
        case ["plan", "lint"]:
            try requireRead()
            try APIEndpoints.allowOnly([], in: query)
            return .html(PlanPages.lint(state: state))
        case let s where s.count == 3 && s[0] == "plan" && s[1] == "tables":
            try requireRead()
            try APIEndpoints.allowOnly(["q", "offset"], in: query)
            return .html(try PlanPages.table(s[2], query: query, state: state))
        case let s where s.count == 4 && s[0] == "plan" && s[1] == "records":
            try requireRead()
            try APIEndpoints.allowOnly([], in: query)
            return .html(try PlanPages.record(s[2], s[3], state: state))
        case ["graph"]:
            try requireRead()
            return .html(try GraphPage.render(query, state: state))
        case ["api"]:
            try requireRead()
            return .html(APIPage.render(state: state))
        case let s where s.count == 2 && s[0] == "assets":
            try requireRead()
            let name = s[1]
            guard let asset = EmbeddedAssets.files[name], name != "openapi.json" else { throw .notFound("no asset '\(name)'") }
            var response = ServerResponse(status: 200, headers: [("Content-Type", asset.type)], body: Array(asset.text.utf8))
            response.headers.append(("Cache-Control", "no-cache"))
            return response
        case ["api", "openapi.json"]:
            try requireRead()
            return .json(EmbeddedAssets.files["openapi.json"]!.text)
        case ["api", "route"]:
            switch request.method {
            case "GET", "HEAD": return try APIEndpoints.route(APIRouteRequest(query: query), plan: plan)
            case "POST":
                try APIEndpoints.allowOnly([], in: query)
                return try APIEndpoints.route(APIRouteRequest(json: request.body), plan: plan)
            default: throw RequestError(status: 405, message: "/api/route takes GET (query parameters) or POST (a JSON object)")
            }
        case ["api", "route", "batch"]:
            guard request.method == "POST" else {
                throw RequestError(status: 405, message: "/api/route/batch takes POST with the calls in the body (CSV or JSON lines)")
            }
            return try APIEndpoints.batch(request.body, query: query, plan: plan)
        case ["api", "lint"]:
            try requireRead()
            return try APIEndpoints.lint(query: query, plan: plan, toolVersion: toolVersion)
        case ["api", "tables"]:
            try requireRead()
            try APIEndpoints.allowOnly([], in: query)
            return APIEndpoints.tables(plan: plan)
        case let s where s.count == 3 && s[0] == "api" && s[1] == "tables":
            try requireRead()
            return try APIEndpoints.records(s[2], query: query, plan: plan)
        case let s where s.count == 4 && s[0] == "api" && s[1] == "tables":
            try requireRead()
            try APIEndpoints.allowOnly([], in: query)
            return try APIEndpoints.record(s[2], s[3], plan: plan)
        case ["api", "origins"]:
            try requireRead()
            return try APIEndpoints.origins(query: query, plan: plan)
        case ["api", "assumptions"]:
            try requireRead()
            try APIEndpoints.allowOnly([], in: query)
            return APIEndpoints.assumptions()
        case ["api", "status"]:
            try requireRead()
            try APIEndpoints.allowOnly([], in: query)
            return APIEndpoints.status(state: state)
        case ["api", "graph"]:
            try requireRead()
            return try graph(query, plan: plan)
        default:
            throw .notFound("no page or endpoint at \(request.path); the pages are /, /plan, /plan/lint, /graph, /api")
        }
    }

    /// `GET /api/graph?format=dot|mermaid|svg` with the graph page's parameters.
    func graph(_ query: QueryString, plan: ServedPlan) throws(RequestError) -> ServerResponse {
        let graph = try GraphQuery(query).graph(plan: plan, readable: false)
        switch query["format"] ?? "dot" {
        case "dot": return .text(graph.dotText(), type: "text/vnd.graphviz; charset=utf-8")
        case "mermaid": return .text(graph.mermaidText(), type: "text/plain; charset=utf-8")
        case "svg":
            do {
                return .text(try Graphviz.svg(fromDOT: graph.dotText(linkPrefix: "/plan/records/")), type: "image/svg+xml")
            } catch {
                throw RequestError(status: 501, message: error.message)
            }
        case let other: throw .badRequest("format must be dot, mermaid or svg, not '\(other)'")
        }
    }

    /// An error as the client wants it: JSON under `/api/`, a page elsewhere.
    static func errorResponse(_ error: any Error, path: String) -> ServerResponse {
        let failure = (error as? RequestError) ?? RequestError(status: 500, message: "internal error: \(error)")
        if path.hasPrefix("/api/") {
            return .json(
                JSONValue.object([("error", .string(failure.message)), ("status", .int(failure.status))]).prettyText + "\n",
                status: failure.status)
        }
        return .html(
            """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(failure.status) · routesim</title><link rel="stylesheet" href="/assets/app.css"></head>
            <body><main><h1>\(failure.status)</h1><p id="error-message">\(HTML.escape(failure.message))</p><p><a href="/">The route page</a></p></main></body></html>

            """, status: failure.status)
    }

    /// `message` as one header line: printable ASCII, at most 300 characters.
    static func headerText(_ message: String) -> String {
        let plain = message.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : " " }
        return String(String(plain).prefix(300))
    }
}
