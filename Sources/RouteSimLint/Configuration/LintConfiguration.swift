import DialPlan
import DigitTrie
import RouteSim

/// The lint configuration file: suppressions (each with its reason) and settings.
///
/// ```json
/// {
///   "suppress": [
///     {"code": "RS303", "table": "anacldnbr", "key": {"dialPlan": "hq", "calledNbr": "0"},
///      "reason": "the bare 0 is the operator; 00-09 are routed on their own"},
///     {"code": "RS119", "reason": "the defaults are how this office works"},
///     {"code": "RS410", "table": "localuser", "field": "ringTone", "reason": "V40 adds it"},
///     {"code": "RS501", "table": "anacldnbr", "key": {"calledNbr": "0"}, "prefix": "00",
///      "reason": "international calls are allowed from this plan"}
///   ],
///   "costlyPrefixes": ["00", "+", "0900"]
/// }
/// ```
///
/// A suppression without `table` and `key` silences the code everywhere; with them, only the
/// records whose key fields all match; with `field` (RS410) or `prefix` (RS501), only findings
/// about that field or costly prefix. Parsing is pure: the CLI reads the file.
public struct LintConfiguration: Sendable, Equatable {
    public var suppressions: [Suppression] = []
    /// Replaces `LintOptions.costlyPrefixes` when present.
    public var costlyPrefixes: [String]?

    public init() {}

    /// One suppression: a code, optionally narrowed to a table and key, and why.
    public struct Suppression: Sendable, Equatable {
        public var code: String
        public var table: Table?
        /// Key fields that must all match the finding's (OpenAPI names, values as text).
        public var key: [KeyField]
        /// The field the finding must be about (RS410), if given.
        public var field: String?
        /// The costly prefix the finding must be about (RS501), if given.
        public var prefix: String?
        public var reason: String
        /// The suppression's position in the file's `suppress` list.
        public var index: Int

        public init(
            code: String, table: Table? = nil, key: [KeyField] = [], field: String? = nil, prefix: String? = nil, reason: String,
            index: Int = 0
        ) {
            self.code = code
            self.table = table
            self.key = key
            self.field = field
            self.prefix = prefix
            self.reason = reason
            self.index = index
        }

        /// Whether the suppression silences `finding`.
        public func matches(_ finding: Finding) -> Bool {
            guard finding.code == code else { return false }
            if let table, finding.table != table { return false }
            if let field, finding.field != field { return false }
            if let prefix, finding.prefix != prefix { return false }
            return key.allSatisfy { field in finding.key.contains(field) }
        }

        /// What the suppression is narrowed to, as RS901 names it: ` for anacldnbr(calledNbr "0"), prefix "00"`.
        var scope: String {
            var text = ""
            if let table { text = key.isEmpty ? " in \(table.rawValue)" : " for \(table.rawValue)(\(table.keyText(key)))" }
            if let field { text += ", field \"\(field)\"" }
            if let prefix { text += ", prefix \"\(prefix)\"" }
            return text
        }
    }

    /// Reads the configuration from JSON text; errors name the entry and field.
    public init(json text: String) throws(LintConfigurationError) {
        let value: JSONValue
        do { value = try JSONValue(parsing: text) } catch {
            throw LintConfigurationError(message: "invalid JSON: \(error.message) (line \(error.line), column \(error.column))")
        }
        guard case .object(let members) = value else {
            throw LintConfigurationError(
                message: "expected a JSON object with \"suppress\" (and optionally \"costlyPrefixes\"), found \(value.kindDescription)")
        }
        for (name, member) in members {
            switch name {
            case "suppress":
                guard case .array(let entries) = member else {
                    throw LintConfigurationError(message: "\"suppress\" must be an array of suppressions, found \(member.kindDescription)")
                }
                for (i, entry) in entries.enumerated() { suppressions.append(try Self.suppression(entry, index: i)) }
            case "costlyPrefixes":
                guard case .array(let items) = member else {
                    throw LintConfigurationError(
                        message: "\"costlyPrefixes\" must be an array of prefixes, found \(member.kindDescription)")
                }
                var prefixes: [String] = []
                for item in items {
                    guard case .string(let p) = item, !p.isEmpty, DigitTrie.isDialString(p) else {
                        throw LintConfigurationError(
                            message: "\"costlyPrefixes\": \(item.compactText) is not a prefix of the dial alphabet 0-9 * # +")
                    }
                    prefixes.append(p)
                }
                costlyPrefixes = prefixes
            default:
                throw LintConfigurationError(
                    message:
                        "unknown setting \"\(name)\"\(DidYouMean.aside(for: name, among: ["suppress", "costlyPrefixes"])); the settings are \"suppress\" and \"costlyPrefixes\""
                )
            }
        }
    }

