/// The two checks of a record beyond its values' types: every key field is there, and every
/// field is one the table has (an unknown one is kept, and becomes a `LoadWarning`).
extension SnapshotDecoder {
    /// Fields no table documents, counted per table and name in the order first met.
    ///
    /// At most `listed` names are kept one by one: a hostile plan can give hundreds of thousands
    /// of distinct unknown members, and a warning (with its did-you-mean) for each would flood
    /// stderr and take time and memory for nothing. Names met after that are counted per table,
    /// as members and records, in one summary entry (`field` empty).
    struct UnknownFields {
        /// How many distinct unknown fields are listed one by one.
        static let listed = LoadWarning.listedFields

        struct Entry {
            var table: Table
            /// The field; empty for a table's summary of the fields not listed.
            var field: String
            var records = 0
            /// For a summary: the members it counts (a record may give several).
            var members = 0
            var firstIndex: Int?
            var firstKey: [KeyField] = []
            var line: Int
            /// The last record counted (a summary counts each record once).
            var lastIndex: Int?
        }

        var entries: [Entry] = []
        private var byName: [String: Int] = [:]
        private var summaries: [Table: Int] = [:]
        /// Entries the record being decoded opened: they take its key once it is read whole.
        private(set) var awaitingKey: [Int] = []

        /// Counts `field` of record `index` of `table`, met at `line`.
        mutating func note(_ field: String, table: Table, index: Int?, line: Int) {
            let name = table.rawValue + "\u{0}" + field
            if let i = byName[name] {
                entries[i].records += 1
                return
            }
            if byName.count < Self.listed {
                byName[name] = entries.count
                awaitingKey.append(entries.count)
                entries.append(Entry(table: table, field: field, records: 1, firstIndex: index, line: line))
                return
            }
            if let i = summaries[table] {
                entries[i].members += 1
                if entries[i].lastIndex != index {
                    entries[i].records += 1
                    entries[i].lastIndex = index
                }
                return
            }
            summaries[table] = entries.count
            awaitingKey.append(entries.count)
            entries.append(Entry(table: table, field: "", records: 1, members: 1, firstIndex: index, line: line, lastIndex: index))
        }

        /// Gives the entries the current record opened its key.
        mutating func setKey(_ key: [KeyField]) {
            for i in awaitingKey { entries[i].firstKey = key }
            awaitingKey = []
        }
    }

    /// The unknown fields as warnings, each with the table's field its name is closest to.
    func warnings() -> [LoadWarning] {
        unknownFields.entries.map { entry in
            LoadWarning(
                source: source, table: entry.table, field: entry.field, records: entry.records, firstIndex: entry.firstIndex,
                firstKey: entry.firstKey, line: entry.line,
                suggestion: entry.field.isEmpty
                    ? nil : DidYouMean.closest(to: entry.field, among: entry.table.documentedFields.map(\.name)),
                unlistedMembers: entry.members)
        }
    }

    /// Throws for the first key field the record needs but left out (or gave as null), naming
    /// the file, the record's line, the table, the record and the field. Out of line: only
    /// records that lack a key field get here.
    @inline(never)
    static func requireKeyFields<R: DialPlanRecord>(
        of record: R, present: UInt64, schema: RecordSchema<R>, source: String, line: Int, index: Int?
    ) throws(SnapshotError) {
        func given(_ name: String) -> Bool {
            guard let i = schema.fields.firstIndex(where: { $0.name == name }) else { return false }
            return present & (1 << UInt64(i)) != 0
        }
        guard let missing = R.requiredKeyFields(of: record).first(where: { !given($0) }) else { return }
        let known = record.key.filter { given($0.name) }
        var message = "the key field is missing; \(R.keyRequirement)"
        if missing == "dialPlan" { message += " (write \"default\" for the default dial plan)" }
        throw SnapshotError(
            source: source, line: line, table: R.table.rawValue, recordIndex: index, recordKey: R.table.keyText(known),
            field: missing, message: message)
    }
}
