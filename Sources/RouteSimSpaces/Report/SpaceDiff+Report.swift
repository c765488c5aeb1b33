import DialPlan
import RouteSim

extension SpaceDiff {
    /// The classes the rows name, in catalog order.
    var changedClasses: [Int] {
        // Many rows share their classes: each origin set is read once.
        var named = Array(repeating: false, count: catalog.classes.count)
        for set in Set(rows.map(\.originSet)) {
            for c in explorer.classSet(set) { named[c] = true }
        }
        return named.indices.filter { named[$0] }
    }

    /// The dial plan a row's first class starts in after caller analysis, in plan `plan`.
    func startPlan(of row: DiffRow, plan: Int) -> String {
        let c = catalog.classes[row.members.first]
        return catalog.models[plan].dialPlanNames[Int(c.attributes[plan].plan)]
    }

    /// The old and new signature of a row, for people.
    func summaries(of row: DiffRow) -> (old: String, new: String) {
        (
            row.old.summary(startPlan: startPlan(of: row, plan: 0), view: explorer.view(ofSet: row.originSet, plan: 0)),
            row.new.summary(startPlan: startPlan(of: row, plan: 1), view: explorer.view(ofSet: row.originSet, plan: 1))
        )
    }

    /// `C1, C3–C5`.
    func classList<S: Sequence<Int>>(_ classes: S) -> String { SpaceMap.ranges(classes.map { $0 + 1 }, prefix: "C") }

    /// `classList` of each row's classes, written once for each origin set (many rows share one).
    func classLists() -> (DiffRow) -> String {
        var lists: [Int: String] = [:]
        return { row in
            if let known = lists[row.originSet] { return known }
            let list = self.classList(row.members)
            lists[row.originSet] = list
            return list
        }
    }

    /// What a class reads from its origins, in both plans when they differ.
    func attributesText(of c: OriginClass) -> String {
        let old = catalog.attributesText(of: c, plan: 0), new = catalog.attributesText(of: c, plan: 1)
        return old == new ? old : "old: \(old); new: \(new)"
    }

    /// `2 changed rows (route 1, caller 1)`, or `no change`.
    var headline: String {
        if isEmpty { return "no change" }
        var parts: [String] = []
        if !rows.isEmpty {
            let counts = ChangeAspect.allCases.compactMap { aspect -> String? in
                let n = rows.filter { $0.aspects.contains(aspect) }.count
                return n > 0 ? "\(aspect.rawValue) \(n)" : nil
            }
            parts.append("\(rows.count) changed row\(rows.count == 1 ? "" : "s") (\(counts.joined(separator: ", ")))")
        }
        if !oneSided.isEmpty { parts.append("\(oneSided.count) origin\(oneSided.count == 1 ? "" : "s") in one plan only") }
        return parts.joined(separator: "; ")
    }

    /// Each witness's `route` trace in both plans, from the row's first class's representative.
    public func traces(of row: DiffRow) -> (old: String, new: String) {
        let call = Call(origin: catalog.classes[row.members.first].representative, called: row.region.witness)
        let texts = catalog.models.map { model -> String in
            do { return try Simulator(model: model).route(call).traceText } catch { return "cannot be simulated: \(error)\n" }
        }
        return (texts[0], texts[1])
    }

    /// The diff for people: a headline, the classes the rows name, then one block per row.
    public func text(oldPath: String, newPath: String, traces: Bool = false) -> String {
        var out = ""
        writeText(oldPath: oldPath, newPath: newPath, traces: traces) { out += $0 }
        return out
    }

