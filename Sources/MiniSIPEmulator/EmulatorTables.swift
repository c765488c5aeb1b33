import DialPlan

/// The emulated server's configuration: every table as JSON records in list order, with an
/// index by key so `query`, `set` and `delete` stay fast on large plans.
struct EmulatorTables {
    private(set) var systemInfo: JSONValue
    private var records: [Table: [JSONValue]] = [:]
    private var index: [Table: [String: Int]] = [:]
    let metadata: JSONValue?

    init(snapshot: Snapshot) {
        systemInfo = snapshot.systemInfo?.jsonObject ?? SystemInfo().jsonObject
        metadata = snapshot.metadata
        for table in Table.allCases where !table.isSingleObject {
            records[table] = snapshot.jsonRecords(of: table)
            reindex(table)
        }
    }

    func count(of table: Table) -> Int { records[table]?.count ?? 0 }

    /// Records `range` of a table, clamped.
    func records(of table: Table, in range: Range<Int>) -> ArraySlice<JSONValue> {
        let all = records[table] ?? []
        let lower = min(range.lowerBound, all.count)
        return all[lower..<min(range.upperBound, all.count)]
    }

    /// The record whose key fields equal those of `parameters`.
    func record(of table: Table, key parameters: JSONValue) -> JSONValue? {
        guard let at = position(of: table, key: parameters) else { return nil }
        return records[table]![at]
    }

    func position(of table: Table, key parameters: JSONValue) -> Int? {
        guard let key = Self.keyText(of: parameters, in: table) else { return nil }
        return index[table]?[key]
    }

    mutating func replace(_ record: JSONValue, in table: Table, at position: Int) {
        records[table]![position] = record
    }

    mutating func append(_ record: JSONValue, to table: Table) {
        records[table, default: []].append(record)
        if let key = Self.keyText(of: record, in: table), index[table]?[key] == nil {
            index[table, default: [:]][key] = records[table]!.count - 1
        }
    }

    mutating func remove(from table: Table, at position: Int) {
        records[table]!.remove(at: position)
        reindex(table)
    }

    mutating func replaceSystemInfo(_ record: JSONValue) { systemInfo = record }

    /// The whole configuration as a snapshot (for write-back).
    func snapshot(source: String) throws(SnapshotError) -> Snapshot {
        var tables = records
        tables[.systemInfo] = [systemInfo]
        return try Snapshot(tables: tables, metadata: metadata, source: source)
    }

    private mutating func reindex(_ table: Table) {
        var keys: [String: Int] = [:]
        for (position, record) in (records[table] ?? []).enumerated() {
            if let key = Self.keyText(of: record, in: table), keys[key] == nil { keys[key] = position }
        }
        index[table] = keys
    }

    /// A record's (or a request's) key as one string; integers compare by value (`1` = `"1"`).
    /// nil when a key field is missing.
    static func keyText(of object: JSONValue, in table: Table) -> String? {
        var parts: [String] = []
        for name in table.keyFields {
            guard let value = object[name] else { return nil }
            var text = value.plainText
            let isInteger = table.documentedFields.first(where: { $0.name == name })?.kind == .integer
            if isInteger, let number = Int(text.trimmingSpaces) { text = String(number) }
            parts.append(text)
        }
        return parts.joined(separator: "\u{1F}")
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        var text = self[...]
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
