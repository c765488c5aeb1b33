import Glibc

/// A streaming CSV reader (RFC 4180 quoting): quoted fields with `""` for a quote and commas
/// inside, LF or CRLF line ends, a UTF-8 byte-order mark at the start.
///
/// One deliberate difference from RFC 4180: a record is one line. No field of a call detail
/// record holds a line break, so a quote still open at the end of a line is a quote that was
/// never closed; reading it as a field that goes on to the next quote, wherever that is, would
/// swallow the records in between without a word.
///
/// It holds one block of the file and the record being read, never more: memory does not grow
/// with the file. Blank lines are skipped; spaces and tabs around an unquoted field are dropped.
/// A record that breaks the syntax is reported with its first line and the reader goes on at the
/// line after it, so one stray quote costs one line, not the rest of the file.
final class CSVReader {
    /// What `next()` found.
    enum Event: Equatable {
        /// A record starting at `line`; its fields are readable until the next call.
        case record(line: Int)
        /// A record starting at `line` that breaks the syntax; the reader skipped it.
        case malformed(line: Int, CSVProblem)
        case end
    }

    /// The longest record read: a longer one is malformed (an unclosed quote usually).
    static let maximumRecordBytes = 64 * 1024
    private static let blockBytes = 1 << 20

    private let source: CDRFileReader
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    // The reader is used by one thread; unchecked exclusivity keeps the byte loops free of
    // runtime access checks on these properties.
    /// The unread bytes are `buffer[start..<end]`.
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0
    @exclusivity(unchecked) private var atEndOfFile = false
    @exclusivity(unchecked) private var atFileStart = true
    /// Skipping the rest of an over-long line.
    @exclusivity(unchecked) private var skippingLine = false
    /// The line `start` is on.
    @exclusivity(unchecked) private var line = 1

    @exclusivity(unchecked) private var fields: [FieldBounds] = []

    struct FieldBounds {
        var start: Int
        var end: Int
        /// Quoted with `""` inside: the quotes are collapsed when the field is read.
        var hasEscapedQuotes: Bool
    }

    init(_ source: CDRFileReader) {
        self.source = source
        capacity = Self.blockBytes + 2 * Self.maximumRecordBytes
        buffer = .allocate(capacity: capacity)
        fields.reserveCapacity(32)
    }

    deinit { buffer.deallocate() }

    var path: String { source.path }

    /// The line the reader has reached (where a read error stopped it).
    var currentLine: Int { line }

    /// The number of fields of the current record.
    var fieldCount: Int { fields.count }

    /// Whether field `i` of the current record is empty.
    func isEmpty(_ i: Int) -> Bool { fields[i].start == fields[i].end }

    /// Whether field `i` of the current record is exactly `text` (ASCII), without making a string.
    func field(_ i: Int, is text: StaticString) -> Bool {
        let f = fields[i]
        guard f.end - f.start == text.utf8CodeUnitCount, !f.hasEscapedQuotes else { return false }
        return memcmp(buffer + f.start, text.utf8Start, text.utf8CodeUnitCount) == 0
    }

    /// Field `i` as a string when it is 1 to `limit` printable ASCII characters without spaces
    /// (what a number is); nil otherwise.
    func printableASCII(_ i: Int, upTo limit: Int) -> String? {
        let f = fields[i]
        guard f.end > f.start, f.end - f.start <= limit, !f.hasEscapedQuotes else { return nil }
        for k in f.start..<f.end where buffer[k] <= 0x20 || buffer[k] >= 0x7F { return nil }
        return String(decoding: UnsafeBufferPointer(start: buffer + f.start, count: f.end - f.start), as: UTF8.self)
    }

    /// Field `i` as a whole number of at most 18 digits; nil when it holds anything else.
    func integer(_ i: Int) -> Int? {
        let f = fields[i]
        guard f.end > f.start, f.end - f.start <= 18 else { return nil }
        var n = 0
        for k in f.start..<f.end {
            let d = Int(buffer[k]) - 0x30
            guard d >= 0 && d <= 9 else { return nil }
            n = n * 10 + d
        }
        return n
    }

