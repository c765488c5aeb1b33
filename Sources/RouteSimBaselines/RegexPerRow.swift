import CPCRE2

/// One PCRE2 regular expression per row, tried in priority order: how Kamailio's `dialplan`
/// module matches.
///
/// Each row becomes `^PREFIX` (JIT-compiled); rows are ordered longest prefix first (snapshot
/// order among equals), so the first regex that matches is the longest prefix. The benchmarks
/// use it as the baseline for "a rule per row, regular expressions". A minimal PCRE2 use of its
/// own (the project's `RouteSimPatterns` wrapper lives in another module).
public final class RegexPerRow: PrefixTable {
    private var codes: [OpaquePointer] = []
    private var values: [Int32] = []
    private let matchData: OpaquePointer?

    public init(rows: [(prefix: String, value: Int32)]) {
        let ordered = rows.enumerated().sorted { a, b in
            a.element.prefix.utf8.count != b.element.prefix.utf8.count
                ? a.element.prefix.utf8.count > b.element.prefix.utf8.count : a.offset < b.offset
        }
        codes.reserveCapacity(ordered.count)
        for (_, row) in ordered {
            var pattern = "^"
            for c in row.prefix.unicodeScalars {
                if c == "*" || c == "+" || c == "#" { pattern += "\\" }
                pattern.unicodeScalars.append(c)
            }
            var errorCode: Int32 = 0
            var errorOffset = 0
            let code = pattern.utf8CString.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt8.self) {
                    cpcre2_compile($0.baseAddress, $0.count - 1, 0, &errorCode, &errorOffset)
                }
            }
            guard let code else { preconditionFailure("pattern \(pattern) does not compile (PCRE2 error \(errorCode))") }
            _ = cpcre2_jit_compile(code)
            codes.append(code)
            values.append(row.value)
        }
        // One match data block, reused: a `RegexPerRow` is used from one thread at a time.
        matchData = codes.first.map { cpcre2_match_data_create($0) }
    }

    deinit {
        for code in codes { cpcre2_code_free(code) }
        if let matchData { cpcre2_match_data_free(matchData) }
    }

    /// The number of compiled patterns.
    public var count: Int { codes.count }

    public func longestPrefix(_ number: String) -> Int32 {
        func firstMatch(_ subject: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
            for (i, code) in codes.enumerated() where cpcre2_match(code, subject, count, matchData) >= 0 {
                return values[i]
            }
            return -1
        }
        var number = number
        return number.withUTF8 { bytes in
            if let base = bytes.baseAddress { return firstMatch(base, bytes.count) }
            // PCRE2 refuses a null subject, even an empty one.
            let empty: UInt8 = 0
            return withUnsafePointer(to: empty) { firstMatch($0, 0) }
        }
    }
}
