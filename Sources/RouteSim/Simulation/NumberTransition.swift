import DialPlan
import DigitTrie

/// The effect of a number transition (`natran`) on a number (docs/semantics.md §2).
public struct TransitionEffect: Sendable, Equatable {
    /// The number after the transition.
    public var number: String
    /// The transition went past the end of the number or had negative values, and the
    /// `transitionBounds` assumption decided what happened.
    public var clamped: Bool

    public init(number: String, clamped: Bool) {
        self.number = number
        self.clamped = clamped
    }
}

extension Transition {
    /// Applies the transition: 1 add `prefix` at `start`; 2 replace `length` characters at
    /// `start` by `prefix`; 3 delete `length` characters at `start`. `start` is 0-based.
    ///
    /// Negative values count as 0. A start past the end is clamped to the end, or (with
    /// `bounds == .skip`) leaves the number unchanged; a length past the end removes what
    /// exists. An unknown type changes nothing.
    public func apply(to number: String, bounds: Assumptions.TransitionBounds = .clamp) -> TransitionEffect {
        CompiledTransition(self).apply(to: number, bounds: bounds)
    }
}

/// Where a transition cuts a number: `removed` characters at `at` give way to the prefix.
package struct TransitionCut: Sendable, Equatable {
    package var at: Int
    package var removed: Int
    /// The `transitionBounds` assumption decided (a start past the end, a length past the end,
    /// or a negative value).
    package var clamped: Bool
}

/// A transition reduced to what applying it needs, so the simulator copies no description.
///
/// `cut(count:bounds:)` is the one place the edge cases of §2 are decided: the simulator applies
/// transitions through it, and `routesim map` asks it how numbers of other lengths are cut.
package struct CompiledTransition: Sendable, Equatable {
    /// `TransitionType` without its payload, one byte.
    package enum Kind: UInt8, Sendable {
        /// Any type but 1, 2 and 3: the transition changes nothing.
        case unknown
        case add, replace, delete
    }

    package let kind: Kind
    package let start: Int
    package let length: Int
    package let prefix: String

    package init(kind: Kind, start: Int, length: Int, prefix: String) {
        self.kind = kind
        self.start = start
        self.length = length
        self.prefix = kind == .delete ? "" : prefix
    }

    /// Deleting the first `count` characters: how a stripped out-group prefix is followed.
    package static func strip(_ count: Int) -> CompiledTransition {
        CompiledTransition(kind: .delete, start: 0, length: count, prefix: "")
    }

    package init(_ transition: Transition) {
        switch transition.type {
        case .add: kind = .add
        case .replace: kind = .replace
        case .delete: kind = .delete
        case .unknown: kind = .unknown
        }
        start = transition.start
        length = transition.length
        prefix = kind == .delete ? "" : transition.prefix
    }

    func apply(to number: String, bounds: Assumptions.TransitionBounds) -> TransitionEffect {
        guard let cut = cut(count: number.utf8.count, bounds: bounds) else {
            return TransitionEffect(number: number, clamped: kind != .unknown)
        }
        let result = Self.splice(number, at: cut.at, removing: cut.removed, inserting: prefix)
        return TransitionEffect(number: result, clamped: cut.clamped)
    }

    /// Where the transition cuts a number of `count` characters, or nil when it leaves the
    /// number alone (an unknown type, or a start past the end under `skip`).
    ///
    /// Negative values count as 0; a start past the end is clamped to the end (or, under
    /// `skip`, the number stays unchanged); a length past the end removes what exists.
    package func cut(count: Int, bounds: Assumptions.TransitionBounds) -> TransitionCut? {
        guard kind != .unknown else { return nil }
        let remove = kind != .add
        var clamped = start < 0 || (remove && length < 0)
        var at = max(start, 0)
        if at > count {
            clamped = true
            if bounds == .skip { return nil }
            at = count
        }
        var removed = remove ? max(length, 0) : 0
        if removed > count - at {
            clamped = true
            removed = count - at
        }
        return TransitionCut(at: at, removed: removed, clamped: clamped)
    }

    /// `number` with `removing` bytes at `at` replaced by `insert`, built in one pass over
    /// contiguous bytes (strings are read in place, never iterated through their views).
    static func splice(_ number: String, at: Int, removing: Int, inserting insert: String) -> String {
        withDialBytes(of: number) { digits in
            withDialBytes(of: insert) { extra in
                let tail = digits.count - at - removing
                return String(unsafeUninitializedCapacity: at + extra.count + tail) { out in
                    guard let o = out.baseAddress else { return 0 }
                    if let d = digits.baseAddress {
                        o.initialize(from: d, count: at)
                        (o + at + extra.count).initialize(from: d + at + removing, count: tail)
                    }
                    if let e = extra.baseAddress { (o + at).initialize(from: e, count: extra.count) }
                    return at + extra.count + tail
                }
            }
        }
    }
}
