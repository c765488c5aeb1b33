extension Snapshot {
    /// The snapshot as JSON text: the `routesim` metadata first, then every non-empty table in
    /// table order (`Table.allCases`), one record per line (diffs stay readable and lines stay citable).
    public var jsonText: String {
        var out = "{"
        var firstTable = true
        func beginTable(_ name: String) {
            out += firstTable ? "\n  " : ",\n  "
            firstTable = false
            JSONValue.writeString(name, into: &out)
            out += ": "
        }
        if let metadata {
            beginTable("routesim")
            out += metadata.compactText
        }
        for table in Table.allCases {
            let records = jsonRecords(of: table)
            guard !records.isEmpty else { continue }
            beginTable(table.rawValue)
            if table.isSingleObject {
                out += records[0].compactText
                continue
            }
            out += "["
            for (i, record) in records.enumerated() {
                out += i == 0 ? "\n    " : ",\n    "
                out += record.compactText
            }
            out += "\n  ]"
        }
        out += firstTable ? "}\n" : "\n}\n"
        return out
    }
}
