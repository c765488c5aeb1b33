/// Who may use the server.
///
/// On loopback without a token (the default), only requests whose `Host` names the loopback
/// address are answered: a web page elsewhere cannot reach the server through a DNS name that
/// points at 127.0.0.1. With a token, every request must carry it: `Authorization: Bearer
/// TOKEN`, or the `routesim_token` cookie the server sets when a page is opened once with
/// `?token=TOKEN` (the address bar then loses the token at once).
public struct AccessPolicy: Sendable {
    /// The token every request must carry (nil: none).
    public var token: String?
    /// Answer only requests whose `Host` is a loopback name (`127.0.0.1`, `localhost`, `[::1]`).
    public var loopbackHostsOnly: Bool

    public init(token: String?, loopbackHostsOnly: Bool) {
        self.token = token
        self.loopbackHostsOnly = loopbackHostsOnly
    }

    static let cookieName = "routesim_token"

    /// Nil when the request may go on; otherwise the answer to give instead.
    func check(_ request: ServerRequest, query: QueryString) -> ServerResponse? {
        if loopbackHostsOnly && !Self.isLoopbackHost(request.headers["host"]) {
            return refusal(
                403,
                "this server answers requests for 127.0.0.1, localhost or [::1] only (Host was \(request.headers["host"].map { "'\($0)'" } ?? "missing"))",
                request)
        }
        guard let token else { return nil }
        if let bearer = request.headers["authorization"], bearer.hasPrefix("Bearer "),
            Self.constantTimeEqual(String(bearer.dropFirst(7)), token)
        {
            return nil
        }
        if let cookie = Self.cookie(Self.cookieName, in: request.headers["cookie"]), Self.constantTimeEqual(cookie, token) {
            return nil
        }
        if let given = query["token"], request.method == "GET", !request.path.hasPrefix("/api/") {
            guard Self.constantTimeEqual(given, token) else { return refusal(401, "wrong token", request) }
            // Keep the token in a cookie and drop it from the address bar.
            let rest = query.pairs.filter { $0.0 != "token" }
            let location = HTML.url(request.path, rest)
            return ServerResponse(
                status: 303,
                headers: [
                    ("Location", location),
                    ("Set-Cookie", "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"),
                ])
        }
        return refusal(
            401, "this server needs its token: send 'Authorization: Bearer TOKEN', or open a page once with ?token=TOKEN", request)
    }

    func refusal(_ status: Int, _ message: String, _ request: ServerRequest) -> ServerResponse {
        var response = RouteSimService.errorResponse(RequestError(status: status, message: message), path: request.path)
        if status == 401 { response.headers.append(("WWW-Authenticate", "Bearer realm=\"routesim\"")) }
        return response
    }

    static func isLoopbackHost(_ host: String?) -> Bool {
        guard var host = host?.lowercased() else { return false }
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            host = String(host[...close])
            return host == "[::1]"
        }
        if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        if host == "localhost" { return true }
        // 127.0.0.0/8, written as four decimal numbers.
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { part in Int(part).map { (0...255).contains($0) } == true }
    }

    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingBlanks }
            if pair.count == 2, pair[0] == name { return pair[1] }
        }
        return nil
    }

    /// Compares without stopping at the first difference, so timing tells nothing about the token.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}

extension Substring {
    var trimmingBlanks: String { String(self).trimmingBlanks }
}

/// The headers every answer carries: a strict content security policy (scripts, styles and
/// images from the server itself only, no inline script, no framing), no sniffing, no referrer.
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static let all: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ]
}
