/// A set of symbols of the dial alphabet `0-9 * # +`, as a 13-bit mask.
///
/// Symbols are numbered as the trie numbers them: `0`–`9` are 0–9, `*` is 10, `#` is 11 and
/// `+` is 12. That is also the order in which routesim calls one number smaller than another
/// (`0` < `9` < `*` < `#` < `+`).
public struct SymbolSet: Hashable, Sendable, Comparable {
    public var bits: UInt16

    public init(bits: UInt16) { self.bits = bits & SymbolSet.allBits }

    static let allBits: UInt16 = 0x1FFF
    /// Every symbol of the dial alphabet.
    public static let all = SymbolSet(bits: allBits)
    public static let empty = SymbolSet(bits: 0)
    /// The digits `0`–`9`.
    public static let digits = SymbolSet(bits: 0x3FF)
    /// The number of symbols in the alphabet.
    public static let alphabetSize = 13

    public static func single(_ symbol: Int) -> SymbolSet { SymbolSet(bits: 1 << UInt16(symbol)) }

    public var count: Int { bits.nonzeroBitCount }
    public var isEmpty: Bool { bits == 0 }
    public var isSingle: Bool { bits != 0 && bits & (bits - 1) == 0 }
    /// The smallest symbol (the set must not be empty).
    public var first: Int { bits.trailingZeroBitCount }

    public func contains(_ symbol: Int) -> Bool { symbol >= 0 && symbol < 13 && bits & (1 << UInt16(symbol)) != 0 }
    public func union(_ other: SymbolSet) -> SymbolSet { SymbolSet(bits: bits | other.bits) }
    public func intersection(_ other: SymbolSet) -> SymbolSet { SymbolSet(bits: bits & other.bits) }
    public func subtracting(_ other: SymbolSet) -> SymbolSet { SymbolSet(bits: bits & ~other.bits) }
    public mutating func insert(_ symbol: Int) { bits |= 1 << UInt16(symbol) }

    /// The symbols in order.
    public var symbols: [Int] { (0..<13).filter { contains($0) } }

    public static func < (lhs: SymbolSet, rhs: SymbolSet) -> Bool { lhs.bits < rhs.bits }

    /// The symbol of a byte of the dial alphabet, or -1.
    @inline(__always)
    public static func symbol(_ byte: UInt8) -> Int {
        switch byte {
        case 0x30...0x39: return Int(byte &- 0x30)
        case 0x2A: return 10
        case 0x23: return 11
        case 0x2B: return 12
        default: return -1
        }
    }

    /// The byte of a symbol.
    @inline(__always)
    public static func byte(_ symbol: Int) -> UInt8 {
        switch symbol {
        case 0...9: return UInt8(0x30 + symbol)
        case 10: return 0x2A
        case 11: return 0x23
        default: return 0x2B
        }
    }

    /// How a pattern writes the set at one position: the symbol itself, `x` for any symbol,
    /// or a class such as `[0-4]`, `[0-9]`, `[*#]` or `[^5]` (whichever is shorter).
    public var patternText: String {
        if isSingle { return String(UnicodeScalar(Self.byte(first))) }
        if self == .all { return "x" }
        let positive = Self.classBody(self)
        let negative = "^" + Self.classBody(SymbolSet.all.subtracting(self))
        return "[" + (negative.count < positive.count ? negative : positive) + "]"
    }

    /// Digits as runs (`0-4`, `79`), then `*`, `#`, `+` as they are.
    static func classBody(_ set: SymbolSet) -> String {
        var out = ""
        var d = 0
        while d < 10 {
            guard set.contains(d) else {
                d += 1
                continue
            }
            var end = d
            while end + 1 < 10 && set.contains(end + 1) { end += 1 }
            if end - d >= 2 {
                out += "\(d)-\(end)"
            } else {
                for s in d...end { out += String(s) }
            }
            d = end + 1
        }
        for s in 10..<13 where set.contains(s) { out.append(Character(UnicodeScalar(byte(s)))) }
        return out
    }
}
