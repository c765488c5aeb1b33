/// One HTTP request as the service sees it: no framework types, so the service can be tested
/// (and fuzzed) without a socket. `Hosting/` turns Hummingbird's requests into these.
public struct ServerRequest: Sendable {
    public var method: String
    /// The path without the query, still percent-encoded (`/plan/records/extline/0`).
    public var path: String
    /// The raw query string after `?` (nil when there is none).
    public var query: String?
    /// Header fields, names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String = "GET", path: String, query: String? = nil, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }

    /// `GET /path?query` split at the `?`.
    public init(method: String = "GET", target: String, headers: [String: String] = [:], body: [UInt8] = []) {
        if let mark = target.firstIndex(of: "?") {
            self.init(
                method: method, path: String(target[..<mark]), query: String(target[target.index(after: mark)...]), headers: headers,
                body: body)
        } else {
            self.init(method: method, path: target, headers: headers, body: body)
        }
    }
}

/// An HTTP answer: status, header fields in order, body bytes.
public struct ServerResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (any case).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    static func json(_ text: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(text.utf8))
    }

    static func html(_ text: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(text.utf8))
    }

    static func text(_ text: String, type: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", type)], body: Array(text.utf8))
    }
}
