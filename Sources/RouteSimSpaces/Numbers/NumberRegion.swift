/// A set of called (or caller) numbers: a symbol set for each of the first `minLength`
/// positions, the symbols a longer number may have next, then any symbols, up to `maxLength`
/// characters in all — but for the numbers that continue with one of `excluded`.
///
/// `2[0-4]xx` is the region of masks `2`, `[0-4]`, `x`, `x` with both lengths 4; `0044…` with
/// lengths 4–24 is `0044` and every longer number that starts with it; `0049… but not 00491…,
/// 004930…` leaves out the longer numbers that continue with `1` or `30`. Regions are what
/// `routesim map` cuts the number space into: the numbers a prefix record matches are its
/// prefix and everything longer, but for the longer prefixes below it.
public struct NumberRegion: Hashable, Sendable {
    /// The symbols each of the first `minLength` positions may hold.
    public private(set) var masks: [SymbolSet]
    /// The symbols position `minLength` may hold in the numbers longer than `minLength`.
    public private(set) var next: SymbolSet
    public private(set) var maxLength: Int
    /// Continuations left out: a number whose characters from `minLength` on start with one of
    /// these (dial bytes, sorted, none the prefix of another) is not in the region.
    public private(set) var excluded: [[UInt8]]

    public var minLength: Int { masks.count }

    public init(masks: [SymbolSet], next: SymbolSet = .all, maxLength: Int, excluded: [[UInt8]] = []) {
        precondition(!masks.isEmpty && maxLength >= masks.count && !masks.contains(where: \.isEmpty))
        self.masks = masks
        self.maxLength = next.isEmpty ? masks.count : maxLength
        self.next = self.maxLength == masks.count || next.isEmpty ? .all : next
        let room = self.maxLength - masks.count
        var nextSet = self.next
        var paths = Self.minimal(
            excluded.filter { !$0.isEmpty && $0.count <= room && nextSet.contains(SymbolSet.symbol($0[0])) })
        // An excluded single symbol is a restriction of the next position.
        for path in paths where path.count == 1 { nextSet = nextSet.subtracting(.single(SymbolSet.symbol(path[0]))) }
        paths.removeAll { $0.count == 1 }
        self.excluded = paths
        if nextSet.isEmpty {
            self.maxLength = masks.count
            self.next = .all
            self.excluded = []
        } else {
            self.next = nextSet
        }
    }

