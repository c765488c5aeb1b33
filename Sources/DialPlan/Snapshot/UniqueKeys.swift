/// Two records of one table with the same key: routing would depend on which the server keeps.
public struct DuplicateKey: Sendable, Equatable {
    public var table: Table
    /// The earlier record's index.
    public var firstIndex: Int
    /// The later record's index.
    public var duplicateIndex: Int
    public var key: [String]

    public init(table: Table, firstIndex: Int, duplicateIndex: Int, key: [String]) {
        self.table = table
        self.firstIndex = firstIndex
        self.duplicateIndex = duplicateIndex
        self.key = key
    }

    public static func == (lhs: DuplicateKey, rhs: DuplicateKey) -> Bool {
        lhs.table == rhs.table && lhs.firstIndex == rhs.firstIndex && lhs.duplicateIndex == rhs.duplicateIndex
            && lhs.key == rhs.key
    }
}

extension Snapshot {
    /// Every pair (earlier, later) of records that share their table's key, in table order.
    public func duplicateKeys() -> [DuplicateKey] {
        var found: [DuplicateKey] = []
        for table in Table.allCases where !table.isSingleObject {
            var firstByKey: [[String]: Int] = [:]
            for index in 0..<count(of: table) {
                let key = self.key(of: table, at: index).map(\.1)
                if let first = firstByKey[key] {
                    found.append(DuplicateKey(table: table, firstIndex: first, duplicateIndex: index, key: key))
                } else {
                    firstByKey[key] = index
                }
            }
        }
        return found
    }

    /// Throws for the first duplicate key, naming both records: `route` and `test` refuse such a plan.
    public func requireUniqueKeys() throws(SnapshotError) {
        guard let dup = duplicateKeys().first else { return }
        let keyText = dup.table.describeKey(zip(dup.table.keyFields, dup.key).map { ($0, $1) })
        var firstPlace = "\(dup.table.rawValue)[\(dup.firstIndex)]"
        if let line = locations.line(of: dup.table, at: dup.firstIndex) { firstPlace += " (line \(line))" }
        throw SnapshotError(
            source: locations.source, line: locations.line(of: dup.table, at: dup.duplicateIndex),
            table: dup.table.rawValue, recordIndex: dup.duplicateIndex, recordKey: keyText,
            message: "same key as \(firstPlace): routing would be ambiguous; remove or change one of the two records")
    }
}
