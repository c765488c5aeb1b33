import DialPlan

/// A reference resolved when the model is built: an index into a table, or why there is none.
///
/// Stored as one `Int32` so the hot path compares integers instead of hashing IDs.
public struct Reference: Sendable, Equatable {
    @usableFromInline var raw: Int32

    /// The field is 0 or empty: no reference.
    public static let none = Reference(raw: -1)
    /// The field names a record that does not exist.
    public static let dangling = Reference(raw: -2)
    public static func to(_ index: Int) -> Reference { Reference(raw: Int32(index)) }

    /// The index of the record, when the reference resolves.
    public var index: Int? { raw >= 0 ? Int(raw) : nil }
    public var isNone: Bool { raw == -1 }
    public var isDangling: Bool { raw == -2 }
}

extension Reference {
    /// The record `map` holds for `key` (the first with that key), else `.dangling`; `unset`
    /// when the field is not set (0 or empty).
    init<Key: Hashable>(_ key: Key, in map: [Key: Int32], isUnset: Bool, unset: Reference = .none) {
        if isUnset {
            self = unset
        } else if let index = map[key] {
            self.init(raw: index)
        } else {
            self = .dangling
        }
    }

    /// A transition ID resolved through the model's transition index.
    init(_ id: TransitionID, in map: [TransitionID: Int32]) {
        self.init(id, in: map, isUnset: id.isNone)
    }

    /// An external line's name resolved through the model's line index.
    init(line name: String, in map: [String: Int32]) {
        self.init(name, in: map, isUnset: name.isEmpty)
    }
}