    static func suppression(_ entry: JSONValue, index: Int) throws(LintConfigurationError) -> Suppression {
        let place = "suppress[\(index)]"
        guard case .object(let members) = entry else {
            throw LintConfigurationError(
                message: "\(place): expected an object with \"code\" and \"reason\", found \(entry.kindDescription)")
        }
        let known = ["code", "table", "key", "field", "prefix", "reason"]
        if let unknown = members.first(where: { !known.contains($0.0) }) {
            throw LintConfigurationError(
                message:
                    "\(place): unknown field \"\(unknown.0)\"\(DidYouMean.aside(for: unknown.0, among: known)); the fields are \(known.joined(separator: ", "))"
            )
        }
        guard case .string(let code)? = entry["code"] else {
            throw LintConfigurationError(message: "\(place): \"code\" is missing (a lint code such as \"RS303\")")
        }
        guard LintCatalog.rule(code) != nil else {
            throw LintConfigurationError(
                message:
                    "\(place): unknown code \"\(code)\"\(DidYouMean.aside(for: code, among: LintCatalog.rules.map(\.code))) (`routesim lint --list-codes` shows the codes)"
            )
        }
        guard case .string(let reason)? = entry["reason"], !reason.allSatisfy(\.isWhitespace) else {
            throw LintConfigurationError(message: "\(place) (\(code)): \"reason\" is missing or empty; say why the finding is accepted")
        }
        var table: Table?
        if let t = entry["table"] {
            guard case .string(let name) = t, let parsed = Table(rawValue: name) else {
                let hint = t.stringValue.map { DidYouMean.hint(for: $0, among: Table.allCases.map(\.rawValue)) } ?? ""
                throw LintConfigurationError(message: "\(place) (\(code)): \"table\" \(t.compactText) is not a table name\(hint)")
            }
            table = parsed
        }
        var key: [KeyField] = []
        if let k = entry["key"] {
            guard let table else {
                throw LintConfigurationError(message: "\(place) (\(code)): \"key\" needs \"table\" (key fields belong to a table)")
            }
            guard case .object(let fields) = k else {
                throw LintConfigurationError(
                    message: "\(place) (\(code)): \"key\" must be an object of key fields, found \(k.kindDescription)")
            }
            for (name, value) in fields {
                guard table.keyFields.contains(name) else {
                    throw LintConfigurationError(
                        message:
                            "\(place) (\(code)): \"\(name)\" is not a key field of \(table.rawValue)\(DidYouMean.aside(for: name, among: table.keyFields)); its key fields are \(table.keyFields.joined(separator: ", "))"
                    )
                }
                switch value {
                case .string(let s): key.append(KeyField(name: name, value: s))
                case .number(let n): key.append(KeyField(name: name, value: n))
                default:
                    throw LintConfigurationError(
                        message: "\(place) (\(code)): key field \"\(name)\" must be a string or a number, found \(value.kindDescription)")
                }
            }
        }
        let field = try text(entry["field"], "field", place: place, code: code)
        let prefix = try text(entry["prefix"], "prefix", place: place, code: code)
        return Suppression(code: code, table: table, key: key, field: field, prefix: prefix, reason: reason, index: index)
    }

    /// An optional string member of a suppression (`field`, `prefix`).
    private static func text(_ value: JSONValue?, _ name: String, place: String, code: String) throws(LintConfigurationError) -> String? {
        guard let value else { return nil }
        guard case .string(let text) = value, !text.isEmpty else {
            throw LintConfigurationError(message: "\(place) (\(code)): \"\(name)\" must be a non-empty string, found \(value.compactText)")
        }
        return text
    }
}

/// Why a lint configuration cannot be used (the CLI adds the file name).
public struct LintConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