    /// Sorted, and without a path another one starts.
    static func minimal(_ paths: [[UInt8]]) -> [[UInt8]] {
        let sorted = paths.sorted { $0.lexicographicallyPrecedes($1) }
        var out: [[UInt8]] = []
        for path in sorted {
            if let last = out.last, path.starts(with: last) { continue }
            out.append(path)
        }
        return out
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

    /// Whether numbers longer than `minLength` belong to the region.
    public var grows: Bool { maxLength > minLength }

    /// The symbols position `p` may hold in the numbers that have one.
    public func mask(at p: Int) -> SymbolSet {
        if p < masks.count { return masks[p] }
        return p == masks.count ? next : .all
    }

    /// The shortest number of the region, and the smallest of those (symbol order `0-9 * # +`).
    public var witness: String { String(decoding: witnessBytes, as: UTF8.self) }

    public var witnessBytes: [UInt8] { masks.map { SymbolSet.byte($0.first) } }

    /// Whether the region holds `number`.
    public func contains(_ number: some Collection<UInt8>) -> Bool {
        guard number.count >= minLength && number.count <= maxLength else { return false }
        for (p, byte) in number.enumerated() {
            let symbol = SymbolSet.symbol(byte)
            if symbol < 0 || !mask(at: p).contains(symbol) { return false }
        }
        if !excluded.isEmpty {
            let tail = Array(number.dropFirst(minLength))
            if excluded.contains(where: { tail.starts(with: $0) }) { return false }
        }
        return true
    }

    public func contains(_ number: String) -> Bool { contains(Array(number.utf8)) }

    /// The numbers both regions hold, or nil (regions without exclusions).
    public func intersection(_ other: NumberRegion) -> NumberRegion? {
        precondition(excluded.isEmpty && other.excluded.isEmpty)
        let lo = max(minLength, other.minLength), hi = min(maxLength, other.maxLength)
        guard lo <= hi else { return nil }
        var result: [SymbolSet] = []
        for p in 0..<lo {
            let both = mask(at: p).intersection(other.mask(at: p))
            if both.isEmpty { return nil }
            result.append(both)
        }
        return NumberRegion(masks: result, next: mask(at: lo).intersection(other.mask(at: lo)), maxLength: hi)
    }

    /// Whether the two regions share a number.
    public func overlaps(_ other: NumberRegion) -> Bool {
        if excluded.isEmpty && other.excluded.isEmpty { return intersection(other) != nil }
        let bases = [self, other].map { NumberRegion(masks: $0.masks, next: $0.next, maxLength: $0.maxLength) }
        guard let common = bases[0].intersection(bases[1]) else { return false }
        // The common part, but for what either leaves out: whether some number survives.
        return NumberRegion.enumerate(common, limit: 4096) { candidate in self.contains(candidate) && other.contains(candidate) }
            ?? true
    }

    /// Calls `body` on the region's numbers in order (shorter first) until it returns true or
    /// `limit` numbers were tried: true when it did, false when the region ran out, nil at the
    /// limit.
    static func enumerate(_ region: NumberRegion, limit: Int, _ body: ([UInt8]) -> Bool) -> Bool? {
        var tried = 0
        for length in region.minLength...region.maxLength {
            var symbols = (0..<length).map { region.mask(at: $0).first }
            while true {
                let bytes = symbols.map(SymbolSet.byte)
                if body(bytes) { return true }
                tried += 1
                if tried >= limit { return nil }
                var p = length - 1
                while p >= 0 {
                    if let bigger = region.mask(at: p).symbols.first(where: { $0 > symbols[p] }) {
                        symbols[p] = bigger
                        for q in (p + 1)..<length { symbols[q] = region.mask(at: q).first }
                        break
                    }
                    p -= 1
                }
                if p < 0 { break }
            }
        }
        return false
    }

    /// Whether every number of `other` is in this region (this one without exclusions).
    public func covers(_ other: NumberRegion) -> Bool {
        precondition(excluded.isEmpty)
        guard other.minLength >= minLength && other.maxLength <= maxLength else { return false }
        for p in 0..<other.minLength where other.masks[p].subtracting(mask(at: p)) != .empty { return false }
        if other.grows && other.next.subtracting(mask(at: other.minLength)) != .empty { return false }
        return true
    }

    // MARK: Splitting

    /// The region with position `p` (< `minLength`) restricted to `set` (what it leaves out
    /// past `minLength` stays).
    public func restricting(_ p: Int, to set: SymbolSet) -> NumberRegion {
        var copy = self
        copy.masks[p] = set
        return copy
    }

    /// Splits position `p` (< `minLength`) into one region per symbol of `distinguished` (which
    /// must lie in its mask) and one region for the rest of the mask, if any.
    func splitting(_ p: Int, distinguishing distinguished: SymbolSet) -> [NumberRegion] {
        var parts = distinguished.symbols.map { restricting(p, to: .single($0)) }
        let rest = masks[p].subtracting(distinguished)
        if !rest.isEmpty { parts.append(restricting(p, to: rest)) }
        return parts
    }

    /// Splits the longer numbers by their symbol at `minLength`: one region per symbol of
    /// `distinguished` (at least one character longer), and the rest, which keeps the numbers
    /// of `minLength` characters and the longer ones that continue otherwise.
    func splittingNext(distinguishing distinguished: SymbolSet) -> [NumberRegion] {
        precondition(grows)
        var parts: [NumberRegion] = []
        for s in distinguished.intersection(next).symbols {
            let byte = SymbolSet.byte(s)
            let under = excluded.filter { $0[0] == byte }
            if under.contains(where: { $0.count == 1 }) { continue }  // every such number is left out
            parts.append(NumberRegion(masks: masks + [.single(s)], maxLength: maxLength, excluded: under.map { Array($0.dropFirst()) }))
        }
        let rest = next.subtracting(distinguished)
        parts.append(
            NumberRegion(
                masks: masks, next: rest, maxLength: rest.isEmpty ? minLength : maxLength,
                excluded: excluded.filter { !distinguished.contains(SymbolSet.symbol($0[0])) }))
        return parts
    }

    /// Splits off the numbers that continue with each of `frontier` (paths from `minLength`,
    /// none the prefix of another): one region per path (what this region leaves out below it
    /// carried along), and the rest, which leaves them all out.
    func splittingFrontier(_ frontier: [[UInt8]]) -> [NumberRegion] {
        var parts: [NumberRegion] = []
        for path in frontier {
            if excluded.contains(where: { path.starts(with: $0) }) { continue }  // already left out
            let below = excluded.filter { $0.count > path.count && $0.starts(with: path) }.map { Array($0.dropFirst(path.count)) }
            parts.append(
                NumberRegion(
                    masks: masks + path.map { .single(SymbolSet.symbol($0)) }, maxLength: maxLength, excluded: below))
        }
        parts.append(NumberRegion(masks: masks, next: next, maxLength: maxLength, excluded: excluded + frontier))
        return parts
    }

    /// The region cut so that no part leaves anything out past its shortest numbers: one part
    /// per excluded first symbol, and the rest (which holds the witness); nil when the region
    /// leaves nothing out. Splits by length need it.
    func withoutExclusions() -> [NumberRegion]? {
        guard !excluded.isEmpty else { return nil }
        var first = SymbolSet.empty
        for path in excluded { first.insert(SymbolSet.symbol(path[0])) }
        return splittingNext(distinguishing: first)
    }

    /// Splits by length: one region for each length from `minLength` to `length - 1`, and one
    /// for lengths `length` to `maxLength`. `length` must lie in `minLength + 1 ... maxLength`.
    func splitting(atLength length: Int) -> [NumberRegion] {
        if let parts = withoutExclusions() { return parts }
        precondition(length > minLength && length <= maxLength)
        func extended(to n: Int) -> [SymbolSet] {
            n == minLength ? masks : masks + [next] + Array(repeating: .all, count: n - minLength - 1)
        }
        var parts: [NumberRegion] = []
        for n in minLength..<length { parts.append(NumberRegion(masks: extended(to: n), maxLength: n)) }
        parts.append(NumberRegion(masks: extended(to: length), maxLength: maxLength))
        return parts
    }

    // MARK: Counting

    /// The numbers of the region that have `length` characters.
    public func count(length: Int) -> NumberCount {
        guard length >= minLength && length <= maxLength else { return .zero }
        var product = countAtMinLength
        if length > minLength {
            product = product * NumberCount(UInt128(next.count)) * NumberCount.alphabetPower(length - minLength - 1)
            var left = NumberCount.zero
            for path in excluded where minLength + path.count <= length {
                left = left + countAtMinLength * NumberCount.alphabetPower(length - minLength - path.count)
            }
            product = NumberCount(product.value - min(product.value, left.value))
        }
        return product
    }

    /// How many numbers the region holds.
    public var count: NumberCount {
        (minLength...maxLength).reduce(NumberCount.zero) { $0 + count(length: $1) }
    }

    /// The numbers of `minLength` characters: the product of the masks' sizes.
    public var countAtMinLength: NumberCount {
        masks.reduce(NumberCount.one) { $0 * NumberCount(UInt128($1.count)) }
    }

    // MARK: Order

    /// Regions in the order of their witnesses: shorter first, then symbol by symbol.
    public static func witnessOrder(_ a: NumberRegion, _ b: NumberRegion) -> Bool {
        if a.minLength != b.minLength { return a.minLength < b.minLength }
        for p in 0..<a.minLength where a.masks[p].first != b.masks[p].first { return a.masks[p].first < b.masks[p].first }
        return false
    }
}

extension NumberRegion {
    /// The indices of `sorted` (byte strings in byte order) that start with the region's fixed
    /// prefix (its leading positions of one symbol each): the only ones it can hold. They are
    /// neighbours, found by a binary search.
    func candidates(in sorted: [[UInt8]]) -> Range<Int> {
        var prefix: [UInt8] = []
        for mask in masks {
            guard mask.isSingle else { break }
            prefix.append(SymbolSet.byte(mask.first))
        }
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid].lexicographicallyPrecedes(prefix) { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < sorted.count && sorted[end].starts(with: prefix) { end += 1 }
        return low..<end
    }
}
