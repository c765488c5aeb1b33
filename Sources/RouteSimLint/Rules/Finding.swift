import DialPlan
import RouteSim

/// How much a finding matters; `--fail-on` compares against it.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case info, warning, error

    var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// What kind of defect a finding is: a stable vocabulary (docs/lint.md, docs/formats.md).
public enum FindingCategory: String, Sendable, CaseIterable {
    /// A reference to a record that does not exist (or exists with no rows).
    case dangling
    /// A cycle: re-analysis that never settles, failover chains, forwarding, speed dials.
    case loop
    /// A record no call can reach or that can never take effect.
    case shadowed
    /// A value the server would refuse or misread.
    case invalid
    /// Calls to costly destinations that nothing restricts.
    case exposure
    /// Routing that rests on an assumption rather than on the plan.
    case assumption
    /// A problem of the lint configuration itself (a suppression that matches nothing).
    case configuration
}

/// One defect the linter found: which rule, which record, what is wrong, and the proof.
///
/// Findings are data: checks produce them, suppressions filter them, renderers print them.
public struct Finding: Sendable, Equatable {
    /// The stable code (`RS101`); category and severity come from the catalog.
    public var code: String
    public var category: FindingCategory
    public var severity: Severity
    /// The table of the record the finding is about (nil for configuration findings).
    public var table: Table?
    /// The record's index in its table (nil when the finding names a group of records, such as
    /// a whole dial plan).
    public var recordIndex: Int?
    /// The record's key fields (or the fields that name the group of records).
    public var key: [KeyField]
    /// What is wrong, in a sentence a person understands.
    public var message: String
    public var witness: Witness?
    /// Other records involved (the earlier duplicate, the rest of a cycle).
    public var related: [RecordID]
    /// The field the finding is about, when it is about one field (RS410: a field the table
    /// does not have); a suppression may name it.
    public var field: String?
    /// The costly prefix the finding is about (RS501); a suppression may name it.
    public var prefix: String?

    public init(
        rule: LintRule, table: Table?, recordIndex: Int?, key: [KeyField], message: String,
        witness: Witness? = nil, related: [RecordID] = [], field: String? = nil, prefix: String? = nil
    ) {
        self.code = rule.code
        self.category = rule.category
        self.severity = rule.severity
        self.table = table
        self.recordIndex = recordIndex
        self.key = key
        self.message = message
        self.witness = witness
        self.related = related
        self.field = field
        self.prefix = prefix
    }

    /// The key as people read it: `dialPlan "hq", calledNbr "8"`.
    public var keyText: String {
        guard let table else { return key.map { "\($0.name) \($0.value)" }.joined(separator: ", ") }
        return table.keyText(key)
    }

    /// Sort order: severity (highest first), table, record, code, message.
    static func precedes(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        let ta = a.table.map { Table.allCases.firstIndex(of: $0)! } ?? Int.max
        let tb = b.table.map { Table.allCases.firstIndex(of: $0)! } ?? Int.max
        if ta != tb { return ta < tb }
        let ia = a.recordIndex ?? -1, ib = b.recordIndex ?? -1
        if ia != ib { return ia < ib }
        if a.code != b.code { return a.code < b.code }
        return a.message < b.message
    }
}
