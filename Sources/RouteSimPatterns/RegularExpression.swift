import CPCRE2

/// A PCRE2 regular expression, compiled once (with JIT where the library has it) and shareable.
///
/// The compiled pattern is immutable after `init`, so one instance may be used from many threads
/// at once; each `matches(_:)` call makes its own match data, which PCRE2 does not allow to share.
/// A hot loop on one thread uses a `RegularExpressionMatcher` instead, which reuses its match
/// data. Matching is unanchored, as with `grep -P`: write `^…$` to match a whole number.
///
/// This type and `RegularExpressionMatcher` are the only owners of PCRE2 handles in routesim:
/// every compiled pattern is freed here, every match-data block there.
public final class RegularExpression: @unchecked Sendable, CustomStringConvertible {
    /// The pattern as written, without delimiters.
    public let pattern: String
    /// Whether PCRE2 compiled the pattern to machine code (false where JIT is unavailable).
    public let isJITCompiled: Bool
    /// The compiled pattern, freed in `deinit`.
    let code: OpaquePointer

    /// Compiles `pattern`; throws with PCRE2's message and the offset it points at.
    ///
    /// - Parameter utf: read the pattern and the subjects as UTF-8 characters (PCRE2's UTF
    ///   mode, the default), or as bytes when false: what Kamailio's dialplan module does with
    ///   its rules, and cheaper per match (no check that the subject is valid UTF-8).
    public init(_ pattern: String, utf: Bool = true) throws(RegularExpressionError) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer { buffer in
            cpcre2_compile(buffer.baseAddress, buffer.count, utf ? cpcre2_utf() : 0, &errorCode, &errorOffset)
        }
        guard let compiled else {
            throw RegularExpressionError(
                pattern: pattern, message: Self.message(for: errorCode), offset: errorOffset)
        }
        self.pattern = pattern
        self.code = compiled
        self.isJITCompiled = cpcre2_jit_compile(compiled) == 0
    }

    deinit { cpcre2_code_free(code) }

    /// Whether the pattern matches anywhere in `subject`.
    ///
    /// Throws when PCRE2 gives up instead of answering — its match limit, depth (recursion)
    /// limit, heap limit or JIT stack was exhausted by backtracking — or cannot make match data:
    /// "no match" is never said of a subject PCRE2 did not finish with.
    public func matches(_ subject: String) throws(RegularExpressionMatchError) -> Bool {
        guard let matchData = cpcre2_match_data_create(code) else {
            throw RegularExpressionMatchError(pattern: pattern, subject: subject, message: "PCRE2 cannot allocate match data")
        }
        defer { cpcre2_match_data_free(matchData) }
        let length = subject.utf8.count
        // withCString always gives a valid pointer, even for an empty subject.
        let result = subject.withCString { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: length + 1) { bytes in
                cpcre2_match(code, bytes, length, matchData)
            }
        }
        if result >= 0 { return true }
        if result == cpcre2_no_match() { return false }
        throw RegularExpressionMatchError(pattern: pattern, subject: subject, message: Self.message(for: result))
    }

    /// `/pattern/`, the way case files write it.
    public var description: String { "/\(pattern)/" }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer { cpcre2_get_error_message(errorCode, $0.baseAddress, $0.count) }
        guard length > 0 else { return "PCRE2 error \(errorCode)" }
        return String(decoding: buffer[..<Int(length)], as: UTF8.self)
    }
}

/// A pattern PCRE2 refused: its message, and the offset in the pattern where it stopped.
public struct RegularExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var pattern: String
    public var message: String
    /// The 0-based byte offset in the pattern at which PCRE2 found the problem.
    public var offset: Int

    /// `invalid regular expression /^0086(\d+$/: missing closing parenthesis at offset 10`.
    public var description: String {
        "invalid regular expression /\(pattern)/: \(message) at offset \(offset)"
    }
}

/// A match PCRE2 could not finish: the pattern backtracks too much for the subject (its match,
/// depth or heap limit), or another engine error. Not a mismatch: the answer is unknown.
public struct RegularExpressionMatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public var pattern: String
    public var subject: String
    /// PCRE2's message (`match limit exceeded`).
    public var message: String

    /// `the regular expression /^(\d+)+x$/ could not be matched against "0123…": match limit
    /// exceeded; simplify the pattern (it backtracks too much)`.
    public var description: String {
        "the regular expression /\(pattern)/ could not be matched against \"\(subject)\": \(message); "
            + "simplify the pattern (it backtracks too much)"
    }
}
