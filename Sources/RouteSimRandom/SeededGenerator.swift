/// A small seeded pseudo-random generator (SplitMix64) whose output is the same on every run and
/// platform.
///
/// The standard library's `random(in:using:)` may change its algorithm between releases; plans,
/// workloads, the emulator's random faults and property tests must not, so every draw goes
/// through the methods here. (`RouteSimGenerator` re-exports this module.)
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits (SplitMix64, Steele, Lea and Flood 2014).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (multiply-high reduction; the bias is below 2⁻³² for our bounds).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `range`.
    public mutating func within(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A number in `0..<1`: the top 53 bits of the next draw, scaled.
    public mutating func fraction() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// True with probability `percent` / 100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// `count` random decimal digits appended to `text`.
    public mutating func appendDigits(_ count: Int, to text: inout String) {
        for _ in 0..<count { text.unicodeScalars.append(Unicode.Scalar(UInt8(0x30 + below(10)))) }
    }

    /// A generator for a separate purpose, so adding draws to one part leaves the others unchanged.
    public mutating func fork() -> SeededGenerator { SeededGenerator(seed: next()) }
}
