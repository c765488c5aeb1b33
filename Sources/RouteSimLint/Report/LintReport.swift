import DialPlan
import RouteSim

/// The findings of one lint run after suppressions, ready to render.
public struct LintReport: Sendable {
    /// A finding a suppression silenced, with the suppression.
    public struct Suppressed: Sendable, Equatable {
        public var finding: Finding
        public var suppression: LintConfiguration.Suppression
    }

    /// The findings that count, sorted (unused suppressions included, as RS901).
    public var findings: [Finding]
    public var suppressed: [Suppressed]
    /// The plan file as named on the command line (SARIF's artifact).
    public var source: String
    /// Where each record stood in the plan file.
    public var locations: SourceLocations
    /// The plan, for the keys of related records.
    let snapshot: Snapshot

    /// Applies the configuration's suppressions to `findings` (sorted as the linter returns them).
    public init(findings: [Finding], configuration: LintConfiguration = LintConfiguration(), snapshot: Snapshot) {
        var kept: [Finding] = []
        var suppressed: [Suppressed] = []
        var used = [Bool](repeating: false, count: configuration.suppressions.count)
        for finding in findings {
            if let i = configuration.suppressions.firstIndex(where: { $0.matches(finding) }) {
                used[i] = true
                suppressed.append(Suppressed(finding: finding, suppression: configuration.suppressions[i]))
            } else {
                kept.append(finding)
            }
        }
        for (i, s) in configuration.suppressions.enumerated() where !used[i] {
            kept.append(
                Finding(
                    rule: LintCatalog.require("RS901"), table: s.table, recordIndex: nil, key: s.key,
                    message: "suppress[\(s.index)] (\(s.code)\(s.scope)) matched no finding; reason given: \(s.reason)"))
        }
        self.findings = kept.sorted(by: Finding.precedes)
        self.suppressed = suppressed
        self.source = snapshot.locations.source
        self.locations = snapshot.locations
        self.snapshot = snapshot
    }

    /// The number of findings of a severity.
    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    /// Whether a finding at or above `threshold` exists (nil: never).
    public func fails(at threshold: Severity?) -> Bool {
        guard let threshold else { return false }
        return findings.contains { $0.severity >= threshold }
    }

    func line(_ finding: Finding) -> Int? {
        guard let table = finding.table, let index = finding.recordIndex else { return nil }
        return locations.line(of: table, at: index)
    }

    // MARK: Text

    /// One line per finding, `plan.json:12: RS101 error anacldnbr(key): message [witness N]`,
    /// sorted by severity, table and record, then a summary line. Control characters (from
    /// names and numbers in the plan) are written out, so a finding is always one line.
    public var text: String {
        var out = ""
        for finding in findings {
            var text = ""
            if !source.isEmpty { text += source + (line(finding).map { ":\($0)" } ?? "") + ": " }
            text += "\(finding.code) \(finding.severity.rawValue) "
            if let table = finding.table {
                text +=
                    finding.recordIndex == nil && finding.key.isEmpty ? "\(table.rawValue): " : "\(table.rawValue)(\(finding.keyText)): "
            }
            text += finding.message
            if let witness = finding.witness { text += " [\(witness.text)]" }
            // One finding, one line: control characters from the plan are written out.
            out += text.escapingControlCharacters + "\n"
        }
        out += summaryText + "\n"
        return out
    }

    /// `2 errors, 1 warning, 0 info (1 suppressed)`.
    public var summaryText: String {
        func n(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 || word == "info" ? "" : "s")" }
        var text = [n(count(.error), "error"), n(count(.warning), "warning"), n(count(.info), "info")].joined(separator: ", ")
        if !suppressed.isEmpty { text += " (\(suppressed.count) suppressed)" }
        return text
    }

    // MARK: JSON

    /// `{"plan": …, "findings": [...], "summary": {...}, "suppressed": [...]}` (docs/formats.md, "lint").
    public func json(failOn: Severity?) -> JSONValue {
        let summary: JSONValue = .object([
            ("error", .int(count(.error))), ("warning", .int(count(.warning))), ("info", .int(count(.info))),
            ("suppressed", .int(suppressed.count)),
            ("failOn", failOn.map { .string($0.rawValue) } ?? .string("never")),
            ("failed", .bool(fails(at: failOn))),
        ])
        let quiet: [JSONValue] = suppressed.map { s in
            guard case .object(var members) = jsonValue(s.finding) else { return .null }
            members.append(("reason", .string(s.suppression.reason)))
            members.append(("suppression", .int(s.suppression.index)))
            return .object(members)
        }
        return .object([
            ("plan", .string(source)),
            ("findings", .array(findings.map(jsonValue))),
            ("summary", summary),
            ("suppressed", .array(quiet)),
        ])
    }

