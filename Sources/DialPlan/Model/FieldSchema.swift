/// The JSON type of an OpenAPI field, as the vendor's reference documents it.
public enum FieldKind: Sendable {
    /// A JSON number, or a string of digits (`"5"`), with an optional leading `-`.
    case integer
    /// A JSON string, or a number kept as its text (`100` reads as `"100"`).
    case string
    /// `true`/`false` (or 0/1).
    case boolean

    var expectation: String {
        switch self {
        case .integer: return "an integer (a number or a string of digits)"
        case .string: return "a string"
        case .boolean: return "true or false"
        }
    }
}

/// One field of a record as the OpenAPI names it, and where the typed record keeps it.
///
/// Fields the simulator uses live in typed properties; the others are documented fields kept in
/// the record's `extras`, checked for their type on load and written back unchanged.
public struct FieldSpec<Record: DialPlanRecord>: Sendable {
    public let name: String
    public let kind: FieldKind
    let nameBytes: [UInt8]
    let get: @Sendable (Record) -> JSONValue?
    let set: @Sendable (inout Record, JSONValue) -> Void
    /// Whether a typed property holds the field (else `extras` does).
    let isTyped: Bool

    private init(
        _ name: String, _ kind: FieldKind, isTyped: Bool,
        get: @escaping @Sendable (Record) -> JSONValue?,
        set: @escaping @Sendable (inout Record, JSONValue) -> Void
    ) {
        self.name = name
        self.kind = kind
        self.nameBytes = Array(name.utf8)
        self.isTyped = isTyped
        self.get = get
        self.set = set
    }

    /// An integer field stored in a typed property.
    public static func integer<V: IntegerFieldValue>(_ name: String, _ path: WritableKeyPath<Record, V> & Sendable) -> Self {
        Self(
            name, .integer, isTyped: true,
            get: { .number(String($0[keyPath: path].fieldInteger)) },
            set: { record, value in
                if case .number(let text) = value, let n = Int(text) { record[keyPath: path] = V(fieldInteger: n) }
            })
    }

    /// A string field stored in a typed property.
    public static func string(_ name: String, _ path: WritableKeyPath<Record, String> & Sendable) -> Self {
        Self(
            name, .string, isTyped: true,
            get: { .string($0[keyPath: path]) },
            set: { record, value in
                if case .string(let s) = value { record[keyPath: path] = s }
            })
    }

    /// A documented field the model does not interpret: kept in `extras` when present.
    public static func other(_ name: String, _ kind: FieldKind) -> Self {
        Self(
            name, kind, isTyped: false,
            get: { $0.extras[name] },
            set: { record, value in record.extras[name] = value })
    }
}

/// Fields a record carries beyond its typed properties, in the order they were read.
///
/// Lookups scan the few members a record usually has; from `ExtraFields.indexedFrom` members on,
/// an index by name keeps reading a record of many unknown members linear.
public struct ExtraFields: Sendable, Equatable {
    public private(set) var members: [(String, JSONValue)] = []
    /// The position of each member by name, once there are many (nil before).
    private var positions: [String: Int]?

    public init() {}

    static let indexedFrom = 8

    private func position(of name: String) -> Int? {
        if let positions { return positions[name] }
        return members.firstIndex(where: { $0.0 == name })
    }

    public subscript(name: String) -> JSONValue? {
        get { position(of: name).map { members[$0].1 } }
        set {
            if let i = position(of: name) {
                if let newValue {
                    members[i].1 = newValue
                } else {
                    members.remove(at: i)
                    if positions != nil { reindex() }
                }
            } else if let newValue {
                members.append((name, newValue))
                if positions != nil {
                    positions![name] = members.count - 1
                } else if members.count >= Self.indexedFrom {
                    reindex()
                }
            }
        }
    }

    private mutating func reindex() {
        var index: [String: Int] = [:]
        index.reserveCapacity(members.count)
        for (i, member) in members.enumerated() where index[member.0] == nil { index[member.0] = i }
        positions = index
    }

    public var isEmpty: Bool { members.isEmpty }

    /// Appends a field the caller knows is not there yet (a packed record's fields are distinct).
    mutating func append(_ name: String, _ value: JSONValue) { members.append((name, value)) }

