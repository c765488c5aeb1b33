import CCurl
import DialPlan

/// One OpenAPI request: `GET BASE/openapi/OBJECT[/OPERATION]?{JSON}` (docs/fetch.md).
///
/// The query string is one JSON object holding the syskey and the operation's parameters, sent
/// percent-encoded. Only `url(syskey:)` ever holds the syskey; everything shown to people uses
/// `place` and `displayURL`.
public struct OpenAPIRequest: Sendable, Equatable {
    public var object: String
    /// nil for `version`, which has none (no operation means `query` to the server).
    public var operation: String?
    /// Parameters besides the syskey, in order.
    public var parameters: [(String, JSONValue)]
    /// What the request is for, as people read it (`anacldnbr/list page 3`).
    public var place: String

    public init(object: String, operation: String?, parameters: [(String, JSONValue)] = [], place: String) {
        self.object = object
        self.operation = operation
        self.parameters = parameters
        self.place = place
    }

    public static func == (lhs: OpenAPIRequest, rhs: OpenAPIRequest) -> Bool {
        lhs.object == rhs.object && lhs.operation == rhs.operation && lhs.place == rhs.place
            && JSONValue.object(lhs.parameters) == JSONValue.object(rhs.parameters)
    }

    /// `version`
    public static var version: OpenAPIRequest { OpenAPIRequest(object: "version", operation: nil, place: "version") }

    /// `sysinfo/query`
    public static var systemInfo: OpenAPIRequest {
        OpenAPIRequest(object: "sysinfo", operation: "query", place: "sysinfo/query")
    }

    /// `TABLE/list` for page `pageIndex` (0-based).
    public static func list(_ table: Table, page pageIndex: Int) -> OpenAPIRequest {
        OpenAPIRequest(
            object: table.rawValue, operation: "list", parameters: [("pageIndex", .int(pageIndex))],
            place: "\(table)/list page \(pageIndex)")
    }

    /// `TABLE/query` for the record with `key` (the table's key fields and their values).
    public static func query(_ table: Table, key: [(String, JSONValue)]) -> OpenAPIRequest {
        let described = table.keyText(key.map { KeyField(name: $0.0, value: $0.1.plainText) })
        return OpenAPIRequest(
            object: table.rawValue, operation: "query", parameters: key, place: "\(table)/query \(described)")
    }

    /// The JSON query string before percent-encoding: `{"syskey":"…",…}`.
    func queryJSON(syskey: String) -> String {
        JSONValue.object([("syskey", .string(syskey))] + parameters).compactText
    }

    /// The full URL, syskey included. Give it to libcurl only; never show it.
    func url(on server: ServerAddress, syskey: String) -> String {
        displayURL(on: server) + "?" + PercentEncoding.encode(queryJSON(syskey: syskey))
    }

    /// The URL without its query string (and so without the syskey): safe in messages.
    public func displayURL(on server: ServerAddress) -> String {
        server.displayURL(object: object, operation: operation)
    }
}

/// Percent-encoding of query strings, by libcurl (`curl_easy_escape`): every byte but the
/// unreserved characters `A-Z a-z 0-9 - . _ ~` becomes `%XX`.
public enum PercentEncoding {
    public static func encode(_ text: String) -> String {
        CurlGlobal.ensureInitialized()
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return "" }  // length 0 means "use strlen" to curl_easy_escape
        let escaped = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                curl_easy_escape(nil, $0, Int32(buffer.count))
            }
        }
        guard let escaped else { return Self.fallback(bytes) }
        defer { curl_free(escaped) }
        return String(cString: escaped)
    }

    /// The same encoding without libcurl (used only if curl cannot allocate).
    static func fallback(_ bytes: [UInt8]) -> String {
        var out = ""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// `curl_global_init`, once, before any other libcurl call.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    static func ensureInitialized() { _ = initialized }
}