    func jsonValue(_ finding: Finding) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(finding.code)), ("category", .string(finding.category.rawValue)),
            ("severity", .string(finding.severity.rawValue)),
            ("table", finding.table.map { .string($0.rawValue) } ?? .null),
        ]
        if let index = finding.recordIndex { members.append(("recordIndex", .int(index))) }
        if let line = line(finding) { members.append(("line", .int(line))) }
        members.append(("key", Self.keyObject(finding.table, finding.key)))
        if let field = finding.field { members.append(("field", .string(field))) }
        if let prefix = finding.prefix { members.append(("prefix", .string(prefix))) }
        members.append(("message", .string(finding.message)))
        if let w = finding.witness {
            members.append(("witness", .string(w.number)))
            members.append(("witnessRole", .string(w.role.rawValue)))
            if let plan = w.dialPlan { members.append(("witnessDialPlan", .string(plan))) }
            if let origin = w.origin { members.append(("witnessOrigin", origin.jsonValue)) }
        }
        if !finding.related.isEmpty {
            members.append(
                (
                    "related",
                    .array(
                        finding.related.map { ref in
                            var r: [(String, JSONValue)] = [("table", .string(ref.table.rawValue)), ("recordIndex", .int(ref.index))]
                            if let line = locations.line(of: ref.table, at: ref.index) { r.append(("line", .int(line))) }
                            return .object(r)
                        })
                ))
        }
        return .object(members)
    }

    /// Key fields as a JSON object, integer fields as numbers (as the snapshot writes them).
    static func keyObject(_ table: Table?, _ key: [KeyField]) -> JSONValue {
        table?.keyJSON(key) ?? .object(key.map { ($0.name, .string($0.value)) })
    }

    // MARK: SARIF

    /// A SARIF 2.1.0 log: one run, every catalog rule, a result per finding (suppressed findings
    /// carry their suppression), each located in the plan file at the record's line.
    public func sarif(toolVersion: String) -> JSONValue {
        let rules = LintCatalog.rules
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.code, $0) })
        let ruleObjects: [JSONValue] = rules.map { rule in
            .object([
                ("id", .string(rule.code)),
                ("name", .string(Self.camelCase(rule.title))),
                ("shortDescription", .object([("text", .string(rule.title))])),
                ("fullDescription", .object([("text", .string(rule.explanation))])),
                ("help", .object([("text", .string("Fix: \(rule.fix)"))])),
                ("defaultConfiguration", .object([("level", .string(Self.level(rule.severity)))])),
                ("properties", .object([("category", .string(rule.category.rawValue))])),
            ])
        }
        func result(_ finding: Finding, suppression: LintConfiguration.Suppression?) -> JSONValue {
            let location = sarifLocation(table: finding.table, index: finding.recordIndex, key: finding.key, line: line(finding))
            var properties: [(String, JSONValue)] = [("category", .string(finding.category.rawValue))]
            if let table = finding.table { properties.append(("table", .string(table.rawValue))) }
            properties.append(("key", Self.keyObject(finding.table, finding.key)))
            if let field = finding.field { properties.append(("field", .string(field))) }
            if let prefix = finding.prefix { properties.append(("prefix", .string(prefix))) }
            if let w = finding.witness {
                properties.append(("witness", .string(w.number)))
                properties.append(("witnessRole", .string(w.role.rawValue)))
            }
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(finding.code)),
                ("ruleIndex", .int(ruleIndex[finding.code] ?? 0)),
                ("level", .string(Self.level(finding.severity))),
                ("message", .object([("text", .string(finding.message + (finding.witness.map { " [\($0.text)]" } ?? "")))])),
                ("locations", .array([location])),
            ]
            if !finding.related.isEmpty, let table = finding.table, let index = finding.recordIndex {
                // Every record involved, the finding's own first: a cycle's alert can be found
                // from any line of it (the finding's `related` lists them all; its text, at most 10).
                let records = [RecordID(table, index)] + finding.related
                members.append(
                    (
                        "relatedLocations",
                        .array(
                            records.enumerated().map { id, record in
                                let key = snapshot.key(of: record.table, at: record.index)
                                guard
                                    case .object(var location) = sarifLocation(
                                        table: record.table, index: record.index, key: key,
                                        line: locations.line(of: record.table, at: record.index))
                                else { return .null }
                                location.insert(("id", .int(id)), at: 0)
                                location.append(("message", .object([("text", .string(Self.recordText(record.table, key)))])))
                                return .object(location)
                            })
                    ))
            }
            if let suppression {
                members.append(
                    (
                        "suppressions",
                        .array([
                            .object([
                                ("kind", .string("external")), ("justification", .string(suppression.reason)),
                            ])
                        ])
                    ))
            }
            members.append(("properties", .object(properties)))
            return .object(members)
        }
        let results = findings.map { result($0, suppression: nil) } + suppressed.map { result($0.finding, suppression: $0.suppression) }
        let run: JSONValue = .object([
            (
                "tool",
                .object([
                    (
                        "driver",
                        .object([
                            ("name", .string("routesim")),
                            ("semanticVersion", .string(toolVersion)),
                            ("rules", .array(ruleObjects)),
                        ])
                    )
                ])
            ),
            ("artifacts", .array([.object([("location", .object([("uri", .string(Self.uri(source)))]))])])),
            ("results", .array(results)),
        ])
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
    }

    /// A SARIF location in the plan file: the record's line and, with a table, its logical name.
    func sarifLocation(table: Table?, index: Int?, key: [KeyField], line: Int?) -> JSONValue {
        var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(Self.uri(source))), ("index", .int(0))]))]
        if let line { physical.append(("region", .object([("startLine", .int(line))]))) }
        var location: [(String, JSONValue)] = [("physicalLocation", .object(physical))]
        if let table {
            let name = index.map { "\(table.rawValue)[\($0)]" } ?? table.rawValue
            location.append(
                (
                    "logicalLocations",
                    .array([
                        .object([
                            ("name", .string(name)), ("fullyQualifiedName", .string(Self.recordText(table, key))),
                            ("kind", .string("object")),
                        ])
                    ])
                ))
        }
        return .object(location)
    }

    /// `anacldnbr(dialPlan "hq", calledNbr "0")`, or the table alone for a record without a key.
    static func recordText(_ table: Table, _ key: [KeyField]) -> String {
        key.isEmpty ? table.rawValue : "\(table.rawValue)(\(table.keyText(key)))"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// `analysis transition does not exist` → `AnalysisTransitionDoesNotExist`.
    static func camelCase(_ title: String) -> String {
        title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative or absolute file path as a URI reference (spaces and reserved characters escaped).
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "/-._~".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
