/// A JSON syntax error with the line and column where it was found.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A pull scanner over UTF-8 JSON bytes.
///
/// It serves two readers: `readValue()` builds a `JSONValue` tree, and the snapshot decoder walks
/// records member by member without building a tree (a 1M-row plan must load in about a second).
/// It tracks the line of every token, which error messages and SARIF locations use.
struct JSONScanner {
    /// The bytes read: the input, or a prefix of it (`see(_:of:)`).
    private(set) var bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    private(set) var line = 1
    private var lineStart = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// A scanner that starts at `position`, counting lines from 1 there (`SplitDecode`).
    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) {
        self.bytes = bytes
        self.position = position
        lineStart = position
    }

    /// Where a scanner stands: its position, line and the start of that line.
    struct Mark {
        var position: Int
        var line: Int
        var lineStart: Int
    }

    var mark: Mark { Mark(position: position, line: line, lineStart: lineStart) }

    /// Goes on from where a scanner that started at this one's position stopped (`other`, its
    /// lines counted from 1 here).
    mutating func resume(after other: Mark) {
        position = other.position
        if other.line > 1 { lineStart = other.lineStart }
        line += other.line - 1
    }

    /// Reads only the first `count` bytes of `whole`, the input this scanner was made with: to
    /// it the input ends there (`SnapshotDecoder.Stream`: the bytes after it are not read from
    /// the file yet, or another thread may give them back meanwhile).
    mutating func see(_ count: Int, of whole: UnsafeBufferPointer<UInt8>) {
        precondition(whole.baseAddress == bytes.baseAddress && count <= whole.count)
        bytes = UnsafeBufferPointer(rebasing: whole[..<count])
    }

    var column: Int { position - lineStart + 1 }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: column, message: message)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        // Most calls find a significant byte at once: test it before entering the loop.
        if position < bytes.count && bytes[position] > 0x20 { return }
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0D: position += 1
            case 0x0A:
                position += 1
                line += 1
                lineStart = position
            default: return
            }
        }
    }

    /// The next significant byte, without consuming it; nil at the end of input.
    @inline(__always)
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    private func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the input" }
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        let next = peek()
        guard next == byte else { throw error("expected \(what), found \(describe(next))") }
        position += 1
    }

    mutating func expectEnd() throws(JSONSyntaxError) {
        if let next = peek() { throw error("unexpected \(describe(next)) after the end of the JSON value") }
    }

    // MARK: Objects and arrays, step by step

    /// Consumes `{`. Then call `nextMember(first:)` until it returns nil.
    mutating func beginObject() throws(JSONSyntaxError) { try expect(UInt8(ascii: "{"), "'{'") }

    /// Reads the next member's name and the `:` after it, or consumes `}` and returns nil.
    mutating func nextMember(first: Bool) throws(JSONSyntaxError) -> RawString? {
        if first {
            if peek() == UInt8(ascii: "}") { position += 1; return nil }
        } else {
            let next = peek()
            if next == UInt8(ascii: "}") { position += 1; return nil }
            guard next == UInt8(ascii: ",") else { throw error("expected ',' or '}' in an object, found \(describe(next))") }
            position += 1
        }
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name in quotes, found \(describe(peek()))") }
        position += 1
        let name = try readStringBody()
        if position < bytes.count && bytes[position] == UInt8(ascii: ":") {
            position += 1
        } else {
            try expect(UInt8(ascii: ":"), "':' after a member name")
        }
        return name
    }

    /// As `nextMember(first:)`, when the name is likely `expected` (a record's next field in the
    /// order its records usually list them): when the bytes there are that name in quotes and a
    /// `:` (after the `,`, and spaces, for a member after the first), they are taken at once, with
    /// `matched` true, instead of being scanned byte by byte. Anything else, `nextMember(first:)`
    /// reads from where it would have started: the same name, error, line and column.
    @inline(__always)
    mutating func nextMember(first: Bool, expected: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> (
        name: RawString, matched: Bool
    )? {
        skipWhitespace()
        let count = bytes.count, length = expected.count
        if let base = bytes.baseAddress, let name = expected.baseAddress {
            var i = position
            if !first, i < count, base[i] == UInt8(ascii: ",") {
                i += 1
                while i < count && base[i] == 0x20 { i += 1 }
            }
            // The quote, the name, the quote and the colon: length + 3 bytes from i.
            if i > position || first, i &+ length &+ 3 <= count, base[i] == UInt8(ascii: "\""),
                base[i &+ length &+ 1] == UInt8(ascii: "\""), base[i &+ length &+ 2] == UInt8(ascii: ":"),
                Self.equal(base + i + 1, name, count: length)
            {
                position = i &+ length &+ 3
                return (RawString(start: i + 1, end: i + 1 + length, hasEscapes: false), true)
            }
        }
        return try nextMember(first: first).map { ($0, false) }
    }

    /// Whether two byte runs are equal, compared eight bytes at a time.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        var k = 0
        while k &+ 8 <= count {
            let x = UnsafeRawPointer(a + k).loadUnaligned(as: UInt64.self)
            let y = UnsafeRawPointer(b + k).loadUnaligned(as: UInt64.self)
            if x != y { return false }
            k &+= 8
        }
        while k < count {
            if a[k] != b[k] { return false }
            k &+= 1
        }
        return true
    }

    /// Consumes `[`. Then call `nextElement(first:)` until it returns false.
    mutating func beginArray() throws(JSONSyntaxError) { try expect(UInt8(ascii: "["), "'['") }

    /// True when another element follows (its value is next); consumes `]` and returns false at the end.
    mutating func nextElement(first: Bool) throws(JSONSyntaxError) -> Bool {
        let next = peek()
        if next == UInt8(ascii: "]") { position += 1; return false }
        if first { return true }
        guard next == UInt8(ascii: ",") else { throw error("expected ',' or ']' in an array, found \(describe(next))") }
        position += 1
        return true
    }

    // MARK: Scalars

    /// A string token: its bytes in the input, and whether they hold escapes to decode.
    struct RawString {
        var start: Int
        var end: Int
        var hasEscapes: Bool
    }

    /// Reads a string after its opening quote, up to and including the closing quote.
    @inline(__always)
    mutating func readStringBody() throws(JSONSyntaxError) -> RawString {
        let start = position
        let count = bytes.count
        var i = position
        var hasEscapes = false
        if let base = bytes.baseAddress {
            while i < count {
                let byte = base[i]
                if byte == UInt8(ascii: "\"") {
                    position = i + 1
                    return RawString(start: start, end: i, hasEscapes: hasEscapes)
                }
                if byte == UInt8(ascii: "\\") {
                    hasEscapes = true
                    i += 2
                    continue
                }
                if byte < 0x20 {
                    position = i
                    throw error("control character \(describe(byte)) inside a string")
                }
                i += 1
            }
        }
        position = i
        throw error("unterminated string")
    }

    /// Reads a string when one is next (the common case of a string field), else reads nothing.
    @inline(__always)
    mutating func readStringIfNext() throws(JSONSyntaxError) -> RawString? {
        skipWhitespace()
        guard position < bytes.count && bytes[position] == UInt8(ascii: "\"") else { return nil }
        position += 1
        return try readStringBody()
    }

    func decode(_ raw: RawString) throws(JSONSyntaxError) -> String {
        if raw.start == raw.end { return "" }
        let slice = UnsafeBufferPointer(rebasing: bytes[raw.start..<raw.end])
        if !raw.hasEscapes {
            // ASCII needs no validation (and `String(validating:)` is not specialised for it).
            var high: UInt8 = 0
            for byte in slice { high |= byte }
            if high < 0x80 { return String(decoding: slice, as: UTF8.self) }
            guard let string = String(validating: slice, as: UTF8.self) else {
                throw JSONSyntaxError(line: line, column: column, message: "a string is not valid UTF-8")
            }
            return string
        }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = 0
        while i < slice.count {
            let byte = slice[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            guard i + 1 < slice.count else { throw error("bad escape at the end of a string") }
            let esc = slice[i + 1]
            i += 2
            switch esc {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(slice, &i)
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 1 < slice.count, slice[i] == UInt8(ascii: "\\"), slice[i + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in a \\u escape")
                    }
                    i += 2
                    let low = try hex4(slice, &i)
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("unpaired surrogate in a \\u escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(esc)))' in a string")
            }
        }
        guard let string = String(validating: out, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
        return string
    }

    private func hex4(_ slice: UnsafeBufferPointer<UInt8>, _ i: inout Int) throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= slice.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = slice[i]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("bad hex digit in a \\u escape")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    /// Reads a number token and returns its exact text range.
    mutating func readNumberRange() throws(JSONSyntaxError) -> Range<Int> {
        skipWhitespace()
        let start = position
        if position < bytes.count && bytes[position] == UInt8(ascii: "-") { position += 1 }
        let intStart = position
        while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        if position == intStart { throw error("invalid number") }
        if bytes[intStart] == UInt8(ascii: "0") && position - intStart > 1 {
            throw JSONSyntaxError(
                line: line, column: intStart - lineStart + 1, message: "number with a leading zero (write \"0…\" numbers as strings)")
        }
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            let fracStart = position
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
            if position == fracStart { throw error("invalid number: no digits after '.'") }
        }
        if position < bytes.count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
            position += 1
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) { position += 1 }
            let expStart = position
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
            if position == expStart { throw error("invalid number: no digits in the exponent") }
        }
        return start..<position
    }

    /// Reads a number that is a plain non-negative integer of at most 18 digits without a leading
    /// zero (the common case), or reads nothing and returns nil: `readToken()` then reads the
    /// value and reports what is wrong with it.
    @inline(__always)
    mutating func readPlainInteger() -> Int? {
        skipWhitespace()
        guard let base = bytes.baseAddress else { return nil }
        let start = position
        var i = start
        var value = 0
        while i < bytes.count {
            let digit = Int(base[i]) &- 0x30
            guard digit >= 0 && digit <= 9 else { break }
            value = value &* 10 &+ digit
            i += 1
        }
        let length = i - start
        guard length > 0, length <= 18, length == 1 || base[start] != UInt8(ascii: "0") else { return nil }
        if i < bytes.count {
            let next = base[i]
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return nil }
        }
        position = i
        return value
    }

    /// The integer a number token spells, when it is a plain integer that fits an `Int`.
    func integer(_ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < range.upperBound, range.upperBound - i <= 18 else { return nil }
        var value = 0
        while i < range.upperBound {
            let digit = Int(bytes[i]) - 0x30
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
            i += 1
        }
        return negative ? -value : value
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("invalid literal") }
        let ptr = word.utf8Start
        for i in 0..<count where bytes[position + i] != ptr[i] {
            throw error("invalid literal (expected \(word))")
        }
        position += count
    }

    // MARK: Whole values

    /// A scalar token, or the start of a container (which the caller then reads or skips).
    enum Token {
        case null, bool(Bool), number(Range<Int>), string(RawString), objectStart, arrayStart
    }

    /// Reads a scalar, or only peeks at a container (`objectStart` / `arrayStart`, not consumed).
    mutating func readToken() throws(JSONSyntaxError) -> Token {
        guard let next = peek() else { throw error("expected a value, found the end of the input") }
        switch next {
        case UInt8(ascii: "{"): return .objectStart
        case UInt8(ascii: "["): return .arrayStart
        case UInt8(ascii: "\""):
            position += 1
            return .string(try readStringBody())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumberRange())
        default: throw error("expected a value, found \(describe(next))")
        }
    }

    /// The member count from which duplicate names are found by hashing rather than by scanning.
    static let hashedFrom = 8

    mutating func readValue(depth: Int = 0) throws(JSONSyntaxError) -> JSONValue {
        guard depth < 256 else { throw error("nesting deeper than 256 levels") }
        switch try readToken() {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let r): return .number(text(r))
        case .string(let raw): return .string(try decode(raw))
        case .arrayStart:
            try beginArray()
            var items: [JSONValue] = []
            var first = true
            while try nextElement(first: first) {
                first = false
                items.append(try readValue(depth: depth + 1))
            }
            return .array(items)
        case .objectStart:
            try beginObject()
            var members: [(String, JSONValue)] = []
            // Small objects compare names directly; from `hashedFrom` members on, a set keeps
            // the check linear (an object of 100,000 members must not take minutes).
            var names = Set<String>()
            var first = true
            while let raw = try nextMember(first: first) {
                first = false
                let name = try decode(raw)
                let repeated: Bool
                if members.count < Self.hashedFrom {
                    repeated = members.contains(where: { $0.0 == name })
                } else {
                    if names.isEmpty { names = Set(members.map(\.0)) }
                    repeated = !names.insert(name).inserted
                }
                if repeated { throw error("duplicate member \"\(name.escapingControlCharacters)\" in an object") }
                members.append((name, try readValue(depth: depth + 1)))
            }
            return .object(members)
        }
    }
}
