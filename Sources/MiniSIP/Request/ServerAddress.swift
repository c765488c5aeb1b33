import Foundation

/// The base address of a miniSIPServer's web service, as `routesim fetch --url` takes it.
///
/// Accepts `http://HOST[:PORT]` or `https://…`, with an optional path prefix (a reverse proxy)
/// and an optional trailing `/openapi`. Credentials in the URL (`user:password@`) are kept apart
/// and never shown: `description` is the address without them.
public struct ServerAddress: Sendable, Equatable, CustomStringConvertible {
    /// `scheme://host[:port][/prefix]`, no trailing slash, no credentials, no query.
    public let base: String
    /// HTTP user name and password from the URL, passed to the server as basic authentication.
    let username: String?
    let password: String?

    /// Parses a server URL; a URL routesim cannot use is an `unusableInput` error.
    public init(parsing text: String) throws(FetchError) {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw .usage(
                "--url \(Self.withoutCredentials(text)) is not a URL routesim can use; "
                    + "give the server's web address, e.g. http://192.168.1.10:8080")
        }
        guard scheme == "http" || scheme == "https" else {
            throw .usage("--url must start with http:// or https:// (found \(scheme)://)")
        }
        guard components.query == nil, components.fragment == nil else {
            throw .usage(
                "--url takes the server address only (no ?query or #fragment); "
                    + "the syskey comes from ROUTESIM_SYSKEY or --syskey-file")
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix("/openapi") { path.removeLast("/openapi".count) }
        let hostText = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        var base = "\(scheme)://\(hostText)"
        if let port = components.port { base += ":\(port)" }
        self.base = base + path
        self.username = components.user
        self.password = components.password
    }

    public var description: String { base }

    /// The URL of an OpenAPI operation without its query string: safe to show.
    public func displayURL(object: String, operation: String?) -> String {
        var url = "\(base)/openapi/\(object)"
        if let operation { url += "/\(operation)" }
        return url
    }

    /// Whether the connection is TLS (certificate options matter).
    public var isHTTPS: Bool { base.hasPrefix("https:") }

    /// `text` with any `user:password@` removed, for error messages about a URL that did not parse.
    static func withoutCredentials(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<schemeEnd.upperBound]) + "…@" + String(rest[rest.index(after: at)...])
    }
}