    /// The bytes of field `i` (quotes still doubled when `hasEscapedQuotes`), valid in `body` only.
    func withBytes<R>(of i: Int, _ body: (UnsafeBufferPointer<UInt8>, _ hasEscapedQuotes: Bool) -> R) -> R {
        let f = fields[i]
        return body(UnsafeBufferPointer(start: buffer + f.start, count: f.end - f.start), f.hasEscapedQuotes)
    }

    /// Field `i` of the current record as text, or nil when its bytes are not UTF-8.
    func string(_ i: Int) -> String? {
        let f = fields[i]
        let bytes = UnsafeBufferPointer(start: buffer + f.start, count: f.end - f.start)
        if f.hasEscapedQuotes {
            var collapsed: [UInt8] = []
            collapsed.reserveCapacity(bytes.count)
            var k = 0
            while k < bytes.count {
                collapsed.append(bytes[k])
                k += bytes[k] == UInt8(ascii: "\"") ? 2 : 1
            }
            return collapsed.withUnsafeBufferPointer { Self.text($0) }
        }
        return Self.text(bytes)
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ascii = true
        for b in bytes where b >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The next record, a malformed one, or the end of the file. A read error (a damaged gzip
    /// file) throws: the rest of the file cannot be read.
    func next() throws(CDRInputError) -> Event {
        while true {
            if skippingLine {
                if let newline = find(UInt8(ascii: "\n"), from: start) {
                    start = newline + 1
                    line += 1
                    skippingLine = false
                } else {
                    start = end
                    if atEndOfFile { return .end }
                    try refill()
                    continue
                }
            }
            if start == end {
                if atEndOfFile { return .end }
                try refill()
                continue
            }
            if atFileStart {
                if end - start < 3 && !atEndOfFile {
                    try refill()
                    continue
                }
                atFileStart = false
                if end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF { start += 3 }
                continue
            }
            let recordLine = line
            switch parse() {
            case .blank(let next, let newlines), .record(let next, let newlines):
                if next - start > Self.maximumRecordBytes {
                    resumeAfterFirstLine()
                    return .malformed(line: recordLine, .tooLong(limit: Self.maximumRecordBytes))
                }
                let isRecord = fields.count > 0
                start = next
                line += newlines
                if isRecord { return .record(line: recordLine) }
            case .needMore(let openQuote):
                if end - start >= Self.maximumRecordBytes {
                    resumeAfterFirstLine()
                    if let field = openQuote { return .malformed(line: recordLine, .unclosedQuote(field: field)) }
                    return .malformed(line: recordLine, .tooLong(limit: Self.maximumRecordBytes))
                }
                try refill()
            case .malformed(let problem):
                resumeAfterFirstLine()
                return .malformed(line: recordLine, problem)
            }
        }
    }

    /// Goes on at the line after the current record's first line (skipping to it if it is
    /// not in the buffer yet).
    private func resumeAfterFirstLine() {
        if let newline = find(UInt8(ascii: "\n"), from: start) {
            start = newline + 1
            line += 1
        } else {
            start = end
            skippingLine = !atEndOfFile
            if atEndOfFile { line += 1 }
        }
    }

    private func find(_ byte: UInt8, from position: Int) -> Int? {
        var i = position
        while i < end {
            if buffer[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// Moves the unread bytes to the front and reads the next block behind them.
    private func refill() throws(CDRInputError) {
        if start > 0 {
            let unread = end - start
            if unread > 0 { buffer.update(from: buffer + start, count: unread) }
            start = 0
            end = unread
        }
        let n = try source.read(into: buffer + end, count: capacity - end)
        if n == 0 { atEndOfFile = true }
        end += n
    }

    private enum Parse {
        /// A line with nothing but spaces and tabs.
        case blank(next: Int, newlines: Int)
        case record(next: Int, newlines: Int)
        /// The record runs past the bytes read so far (`openQuote`: inside that quoted field).
        case needMore(openQuote: Int?)
        case malformed(CSVProblem)
    }

    /// Parses the record at `start` into `fields`.
    private func parse() -> Parse {
        fields.removeAll(keepingCapacity: true)
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        var i = start
        let newlines = 0
        // A line of spaces and tabs only is blank.
        var j = i
        while j < end && (buffer[j] == space || buffer[j] == tab) { j += 1 }
        if j < end && buffer[j] == newline { return .blank(next: j + 1, newlines: 1) }
        if j + 1 < end && buffer[j] == cr && buffer[j + 1] == newline { return .blank(next: j + 2, newlines: 1) }
        if j == end && atEndOfFile { return .blank(next: end, newlines: 0) }
        if j >= end - 1 && !atEndOfFile { return .needMore(openQuote: nil) }

        while true {
            while i < end && (buffer[i] == space || buffer[i] == tab) { i += 1 }
            let fieldNumber = fields.count + 1
            if i < end && buffer[i] == quote {
                i += 1
                let contentStart = i
                var escaped = false
                while true {
                    guard i < end else {
                        return atEndOfFile ? .malformed(.unclosedQuote(field: fieldNumber)) : .needMore(openQuote: fieldNumber)
                    }
                    let b = buffer[i]
                    if b == quote {
                        if i + 1 >= end && !atEndOfFile { return .needMore(openQuote: fieldNumber) }
                        if i + 1 < end && buffer[i + 1] == quote {
                            escaped = true
                            i += 2
                            continue
                        }
                        break
                    }
                    // No CDR field holds a line break: a quote still open at the end of its
                    // line is unclosed, and costs that line only.
                    if b == newline || (b == cr && i + 1 < end && buffer[i + 1] == newline) {
                        return .malformed(.unclosedQuote(field: fieldNumber))
                    }
                    i += 1
                }
                fields.append(FieldBounds(start: contentStart, end: i, hasEscapedQuotes: escaped))
                i += 1
                while i < end && (buffer[i] == space || buffer[i] == tab) { i += 1 }
                guard i < end else {
                    return atEndOfFile ? .record(next: end, newlines: newlines) : .needMore(openQuote: nil)
                }
                switch buffer[i] {
                case comma:
                    i += 1
                    continue
                case newline:
                    return .record(next: i + 1, newlines: newlines + 1)
                case cr:
                    if i + 1 >= end && !atEndOfFile { return .needMore(openQuote: nil) }
                    if i + 1 < end && buffer[i + 1] == newline { return .record(next: i + 2, newlines: newlines + 1) }
                    return .malformed(.textAfterQuote(field: fieldNumber))
                default:
                    return .malformed(.textAfterQuote(field: fieldNumber))
                }
            }
            let contentStart = i
            while true {
                guard i < end else {
                    if !atEndOfFile { return .needMore(openQuote: nil) }
                    fields.append(trimmed(contentStart, end))
                    return .record(next: end, newlines: newlines)
                }
                let b = buffer[i]
                if b == comma {
                    fields.append(trimmed(contentStart, i))
                    i += 1
                    break
                }
                if b == newline {
                    fields.append(trimmed(contentStart, i))
                    return .record(next: i + 1, newlines: newlines + 1)
                }
                if b == cr {
                    if i + 1 >= end && !atEndOfFile { return .needMore(openQuote: nil) }
                    if i + 1 < end && buffer[i + 1] == newline {
                        fields.append(trimmed(contentStart, i))
                        return .record(next: i + 2, newlines: newlines + 1)
                    }
                }
                if b == quote { return .malformed(.strayQuote(field: fieldNumber)) }
                i += 1
            }
        }
    }

    private func trimmed(_ from: Int, _ to: Int) -> FieldBounds {
        var last = to
        while last > from && (buffer[last - 1] == UInt8(ascii: " ") || buffer[last - 1] == UInt8(ascii: "\t")) { last -= 1 }
        return FieldBounds(start: from, end: last, hasEscapedQuotes: false)
    }
}

/// How a record breaks the CSV syntax.
enum CSVProblem: Equatable, Sendable {
    /// A quoted field whose closing quote does not come on its line.
    case unclosedQuote(field: Int)
    /// A quote inside an unquoted field (`ab"c`).
    case strayQuote(field: Int)
    /// Text between a closing quote and the next comma (`"ab"c`).
    case textAfterQuote(field: Int)
    /// A record longer than the limit (a quote never closed within it is `unclosedQuote`).
    case tooLong(limit: Int)
}
