/// Server-rendered HTML: text escaped everywhere it enters markup, one layout for every page.
///
/// Pages are strings built here, with no template engine and no inline script or style (the
/// content security policy forbids both): behaviour comes from `/assets/app.js`, looks from
/// `/assets/app.css`.
enum HTML {
    /// `text` safe between tags and inside double-quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A link; `href` is escaped too.
    static func link(_ href: String, _ text: String, attributes: String = "") -> String {
        "<a href=\"\(escape(href))\"\(attributes.isEmpty ? "" : " " + attributes)>\(escape(text))</a>"
    }

    /// `/path?query` from parameters (empty values left out).
    static func url(_ path: String, _ parameters: [(String, String)]) -> String {
        let kept = parameters.filter { !$0.1.isEmpty }
        return kept.isEmpty ? path : path + "?" + QueryString.build(kept)
    }

    /// The link to a record's page.
    static func recordURL(_ table: String, _ index: Int) -> String { "/plan/records/\(table)/\(index)" }

    /// A whole page: head, navigation, the reload banner (when the last reload failed), the
    /// content, and a footer naming the plan being served.
    static func page(title: String, section: String, state: PlanStore.State, content: String) -> String {
        let plan = state.plan
        let nav = [
            ("/", "Route", "route"), ("/plan", "Plan", "plan"), ("/plan/lint", "Lint", "lint"), ("/graph", "Graph", "graph"),
            ("/api", "API", "api"),
        ]
        .map { href, text, name in
            "<a href=\"\(href)\"\(name == section ? " aria-current=\"page\"" : "")>\(text)</a>"
        }.joined()
        var banner = ""
        if let failure = state.failure {
            banner = """
                <div class="banner" id="reload-banner" role="alert"><strong>Reload failed at \(escape(failure.at)); still serving the plan loaded at \(escape(plan.loadedAt)).</strong><pre>\(escape(failure.message))</pre></div>

                """
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · routesim</title>
            <link rel="stylesheet" href="/assets/app.css">
            <script src="/assets/app.js" defer></script>
            </head>
            <body>
            <header><span class="brand">routesim</span><nav>\(nav)</nav><span class="plan-name" title="the plan being served">\(escape(plan.sourceName))</span></header>
            \(banner)<main>
            \(content)
            </main>
            <footer>Serving <code>\(escape(plan.sourceName))</code> · \(plan.recordCount) records · loaded \(escape(plan.loadedAt)) · generation \(plan.generation) · read-only</footer>
            </body>
            </html>

            """
    }

    /// A table: header cells, then rows of already-escaped cells.
    static func table(id: String? = nil, className: String? = nil, headers: [String], rows: [[String]]) -> String {
        var out = "<table"
        if let id { out += " id=\"\(id)\"" }
        if let className { out += " class=\"\(className)\"" }
        out += "><thead><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        return out + "</tbody></table>"
    }
}
