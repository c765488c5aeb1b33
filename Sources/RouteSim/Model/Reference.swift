import DialPlan

/// A reference resolved when the model is built: an index into a table, or why there is none.
///
/// Stored as one `Int32` so the hot path compares integers instead of hashing IDs.
package struct Reference: Sendable, Equatable {
    var raw: Int32

    /// The field is 0 or empty: no reference.
    package static let none = Reference(raw: -1)
    /// The field names a record that does not exist.
    package static let dangling = Reference(raw: -2)
    package static func to(_ index: Int) -> Reference { Reference(raw: Int32(index)) }

    /// The index of the record, when the reference resolves.
    package var index: Int? { raw >= 0 ? Int(raw) : nil }
    package var isNone: Bool { raw == -1 }
    package var isDangling: Bool { raw == -2 }
}

extension Reference {
    // Static functions rather than initializers: their arguments are borrowed, so resolving a
    // row's references copies no dictionary.

    /// The record `map` holds for `key` (the first with that key), else `.dangling`; `unset`
    /// when the field is not set (0 or empty).
    @inline(__always)
    static func resolve<Key: Hashable>(_ key: Key, in map: [Key: Int32], isUnset: Bool, unset: Reference = .none) -> Reference {
        if isUnset { return unset }
        if let index = map[key] { return Reference(raw: index) }
        return .dangling
    }

    /// A transition ID resolved through the model's transition index.
    static func transition(_ id: TransitionID, in map: [TransitionID: Int32]) -> Reference {
        resolve(id, in: map, isUnset: id.isNone)
    }

    /// An external line's name resolved through the model's line index.
    static func line(_ name: String, in map: [String: Int32]) -> Reference {
        resolve(name, in: map, isUnset: name.isEmpty)
    }
}