    public static func == (lhs: ExtraFields, rhs: ExtraFields) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// A record of one OpenAPI object (a row of a dial-plan table).
public protocol DialPlanRecord: Sendable, Equatable {
    /// The table (OpenAPI object) the record belongs to.
    static var table: Table { get }
    /// The fields that identify a record (what the OpenAPI's `query` and `delete` take).
    static var keyFields: [String] { get }
    /// Where a snapshot keeps the records of this type.
    static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { get }
    /// Every documented field, in the reference's order.
    static var fields: [FieldSpec<Self>] { get }
    /// The key fields `record` must give: a record without one is refused on load. By default
    /// every key field; `route` needs only the member field its route type names.
    static func requiredKeyFields(of record: Self) -> [String]
    /// What every record of the table must give, as the error for a missing key field says it.
    static var keyRequirement: String { get }
    /// A record with every field at the server's default (0, empty string).
    init()
    /// Documented fields without a typed property, and fields the reference does not list.
    var extras: ExtraFields { get set }
    /// Sets the typed property of the integer field at `index` in `fields`, as the field's `set`
    /// would from `.number`: the snapshot decoder's fast path (no key path, no `JSONValue`).
    /// The records implement it in `Records+DecodedFields.swift`, generated from `fields`.
    mutating func setDecodedField(_ index: Int, integer value: Int)
    /// Sets the typed property of the string field at `index` in `fields` (the decoder's fast path).
    mutating func setDecodedField(_ index: Int, string value: String)
    /// Writes the typed properties, in `fields` order, in the packed form a loaded plan keeps
    /// records in (`PackedSnapshot`); generated into `Records+DecodedFields.swift` from `fields`.
    func packTypedFields(into writer: inout PackedWriter)
    /// Reads what `packTypedFields` wrote into the typed properties.
    mutating func unpackTypedFields(from reader: inout PackedReader)
    /// Feeds the key fields' values to `hasher`, in `keyFields` order: records with equal keys
    /// hash alike (generated, like the above, so the duplicate-key check builds no `key`).
    func hashKey(into hasher: inout Hasher)
    /// The record's key, e.g. `dialPlan "default"`, `calledNbr "9"`: its key fields' values as
    /// plain text, in `keyFields` order (generated, like the above, from the typed properties:
    /// every step of a trace names its record's key; `keyByName` is the same through `fields`).
    var key: [KeyField] { get }
}

extension DialPlanRecord {
    /// Through the fields' `get`, for records without generated packing.
    public func packTypedFields(into writer: inout PackedWriter) {
        for spec in Self.fields where spec.isTyped {
            switch spec.get(self) {
            case .number(let text)?: writer.integer(Int(text) ?? 0)
            case .string(let text)?: writer.string(text)
            default: writer.integer(0)
            }
        }
    }

    /// Through the fields' `set`, for records without generated packing.
    public mutating func unpackTypedFields(from reader: inout PackedReader) {
        for spec in Self.fields where spec.isTyped {
            switch spec.kind {
            case .string: spec.set(&self, .string(reader.string()))
            case .integer, .boolean: spec.set(&self, .number(String(reader.integer())))
            }
        }
    }
}

extension DialPlanRecord {
    public static func requiredKeyFields(of record: Self) -> [String] { keyFields }

    public static var keyRequirement: String { "every \(table) record needs \(listed(keyFields))" }

    /// `a`, `a and b`, `a, b and c`.
    static func listed(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// Through the field's `set`, for records without a generated setter.
    public mutating func setDecodedField(_ index: Int, integer value: Int) {
        Self.fields[index].set(&self, .number(String(value)))
    }

    /// Through the field's `set`, for records without a generated setter.
    public mutating func setDecodedField(_ index: Int, string value: String) {
        Self.fields[index].set(&self, .string(value))
    }
}

extension DialPlanRecord {
    /// The value of a field by its OpenAPI name, as JSON (nil for an absent extra field).
    public func value(of field: String) -> JSONValue? {
        if let spec = Self.fields.first(where: { $0.name == field }) { return spec.get(self) }
        return extras[field]
    }

    /// The record's key read field by field through `fields` (by name, through key paths): what
    /// the generated `key` must equal (`DecodedFieldTests`).
    package var keyByName: [KeyField] {
        Self.keyFields.map { name in KeyField(name: name, value: value(of: name)?.plainText ?? "") }
    }

    /// Every documented field with its type.
    public static var documentedFields: [(name: String, kind: FieldKind)] { fields.map { ($0.name, $0.kind) } }

    /// The record as a JSON object in OpenAPI field names: typed fields always, extras when present.
    public var jsonObject: JSONValue {
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(Self.fields.count)
        var documented = Set<String>()
        for spec in Self.fields {
            documented.insert(spec.name)
            if let v = spec.get(self) { members.append((spec.name, v)) }
        }
        for (name, v) in extras.members where !documented.contains(name) { members.append((name, v)) }
        return .object(members)
    }
}

extension JSONValue {
    /// The value as a person would type it: strings without quotes, numbers as written.
    public var plainText: String {
        switch self {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        default: return compactText
        }
    }
}
