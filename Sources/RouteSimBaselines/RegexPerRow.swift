import RouteSimPatterns

/// One PCRE2 regular expression per row, tried in priority order: how Kamailio's `dialplan`
/// module matches.
///
/// Each row becomes `^PREFIX`, compiled as Kamailio compiles its rules (bytes, not UTF mode) and
/// JIT-compiled; rows are ordered longest prefix first (snapshot order among equals), so the first
/// regex that matches is the longest prefix. The benchmarks use it as the baseline for "a rule per
/// row, regular expressions". Per row a lookup does what Kamailio does per rule, one `pcre2_match`,
/// except that Kamailio also creates and frees a match-data block for each rule: here one block is
/// reused (`RegularExpressionMatcher`), which favours the baseline, never the trie.
///
/// Not `Sendable` (the matcher's match data): use a `RegexPerRow` from one thread at a time.
public struct RegexPerRow: PrefixTable {
    private let matcher: RegularExpressionMatcher
    /// The value of each row, in the matcher's order.
    private let values: [Int32]

    public init(rows: [(prefix: String, value: Int32)]) {
        let ordered = rows.enumerated().sorted { a, b in
            a.element.prefix.utf8.count != b.element.prefix.utf8.count
                ? a.element.prefix.utf8.count > b.element.prefix.utf8.count : a.offset < b.offset
        }
        var expressions: [RegularExpression] = []
        expressions.reserveCapacity(ordered.count)
        for (_, row) in ordered {
            var pattern = "^"
            for c in row.prefix.unicodeScalars {
                if c == "*" || c == "+" || c == "#" { pattern += "\\" }
                pattern.unicodeScalars.append(c)
            }
            do {
                expressions.append(try RegularExpression(pattern, utf: false))
            } catch {
                preconditionFailure("a dial-string pattern does not compile: \(error)")
            }
        }
        matcher = RegularExpressionMatcher(expressions)
        values = ordered.map(\.element.value)
    }

    public func longestPrefix(_ number: String) -> Int32 {
        matcher.firstMatch(in: number).map { values[$0] } ?? -1
    }
}
