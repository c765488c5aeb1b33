import DialPlan
import Testing

/// docs/snapshot.md documents every field the loader knows, with its type, and every table's key.
@Suite("Docs: the snapshot reference matches the loader")
struct SnapshotReferenceTests {
    /// Per table (`### \`natran\` — …`), the `(field, type)` rows of its field table, in order.
    static func documentedFields(_ text: String) -> [String: [(name: String, type: String)]] {
        let heading = try! Regex(#"^### `(\w+)` — "#, as: (Substring, Substring).self)
        let row = try! Regex(#"^\| `(\w+)` \| (\w+) \|"#, as: (Substring, Substring, Substring).self)
        var tables: [String: [(name: String, type: String)]] = [:]
        var current: String?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                current = line.firstMatch(of: heading).map { String($0.1) }
                if let current { tables[current] = [] }
            } else if let current, let m = line.firstMatch(of: row) {
                tables[current]!.append((String(m.1), String(m.2)))
            }
        }
        return tables
    }

    /// The rows of the "Keys and duplicates" table: table → key fields.
    static func documentedKeys(_ text: String) -> [String: [String]] {
        let row = try! Regex(#"^\| `(\w+)` \| (.*) \|$"#, as: (Substring, Substring, Substring).self)
        var keys: [String: [String]] = [:]
        var inKeys = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { inKeys = line == "## Keys and duplicates" }
            guard inKeys, let m = line.firstMatch(of: row) else { continue }
            keys[String(m.1)] = m.2.matches(of: try! Regex(#"`(\w+)`"#, as: (Substring, Substring).self)).map { String($0.1) }
        }
        return keys
    }

    static func typeName(_ kind: FieldKind) -> String {
        switch kind {
        case .integer: return "integer"
        case .string: return "string"
        case .boolean: return "boolean"
        }
    }

    @Test("every table has a section listing each of its fields, in order, with its type")
    func fieldsMatchTheLoader() throws {
        let documented = Self.documentedFields(try DocsRepository.read("docs/snapshot.md"))
        #expect(documented.count == Table.allCases.count)
        for table in Table.allCases {
            let expected = table.documentedFields.map { "\($0.name): \(Self.typeName($0.kind))" }
            let found = (documented[table.rawValue] ?? []).map { "\($0.name): \($0.type)" }
            #expect(found == expected, "docs/snapshot.md, section `\(table.rawValue)`")
        }
    }

    @Test("the key table names every table's key fields")
    func keysMatchTheLoader() throws {
        let documented = Self.documentedKeys(try DocsRepository.read("docs/snapshot.md"))
        #expect(documented.count == Table.allCases.count)
        for table in Table.allCases {
            #expect(documented[table.rawValue] == table.keyFields, "docs/snapshot.md, key of `\(table.rawValue)`")
        }
    }
}
