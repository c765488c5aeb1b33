import DialPlan
import DigitTrie

/// A longest-prefix table built from rows, the way one matching method stores it.
///
/// Every baseline answers exactly what `DigitTrie.longestPrefix` answers: the value of the longest
/// row that is a prefix of the number (matching stops at the first character outside the dial
/// alphabet), the first row where two share a prefix, or -1.
public protocol PrefixTable {
    /// Builds the table from rows in snapshot order (prefixes are dial strings).
    init(rows: [(prefix: String, value: Int32)])
    func longestPrefix(_ number: String) -> Int32
}

/// The analyze-called-number rows of every dial plan, one `PrefixTable` per plan.
///
/// Rows are taken as `RoutingModel` takes them: an empty dial plan is `default`, `*` is the
/// catch-all (with the default assumptions), prefixes outside the dial alphabet are left out.
public struct CalledAnalysisTables<Table: PrefixTable> {
    /// Dial-plan names, in the order of `tables`.
    public let dialPlans: [String]
    public let tables: [Table]

    public init(snapshot: Snapshot) {
        var names: [String] = []
        var rowsByPlan: [String: [(prefix: String, value: Int32)]] = [:]
        for (i, row) in snapshot.calledAnalysis.enumerated() {
            let plan = row.dialPlan.isEmpty ? "default" : row.dialPlan
            let prefix = row.calledPrefix == "*" ? "" : row.calledPrefix
            guard DigitTrie.isDialString(prefix) else { continue }
            if rowsByPlan[plan] == nil { names.append(plan) }
            rowsByPlan[plan, default: []].append((prefix, Int32(i)))
        }
        dialPlans = names
        tables = names.map { Table(rows: rowsByPlan[$0]!) }
    }

    /// The table of a dial plan by its position in `dialPlans`.
    public func plan(named name: String) -> Int? { dialPlans.firstIndex(of: name) }
}
