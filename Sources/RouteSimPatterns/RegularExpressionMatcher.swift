import CPCRE2

/// Tries regular expressions in order on subjects, reusing one match-data block: for a hot loop
/// on one thread.
///
/// `RegularExpression.matches(_:)` makes match data for each call so that one expression can be
/// used from many threads at once; a loop over many subjects or many expressions pays for that
/// allocation every time. A matcher allocates it once, and so must stay on one thread: it is not
/// `Sendable`. Make one per thread; the expressions themselves are shared.
public final class RegularExpressionMatcher {
    /// The expressions, in the order `firstMatch(in:)` tries them.
    public let expressions: [RegularExpression]
    /// The compiled patterns of `expressions` side by side, for the loop of `firstMatch(in:)`.
    private let codes: [OpaquePointer]
    /// One pair of offsets: enough to tell whether a pattern matches (PCRE2 answers 0, still a
    /// match, when a pattern has more groups than the block holds). Freed in `deinit`.
    private let matchData: OpaquePointer

    public init(_ expressions: [RegularExpression]) {
        self.expressions = expressions
        codes = expressions.map(\.code)
        guard let matchData = cpcre2_match_data_create_pairs(1) else { fatalError("PCRE2 cannot allocate match data") }
        self.matchData = matchData
    }

    deinit { cpcre2_match_data_free(matchData) }

    /// The position in `expressions` of the first that matches `subject` (unanchored, as
    /// `RegularExpression.matches(_:)`), or nil when none does.
    public func firstMatch(in subject: String) -> Int? {
        var subject = subject
        return subject.withUTF8 { bytes in
            if let base = bytes.baseAddress { return firstMatch(in: base, count: bytes.count) }
            // PCRE2 refuses a null subject, even an empty one.
            let empty: UInt8 = 0
            return withUnsafePointer(to: empty) { firstMatch(in: $0, count: 0) }
        }
    }

    private func firstMatch(in subject: UnsafePointer<UInt8>, count: Int) -> Int? {
        for (i, code) in codes.enumerated() where cpcre2_match(code, subject, count, matchData) >= 0 { return i }
        return nil
    }
}

/// Match data must not be shared between threads.
@available(*, unavailable)
extension RegularExpressionMatcher: Sendable {}