    /// `text` in pieces of whole lines (about a megabyte each), handed to `write` as they are
    /// made: a large diff is written without holding its whole text.
    public func writeText(oldPath: String, newPath: String, traces: Bool = false, to write: (String) -> Void) {
        var out = "routesim diff: \(oldPath) → \(newPath): called numbers of 1–\(options.maxLength) characters (0-9 * # +)\n"
        out += headline + "\n"
        if !oneSided.isEmpty {
            out += "\norigins in one plan only\n"
            for origin in oneSided { out += "  \(origin.text(oldPath: oldPath, newPath: newPath))\n" }
        }
        defer { write(out) }
        func flush() { Self.handOver(&out, to: write) }
        if rows.isEmpty { return }
        let classList = classLists()
        out += "\norigin classes\n"
        for c in changedClasses.map({ catalog.classes[$0] }) {
            out += "  \(c.label)  \(c.membersText) — \(attributesText(of: c))\n"
            out += "      \(c.size.shortText) origin\(c.size == .one ? "" : "s"); replay with routesim route \(c.routeArguments)\n"
            flush()
        }
        for row in rows {
            let (old, new) = summaries(of: row)
            out +=
                "\n\(classList(row)) · \(row.region.pattern) · lengths \(row.region.lengthText) · numbers \(row.region.countText)\n"
            out += "  changed  \(row.aspects.map(\.rawValue).joined(separator: ", "))\n"
            out += "  witness  \(row.region.witness)\n"
            out += "  old      \(old)\n"
            out += "  new      \(new)\n"
            if traces {
                let (oldTrace, newTrace) = self.traces(of: row)
                out += "  trace in \(oldPath):\n" + Self.indented(oldTrace) + "  trace in \(newPath):\n" + Self.indented(newTrace)
            }
            flush()
        }
    }

