/// Two records of one table with the same key: routing would depend on which the server keeps.
public struct DuplicateKey: Sendable, Equatable {
    public var table: Table
    /// The earlier record's index.
    public var firstIndex: Int
    /// The later record's index.
    public var duplicateIndex: Int
    /// The key both records have.
    public var key: [KeyField]

    public init(table: Table, firstIndex: Int, duplicateIndex: Int, key: [KeyField]) {
        self.table = table
        self.firstIndex = firstIndex
        self.duplicateIndex = duplicateIndex
        self.key = key
    }
}

extension Snapshot {
    /// Every pair (earlier, later) of records that share their table's key, in table order.
    public func duplicateKeys() -> [DuplicateKey] {
        Table.allCases.filter { !$0.isSingleObject }.flatMap { visit($0, DuplicateFinder()) }
    }

    /// Throws for the first duplicate key, naming both records: routing would be ambiguous.
    public func requireUniqueKeys() throws(SnapshotError) {
        guard let duplicate = duplicateKeys().first else { return }
        throw SnapshotError(duplicate: duplicate, in: self)
    }
}

extension SnapshotError {
    /// The later of two records with one key, citing the earlier one.
    init(duplicate: DuplicateKey, in snapshot: Snapshot) {
        let locations = snapshot.locations
        var firstPlace = "\(duplicate.table.rawValue)[\(duplicate.firstIndex)]"
        if let line = locations.line(of: duplicate.table, at: duplicate.firstIndex) { firstPlace += " (line \(line))" }
        self.init(
            source: locations.source, line: locations.line(of: duplicate.table, at: duplicate.duplicateIndex),
            table: duplicate.table.rawValue, recordIndex: duplicate.duplicateIndex,
            recordKey: duplicate.table.keyText(duplicate.key),
            message: "same key as \(firstPlace): routing would be ambiguous; remove or change one of the two records")
    }
}

/// The records of one table that repeat an earlier record's key.
private struct DuplicateFinder: RecordsVisitor {
    func visit<Record: DialPlanRecord>(_ records: [Record]) -> [DuplicateKey] {
        var found: [DuplicateKey] = []
        var firstByKey: [[String]: Int] = [:]
        for index in records.indices {
            let key = records[index].key
            let values = key.map(\.value)
            if let first = firstByKey[values] {
                found.append(DuplicateKey(table: Record.table, firstIndex: first, duplicateIndex: index, key: key))
            } else {
                firstByKey[values] = index
            }
        }
        return found
    }
}
