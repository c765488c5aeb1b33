/// A piece of information a call detail record can carry, whatever column holds it.
///
/// miniSIPServer documents items such as "Caller number" and "Dialed number" and an FCI section
/// with `callTag=` and `cause=`, but not the full column list or order; a mapping (from a header
/// row, `--columns`, a mapping file, or the default layout) says which column holds which field.
public enum CDRField: String, CaseIterable, Sendable, Comparable {
    /// `O` for the caller-side half call (O-CDR), `T` for the callee side (T-CDR).
    case recordType = "type"
    /// When the call started, as written (compared as text, to pair the two halves of a call).
    case start
    /// Seconds the call was connected.
    case duration
    /// The caller number.
    case caller
    /// The number the caller dialled.
    case dialed
    /// The called number as it left the server: what was sent to the destination.
    case called
    /// Who placed the call: `user`, `line` or `trunk` (empty: not said).
    case originType
    /// The local user's name, the external line's name or the SIP trunk's servID it came from.
    case origin
    /// Where the call went: `user`, `line`, `trunk`, `aa` (auto attendant) or `intercept`.
    case destinationType = "destType"
    /// The local user's name, the external line's name or the SIP trunk's servID it went to.
    case destination = "dest"
    /// `answered` or `failed`.
    case result
    /// The SIP cause of a failed call (also read from the FCI's `cause=`).
    case cause
    /// The FCI section: `callTag=…;cause=…`.
    case fci
    /// An identifier both halves of a call share, when the server writes one.
    case callID

    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }

    /// The position in `allCases`, without a search.
    var ordinal: Int {
        switch self {
        case .recordType: return 0
        case .start: return 1
        case .duration: return 2
        case .caller: return 3
        case .dialed: return 4
        case .called: return 5
        case .originType: return 6
        case .origin: return 7
        case .destinationType: return 8
        case .destination: return 9
        case .result: return 10
        case .cause: return 11
        case .fci: return 12
        case .callID: return 13
        }
    }

    /// What the field holds, for messages: `the dialled number`.
    public var meaning: String {
        switch self {
        case .recordType: return "the record type"
        case .start: return "the start time"
        case .duration: return "the duration"
        case .caller: return "the caller number"
        case .dialed: return "the dialled number"
        case .called: return "the called number sent"
        case .originType: return "the origin type"
        case .origin: return "the origin"
        case .destinationType: return "the destination type"
        case .destination: return "the destination"
        case .result: return "the result"
        case .cause: return "the cause"
        case .fci: return "the FCI"
        case .callID: return "the call ID"
        }
    }

    /// Header names that mean this field, normalised (lower case, letters and digits only):
    /// the vendor's item names ("Caller number", "Dialed number") and common synonyms.
    static let headerNames: [CDRField: [String]] = [
        .recordType: ["type", "recordtype", "cdrtype", "side", "halfcall"],
        .start: ["start", "starttime", "startdate", "begintime", "setuptime", "calltime"],
        .duration: ["duration", "callduration", "talktime", "billsec", "seconds"],
        .caller: ["caller", "callernumber", "callingnumber", "callernbr", "from", "src"],
        .dialed: ["dialed", "dialled", "dialednumber", "diallednumber", "dialednbr", "dialdigits"],
        .called: ["called", "callednumber", "connectednumber", "connected", "callednbr", "sentnumber"],
        .originType: ["origintype", "callertype", "callerside"],
        .origin: ["origin", "incomingline", "incomingtrunk", "callerline", "callertrunk"],
        .destinationType: ["desttype", "destinationtype", "calledtype", "calleetype"],
        .destination: ["dest", "destination", "outgoingline", "outgoingtrunk", "callee"],
        .result: ["result", "status", "disposition", "answered", "callresult"],
        .cause: ["cause", "releasecause", "sipcause", "causecode"],
        .fci: ["fci", "furnishchargeinformation", "furnishcallinformation"],
        .callID: ["callid", "callidentifier", "sessionid"],
    ]

    /// The field a header cell names, if any.
    static func named(header cell: String) -> CDRField? {
        let normalised = normalise(cell)
        return allCases.first { headerNames[$0]!.contains(normalised) || $0.rawValue.lowercased() == normalised }
    }

    static func normalise(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }
}
