import DialPlan

/// Secrets that travel in OpenAPI answers (docs/fetch.md), and how a snapshot hides them.
///
/// A secret with a value becomes `"<redacted>"`; an empty one stays empty (it hides nothing, and
/// "no password" is worth knowing). `FetchConfiguration.includeSecrets` keeps them.
public enum Redaction {
    /// What replaces a secret's value.
    public static let placeholder = "<redacted>"

    /// The secret fields of a table, by OpenAPI name.
    public static func secretFields(of table: Table) -> [String] { table.secretFields }

    /// `record` with the values of its secret fields replaced.
    public static func redact(_ record: JSONValue, in table: Table) -> JSONValue {
        let secrets = secretFields(of: table)
        guard !secrets.isEmpty, case .object(let members) = record else { return record }
        return .object(
            members.map { name, value in
                guard secrets.contains(name), !isEmpty(value) else { return (name, value) }
                return (name, .string(placeholder))
            })
    }

    /// The snapshot with every secret replaced (metadata kept).
    public static func redact(_ snapshot: Snapshot) throws(SnapshotError) -> Snapshot {
        var tables = snapshot.jsonTables
        for (table, records) in tables { tables[table] = records.map { redact($0, in: table) } }
        return try Snapshot(tables: tables, metadata: snapshot.metadata, source: snapshot.locations.source)
    }

    private static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .string(let s): return s.isEmpty
        default: return false
        }
    }
}
