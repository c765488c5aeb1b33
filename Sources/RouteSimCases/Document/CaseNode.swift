import DialPlan
import Yams

/// A value of a case file as read, before it means anything: YAML and JSON both become this tree,
/// so the model is built, and its errors are worded, the same way for both.
///
/// Scalars keep the text as written: `0123` stays `0123` (YAML would read it as an octal number),
/// `true` stays `true`. The mapping fields decide what a scalar must be.
public struct CaseNode: Sendable {
    public enum Value: Sendable {
        case null
        case scalar(String)
        case sequence([CaseNode])
        /// Members in file order; keys are unique (both parsers refuse duplicates).
        case mapping([(key: String, value: CaseNode)])
    }

    public var value: Value
    /// The 1-based line where the value starts, when the parser reports it.
    public var line: Int?

    public init(_ value: Value, line: Int? = nil) {
        self.value = value
        self.line = line
    }

    /// What a person calls this kind of value in an error message.
    var kindDescription: String {
        switch value {
        case .null: return "nothing (null)"
        case .scalar(let text): return "\"\(text)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

extension CaseNode {
    /// Reads a YAML document; a syntax error names the line and what the parser expected.
    ///
    /// Anchors and aliases are refused, and nesting and size bounded, before the parser runs
    /// (`YAMLGuard`): a few hundred bytes of aliases would otherwise stand for billions of nodes.
    public static func parseYAML(_ text: String, source: String) throws(CaseFileError) -> CaseNode {
        try YAMLGuard.check(text, source: source)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, source: source)
        } catch {
            throw CaseFileError(source: source, message: "invalid YAML: \(error)")
        }
        guard let root else { throw CaseFileError(source: source, message: "the file is empty") }
        // Without aliases every node stands on bytes of its own: more nodes than bytes means an
        // alias got past the guard, and the walk stops before it expands.
        var budget = text.utf8.count + 1
        return try convert(root, source: source, budget: &budget)
    }

    /// Reads a JSON document with the project's strict JSON parser (no duplicate members).
    public static func parseJSON(_ bytes: [UInt8], source: String) throws(CaseFileError) -> CaseNode {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw CaseFileError(source: source, line: error.line, message: "invalid JSON: column \(error.column): \(error.message)")
        }
        // JSON is YAML too: read it again with Yams only to learn each value's line.
        let located = try? Yams.compose(yaml: String(decoding: bytes, as: UTF8.self))
        return convert(value, located: located)
    }

    private static func convert(_ node: Node, source: String, budget: inout Int) throws(CaseFileError) -> CaseNode {
        let line = node.mark?.line
        budget -= 1
        if budget < 0 {
            throw CaseFileError(source: source, line: line, message: "YAML aliases (*name) are not supported in case files")
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, node.tag.rawValue == Tag.Name.null.rawValue { return CaseNode(.null, line: line) }
            return CaseNode(.scalar(scalar.string), line: line)
        case .sequence(let sequence):
            var items: [CaseNode] = []
            for item in sequence { items.append(try convert(item, source: source, budget: &budget)) }
            return CaseNode(.sequence(items), line: line)
        case .mapping(let mapping):
            var members: [(key: String, value: CaseNode)] = []
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    throw CaseFileError(
                        source: source, line: key.mark?.line, message: "a mapping key must be a plain name, not a list or mapping")
                }
                members.append((scalar.string, try convert(value, source: source, budget: &budget)))
            }
            return CaseNode(.mapping(members), line: line)
        case .alias:
            throw CaseFileError(source: source, line: line, message: "YAML aliases (*name) are not supported in case files")
        }
    }

    private static func convert(_ value: JSONValue, located: Node?) -> CaseNode {
        let line = located?.mark?.line
        switch value {
        case .null: return CaseNode(.null, line: line)
        case .bool(let b): return CaseNode(.scalar(b ? "true" : "false"), line: line)
        case .number(let n): return CaseNode(.scalar(n), line: line)
        case .string(let s): return CaseNode(.scalar(s), line: line)
        case .array(let items):
            let nodes = located?.sequence.map(Array.init)
            return CaseNode(
                .sequence(
                    items.enumerated().map { i, item in
                        convert(item, located: nodes.flatMap { i < $0.count ? $0[i] : nil })
                    }), line: line)
        case .object(let members):
            let pairs = located?.mapping.map(Array.init)
            return CaseNode(
                .mapping(
                    members.enumerated().map { i, member in
                        (member.0, convert(member.1, located: pairs.flatMap { i < $0.count ? $0[i].value : nil }))
                    }), line: line)
        }
    }

    private static func yamlError(_ error: YamlError, source: String) -> CaseFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text))" } ?? ""
            return CaseFileError(source: source, line: mark.line, message: "invalid YAML: \(problem)\(during)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return CaseFileError(
                source: source, line: context.mark.line, message: "invalid YAML: the key \(keys) appears twice in one mapping")
        case .reader(let problem, _, _, _):
            return CaseFileError(source: source, message: "invalid YAML: \(problem) (is the file UTF-8 text?)")
        default:
            return CaseFileError(source: source, message: "invalid YAML: \(error)")
        }
    }
}
