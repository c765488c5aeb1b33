import Foundation

/// The base address of a miniSIPServer's web service.
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

    /// Parses a server URL; a URL routesim cannot use throws why.
    public init(parsing text: String) throws(ServerAddressError) {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw .notAURL(Self.withoutCredentials(text))
        }
        guard scheme == "http" || scheme == "https" else { throw .scheme(scheme) }
        guard components.query == nil, components.fragment == nil else { throw .queryOrFragment }
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

/// A server URL routesim cannot use, and why. Never holds the URL's credentials.
///
/// The message names the thing by what the caller calls it: `description` says "the server
/// URL", the command line says `--url` (`message(naming:)`).
public enum ServerAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is no URL with a host (shown without its credentials).
    case notAURL(String)
    /// The URL's scheme is neither http nor https.
    case scheme(String)
    /// The URL has a `?query` or a `#fragment` (where a syskey might be pasted).
    case queryOrFragment

    /// What is wrong, after `subject`, the name of the thing that held the URL:
    /// `--url must start with http:// or https:// (found ftp://)`.
    public func message(naming subject: String) -> String {
        switch self {
        case .notAURL(let shown):
            return "\(subject) \(shown) is not a URL routesim can use; give the server's web address, e.g. http://192.168.1.10:8080"
        case .scheme(let scheme):
            return "\(subject) must start with http:// or https:// (found \(scheme)://)"
        case .queryOrFragment:
            return "\(subject) takes the server address only (no ?query or #fragment)"
        }
    }

    /// `the server URL must start with http:// or https:// (found ftp://)`.
    public var description: String { message(naming: "the server URL") }
}
