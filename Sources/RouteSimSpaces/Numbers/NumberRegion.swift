/// A set of called (or caller) numbers: a symbol set for each of the first `minLength`
/// positions, then any symbols up to `maxLength` characters in all.
///
/// `2[0-4]xx` is the region of masks `2`, `[0-4]`, `x`, `x` with both lengths 4; `0044…` with
/// lengths 4–24 is `0`, `0`, `4`, `4` followed by 0 to 20 more characters. Every number of a
/// region is at least `minLength` characters long, and positions from `minLength` on are free.
/// Regions are what `routesim map` partitions the number space into.
public struct NumberRegion: Hashable, Sendable {
    /// The symbols each of the first `minLength` positions may hold.
    public private(set) var masks: [SymbolSet]
    public private(set) var maxLength: Int

    public var minLength: Int { masks.count }

    public init(masks: [SymbolSet], maxLength: Int) {
        precondition(!masks.isEmpty && maxLength >= masks.count && !masks.contains(where: \.isEmpty))
        self.masks = masks
        self.maxLength = maxLength
    }

    /// Every number of 1 to `maxLength` characters.
    public static func all(maxLength: Int) -> NumberRegion { NumberRegion(masks: [.all], maxLength: maxLength) }

    /// Exactly `number` (a dial string).
    public static func exactly(_ number: String) -> NumberRegion {
        NumberRegion(masks: number.utf8.map { .single(SymbolSet.symbol($0)) }, maxLength: number.utf8.count)
    }

    /// Whether position `p` (< `minLength`) holds the same symbol in every number.
    @inline(__always)
    public func isConstant(_ p: Int) -> Bool { masks[p].isSingle }

    /// Every position is fixed and every number has the same length: the region is one number.
    public var isSingleNumber: Bool { minLength == maxLength && masks.allSatisfy(\.isSingle) }

    /// The shortest number of the region, and the smallest of those (symbol order `0-9 * # +`).
    public var witness: String { String(decoding: witnessBytes, as: UTF8.self) }

    public var witnessBytes: [UInt8] { masks.map { SymbolSet.byte($0.first) } }

    /// Whether the region holds `number`.
    public func contains(_ number: some Collection<UInt8>) -> Bool {
        guard number.count >= minLength && number.count <= maxLength else { return false }
        for (p, byte) in number.enumerated() {
            let symbol = SymbolSet.symbol(byte)
            if symbol < 0 { return false }
            if p < masks.count && !masks[p].contains(symbol) { return false }
        }
        return true
    }

    public func contains(_ number: String) -> Bool { contains(Array(number.utf8)) }

    /// Whether the two regions share a number.
    public func overlaps(_ other: NumberRegion) -> Bool {
        guard max(minLength, other.minLength) <= min(maxLength, other.maxLength) else { return false }
        for p in 0..<min(minLength, other.minLength) where masks[p].intersection(other.masks[p]).isEmpty { return false }
        return true
    }

    /// Whether every number of `other` is in this region.
    public func covers(_ other: NumberRegion) -> Bool {
        guard other.minLength >= minLength && other.maxLength <= maxLength else { return false }
        for p in 0..<minLength where other.masks[p].subtracting(masks[p]) != .empty { return false }
        return true
    }

    /// The numbers both regions hold, or nil.
    public func intersection(_ other: NumberRegion) -> NumberRegion? {
        let lo = max(minLength, other.minLength), hi = min(maxLength, other.maxLength)
        guard lo <= hi else { return nil }
        var result: [SymbolSet] = []
        for p in 0..<lo {
            let a = p < masks.count ? masks[p] : .all
            let b = p < other.masks.count ? other.masks[p] : .all
            let both = a.intersection(b)
            if both.isEmpty { return nil }
            result.append(both)
        }
        return NumberRegion(masks: result, maxLength: hi)
    }

    // MARK: Splitting

    /// The region with position `p` restricted to `set`.
    public func restricting(_ p: Int, to set: SymbolSet) -> NumberRegion {
        var copy = self
        copy.masks[p] = set
        return copy
    }

    /// Splits position `p` into one region per symbol of `distinguished` (which must lie in
    /// its mask) and one region for the rest of the mask, if any.
    func splitting(_ p: Int, distinguishing distinguished: SymbolSet) -> [NumberRegion] {
        var parts = distinguished.symbols.map { restricting(p, to: .single($0)) }
        let rest = masks[p].subtracting(distinguished)
        if !rest.isEmpty { parts.append(restricting(p, to: rest)) }
        return parts
    }

    /// Splits by length: one region for each length from `minLength` to `length - 1`, and one
    /// for lengths `length` to `maxLength` (its new positions free). `length` must lie in
    /// `minLength + 1 ... maxLength`.
    func splitting(atLength length: Int) -> [NumberRegion] {
        precondition(length > minLength && length <= maxLength)
        var parts: [NumberRegion] = []
        for n in minLength..<length {
            parts.append(NumberRegion(masks: masks + Array(repeating: .all, count: n - minLength), maxLength: n))
        }
        parts.append(NumberRegion(masks: masks + Array(repeating: .all, count: length - minLength), maxLength: maxLength))
        return parts
    }

    /// This region up to `length` characters (which must be at least `minLength`).
    func capped(at length: Int) -> NumberRegion {
        var copy = self
        copy.maxLength = length
        return copy
    }

    // MARK: Counting

    /// The numbers of the region that have `length` characters.
    public func count(length: Int) -> NumberCount {
        guard length >= minLength && length <= maxLength else { return .zero }
        var product = NumberCount.one
        for mask in masks { product = product * NumberCount(UInt128(mask.count)) }
        return product * NumberCount.alphabetPower(length - minLength)
    }

    /// How many numbers the region holds.
    public var count: NumberCount {
        (minLength...maxLength).reduce(NumberCount.zero) { $0 + count(length: $1) }
    }

    /// The count at `minLength` (the product of the masks' sizes): the region holds that many
    /// times `13^(n − minLength)` numbers of each length n.
    public var countAtMinLength: NumberCount { count(length: minLength) }

    // MARK: Order

    /// Regions in the order of their witnesses: shorter first, then symbol by symbol.
    public static func witnessOrder(_ a: NumberRegion, _ b: NumberRegion) -> Bool {
        if a.minLength != b.minLength { return a.minLength < b.minLength }
        for p in 0..<a.minLength where a.masks[p].first != b.masks[p].first { return a.masks[p].first < b.masks[p].first }
        return false
    }

    /// Regions in pattern order (position by position, smallest symbol first), for listings.
    public static func patternOrder(_ a: NumberRegion, _ b: NumberRegion) -> Bool {
        for p in 0..<min(a.minLength, b.minLength) where a.masks[p] != b.masks[p] {
            if a.masks[p].first != b.masks[p].first { return a.masks[p].first < b.masks[p].first }
            return a.masks[p].count < b.masks[p].count
        }
        if a.minLength != b.minLength { return a.minLength < b.minLength }
        return a.maxLength < b.maxLength
    }
}
