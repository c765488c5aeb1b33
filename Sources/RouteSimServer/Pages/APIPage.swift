/// `/api`: the endpoints with an example each, for people who write scripts.
enum APIPage {
    static let endpoints: [(method: String, path: String, example: String, what: String)] = [
        ("GET", "/api/route", "/api/route?fromUser=100&called=92002", "one call: what `routesim route --format json` prints"),
        (
            "POST", "/api/route", "{\"fromUser\": \"100\", \"called\": \"92002\", \"assume\": {\"userState\": \"busy\"}}",
            "the same, as a JSON object"
        ),
        ("POST", "/api/route/batch", "origin,caller,called ↵ user:100,,92002", "many calls, as `route --batch -` (CSV or JSON lines)"),
        ("GET", "/api/lint", "/api/lint?failOn=warning", "what `routesim lint --format json` prints (format=sarif, text)"),
        ("GET", "/api/tables", "/api/tables", "the tables and their record counts"),
        ("GET", "/api/tables/{table}", "/api/tables/anacldnbr?q=9", "a table's records, searchable (secrets redacted)"),
        ("GET", "/api/tables/{table}/{index}", "/api/tables/extline/0", "one record"),
        ("GET", "/api/origins", "/api/origins?q=sales", "who can call, with names"),
        ("GET", "/api/assumptions", "/api/assumptions", "every assumption, its default and values"),
        ("GET", "/api/graph", "/api/graph?format=mermaid&from=user:100&number=92002", "the routing as DOT, Mermaid or SVG"),
        ("GET", "/api/status", "/api/status", "the plan being served and the last reload error"),
        ("GET", "/api/openapi.json", "/api/openapi.json", "the OpenAPI 3.1 document of all this"),
    ]

    static func render(state: PlanStore.State) -> String {
        let rows = endpoints.map { e -> [String] in
            let example = e.method == "GET" ? HTML.link(e.example, e.example) : "<code>\(HTML.escape(e.example))</code>"
            return ["<code>\(e.method)</code>", "<code>\(HTML.escape(e.path))</code>", example, HTML.escape(e.what)]
        }
        let content = """
            <h1>HTTP API</h1>
            <p>Read-only answers for scripts and other tools, the same as the command line's JSON for the same calls. Errors are <code>{"error": "…", "status": 400}</code> with a 4xx status. Every answer carries <code>X-RouteSim-Plan</code> (the plan's generation and fingerprint) and, after a reload that failed, <code>X-RouteSim-Reload-Error</code>. The whole API is described by \(HTML.link("/api/openapi.json", "/api/openapi.json")) (OpenAPI 3.1).</p>
            \(HTML.table(id: "endpoints", headers: ["method", "path", "example", "answers"], rows: rows))
            <p>With a token (always when the server listens beyond loopback), send <code>Authorization: Bearer TOKEN</code>.</p>

            """
        return HTML.page(title: "API", section: "api", state: state, content: content)
    }
}
