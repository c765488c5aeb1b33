/// Patterns: how people read and write regions.
///
/// A pattern is one item per position — a dial character (`0`–`9`, `*`, `#`, `+`), `x` for any
/// of the thirteen, or a class `[0-4]`, `[79*]`, `[^5]` — optionally followed by `…` (or `...`):
/// any further characters. `2[0-4]xx` is every 4-character number from `200` to `24+`;
/// `0044…` is `0044` and every longer number that starts with it.
extension NumberRegion {
    /// The pattern of the region (its lengths are `minLength`–`maxLength`; `…` marks a range):
    /// `2[0-4]xx`, `0044…`, `0049… but not 00491…, 004930…`.
    public var pattern: String { patternText() }

    /// The pattern, listing at most `limit` of the continuations it leaves out.
    public func patternText(limit: Int = 8) -> String {
        let head = masks.map(\.patternText).joined()
        guard grows else { return head }
        var left: [String] = []
        if next != .all { left.append(head + SymbolSet.all.subtracting(next).patternText + "…") }
        for path in excluded {
            left.append(head + String(decoding: path, as: UTF8.self) + (minLength + path.count < maxLength ? "…" : ""))
        }
        guard !left.isEmpty else { return head + "…" }
        let shown = left.prefix(limit).joined(separator: ", ")
        return head + "… but not " + shown + (left.count > limit ? " and \(left.count - limit) more" : "")
    }

    /// The lengths as people read them: `4` or `5–24`.
    public var lengthText: String { minLength == maxLength ? "\(minLength)" : "\(minLength)–\(maxLength)" }

    /// What the region holds per length n: `845` (one length), `65×13^(n−3)`, or with a
    /// restricted next symbol `1, then 12×13^(n−5)` (one number of the shortest length, then
    /// that many of each longer length n); a region that leaves continuations out gives its
    /// total (`≈1.2e20 in all`).
    public var countText: String {
        let base = countAtMinLength.shortText
        if !grows { return base }
        if !excluded.isEmpty { return "\(count.shortText) in all" }
        if next == .all { return "\(base == "1" ? "" : base + "×")13^(n−\(minLength))" }
        let longer = countAtMinLength * NumberCount(UInt128(next.count))
        return "\(base), then \(longer.shortText)×13^(n−\(minLength + 1))"
    }

    /// A region from its pattern; a pattern ending in `…` reaches `maxLength` characters.
    ///
    /// Throws a message that names the pattern and what is wrong in it.
    public init(pattern: String, maxLength: Int) throws(PatternError) {
        let parts = pattern.split(separator: " but not ", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            let whole = try NumberRegion(pattern: String(parts[0]), maxLength: maxLength)
            guard whole.grows, whole.next == .all else {
                throw PatternError(pattern: pattern, message: "'but not' follows a pattern that ends in …")
            }
            var next = SymbolSet.all
            var paths: [[UInt8]] = []
            for item in parts[1].split(separator: ",") {
                let text = item.trimmingSpaces
                let left = try NumberRegion(pattern: text, maxLength: maxLength)
                guard left.minLength > whole.minLength, Array(left.masks.prefix(whole.minLength)) == whole.masks,
                    left.maxLength == maxLength || left.maxLength == left.minLength
                else {
                    throw PatternError(pattern: pattern, message: "'\(text)' does not continue '\(parts[0])'")
                }
                let rest = left.masks.dropFirst(whole.minLength)
                if rest.count == 1 && !rest.first!.isSingle {
                    next = next.subtracting(rest.first!)
                } else if rest.allSatisfy(\.isSingle) {
                    paths.append(rest.map { SymbolSet.byte($0.first) })
                } else {
                    throw PatternError(
                        pattern: pattern, message: "'\(text)': what 'but not' leaves out is a class of one position or a fixed continuation"
                    )
                }
            }
            self.init(masks: whole.masks, next: next, maxLength: maxLength, excluded: paths)
            return
        }
        let chars = Array(pattern)
        var masks: [SymbolSet] = []
        var open = false
        var i = 0
        func fail(_ what: String) -> PatternError { PatternError(pattern: pattern, message: what) }
        while i < chars.count {
            let c = chars[i]
            if c == "…" || (c == "." && chars.count - i >= 3 && chars[i + 1] == "." && chars[i + 2] == ".") {
                let width = c == "…" ? 1 : 3
                guard i + width == chars.count else { throw fail("'…' may only end the pattern") }
                open = true
                break
            }
            if c == "x" || c == "X" {
                masks.append(.all)
                i += 1
                continue
            }
            if c == "[" {
                guard let close = chars[(i + 1)...].firstIndex(of: "]") else { throw fail("a class '[' is not closed by ']'") }
                var body = Array(chars[(i + 1)..<close])
                let negated = body.first == "^"
                if negated { body.removeFirst() }
                var set = SymbolSet.empty
                var j = 0
                while j < body.count {
                    guard let a = Self.symbol(body[j]) else { throw fail("'\(body[j])' in a class is not a dial character") }
                    if j + 2 < body.count && body[j + 1] == "-" {
                        guard let b = Self.symbol(body[j + 2]), a <= 9, b <= 9, a <= b else {
                            throw fail("a range in a class runs from a digit to a larger digit, such as 0-4")
                        }
                        for s in a...b { set.insert(s) }
                        j += 3
                    } else {
                        set.insert(a)
                        j += 1
                    }
                }
                if negated { set = SymbolSet.all.subtracting(set) }
                guard !set.isEmpty else { throw fail("the class [\(String(body))] holds no dial character") }
                masks.append(set)
                i = close + 1
                continue
            }
            guard let s = Self.symbol(c) else {
                throw fail("'\(c)' is not a dial character; use 0-9 * # +, x for any, a class such as [0-4], and … at the end")
            }
            masks.append(.single(s))
            i += 1
        }
        guard !masks.isEmpty else { throw fail("a pattern names at least one position") }
        guard masks.count <= maxLength else {
            throw fail("it is \(masks.count) characters long; the number space ends at \(maxLength)")
        }
        self.init(masks: masks, maxLength: open ? maxLength : masks.count)
    }

    static func symbol(_ c: Character) -> Int? {
        guard let ascii = c.asciiValue else { return nil }
        let s = SymbolSet.symbol(ascii)
        return s < 0 ? nil : s
    }
}

/// A pattern that cannot be read: the pattern and what is wrong.
public struct PatternError: Error, Sendable, Equatable, CustomStringConvertible {
    public var pattern: String
    public var message: String
    public var description: String { "pattern '\(pattern)': \(message)" }
}

extension Substring {
    var trimmingSpaces: String {
        var text = self[...]
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
