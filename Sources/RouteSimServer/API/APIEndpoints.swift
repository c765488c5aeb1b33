import DialPlan
import RouteSim
import RouteSimCases
import RouteSimGraph
import RouteSimLint

/// The HTTP API under `/api/`: the same answers as the CLI's output for the same calls
/// (`/api/route` is `routesim route --format json`, byte for byte), described by
/// `/api/openapi.json`. Errors are `{"error": "…"}` with a 4xx status.
enum APIEndpoints {
    static func route(_ request: APIRouteRequest, plan: ServedPlan) throws(RequestError) -> ServerResponse {
        let result: RouteResult
        do {
            result = try plan.simulator(for: request.assumptions).route(request.call)
        } catch {
            throw .badRequest(error.message)
        }
        if request.format == "text" { return .text(result.traceText, type: "text/plain; charset=utf-8") }
        return .json(result.jsonValue.prettyText + "\n")
    }

    /// `POST /api/route/batch`: the body is what `route --batch -` reads; the answer is what it
    /// prints (one JSON object per line, or the text summary lines).
    static func batch(_ body: [UInt8], query: QueryString, plan: ServedPlan) throws(RequestError) -> ServerResponse {
        try allowOnly(["steps", "format", "assume"], in: query)
        let withSteps = try flag(query["steps"], name: "steps")
        let format = query["format"] ?? "json"
        guard ["json", "text"].contains(format) else { throw .badRequest("format must be json or text, not '\(format)'") }
        var assumptions = Assumptions()
        for setting in query.all("assume") {
            do { try assumptions.set(setting) } catch { throw .badRequest(APIRouteRequest.assumeMessage(error)) }
        }
        // Read as `route --batch -` reads standard input: a bad line, a call the plan cannot place,
        // or too many calls refuse the whole batch before anything is simulated with a trace.
        let batch = CallBatch(bytes: body, source: "-")
        let simulator = plan.simulator(for: assumptions)
        var count = 0
        do throws(CallBatch.ReadError) {
            try batch.forEachCall { (entry) throws(CallBatch.ReadError) in
                count += 1
                do throws(CallError) { _ = try simulator.routeFast(entry.call) } catch {
                    throw batch.error(line: entry.line, error.message)
                }
            }
        } catch {
            throw .badRequest(error.description)
        }
        guard count <= 100_000 else { throw RequestError(status: 413, message: "the batch holds \(count) calls; at most 100000 a request") }
        var out = TextBuilder(capacity: 64 * 1024)
        do throws(CallBatch.ReadError) {
            try batch.forEachCall { (entry) throws(CallBatch.ReadError) in
                let result: RouteResult
                do throws(CallError) {
                    result = withSteps ? try simulator.route(entry.call) : try simulator.routeFast(entry.call)
                } catch {
                    throw batch.error(line: entry.line, error.message)
                }
                if format == "text" {
                    entry.appendTextLine(result, source: "-", to: &out)
                } else {
                    entry.appendJSONLine(result, withSteps: withSteps, to: &out)
                }
            }
        } catch {
            throw .badRequest(error.description)
        }
        return format == "text"
            ? .text(out.text, type: "text/plain; charset=utf-8") : .text(out.text, type: "application/x-ndjson; charset=utf-8")
    }

    /// `GET /api/lint`: `routesim lint --format json|sarif|text` for the served plan.
    static func lint(query: QueryString, plan: ServedPlan, toolVersion: String) throws(RequestError) -> ServerResponse {
        try allowOnly(["failOn", "format", "assume"], in: query)
        let failOn: Severity?
        switch query["failOn"] ?? "error" {
        case "error": failOn = .error
        case "warning": failOn = .warning
        case "never": failOn = nil
        case let other: throw .badRequest("failOn must be error, warning or never, not '\(other)'")
        }
        var assumptions = Assumptions()
        for setting in query.all("assume") {
            do { try assumptions.set(setting) } catch { throw .badRequest(APIRouteRequest.assumeMessage(error)) }
        }
        let report = plan.lintReport(assumptions: assumptions)
        switch query["format"] ?? "json" {
        case "json": return .json(report.json(failOn: failOn).prettyText + "\n")
        case "sarif": return .json(report.sarif(toolVersion: toolVersion).prettyText + "\n")
        case "text": return .text(report.text, type: "text/plain; charset=utf-8")
        case let other: throw .badRequest("format must be json, sarif or text, not '\(other)'")
        }
    }

    static func tables(plan: ServedPlan) -> ServerResponse {
        let tables: [JSONValue] = Table.allCases.map { table in
            .object([
                ("table", .string(table.rawValue)), ("records", .int(plan.snapshot.count(of: table))),
                ("keyFields", .array(table.keyFields.map { .string($0) })),
            ])
        }
        return .json(JSONValue.object([("plan", .string(plan.sourceName)), ("tables", .array(tables))]).prettyText + "\n")
    }

