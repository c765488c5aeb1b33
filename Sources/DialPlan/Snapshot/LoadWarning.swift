/// Something in a plan file that loads but may not mean what its author thinks: today, a field
/// its table does not have (a misspelt `reAnaInd`, or a field a newer server version adds).
///
/// The loader keeps such a field and writes it back, but routing never reads it. Warnings are
/// values on the loaded `Snapshot` (`warnings`): the library prints nothing; `routesim` prints
/// them on stderr, refuses them under `--strict`, and `routesim lint` reports each as RS410.
/// One warning stands for every record of a table that gives the same unknown field. Only the
/// first 100 distinct unknown fields of a plan are listed one by one; the members that name
/// others are counted in one summary warning per table (`unlistedMembers`, `field` empty).
public struct LoadWarning: Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var source: String
    public var table: Table
    /// The unknown field, as written; empty in a summary.
    public var field: String
    /// How many records of the table give the field (in a summary: give any unlisted field).
    public var records: Int
    /// In a summary of the fields not listed one by one: how many members name them; else 0.
    public var unlistedMembers: Int
    /// The first such record: its index in the table (nil for `sysinfo`), key and line.
    public var firstIndex: Int?
    public var firstKey: [KeyField]
    public var line: Int
    /// The table's field the name is closest to, if any (`reAnaInd` for `reanaInd`).
    public var suggestion: String?

    public init(
        source: String, table: Table, field: String, records: Int, firstIndex: Int?, firstKey: [KeyField], line: Int,
        suggestion: String?, unlistedMembers: Int = 0
    ) {
        self.source = source
        self.table = table
        self.field = field
        self.records = records
        self.firstIndex = firstIndex
        self.firstKey = firstKey
        self.line = line
        self.suggestion = suggestion
        self.unlistedMembers = unlistedMembers
    }

    /// How many distinct unknown fields a plan lists one by one before it sums up the rest.
    public static let listedFields = 100

    /// Whether this warning sums up the unknown fields past the first 100 (`unlistedMembers`).
    public var isSummary: Bool { unlistedMembers > 0 }

    /// What is wrong, without the place: `field "reanaInd" is not a field of anacldnbr, so routing
    /// ignores it (given in 3 records, this one first); did you mean "reAnaInd"?` — the text of
    /// the warning and of lint's RS410.
    public var message: String {
        if isSummary {
            let members = unlistedMembers == 1 ? "1 more member names a field" : "\(unlistedMembers) more members name fields"
            let records = records == 1 ? "" : " (in \(records) records, this one first)"
            return "\(members) \(table) does not have\(records); routing ignores them too, but only the first \(Self.listedFields) "
                + "unknown fields of a plan are listed one by one; `routesim schema` lists the fields of every table"
        }
        var text = "field \"\(field)\" is not a field of \(table), so routing ignores it"
        if records > 1 { text += " (given in \(records) records, this one first)" }
        if let suggestion {
            text += "; did you mean \"\(suggestion)\"?"
        } else {
            text += "; `routesim schema` lists the fields of every table"
        }
        return text
    }

    /// `plan.json:12: anacldnbr[0] (dialPlan "default", calledNbr "0"): field "reanaInd" is not …`
    public var description: String {
        var record = table.rawValue
        if let firstIndex { record += "[\(firstIndex)]" }
        let key = table.keyText(firstKey)
        if !key.isEmpty { record += " (\(key))" }
        return "\(source):\(line): \(record): \(message)"
    }
}
