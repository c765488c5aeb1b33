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
///     {"code": "RS119", "reason": "the defaults are how this office works"}
///   ],
///   "costlyPrefixes": ["00", "+", "0900"]
/// }
/// ```
///
/// A suppression without `table` and `key` silences the code everywhere; with them, only the
/// records whose key fields all match. Parsing is pure: the CLI reads the file.
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
        public var reason: String
        /// The suppression's position in the file's `suppress` list.
        public var index: Int

        public init(code: String, table: Table? = nil, key: [KeyField] = [], reason: String, index: Int = 0) {
            self.code = code
            self.table = table
            self.key = key
            self.reason = reason
            self.index = index
        }

        /// Whether the suppression silences `finding`.
        public func matches(_ finding: Finding) -> Bool {
            guard finding.code == code else { return false }
            if let table, finding.table != table { return false }
            return key.allSatisfy { field in finding.key.contains(field) }
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
                throw LintConfigurationError(message: "unknown setting \"\(name)\"; the settings are \"suppress\" and \"costlyPrefixes\"")
            }
        }
    }

    static func suppression(_ entry: JSONValue, index: Int) throws(LintConfigurationError) -> Suppression {
        let place = "suppress[\(index)]"
        guard case .object(let members) = entry else {
            throw LintConfigurationError(
                message: "\(place): expected an object with \"code\" and \"reason\", found \(entry.kindDescription)")
        }
        let known = ["code", "table", "key", "reason"]
        if let unknown = members.first(where: { !known.contains($0.0) }) {
            throw LintConfigurationError(message: "\(place): unknown field \"\(unknown.0)\"; the fields are code, table, key, reason")
        }
        guard case .string(let code)? = entry["code"] else {
            throw LintConfigurationError(message: "\(place): \"code\" is missing (a lint code such as \"RS303\")")
        }
        guard LintCatalog.rule(code) != nil else {
            throw LintConfigurationError(message: "\(place): unknown code \"\(code)\" (`routesim lint --list-codes` shows the codes)")
        }
        guard case .string(let reason)? = entry["reason"], !reason.allSatisfy(\.isWhitespace) else {
            throw LintConfigurationError(message: "\(place) (\(code)): \"reason\" is missing or empty; say why the finding is accepted")
        }
        var table: Table?
        if let t = entry["table"] {
            guard case .string(let name) = t, let parsed = Table(rawValue: name) else {
                throw LintConfigurationError(message: "\(place) (\(code)): \"table\" \(t.compactText) is not a table name")
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
                            "\(place) (\(code)): \"\(name)\" is not a key field of \(table.rawValue); its key fields are \(table.keyFields.joined(separator: ", "))"
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
        return Suppression(code: code, table: table, key: key, reason: reason, index: index)
    }
}

/// Why a lint configuration cannot be used (the CLI adds the file name).
public struct LintConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