    /// Hands `out` to `write` and empties it once it holds a megabyte or more: the reports are
    /// written in pieces as they are made (call it between whole lines or rows).
    static func handOver(_ out: inout String, to write: (String) -> Void) {
        guard out.utf8.count >= 1 << 20 else { return }
        write(out)
        out = ""
    }

    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0).map { "    " + $0 + "\n" }
            .joined()
    }

    /// The diff as a Markdown comment for a pull request.
    public func markdown(oldPath: String, newPath: String, traces: Bool = false) -> String {
        var out = ""
        writeMarkdown(oldPath: oldPath, newPath: newPath, traces: traces) { out += $0 }
        return out
    }

    /// `markdown` in pieces of whole lines, handed to `write` as they are made (`writeText`).
    public func writeMarkdown(oldPath: String, newPath: String, traces: Bool = false, to write: (String) -> Void) {
        var out = "### routesim diff: `\(oldPath)` → `\(newPath)`\n\n"
        out += "Called numbers of 1–\(options.maxLength) characters over `0-9 * # +`: **\(headline)**.\n"
        if !oneSided.isEmpty {
            out += "\n"
            for origin in oneSided { out += "- \(origin.text(oldPath: oldPath, newPath: newPath))\n" }
        }
        defer { write(out) }
        func flush() { Self.handOver(&out, to: write) }
        if rows.isEmpty { return }
        let classList = classLists()
        out += "\n| origins | numbers | lengths | count | witness | old | new | changed |\n|---|---|---|---|---|---|---|---|\n"
        for row in rows {
            let (old, new) = summaries(of: row)
            let cells = [
                classList(row), "`\(row.region.pattern)`", row.region.lengthText, row.region.countText, "`\(row.region.witness)`",
                markdownCell(old), markdownCell(new), row.aspects.map(\.rawValue).joined(separator: ", "),
            ]
            out += "| " + cells.joined(separator: " | ") + " |\n"
            flush()
        }
        out += "\n| class | origins | what they share | replay |\n|---|---|---|---|\n"
        for c in changedClasses.map({ catalog.classes[$0] }) {
            out +=
                "| \(c.label) | \(markdownCell(c.membersText)) | \(markdownCell(attributesText(of: c))) | "
                + "`routesim route \(c.routeArguments)` |\n"
            flush()
        }
        if traces {
            for row in rows {
                let (oldTrace, newTrace) = self.traces(of: row)
                out += "\n<details><summary>\(classList(row)) dialling <code>\(row.region.witness)</code></summary>\n\n"
                out += "`\(oldPath)`:\n\n```\n\(oldTrace)```\n\n`\(newPath)`:\n\n```\n\(newTrace)```\n\n</details>\n"
                flush()
            }
        }
    }

    /// One line per changed row, then one per origin that exists in one plan only, with a header
    /// (RFC 4180 quoting; docs/formats.md, `diff`).
    public var csv: String {
        var out = "classes,pattern,min_length,max_length,count,witness,changes,old_outcome,old_target,old,new_outcome,new_target,new\n"
        for row in rows {
            let (old, new) = summaries(of: row)
            let fields = [
                row.members.map { catalog.classes[$0].label }.joined(separator: " "), row.region.pattern, String(row.region.minLength),
                String(row.region.maxLength), row.region.count.description, row.region.witness,
                row.aspects.map(\.rawValue).joined(separator: " "), row.old.outcome.rawValue, row.old.target?.spec ?? "", old,
                row.new.outcome.rawValue, row.new.target?.spec ?? "", new,
            ]
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        for origin in oneSided {
            let fields =
                [origin.spec, "", "", "", "", "", origin.exists[0] ? "origin only in old" : "origin only in new"]
                + Array(repeating: "", count: 6)
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The diff as one JSON object (docs/formats.md, `diff`).
    public func json(oldPath: String, newPath: String) -> JSONValue {
        .object(jsonHead(oldPath: oldPath, newPath: newPath) + [("rows", .array(rows.map(jsonValue(of:))))])
    }

    /// The members of `json` before its rows.
    private func jsonHead(oldPath: String, newPath: String) -> [(String, JSONValue)] {
        [
            ("old", .string(oldPath)), ("new", .string(newPath)), ("maxLength", .int(options.maxLength)),
            ("alphabet", .string("0-9*#+")), ("changed", .bool(!isEmpty)),
            ("classes", .array(changedClasses.map { catalog.jsonValue(of: catalog.classes[$0]) })),
            (
                "oneSided",
                .array(
                    oneSided.map { origin in
                        .object([("origin", .string(origin.spec)), ("inOld", .bool(origin.exists[0])), ("inNew", .bool(origin.exists[1]))])
                    })
            ),
        ]
    }

    /// A row of `json`.
    private func jsonValue(of row: DiffRow) -> JSONValue {
        .object([
            ("classes", .array(row.members.map { .string(catalog.classes[$0].label) })),
            ("numbers", row.region.jsonValue), ("witness", .string(row.region.witness)),
            ("changes", .array(row.aspects.map { .string($0.rawValue) })),
            ("old", row.old.jsonValue(explorer.view(ofSet: row.originSet, plan: 0))),
            ("new", row.new.jsonValue(explorer.view(ofSet: row.originSet, plan: 1))),
        ])
    }

    /// The text of `json` (as `prettyText`, with a last member `expect` when given, and a final
    /// newline), handed to `write` in pieces as the rows are made: a large diff is written
    /// without holding all of its rows as JSON values.
    public func writeJSON(oldPath: String, newPath: String, expect: JSONValue? = nil, to write: (String) -> Void) {
        /// `value.prettyText` as written at `level` (2 spaces a level): JSON strings hold no raw
        /// line feed, so every line feed is the writer's.
        func nested(_ value: JSONValue, level: Int) -> String {
            let indent = [UInt8](repeating: 0x20, count: 2 * level)
            var out: [UInt8] = []
            for byte in value.prettyText.utf8 {
                out.append(byte)
                if byte == 0x0A { out += indent }
            }
            return String(decoding: out, as: UTF8.self)
        }
        let head = JSONValue.object(jsonHead(oldPath: oldPath, newPath: newPath)).prettyText
        // The head without its closing "\n}".
        write(String(head.utf8.dropLast(2))!)
        if rows.isEmpty {
            write(",\n  \"rows\": []")
        } else {
            var out = ",\n  \"rows\": ["
            for (i, row) in rows.enumerated() {
                if i > 0 { out += "," }
                out += "\n    " + nested(jsonValue(of: row), level: 2)
                Self.handOver(&out, to: write)
            }
            write(out + "\n  ]")
        }
        if let expect { write(",\n  \"expect\": " + nested(expect, level: 1)) }
        write("\n}\n")
    }
}

extension OneSidedOrigin {
    /// `user:105`, `trunk:3`, `line:pstn`.
    public var spec: String {
        switch origin {
        case .user(let name): return "user:\(name)"
        case .trunk(let id): return "trunk:\(id)"
        case .line(let name): return "line:\(name)"
        }
    }

    /// `local user 105: only in new.json`.
    func text(oldPath: String, newPath: String) -> String {
        let what: String
        switch origin {
        case .user(let name): what = "local user \(name)"
        case .trunk(let id): what = "SIP trunk \(id)"
        case .line(let name): what = "external line \(name)"
        }
        return "\(what): only in \(exists[0] ? oldPath : newPath)"
    }
}

extension SpaceDiff {
    /// The change-intent gate's verdict for people, after the diff.
    public func intentText(_ check: IntentCheck, file: String) -> String {
        if check.passes { return "\nexpected (\(file)): every change is intended and every intended change happened\n" }
        var out = "\nexpected (\(file)): FAILED\n"
        for row in check.unexpected {
            out +=
                "  unexpected  \(classList(row.classes)) · \(row.region.pattern) (witness \(row.region.witness)): \(summaries(of: row).new)\n"
        }
        for origin in check.unexpectedOrigins { out += "  unexpected  origin \(origin.spec) in one plan only\n" }
        for change in check.missing { out += "  did not happen  line \(change.line): \(change.text)\n" }
        for origin in check.missingOrigins { out += "  did not happen  line \(origin.line): origin \(origin.spec)\n" }
        return out
    }

    /// The gate's verdict as Markdown.
    public func intentMarkdown(_ check: IntentCheck, file: String) -> String {
        if check.passes { return "\n**Expected** (`\(file)`): every change is intended and every intended change happened.\n" }
        var out = "\n**Expected** (`\(file)`): **failed**\n\n"
        for row in check.unexpected {
            out +=
                "- unexpected: \(classList(row.classes)) `\(row.region.pattern)` (witness `\(row.region.witness)`): "
                + "\(markdownCell(summaries(of: row).new))\n"
        }
        for origin in check.unexpectedOrigins { out += "- unexpected: origin `\(origin.spec)` in one plan only\n" }
        for change in check.missing { out += "- did not happen: line \(change.line): `\(change.text)`\n" }
        for origin in check.missingOrigins { out += "- did not happen: line \(origin.line): `origin \(origin.spec)`\n" }
        return out
    }

    /// The gate's verdict as JSON: `passes`, the unexpected rows and the lines that did not happen.
    public func intentJSON(_ check: IntentCheck) -> JSONValue {
        .object([
            ("passes", .bool(check.passes)),
            (
                "unexpected",
                .array(
                    check.unexpected.map { row in
                        .object([
                            ("classes", .array(row.classes.map { .string(catalog.classes[$0].label) })),
                            ("numbers", row.region.jsonValue), ("witness", .string(row.region.witness)),
                        ])
                    })
            ),
            ("unexpectedOrigins", .array(check.unexpectedOrigins.map { .string($0.spec) })),
            ("missing", .array(check.missing.map { .object([("line", .int($0.line)), ("text", .string($0.text))]) })),
            (
                "missingOrigins",
                .array(check.missingOrigins.map { .object([("line", .int($0.line)), ("text", .string("origin " + $0.spec))]) })
            ),
        ])
    }
}