    /// `GET /api/tables/NAME?q=&offset=&limit=`: records with their index and line, secrets replaced.
    static func records(_ name: String, query: QueryString, plan: ServedPlan) throws(RequestError) -> ServerResponse {
        try allowOnly(["q", "offset", "limit"], in: query)
        let table = try PlanRecords.table(named: name)
        let offset = try PlanRecords.integer(query["offset"], name: "offset", default: 0, range: 0...Int.max)
        let limit = try PlanRecords.integer(query["limit"], name: "limit", default: 100, range: 1...1000)
        let page = try PlanRecords.search(plan: plan, table: table, text: query["q"] ?? "", offset: offset, limit: limit)
        let records: [JSONValue] = page.records.map { index, fields in recordObject(table, index, fields, plan: plan) }
        return .json(
            JSONValue.object([
                ("table", .string(table.rawValue)), ("total", .int(page.total)), ("offset", .int(offset)), ("records", .array(records)),
            ]).prettyText + "\n")
    }

    /// `GET /api/tables/NAME/INDEX`.
    static func record(_ name: String, _ indexText: String, plan: ServedPlan) throws(RequestError) -> ServerResponse {
        let table = try PlanRecords.table(named: name)
        let index = try PlanRecords.index(indexText, in: table, plan: plan)
        let fields = PlanRecords.redacted(plan.snapshot.jsonRecords(of: table)[index], in: table)
        return .json(recordObject(table, index, fields, plan: plan).prettyText + "\n")
    }

    static func recordObject(_ table: Table, _ index: Int, _ fields: JSONValue, plan: ServedPlan) -> JSONValue {
        var members: [(String, JSONValue)] = [("index", .int(index))]
        if let line = plan.snapshot.locations.line(of: table, at: index) { members.append(("line", .int(line))) }
        members.append(("key", table.keyJSON(plan.snapshot.key(of: table, at: index))))
        let name = plan.labels.name(of: RecordID(table, index))
        if !name.isEmpty { members.append(("name", .string(name))) }
        members.append(("fields", fields))
        return .object(members)
    }

    /// `GET /api/origins?q=`: who can call, for completion (users, trunks, lines of the whole
    /// plan; at most 50).
    static func origins(query: QueryString, plan: ServedPlan) throws(RequestError) -> ServerResponse {
        try allowOnly(["q"], in: query)
        let needle = (query["q"] ?? "").lowercased()
        let all = plan.origins.count < ServedPlan.originLimit ? plan.origins : OriginChoice.all(in: plan.snapshot, limit: Int.max)
        let matches = all.filter {
            needle.isEmpty || $0.value.lowercased().contains(needle) || $0.label.lowercased().contains(needle)
        }
        let items: [JSONValue] = matches.prefix(50).map { .object([("from", .string($0.value)), ("label", .string($0.label))]) }
        return .json(JSONValue.array(items).prettyText + "\n")
    }

    static func assumptions() -> ServerResponse {
        let defaults = Assumptions()
        let items: [JSONValue] = Assumptions.catalog.map { info in
            .object([
                ("name", .string(info.name)), ("default", .string(info.value(in: defaults))), ("values", .string(info.values)),
                ("summary", .string(info.summary)),
            ])
        }
        return .json(JSONValue.array(items).prettyText + "\n")
    }

    static func status(state: PlanStore.State) -> ServerResponse {
        let plan = state.plan
        var members: [(String, JSONValue)] = [
            ("plan", .string(plan.sourceName)), ("generation", .int(plan.generation)), ("fingerprint", .string(plan.fingerprint)),
            ("loadedAt", .string(plan.loadedAt)), ("records", .int(plan.recordCount)),
        ]
        if let failure = state.failure {
            members.append(("reloadError", .object([("message", .string(failure.message)), ("at", .string(failure.at))])))
        } else {
            members.append(("reloadError", .null))
        }
        return .json(JSONValue.object(members).prettyText + "\n")
    }

    static func allowOnly(_ names: [String], in query: QueryString) throws(RequestError) {
        if let unknown = query.names.first(where: { !names.contains($0) && $0 != "token" }) {
            throw .badRequest(
                "unknown parameter '\(unknown)'; this endpoint takes \(names.isEmpty ? "none" : names.joined(separator: ", "))")
        }
    }

    static func flag(_ text: String?, name: String) throws(RequestError) -> Bool {
        switch text {
        case nil, "", "false", "0": return false
        case "true", "1": return true
        case let other?: throw .badRequest("\(name) must be true or false, not '\(other)'")
        }
    }
}
