extension Snapshot {
    /// Builds a snapshot from tables of JSON records (OpenAPI field names), validated exactly as a
    /// file would be: the fetcher and the emulator assemble records this way.
    ///
    /// - Parameters:
    ///   - tables: records per table, in list order; `sysinfo` holds at most one object.
    ///   - metadata: the `routesim` key, if any.
    ///   - source: the name to put in error messages (a URL without credentials, a file).
    public init(tables: [Table: [JSONValue]], metadata: JSONValue? = nil, source: String) throws(SnapshotError) {
        var members: [(String, JSONValue)] = []
        if let metadata { members.append(("routesim", metadata)) }
        for table in Table.allCases {
            guard let records = tables[table] else { continue }
            if table.isSingleObject {
                if let first = records.first { members.append((table.rawValue, first)) }
            } else {
                members.append((table.rawValue, .array(records)))
            }
        }
        try self.init(json: Array(JSONValue.object(members).compactText.utf8), source: source)
    }

    /// Every table as JSON records (empty tables included), for `init(tables:metadata:source:)`.
    public var jsonTables: [Table: [JSONValue]] {
        var tables: [Table: [JSONValue]] = [:]
        for table in Table.allCases { tables[table] = jsonRecords(of: table) }
        return tables
    }
}
