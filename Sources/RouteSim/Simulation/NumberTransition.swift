import DialPlan

/// The effect of a number transition (`natran`) on a number (semantics §2).
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
        let operation: (insert: Bool, remove: Bool)
        switch type {
        case .add: operation = (true, false)
        case .replace: operation = (true, true)
        case .delete: operation = (false, true)
        case .unknown: return TransitionEffect(number: number, clamped: false)
        }
        var number = number
        var prefix = operation.insert ? self.prefix : ""
        let start = self.start, length = self.length
        return number.withUTF8 { digits in
            prefix.withUTF8 { insert in
                let count = digits.count
                var clamped = start < 0 || (operation.remove && length < 0)
                var at = max(start, 0)
                if at > count {
                    clamped = true
                    if bounds == .skip { return TransitionEffect(number: String(decoding: digits, as: UTF8.self), clamped: true) }
                    at = count
                }
                var removed = operation.remove ? max(length, 0) : 0
                if removed > count - at {
                    clamped = true
                    removed = count - at
                }
                let total = count - removed + insert.count
                let result = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(total, 1)) { out -> String in
                    var n = 0
                    for i in 0..<at { out[n] = digits[i]; n += 1 }
                    for b in insert { out[n] = b; n += 1 }
                    for i in (at + removed)..<count { out[n] = digits[i]; n += 1 }
                    return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
                }
                return TransitionEffect(number: result, clamped: clamped)
            }
        }
    }
}
