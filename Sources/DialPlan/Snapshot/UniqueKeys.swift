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
/// of 8-byte slots: the hash's top 32 bits and the first record that had a key in that slot
/// (one cache line a probe, and 16 MB at a million rows where a 64-bit hash and an index in two
/// arrays took 24). Only records whose slot chain holds the same 32 bits have their keys built
/// and compared; different keys with the same bits (the slot's position holds the hash's low
/// bits, so at most a few in a million rows) are passed over like any other slot, so the answer
/// is exact. `UniqueKeysTests` compares it with `naive` on random tables, with hashes cut to no
/// bits, to the low 32 and to the high 32.
struct DuplicateFinder: RecordsVisitor {
    /// The bits of each hash kept (tests keep fewer, so that hashes collide).
    var hashBits = ~0

    func visit<Record: DialPlanRecord>(_ list: RecordList<Record>) -> [DuplicateKey] {
        guard list.count > 1 else { return [] }
        // A record index plus one must fit a slot's low 32 bits.
        guard list.count < Int(UInt32.max) else { return Self.naive(list) }
        // The array itself: reading `records[index]` through the list would copy each record.
        let records = list.array
        var count = 16
        while count < 2 * records.count { count <<= 1 }
        let mask = count - 1
        // A slot: the hash's top 32 bits, then the first record with a key there plus one (0: empty).
        var slots = [UInt64](repeating: 0, count: count)
        var found: [DuplicateKey] = []
        for index in records.indices {
            var hasher = Hasher()
            records[index].hashKey(into: &hasher)
            let hash = hasher.finalize() & hashBits
            let high = UInt64(bitPattern: Int64(hash)) & 0xFFFF_FFFF_0000_0000
            var slot = hash & mask
            while true {
                let entry = slots[slot]
                if entry == 0 {
                    slots[slot] = high | UInt64(index + 1)
                    break
                }
                if entry & 0xFFFF_FFFF_0000_0000 == high {
                    let first = Int(entry & 0xFFFF_FFFF) - 1
                    let key = records[index].key
                    if records[first].key == key {
                        found.append(DuplicateKey(table: Record.table, firstIndex: first, duplicateIndex: index, key: key))
                        break
                    }
                }
                slot = (slot + 1) & mask
            }
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
