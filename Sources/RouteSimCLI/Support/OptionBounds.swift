/// Every numeric option has bounds, checked before any work: a value outside them (`1e300`,
/// `inf`, `nan`, a count that would exhaust memory, a port past 65535) is unusable input with a
/// message that names the option, the bounds and the value, never a trap or a silent truncation.
enum OptionBounds {
    /// `--rows must be from 1000 to 10000000, found 1000000000000`.
    static func check(_ value: Int, _ option: String, _ bounds: ClosedRange<Int>, unit: String = "") throws(CLIError) {
        guard bounds.contains(value) else {
            let upper = bounds.upperBound == Int.max ? "or more" : "to \(bounds.upperBound)"
            throw .usage("\(option) must be from \(bounds.lowerBound) \(upper)\(unit.isEmpty ? "" : " " + unit), found \(value)")
        }
    }

    /// `--timeout must be from 0.001 to 604800 seconds, found inf`.
    static func check(_ value: Double, _ option: String, _ bounds: ClosedRange<Double>, unit: String = "") throws(CLIError) {
        guard bounds.contains(value) else {
            throw .usage(
                "\(option) must be a number from \(text(bounds.lowerBound)) to \(text(bounds.upperBound))"
                    + "\(unit.isEmpty ? "" : " " + unit), found \(text(value))")
        }
    }

    /// `3600`, `0.5`, `inf`, `nan`: a bound or value as typed.
    static func text(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
