/// The parameters of a query string (`a=1&b=x%20y&a=2`), in order, percent-decoded (`+` is a
/// space, as HTML forms send it). Malformed escapes and bytes that are no UTF-8 are refused
/// with a message that names the parameter.
public struct QueryString: Sendable, Equatable {
    public private(set) var pairs: [(String, String)] = []

    public init() {}

    public init(_ query: String?) throws(RequestError) {
        guard let query, !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let (rawName, rawValue): (Substring, Substring)
            if let equals = part.firstIndex(of: "=") {
                (rawName, rawValue) = (part[..<equals], part[part.index(after: equals)...])
            } else {
                (rawName, rawValue) = (part, "")
            }
            let name = try Self.decode(rawName, what: "a parameter name")
            let value = try Self.decode(rawValue, what: "parameter \(name)")
            pairs.append((name, value))
        }
        if pairs.count > 200 { throw RequestError.badRequest("the query has \(pairs.count) parameters; at most 200 are allowed") }
    }

    /// Adds a parameter at the end.
    public mutating func append(_ name: String, _ value: String) { pairs.append((name, value)) }

    /// The first value of `name`.
    public subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    /// Every value of `name`, in order.
    public func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    /// The names, for checking them against what an endpoint takes.
    public var names: [String] { pairs.map(\.0) }

    public static func == (lhs: QueryString, rhs: QueryString) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0 == $1 }
    }

    /// Percent-decodes `text` (`+` is a space).
    static func decode(_ text: Substring, what: String) throws(RequestError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw RequestError.badRequest("\(what): a % must be followed by two hexadecimal digits")
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw RequestError.badRequest("\(what) is not UTF-8 text")
        }
        return decoded
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `text` percent-encoded for a query value (letters, digits and `-._~` as they are).
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// `name=value&…`, encoded.
    public static func build(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

/// A request the service refuses: the HTTP status and a sentence that says what to change.
public struct RequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var description: String { message }

    public static func badRequest(_ message: String) -> RequestError { RequestError(status: 400, message: message) }
    public static func notFound(_ message: String) -> RequestError { RequestError(status: 404, message: message) }
}
