/// Why a fetch failed, and where: the object, operation and page (or record) of the request.
///
/// Never holds the syskey: messages are built from URLs without their query string, and text
/// that comes from libcurl or the server is scrubbed of the syskey before it is kept.
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whose fault it is, which decides the exit status.
    public enum Kind: Sendable, Equatable {
        /// The server failed or answered badly (contract exit status 1).
        case server
        /// The input cannot be used: a bad URL, a missing syskey, a bad option (exit status 2).
        case unusableInput
    }

    public var kind: Kind
    /// The request that failed as people read it: `anacldnbr/list page 3`,
    /// `localuser/query usrname "100"`, `version`; nil when no request is involved.
    public var place: String?
    /// What went wrong, and what to do where it helps.
    public var message: String

    public init(_ kind: Kind, place: String? = nil, _ message: String) {
        self.kind = kind
        self.place = place
        self.message = message
    }

    /// `anacldnbr/list page 3: HTTP 500 from http://127.0.0.1:8080/openapi/anacldnbr/list`
    public var description: String {
        guard let place else { return message }
        return "\(place): \(message)"
    }

    static func usage(_ message: String) -> FetchError { FetchError(.unusableInput, message) }
}
