/// Why a fetch failed, and where: the object, operation and page (or record) of the request.
///
/// The server failed, answered badly, or could not be reached (input that cannot be used, such
/// as a bad server URL, is refused before a fetch starts: `ServerAddressError`). Never holds the
/// syskey: messages are built from URLs without their query string, and text that comes from
/// libcurl or the server is scrubbed of the syskey before it is kept.
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request that failed as people read it: `anacldnbr/list page 3`,
    /// `localuser/query usrname "100"`, `version`; nil when no request is involved.
    public var place: String?
    /// What went wrong, and what to do where it helps.
    public var message: String
    /// A setting of the caller's that would get past the failure, when there is one.
    public var remedy: Remedy?

    /// A setting of the caller's that gets past a failure.
    public enum Remedy: Sendable, Equatable, CustomStringConvertible {
        /// The server's certificate did not verify: give its CA, or skip verification.
        case trustServerCertificate
        /// The fetch reached `FetchLimits.maxRecords`: raise it if the server holds that many.
        case raiseRecordLimit
        /// The fetch reached `FetchLimits.maxListPages`.
        case raisePageLimit
        /// The fetch reached `FetchLimits.deadline`.
        case raiseDeadline

        /// The remedy in the library's words (`TransportOptions`, `FetchLimits`).
        public var description: String {
            switch self {
            case .trustServerCertificate:
                return "give the server's CA with TransportOptions.caCertificatePath, or set insecure to skip verification"
            case .raiseRecordLimit: return "raise FetchLimits.maxRecords if the server really holds that many"
            case .raisePageLimit: return "raise FetchLimits.maxListPages if the server really holds that many"
            case .raiseDeadline: return "raise FetchLimits.deadline for a slow or large server"
            }
        }
    }

    public init(place: String? = nil, _ message: String, remedy: Remedy? = nil) {
        self.place = place
        self.message = message
        self.remedy = remedy
    }

    /// `place: message`, then the remedy in the words `advice` gives it (the command line
    /// names its flags where the library names its options).
    public func description(advice: (Remedy) -> String) -> String {
        var text = place.map { "\($0): \(message)" } ?? message
        if let remedy { text += "; " + advice(remedy) }
        return text
    }

    /// `anacldnbr/list page 3: HTTP 500 from http://127.0.0.1:8080/openapi/anacldnbr/list`
    public var description: String { description(advice: \.description) }
}
