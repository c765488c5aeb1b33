import DialPlan
import RouteSim
import RouteSimGraph
import RouteSimLint

/// `/plan`: the plan at a glance; `/plan/lint`: the findings, each witness a link to the route
/// page; `/plan/tables/NAME`: a table, searchable; `/plan/records/NAME/INDEX`: one record.
enum PlanPages {
    /// More views of the plan: each a section of `/plan` and a page of its own. `routesim map`
    /// and `diff` results join this list when those commands exist.
    static let views: [(path: String, title: String, summary: String)] = [
        ("/plan/lint", "Lint findings", "loops, dangling references, shadowed prefixes, invalid values — each with a witness to try"),
        ("/graph", "Graph", "the routing as a picture: dial plans, records, groups, trunks and lines, failover"),
    ]

    static func overview(state: PlanStore.State) -> String {
        let plan = state.plan
        let rows = Table.allCases.map { table -> [String] in
            let count = plan.snapshot.count(of: table)
            return [HTML.link("/plan/tables/\(table.rawValue)", table.rawValue), "\(count)", HTML.escape(tableSummary(table))]
        }
        let report = plan.lintReport
        let views = views.map { "<li>\(HTML.link($0.path, $0.title)) — \(HTML.escape($0.summary))</li>" }.joined()
        let content = """
            <h1>The plan</h1>
            <p><code>\(HTML.escape(plan.sourceName))</code>: \(plan.recordCount) records, loaded \(HTML.escape(plan.loadedAt)), fingerprint <code>\(plan.fingerprint)</code>. Lint: \(HTML.link("/plan/lint", report.summaryText, attributes: "id=\"lint-summary\"")).</p>
            <h2>Views</h2><ul class="views">\(views)</ul>
            <h2>Tables</h2>
            \(HTML.table(id: "tables", headers: ["table", "records", "holds"], rows: rows))

            """
        return HTML.page(title: "Plan", section: "plan", state: state, content: content)
    }

    static func tableSummary(_ table: Table) -> String {
        switch table {
        case .systemInfo: return "system settings (out-group prefix)"
        case .localUsers: return "local users"
        case .externalLines: return "external lines"
        case .sipTrunks: return "SIP trunks"
        case .routingGroups: return "routing groups"
        case .routes: return "members of routing groups, in try order"
        case .transitions: return "number transitions"
        case .callerRefinements: return "refine caller number"
        case .calledRefinements: return "refine called number"
        case .callerAnalysis: return "analyze caller number"
        case .calledAnalysis: return "analyze called number (per dial plan)"
        case .speedDials: return "speed dials"
        case .huntingGroups: return "hunting groups"
        case .huntingOperators: return "hunting-group operators, in hunt order"
        case .huntingDetections: return "hunting-group detection numbers"
        }
    }

    static func lint(state: PlanStore.State) -> String {
        let plan = state.plan
        let report = plan.lintReport
        let rows = report.findings.map { finding -> [String] in
            var record = ""
            if let table = finding.table {
                let text = finding.key.isEmpty ? table.rawValue : "\(table.rawValue) (\(finding.keyText))"
                record = finding.recordIndex.map { HTML.link(HTML.recordURL(table.rawValue, $0), text) } ?? HTML.escape(text)
            }
            return [
                "<code>\(finding.code)</code>", "<span class=\"severity-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</span>",
                finding.category.rawValue, record, HTML.escape(finding.message), witness(finding.witness),
            ]
        }
        var content = """
            <h1>Lint findings</h1>
            <p id="lint-totals">\(HTML.escape(report.summaryText)) — the same findings as <code>routesim lint --plan \(HTML.escape(plan.sourceName))</code>\(plan.lintConfiguration.suppressions.isEmpty ? "" : ", with the suppressions of the plan's lint configuration").</p>

            """
        if rows.isEmpty {
            content += "<p class=\"ok\">No findings.</p>\n"
        } else {
            content +=
                HTML.table(id: "findings", headers: ["code", "severity", "category", "record", "finding", "witness"], rows: rows) + "\n"
        }
        if !report.suppressed.isEmpty {
            let quiet = report.suppressed.map { s in
                ["<code>\(s.finding.code)</code>", HTML.escape(s.finding.message), HTML.escape(s.suppression.reason)]
            }
            content += "<h2>Suppressed</h2>\n" + HTML.table(headers: ["code", "finding", "reason given"], rows: quiet) + "\n"
        }
        return HTML.page(title: "Lint", section: "lint", state: state, content: content)
    }

