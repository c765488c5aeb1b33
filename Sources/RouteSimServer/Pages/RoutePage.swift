import DialPlan
import RouteSim
import RouteSimGraph

/// `/`: where does this number go? The form, the result card, the assumptions as toggles, the
/// trace as a table with a link per record, and the case that pins the answer.
enum RoutePage {
    static func render(_ query: QueryString, state: PlanStore.State) throws(RequestError) -> String {
        let plan = state.plan
        let ask = try RoutePageQuery(query)
        var content = "<h1>Where does this number go?</h1>\n" + form(ask, plan: plan)
        if ask.asksForCall {
            content += result(ask, plan: plan)
        } else {
            content += """
                <p class="hint">Pick who calls (type a name, number or description to search), type the number as you would dial it, and press Route. The address bar then holds the question: paste it into a ticket.</p>

                """
        }
        return HTML.page(title: ask.asksForCall ? "\(ask.typed) · route" : "Route", section: "route", state: state, content: content)
    }

    static func form(_ ask: RoutePageQuery, plan: ServedPlan) -> String {
        var options = ""
        for choice in plan.origins {
            options += "<option value=\"\(HTML.escape(choice.value))\" label=\"\(HTML.escape(choice.label))\"></option>"
        }
        let hidden = ask.assume.map { "<input type=\"hidden\" name=\"assume\" value=\"\(HTML.escape($0))\">" }.joined()
        return """
            <form id="route-form" class="route-form" method="get" action="/">
            <label for="origin">Who calls</label>
            <input id="origin" name="from" list="origins" value="\(HTML.escape(ask.from))" placeholder="user:100, trunk:1, line:NAME — or empty for a caller number" autocomplete="off" spellcheck="false">
            <datalist id="origins">\(options)</datalist>
            <label for="caller">Caller number</label>
            <input id="caller" name="caller" value="\(HTML.escape(ask.caller))" placeholder="for a trunk, a line or an outside caller" inputmode="tel" autocomplete="off">
            <label for="number">Number dialed</label>
            <input id="number" name="number" value="\(HTML.escape(ask.typed))" placeholder="as you would dial it, e.g. 9 2002" inputmode="tel" autocomplete="off" autofocus>
            \(hidden)<button type="submit" id="route-button">Route</button>
            </form>

            """
    }

