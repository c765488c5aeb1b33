extension JSONValue {
    /// Compact JSON text, members in their order.
    public var compactText: String {
        var out = JSONText(indent: nil, capacity: 512)
        out.write(self, level: 0)
        return out.text
    }

    /// Indented JSON text (two spaces a level), members in their order.
    public var prettyText: String {
        var out = JSONText(indent: "  ", capacity: 512)
        out.write(self, level: 0)
        return out.text
    }

    /// Appends `s` as a JSON string literal.
    public static func writeString(_ s: String, into out: inout String) {
        var text = JSONText(indent: nil, capacity: s.utf8.count + 2)
        text.writeString(s)
        out += text.text
    }
}

/// JSON text written as UTF-8 bytes into one buffer, made a `String` once at the end.
///
/// Appending each piece to a `String` (every name, value, comma and quote, and each run of a
/// string between characters to escape, cut out as a `Substring` first) took some 70,000
/// instructions for one line of `route --batch --format json`, most of a batch's time; appending
/// to a `[UInt8]` still cost about 100 instructions a run (the array's capacity and uniqueness
/// checked, generic code) and 20 a byte, so the bytes go through a pointer (`ByteBuffer`).
///
/// The buffer is a reference: a copy of a `JSONText` writes into the same bytes (it is only
/// ever a local variable).
struct JSONText {
    private let bytes: ByteBuffer
    private let indent: [UInt8]?

    /// `capacity`: the bytes to make room for at once (a whole value's text, or one string's).
    init(indent: String?, capacity: Int) {
        self.indent = indent.map { Array($0.utf8) }
        bytes = ByteBuffer(capacity: capacity)
    }

    /// Writes into the bytes `other` writes into (after them).
    init(appendingTo other: JSONText) {
        bytes = other.bytes
        indent = nil
    }

    /// The text written so far.
    var text: String { bytes.text }

    /// The bytes written so far, valid only inside `body`.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R { try bytes.withBytes(body) }

    /// How many bytes were written.
    var count: Int { bytes.count }

    /// Drops the bytes from offset `start` on.
    func truncate(to start: Int) { bytes.truncate(to: start) }

    mutating func write(_ value: JSONValue, level: Int) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let n): append(n)
        case .string(let s): writeString(s)
        case .array(let items):
            if items.isEmpty { return append("[]") }
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                write(item, level: level + 1)
            }
            newline(level)
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { return append("{}") }
            bytes.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                writeString(member.0)
                bytes.append(UInt8(ascii: ":"))
                if indent != nil { bytes.append(UInt8(ascii: " ")) }
                write(member.1, level: level + 1)
            }
            newline(level)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// One byte of JSON syntax.
    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    /// Bytes as they are (a literal member name).
    mutating func append(_ run: UnsafeBufferPointer<UInt8>) { bytes.append(run) }

    private mutating func newline(_ level: Int) {
        guard let indent else { return }
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<level { indent.withUnsafeBufferPointer { bytes.append($0) } }
    }

    /// `value` in decimal digits, as `String(value)` spells it, without making that string
    /// (some 240 instructions a number).
    mutating func append(decimal value: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value.magnitude
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// `s` as it is (JSON syntax, numbers).
    mutating func append(_ s: String) {
        let appended: Void? = s.utf8.withContiguousStorageIfAvailable { bytes.append($0) }
        if appended == nil { Array(s.utf8).withUnsafeBufferPointer { bytes.append($0) } }
    }

    /// `s` as a JSON string literal: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`
    /// or `\u00XX`; everything else, UTF-8 included, as it is.
    mutating func writeString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        let escaped: Void? = s.utf8.withContiguousStorageIfAvailable { escape($0) }
        if escaped == nil { Array(s.utf8).withUnsafeBufferPointer { escape($0) } }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `text` with the bytes JSON escapes escaped; the runs between them (most strings, numbers,
    /// names and keys, are one run) copied at once.
    private mutating func escape(_ text: UnsafeBufferPointer<UInt8>) {
        guard let base = text.baseAddress else { return }
        var plain = 0
        for index in 0..<text.count {
            let byte = base[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(UnsafeBufferPointer(start: base + plain, count: index - plain))
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: bytes.append(UInt8(ascii: "\""))
                case 0x5C: bytes.append(UInt8(ascii: "\\"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    for unit in [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]] { bytes.append(unit) }
                }
                plain = index + 1
            }
        }
        bytes.append(UnsafeBufferPointer(start: base + plain, count: text.count - plain))
    }
}

/// Bytes appended through a pointer into memory this buffer owns, grown by doubling.
private final class ByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var text: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Drops the bytes from offset `start` on.
    func truncate(to start: Int) { count = min(count, max(start, 0)) }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ run: UnsafeBufferPointer<UInt8>) {
        guard let start = run.baseAddress, run.count > 0 else { return }
        if count + run.count > capacity { grow(to: count + run.count) }
        (base + count).initialize(from: start, count: run.count)
        count += run.count
    }

    private func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }
}
