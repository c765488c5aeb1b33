/// Why a snapshot could not be used, and exactly where: file, line, table, record and field.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var source: String
    /// The 1-based line in the file, when known.
    public var line: Int?
    /// The table (top-level key) involved, as written in the file.
    public var table: String?
    /// The 0-based index of the record in its table.
    public var recordIndex: Int?
    /// The record's key as people read it (`dialPlan "default", calledNbr "9"`), when known.
    public var recordKey: String?
    /// The field (OpenAPI name) involved.
    public var field: String?
    /// What is wrong, and what to do where it helps.
    public var message: String

    public init(
        source: String, line: Int? = nil, table: String? = nil, recordIndex: Int? = nil,
        recordKey: String? = nil, field: String? = nil, message: String
    ) {
        self.source = source
        self.line = line
        self.table = table
        self.recordIndex = recordIndex
        self.recordKey = recordKey
        self.field = field
        self.message = message
    }

    /// `plan.json:12: anacldnbr[3] (dialPlan "default", calledNbr "9"), field "routeType": …`
    public var description: String {
        var text = source
        if let line { text += ":\(line)" }
        var place: [String] = []
        if let table {
            var record = table
            if let recordIndex { record += "[\(recordIndex)]" }
            if let recordKey, !recordKey.isEmpty { record += " (\(recordKey))" }
            place.append(record)
        }
        if let field { place.append("field \"\(field)\"") }
        // A file with no name (an empty --plan) is not named: the message says so.
        if !text.isEmpty { text += ": " }
        if !place.isEmpty { text += place.joined(separator: ", ") + ": " }
        return text + message
    }
}
