/// A record of a snapshot: its table and its index in that table.
///
/// Lint findings cite the other records they involve this way, and case coverage counts the
/// records a call touched.
public struct RecordID: Hashable, Sendable, Comparable {
    public var table: Table
    public var index: Int

    public init(_ table: Table, _ index: Int) {
        self.table = table
        self.index = index
    }

    /// Table order (as the snapshot lists tables), then index.
    public static func < (a: RecordID, b: RecordID) -> Bool { (a.table, a.index) < (b.table, b.index) }
}
