/// Text files as people save them: UTF-8, with or without the byte-order mark that Windows
/// editors and Excel put first. Other encodings are refused with a message that says which.
package enum TextEncoding {
    /// The length of a UTF-8 byte-order mark at the start of `bytes` (3), or 0.
    package static func byteOrderMarkLength(_ bytes: some Collection<UInt8>) -> Int {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Why `bytes` are not UTF-8 text routesim can read (UTF-16 or UTF-32, with or without a
    /// byte-order mark), or nil. Looks at the first bytes only.
    package static func problem(_ bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(4))
        func at(_ i: Int) -> UInt8? { i < head.count ? head[i] : nil }
        let encoding: String?
        switch (at(0), at(1), at(2), at(3)) {
        case (0xFF, 0xFE, 0x00, 0x00), (0x00, 0x00, 0xFE, 0xFF): encoding = "UTF-32"
        case (0xFF, 0xFE, _, _): encoding = "UTF-16 (little-endian)"
        case (0xFE, 0xFF, _, _): encoding = "UTF-16 (big-endian)"
        // No mark: ASCII text in UTF-16 has a zero byte beside every character.
        case (let a?, 0x00, let c?, 0x00) where a != 0 && c != 0: encoding = "UTF-16 (little-endian)"
        case (0x00, let b?, 0x00, let d?) where b != 0 && d != 0: encoding = "UTF-16 (big-endian)"
        default: encoding = nil
        }
        return encoding.map { "the file is \($0) text; routesim reads UTF-8: save it as UTF-8" }
    }
}

extension String {
    /// The text with every control character written out, for text output: `\n`, `\r`, `\t`,
    /// and `\xHH` for the other C0 controls and DEL, `\u{HH}` for C1 controls (U+0080–U+009F).
    ///
    /// Text that comes from a plan, a case file or a command line argument may hold escape
    /// sequences that a terminal would obey (clear the screen, rewrite a line, set the window
    /// title) or a newline that would forge a line of output; the JSON and SARIF forms escape
    /// them already.
    public var escapingControlCharacters: String {
        // Checked through the bytes' storage (iterating the UTF-8 view cost some 35 instructions a
        // byte, a third of a `route --batch` text line's).
        var copy = self
        if copy.withUTF8(hasNoControlCharacters) { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F: out += "\\x" + hex(scalar.value)
            case 0x80...0x9F: out += "\\u{" + hex(scalar.value) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Whether UTF-8 text holds no character `escapingControlCharacters` writes out: no C0
/// control, no DEL, no C1 control (`C2 80`–`C2 9F`).
func hasNoControlCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var previous: UInt8 = 0
    for byte in bytes {
        if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) { return false }
        previous = byte
    }
    return true
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return digits.count == 1 ? "0" + digits : digits
}
