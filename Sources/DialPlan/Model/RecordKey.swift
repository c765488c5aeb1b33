/// One field of a record's key: its OpenAPI name and its value as text.
///
/// A record key is the list of its table's key fields in the table's order (`[KeyField]`):
/// records, trace steps, lint findings, suppressions and case files all hold keys this way, and
/// the table renders them (`keyText(_:)`, `keyJSON(_:)`).
public struct KeyField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension Table {
    /// A key as people read it: `dialPlan "default", calledNbr "9"` (integer fields bare).
    public func keyText(_ key: [KeyField]) -> String {
        let integers = integerFields
        return key.map { field in
            integers.contains(field.name) ? "\(field.name) \(field.value)" : "\(field.name) \"\(field.value)\""
        }.joined(separator: ", ")
    }

    /// A key as a JSON object: integer fields as numbers (as the snapshot writes them), others
    /// as strings. A value of an integer field that is no integer stays a string.
    public func keyJSON(_ key: [KeyField]) -> JSONValue {
        let integers = integerFields
        return .object(
            key.map { field in
                integers.contains(field.name) && Int(field.value) != nil
                    ? (field.name, .number(field.value)) : (field.name, .string(field.value))
            })
    }

    /// The names of the documented integer fields.
    var integerFields: Set<String> { Set(documentedFields.filter { $0.kind == .integer }.map(\.name)) }
}