    /// The answer, or why there is none.
    static func result(_ ask: RoutePageQuery, plan: ServedPlan) -> String {
        let call: Call
        let assumptions: Assumptions
        let result: RouteResult
        do {
            assumptions = try ask.assumptions()
            call = Call(origin: try ask.origin(in: plan), called: ask.number)
            result = try plan.simulator(for: assumptions).route(call)
        } catch let error as RequestError {
            return failure(error.message)
        } catch let error as CallError {
            return failure(error.message)
        } catch {
            return failure("\(error)")
        }
        var out = card(result, plan: plan)
        if ask.number != ask.typed {
            out +=
                "<p class=\"note\" id=\"number-read\">Read <code>\(HTML.escape(ask.typed))</code> as <code>\(HTML.escape(ask.number))</code> (spaces and punctuation dropped).</p>\n"
        }
        out += whatIf(ask, result: result, assumptions: assumptions, plan: plan)
        out += trace(result, plan: plan)
        out += caseSection(call: call, assumptions: assumptions, result: result, plan: plan)
        let graph = HTML.url(
            "/graph", [("from", ask.from), ("caller", ask.caller), ("number", ask.number)] + ask.assume.map { ("assume", $0) })
        out += "<p class=\"more\">\(HTML.link(graph, "See this call on the graph of the plan", attributes: "id=\"graph-link\""))</p>\n"
        return out
    }

    static func failure(_ message: String) -> String {
        """
        <section id="result" class="card error"><h2>This call cannot be routed</h2><p id="route-error">\(HTML.escape(message))</p></section>

        """
    }

    /// Outcome, destination with its name, the facts, and the attempts.
    static func card(_ result: RouteResult, plan: ServedPlan) -> String {
        var destination = ""
        if let target = result.target {
            let (record, name) = describe(target, plan.labels)
            destination = record.map { HTML.link(HTML.recordURL($0.table.rawValue, $0.index), target.text) } ?? HTML.escape(target.text)
            if !name.isEmpty { destination += " <span class=\"name\">\(HTML.escape(name))</span>" }
        }
        var facts: [(String, String)] = []
        if let release = result.release {
            facts.append(("why", "<code>\(HTML.escape(release.reason.rawValue))</code> \(HTML.escape(release.message))"))
        }
        facts.append(("dial plan", "<code>\(HTML.escape(result.dialPlan))</code>"))
        facts.append(("caller", "<code>\(HTML.escape(result.caller))</code>"))
        facts.append(("called", "<code>\(HTML.escape(result.called))</code>"))
        if result.maxDuration > 0 { facts.append(("max duration", "\(result.maxDuration) s")) }
        if let order = result.huntingGroup {
            let operators = order.operators.map { name -> String in
                let label = plan.labels.userName(name)
                let text = label.isEmpty ? name : "\(name) (\(label))"
                return plan.labels.user(name).map { HTML.link(HTML.recordURL($0.table.rawValue, $0.index), text) } ?? HTML.escape(text)
            }
            facts.append(
                (
                    "operators",
                    (operators.isEmpty ? "(none)" : operators.joined(separator: ", ")) + " · \(HTML.escape(order.strategy.description))"
                ))
        }
        var out = """
            <section id="result" class="card outcome-\(result.outcome.rawValue)">
            <h2><span class="outcome" id="outcome">\(result.outcome.rawValue)</span> <span id="destination">\(destination)</span></h2>
            <dl class="facts">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined())</dl>

            """
        if !result.attempts.isEmpty {
            let rows = result.attempts.enumerated().map { i, attempt -> [String] in
                let (record, name) = describe(attempt.via, plan.labels)
                let text = viaText(attempt.via)
                let via = record.map { HTML.link(HTML.recordURL($0.table.rawValue, $0.index), text) } ?? HTML.escape(text)
                return [
                    "\(i + 1)", via, HTML.escape(name), "<code>\(HTML.escape(attempt.called))</code>",
                    "<code>\(HTML.escape(attempt.caller))</code>", attempt.isFailover ? "failover" : "",
                ]
            }
            out += "<h3>Attempts, in the order the PBX tries them</h3>\n"
            out += HTML.table(id: "attempts", headers: ["#", "via", "name", "number sent", "caller presented", ""], rows: rows) + "\n"
        }
        return out + "</section>\n"
    }

    /// The assumptions the trace cited, each a toggle that routes the call again, and the ones
    /// changed from their defaults, each with a way back.
    static func whatIf(_ ask: RoutePageQuery, result: RouteResult, assumptions: Assumptions, plan: ServedPlan) -> String {
        var cited: [String] = []
        for step in result.steps {
            guard let setting = step.assumption, let name = setting.split(separator: "=").first.map(String.init) else { continue }
            if !cited.contains(name) { cited.append(name) }
        }
        let changed = assumptions.changedFromDefaults.compactMap { $0.split(separator: "=").first.map(String.init) }
        for name in changed where !cited.contains(name) { cited.append(name) }
        guard !cited.isEmpty else { return "" }
        var items = ""
        for name in cited {
            guard let info = Assumptions.catalog.first(where: { $0.name == name }) else { continue }
            let value = info.value(in: assumptions)
            let isDefault = value == info.value(in: Assumptions())
            var toggles: [String] = []
            for alternative in alternatives(info, current: value, plan: plan) {
                var settings = ask.assume.filter { !$0.hasPrefix(name + "=") }
                if alternative != info.value(in: Assumptions()) { settings.append("\(name)=\(alternative)") }
                toggles.append(
                    HTML.link(
                        ask.url(assume: settings), alternative,
                        attributes: "class=\"toggle\" data-assumption=\"\(HTML.escape(name))\" data-value=\"\(HTML.escape(alternative))\""))
            }
            items += """
                <li class="\(isDefault ? "default" : "changed")"><code>\(HTML.escape(name))</code> = <strong class="value">\(HTML.escape(value))</strong>\(isDefault ? "" : " <em>(changed)</em>") <span class="toggles">→ \(toggles.joined(separator: " "))</span><br><small>\(HTML.escape(info.summary))</small></li>

                """
        }
        return """
            <section id="assumptions" class="card"><h2>What this answer assumes</h2><p class="hint">The vendor's documentation leaves these open. Flip one and the call is routed again.</p><ul class="assumptions">
            \(items)</ul></section>

            """
    }

    /// The values a toggle offers besides the current one.
    static func alternatives(_ info: AssumptionInfo, current: String, plan: ServedPlan) -> [String] {
        let values: [String]
        switch info.values {
        case "a whole number from 1 to 100":
            let n = Int(current) ?? 1
            values = ["1", String(max(1, n / 2)), String(min(100, n * 2))]
        case "a dial plan name":
            values = plan.simulator.model.dialPlanNames
        default:
            values = info.values.split(separator: ",").map { $0.trimmingBlanks }
        }
        var seen: [String] = []
        for value in values where value != current && !seen.contains(value) { seen.append(value) }
        return Array(seen.prefix(6))
    }

    /// The trace: one row per step, the record as a link to its fields.
    static func trace(_ result: RouteResult, plan: ServedPlan) -> String {
        let rows = result.steps.enumerated().map { i, step -> [String] in
            var number = ""
            if let before = step.before, let after = step.after, before != after {
                number = "<code>\(HTML.escape(before))</code> → <code>\(HTML.escape(after))</code>"
            } else if let value = step.after ?? step.before {
                number = "<code>\(HTML.escape(value))</code>"
            }
            var record = ""
            if let table = step.table {
                let key = table.keyText(step.key)
                let text = key.isEmpty ? table.rawValue : "\(table.rawValue) (\(key))"
                if let index = step.recordIndex {
                    record = HTML.link(HTML.recordURL(table.rawValue, index), text, attributes: "class=\"record\"")
                    let name = plan.labels.name(of: RecordID(table, index))
                    if !name.isEmpty { record += "<br><small>\(HTML.escape(name))</small>" }
                } else {
                    record = HTML.escape(text)
                }
            }
            let assumption = step.assumption.map { "<code class=\"assumed\">\(HTML.escape($0))</code>" } ?? ""
            return ["\(i + 1)", "<code>\(step.stage.rawValue)</code>", number, record, HTML.escape(step.detail), assumption]
        }
        return """
            <section id="trace-section"><h2>Trace</h2>
            \(HTML.table(id: "trace", className: "trace", headers: ["#", "stage", "number", "record", "what happened", "assumed"], rows: rows))
            </section>

            """
    }

    static func caseSection(call: Call, assumptions: Assumptions, result: RouteResult, plan: ServedPlan) -> String {
        let yaml = CaseSnippet.yaml(plan: plan.sourceName, call: call, assumptions: assumptions, result: result)
        return """
            <section id="case" class="card"><h2>Pin this answer</h2><p class="hint">A <code>routesim test</code> case that fails if the plan ever routes this call differently (set <code>plan:</code> to the plan's path from where the case file lives).</p>
            <button type="button" id="copy-case" data-copy="case-yaml">Copy as case</button> <span id="copy-status" role="status"></span>
            <pre id="case-yaml">\(HTML.escape(yaml))</pre></section>

            """
    }

    /// A target's record and the name people use for it.
    static func describe(_ target: Target, _ labels: RecordLabels) -> (RecordID?, String) {
        switch target {
        case .user(let name): return (labels.user(name), labels.userName(name))
        case .externalLine(let name): return (labels.line(name), labels.lineName(name))
        case .sipTrunk(let id): return (labels.trunk(id), labels.trunkName(id))
        case .routingGroup(let id): return (labels.routingGroup(id), labels.routingGroupName(id))
        case .huntingGroup(let id): return (labels.huntingGroup(id), labels.huntingGroupName(id))
        }
    }

    /// `external line 6001`, `SIP trunk 1`.
    static func viaText(_ via: Via) -> String {
        switch via {
        case .externalLine(let name): return "external line \(name)"
        case .sipTrunk(let id): return "SIP trunk \(id)"
        }
    }

    static func describe(_ via: Via, _ labels: RecordLabels) -> (RecordID?, String) {
        switch via {
        case .externalLine(let name): return (labels.line(name), labels.lineName(name))
        case .sipTrunk(let id): return (labels.trunk(id), labels.trunkName(id))
        }
    }
}
