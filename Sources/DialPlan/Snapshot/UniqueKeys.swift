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
///
/// Each record's key is hashed (`hashKey`, no `[KeyField]` built) into an open-addressing table
/// of 64-bit hashes and the first record that had each; only records whose hash is already there
/// have their keys built and compared. Two different keys with one hash (a 64-bit collision,
/// never seen in practice) send the table to `naive`, which compares the keys themselves, so
/// the answer is exact either way. `UniqueKeysTests` compares the two on random tables.
struct DuplicateFinder: RecordsVisitor {
    /// The bits of each hash kept (tests keep none, so that every hash collides).
    var hashBits = ~0

    func visit<Record: DialPlanRecord>(_ list: RecordList<Record>) -> [DuplicateKey] {
        guard list.count > 1 else { return [] }
        // The array itself: reading `records[index]` through the list would copy each record.
        let records = list.array
        var slots = 16
        while slots < 2 * records.count { slots <<= 1 }
        let mask = slots - 1
        // A slot holds the first record with its hash, plus one (0: empty).
        var hashes = [Int](repeating: 0, count: slots)
        var firsts = [Int32](repeating: 0, count: slots)
        var found: [DuplicateKey] = []
        for index in records.indices {
            var hasher = Hasher()
            records[index].hashKey(into: &hasher)
            let hash = hasher.finalize() & hashBits
            var slot = hash & mask
            while firsts[slot] != 0 && hashes[slot] != hash { slot = (slot + 1) & mask }
            if firsts[slot] == 0 {
                hashes[slot] = hash
                firsts[slot] = Int32(index + 1)
                continue
            }
            let first = Int(firsts[slot]) - 1
            let key = records[index].key
            guard records[first].key == key else { return Self.naive(list) }
            found.append(DuplicateKey(table: Record.table, firstIndex: first, duplicateIndex: index, key: key))
        }
        return found
    }

    /// The same answer by building every key and comparing keys themselves (the reference).
    static func naive<Record: DialPlanRecord>(_ list: RecordList<Record>) -> [DuplicateKey] {
        let records = list.array
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
