/// Which number of a call a typed number is.
public enum NumberRole: String, Sendable {
    /// The number dialed.
    case called
    /// The number calling in (`--caller`).
    case caller
}

/// A number as a person typed it — `0044-20-7946-0000`, `+44 (20) 7946 0000` — and the dial
/// string it stands for (`00442079460000`).
///
/// The one rule for every number that comes in (`route`, `--batch`, case files): a number of
/// the dial alphabet (`0-9 * # +`) is taken as it is; visual separators (space, `-`, `.`, `(`,
/// `)`, `/`) between its characters are removed, and the trace says so; a text that is a local
/// user's name is taken as it is (a call to a user by name); a bracketed `0` after the first
/// digits (`+44 (0)20 …`, where the 0 is not dialed) and anything else is refused with what to
/// type. The dial string has 1 to 64 characters; the typed text at most 128.
public struct TypedNumber: Sendable, Equatable {
    /// The text as typed.
    public var typed: String
    /// The dial string the simulator matches.
    public var dialString: String

    /// Whether separators were removed (the typed text is not the dial string).
    public var isNormalised: Bool { typed != dialString }

    /// The characters removed from a typed number.
    public static let separators: Set<Unicode.Scalar> = [" ", "-", ".", "(", ")", "/"]
    /// The longest dial string, and the longest typed text.
    public static let maxDialLength = 64
    public static let maxTypedLength = 128

    /// Reads `text` as a number of `role`; `isUserName` says whether a text that is no number
    /// names a local user (then it is kept as it is). Throws a `CallError` (`invalidNumber`,
    /// with the role) that quotes the text and says what to type.
    public init(_ text: String, role: NumberRole, isUserName: (String) -> Bool = { _ in false }) throws(CallError) {
        typed = text
        // Most numbers are dial strings already: no copy, no allocation.
        if Self.isDialString(text) {
            dialString = text
            return
        }
        dialString = try Self.normalise(text, role: role, isUserName: isUserName)
    }

    /// Whether `text` is a dial string as it is: 1 to `maxDialLength` characters of the dial
    /// alphabet (then it is its own dial string).
    @inline(__always)
    static func isDialString(_ text: String) -> Bool {
        let isDialString = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count >= 1 && bytes.count <= Self.maxDialLength && bytes.allSatisfy(Self.isDialByte)
        }
        return isDialString == true
    }

    @inline(__always)
    static func isDialByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == 0x2A || byte == 0x23 || byte == 0x2B
    }

    private static func normalise(_ text: String, role: NumberRole, isUserName: (String) -> Bool) throws(CallError) -> String {
        func refuse(_ message: String) -> CallError { CallError(.invalidNumber, role: role, message: "the \(role) number \(message)") }
        if text.isEmpty { throw refuse("is empty; type digits, * # + or a local user's name") }
        let length = text.unicodeScalars.count
        if length > maxTypedLength {
            throw refuse("is \(length) characters long; at most \(maxTypedLength) are allowed")
        }
        if isUserName(text) { return text }
        var dial = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, isDialByte(UInt8(scalar.value)) {
                dial.unicodeScalars.append(scalar)
            } else if !separators.contains(scalar) {
                throw refuse(
                    "\(quoted(text)) holds \(describe(scalar)), which is not part of a number, and no local user has that name; type digits and * # + (spaces, dashes, dots, brackets and slashes between them are removed), or a local user's name"
                )
            }
        }
        if dial.isEmpty { throw refuse("\(quoted(text)) holds no digit; type digits and * # +") }
        if hasBracketedZeroInside(text) {
            throw refuse(
                "\(quoted(text)) holds \"(0)\" after its first digits, which reads two ways: printed after a country code it is a trunk prefix that is not dialed (+44 (0)20 … is dialed +4420…); type the number as it is dialed, without brackets around the 0"
            )
        }
        if dial.utf8.count > maxDialLength {
            throw refuse("\(quoted(text)) has \(dial.utf8.count) digits; at most \(maxDialLength) are allowed")
        }
        return dial
    }

    /// Whether `text` holds a bracketed `0` — `(0)`, spaces allowed inside — after a dial
    /// character: `+44 (0)20 7946 0000` is dialed `+442079460000` from abroad, so dropping the
    /// brackets alone would give a plausible wrong number.
    static func hasBracketedZeroInside(_ text: String) -> Bool {
        var count = 0  // dial characters so far
        var last: Unicode.Scalar = " "  // the last of them
        var countAtOpen: Int? = nil  // `count` at the open bracket
        for scalar in text.unicodeScalars {
            if scalar == "(" {
                countAtOpen = count
            } else if scalar == ")" {
                if let before = countAtOpen, before > 0, count == before + 1, last == "0" { return true }
                countAtOpen = nil
            } else if scalar.isASCII, isDialByte(UInt8(scalar.value)) {
                count += 1
                last = scalar
            }
        }
        return false
    }

    /// `"x"` for a printable ASCII character, `U+00A0` for anything else (invisible or not).
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.value > 0x20 && scalar.value < 0x7F { return "\"\(Character(scalar))\"" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The text in double quotes, control characters escaped, as messages show numbers.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                // Invisible characters are shown by their code, so that a message never hides one.
                if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value > 0x7F && scalar.properties.isWhitespace) {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