    /// A witness as a link to the route page that replays it (its text alone when it names no origin).
    static func witness(_ witness: Witness?) -> String {
        guard let witness else { return "" }
        guard let origin = witness.origin else { return HTML.escape(witness.text) }
        var parameters: [(String, String)]
        switch origin {
        case .localUser(let name): parameters = [("from", "user:\(name)")]
        case .sipTrunk(let id, let caller): parameters = [("from", "trunk:\(id)"), ("caller", caller)]
        case .externalLine(let name, let caller): parameters = [("from", "line:\(name)"), ("caller", caller)]
        case .caller(let caller): parameters = [("caller", caller)]
        }
        let number: String
        switch witness.role {
        case .called: number = witness.number
        case .caller:
            // A caller witness calls in from that number; what it dials does not matter to the finding.
            parameters = parameters.filter { $0.0 != "caller" } + [("caller", witness.number)]
            number = "0"
        }
        parameters.append(("number", number))
        return HTML.link(HTML.url("/", parameters), witness.text, attributes: "class=\"witness\"")
    }

    static func table(_ name: String, query: QueryString, state: PlanStore.State) throws(RequestError) -> String {
        let plan = state.plan
        let table = try PlanRecords.table(named: name)
        let search = (query["q"] ?? "").trimmingBlanks
        let offset = try PlanRecords.integer(query["offset"], name: "offset", default: 0, range: 0...Int.max)
        let page = try PlanRecords.search(plan: plan, table: table, text: search, offset: offset, limit: 200)
        let fields = table.documentedFields.map(\.name).filter { !table.isSecret(field: $0) }.prefix(8)
        let rows = page.records.map { index, record -> [String] in
            [HTML.link(HTML.recordURL(table.rawValue, index), "\(index)")]
                + fields.map { field in HTML.escape(record[field]?.plainText ?? "") }
        }
        var content = """
            <h1>\(HTML.escape(table.rawValue)) <small>\(HTML.escape(tableSummary(table)))</small></h1>
            <form method="get" action="/plan/tables/\(HTML.escape(table.rawValue))" class="search"><label for="table-search">Search</label> <input id="table-search" name="q" value="\(HTML.escape(search))" placeholder="any field: a number, a name, a description" data-filter="records"> <button type="submit">Search</button></form>
            <p>\(page.total) record\(page.total == 1 ? "" : "s")\(search.isEmpty ? "" : " match “\(HTML.escape(search))”")\(page.total > page.records.count ? "; showing \(offset + 1)–\(offset + page.records.count)" : "").</p>
            \(HTML.table(id: "records", headers: ["#"] + fields, rows: rows))

            """
        if offset + page.records.count < page.total {
            content +=
                "<p>\(HTML.link(HTML.url("/plan/tables/\(table.rawValue)", [("q", search), ("offset", "\(offset + 200)")]), "next 200"))</p>\n"
        }
        return HTML.page(title: table.rawValue, section: "plan", state: state, content: content)
    }

    static func record(_ name: String, _ indexText: String, state: PlanStore.State) throws(RequestError) -> String {
        let plan = state.plan
        let table = try PlanRecords.table(named: name)
        let index = try PlanRecords.index(indexText, in: table, plan: plan)
        let record = PlanRecords.redacted(plan.snapshot.jsonRecords(of: table)[index], in: table)
        guard case .object(let members) = record else { throw .notFound("no record") }
        let rows = members.map { field, value in ["<code>\(HTML.escape(field))</code>", "<code>\(HTML.escape(value.plainText))</code>"] }
        let key = plan.snapshot.key(of: table, at: index)
        let name = plan.labels.name(of: RecordID(table, index))
        let line =
            plan.snapshot.locations.line(of: table, at: index).map { " — line \($0) of <code>\(HTML.escape(plan.sourceName))</code>" } ?? ""
        var content = """
            <h1>\(HTML.escape(table.rawValue))[\(index)] <small>\(HTML.escape(table.keyText(key)))</small></h1>
            <p>\(name.isEmpty ? "" : "<strong>\(HTML.escape(name))</strong>")\(line)</p>
            \(HTML.table(id: "fields", headers: ["field", "value"], rows: rows))

            """
        if let node = graphNode(table, index, plan) {
            content += "<p>\(HTML.link(HTML.url("/graph", [("around", node), ("depth", "1")]), "Its neighbourhood on the graph"))</p>\n"
        }
        content += "<p>\(HTML.link("/plan/tables/\(table.rawValue)", "All of \(table.rawValue)"))</p>\n"
        return HTML.page(title: "\(table.rawValue)[\(index)]", section: "plan", state: state, content: content)
    }

    /// The graph node that stands for a record, if the graph draws it.
    static func graphNode(_ table: Table, _ index: Int, _ plan: ServedPlan) -> String? {
        plan.graph.nodes.first { $0.record == RecordID(table, index) }?.id
    }
}
