import DigitTrie

/// The obvious way to match: scan every row and keep the longest prefix that fits.
///
/// It is the reference the trie is tested against (same answers on random tables) and the
/// baseline the benchmarks compare with (what a script over the OpenAPI does).
public struct LinearMatcher: PrefixTable, Sendable {
    private var rows: [(prefix: [UInt8], value: Int32)] = []

    public init() {}

    /// A linear scan over `rows`, in their order: what a script over the OpenAPI does with the
    /// rows it listed.
    public init(rows: [(prefix: String, value: Int32)]) {
        // No duplicate check: `longestPrefix` keeps the first of equal rows by itself.
        self.rows = rows.map { (Array($0.prefix.utf8), $0.value) }
    }

    /// Adds a row; a prefix given twice keeps its first value, as the trie does. A prefix with a
    /// character outside the dial alphabet is left out, as the trie leaves it out.
    public mutating func insert(_ prefix: String, value: Int32) {
        let bytes = Array(prefix.utf8)
        guard bytes.allSatisfy({ DigitTrie.symbol($0) >= 0 }) else { return }
        guard !rows.contains(where: { $0.prefix == bytes }) else { return }
        rows.append((bytes, value))
    }

    /// The value of the longest row that is a prefix of `number` (matching stops at the first
    /// character outside the dial alphabet), or -1.
    public func longestPrefix(_ number: String) -> Int32 {
        let bytes = Array(number.utf8.prefix(while: { DigitTrie.symbol($0) >= 0 }))
        var best: Int32 = -1
        var bestLength = -1
        for row in rows where row.prefix.count > bestLength && row.prefix.count <= bytes.count {
            if bytes.starts(with: row.prefix) {
                best = row.value
                bestLength = row.prefix.count
            }
        }
        return best
    }

    /// The value of the row equal to `number`, or -1.
    public func exactMatch(_ number: String) -> Int32 {
        let bytes = Array(number.utf8)
        return rows.first(where: { $0.prefix == bytes })?.value ?? -1
    }
}
