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
/// of 4-byte slots, twice as many as records: the first record that had a key in that slot (plus
/// one), and above it as many of the hash's top bits as the index leaves room for (12 at a million
/// rows). The slot's position comes from the hash's low 32 bits (scaled to the table by a
/// multiplication, so that the table need not be a power of two). Only records whose slot chain
/// holds the same top bits have their keys built and compared; different keys with the same bits
/// (about one probe in 4,096 at a million rows) are passed over like any other slot, so the
/// answer is exact. At a million rows the table takes 8 MB (16 MB in 8-byte slots, a power of two
/// of them, before): the check runs beside the model's build, whose peak it adds to.
/// `UniqueKeysTests` compares it with `naive` on random tables, with hashes cut to no bits, to
/// the low 32 and to the high 32.
struct DuplicateFinder: RecordsVisitor {
    /// The bits of each hash kept (tests keep fewer, so that hashes collide).
    var hashBits = ~0

    func visit<Record: DialPlanRecord>(_ list: RecordList<Record>) -> [DuplicateKey] {
        guard list.count > 1 else { return [] }
        // A record index plus one must fit a slot.
        guard list.count < Int(UInt32.max) else { return Self.naive(list) }
        // The array itself: reading `records[index]` through the list would copy each record.
        let records = list.array
        let count = UInt64(max(16, 2 * records.count))
        // The low bits hold an index plus one (0: empty), the bits above a tag of the hash.
        let indexBits = UInt32.bitWidth - UInt32(records.count).leadingZeroBitCount
        let tagMask: UInt32 = indexBits >= 32 ? 0 : ~0 << UInt32(indexBits)
        var slots = [UInt32](repeating: 0, count: Int(count))
        var found: [DuplicateKey] = []
        for index in records.indices {
            var hasher = Hasher()
            records[index].hashKey(into: &hasher)
            let hash = UInt64(bitPattern: Int64(hasher.finalize() & hashBits))
            let tag = UInt32(truncatingIfNeeded: hash >> 32) & tagMask
            var slot = Int(((hash & 0xFFFF_FFFF) &* count) >> 32)
            while true {
                let entry = slots[slot]
                if entry == 0 {
                    slots[slot] = tag | UInt32(index + 1)
                    break
                }
                if entry & tagMask == tag {
                    let first = Int(entry & ~tagMask) - 1
                    let key = records[index].key
                    if records[first].key == key {
                        found.append(DuplicateKey(table: Record.table, firstIndex: first, duplicateIndex: index, key: key))
                        break
                    }
                }
                slot += 1
                if slot == slots.count { slot = 0 }
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
