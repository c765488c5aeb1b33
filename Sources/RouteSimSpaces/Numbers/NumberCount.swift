/// How many numbers a region holds: exact up to 2^128 − 1, then saturated.
///
/// With the default longest number of 24 characters no count saturates (13^24 < 2^128); a
/// space of up to 64 characters (`--max-length 64`) saturates for regions with long tails, and
/// such a count prints as `≥340282366920938463463374607431768211455`.
public struct NumberCount: Hashable, Sendable, Comparable, CustomStringConvertible {
    public private(set) var value: UInt128
    /// The true count is larger than `value` can hold.
    public private(set) var saturated: Bool

    public init(_ value: UInt128) {
        self.value = value
        saturated = false
    }

    public static let zero = NumberCount(0)
    public static let one = NumberCount(1)
    static let max = NumberCount(value: UInt128.max, saturated: true)

    private init(value: UInt128, saturated: Bool) {
        self.value = value
        self.saturated = saturated
    }

    public static func + (lhs: NumberCount, rhs: NumberCount) -> NumberCount {
        let (sum, overflow) = lhs.value.addingReportingOverflow(rhs.value)
        return NumberCount(value: overflow ? .max : sum, saturated: overflow || lhs.saturated || rhs.saturated)
    }

    public static func * (lhs: NumberCount, rhs: NumberCount) -> NumberCount {
        if lhs.value == 0 || rhs.value == 0 { return .zero }
        let (product, overflow) = lhs.value.multipliedReportingOverflow(by: rhs.value)
        if overflow { return .max }
        return NumberCount(value: product, saturated: lhs.saturated || rhs.saturated)
    }

    /// `13^n` (saturating).
    public static func alphabetPower(_ n: Int) -> NumberCount {
        var result = NumberCount.one
        for _ in 0..<Swift.max(n, 0) { result = result * NumberCount(13) }
        return result
    }

    public static func < (lhs: NumberCount, rhs: NumberCount) -> Bool {
        lhs.value != rhs.value ? lhs.value < rhs.value : (!lhs.saturated && rhs.saturated)
    }

    /// The exact decimal count, or `≥` and the largest count held when saturated.
    public var description: String { (saturated ? "≥" : "") + String(value) }

    /// For people: exact below a trillion, else two significant digits (`≈1.4e25`).
    public var shortText: String {
        if !saturated && value < 1_000_000_000_000 { return String(value) }
        let digits = String(value)
        let exponent = digits.count - 1
        let chars = Array(digits)
        let mantissa = "\(chars[0]).\(chars.count > 1 ? chars[1] : "0")"
        return "\(saturated ? "≥" : "≈")\(mantissa)e\(exponent)"
    }
}
