import DialPlan

/// Where a record is: its file as the user named it, and the line it starts on.
public struct RecordPlace: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `cdr/2024-05-01.csv:17`.
    public var description: String { "\(file):\(line)" }

    public static func < (a: Self, b: Self) -> Bool { a.file == b.file ? a.line < b.line : a.file < b.file }
}

/// Which half of a call a record describes (miniSIPServer's half-call model, ETSI 23.078).
public enum HalfCall: String, Sendable, Equatable {
    /// The caller side's record (O-CDR).
    case caller = "O"
    /// The callee side's record (T-CDR).
    case callee = "T"
}

/// A party a record names: where a call came from, or where it went.
public enum RecordedParty: Sendable, Hashable {
    case user(String)
    case line(String)
    case trunk(TrunkID)
    /// Answered by the auto attendant (a destination only).
    case autoAttendant
    /// Intercepted by the server (a destination only).
    case intercept

    /// `local user 100`, `SIP trunk 3`.
    public var text: String {
        switch self {
        case .user(let name): return "local user \(name)"
        case .line(let name): return "external line \(name)"
        case .trunk(let id): return "SIP trunk \(id)"
        case .autoAttendant: return "the auto attendant"
        case .intercept: return "intercept"
        }
    }
}

/// One call detail record, its fields typed: what the server says happened.
public struct CDRRecord: Sendable, Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.place == b.place && a.half == b.half && a.start == b.start && a.duration == b.duration && a.caller == b.caller
            && a.dialed == b.dialed && a.called == b.called && a.origin == b.origin && a.destination == b.destination
            && a.answered == b.answered && a.cause == b.cause && a.callTag == b.callTag && a.callID == b.callID
    }

    public var place: RecordPlace
    /// The caller-side or callee-side record; nil when the file does not say.
    public var half: HalfCall?
    public var start: String?
    public var duration: Int?
    public var caller: String
    public var dialed: String
    /// The called number as it left the server; nil when not recorded.
    public var called: String?
    /// Who placed the call; nil when not recorded.
    public var origin: RecordedParty?
    /// Where the call went; nil when not recorded (or the server released it).
    public var destination: RecordedParty?
    /// Whether the call was answered; nil when not recorded.
    public var answered: Bool?
    /// The SIP cause of a failed call.
    public var cause: Int?
    /// The FCI's `callTag=` (where the server released the call; an inner value).
    public var callTag: String?
    public var callID: String?
    /// The pairing key's hash (call ID, or start time, caller and dialled number), computed
    /// from the record's bytes as it is read; 0 when not computed.
    var pairingHash: UInt64 = 0

    public init(place: RecordPlace, caller: String, dialed: String) {
        self.place = place
        self.caller = caller
        self.dialed = dialed
    }
}

/// A record that cannot be read: where, what kind of fault, and what exactly.
public struct MalformedRecord: Error, Sendable, Equatable, CustomStringConvertible {
    public var place: RecordPlace
    public var kind: MalformedKind
    public var message: String

    /// `cdr.csv:17: the dialled number (column 5) is empty`.
    public var description: String { "\(place): \(message)" }
}

/// The kinds of malformed record, each counted in the summary.
public enum MalformedKind: String, CaseIterable, Sendable, Comparable {
    /// A quoted field whose closing quote never comes.
    case unclosedQuote
    /// A quote inside an unquoted field.
    case strayQuote
    /// Text after a field's closing quote.
    case textAfterQuote
    /// A record longer than 64 KiB.
    case tooLong
    /// Fewer fields than the mapping reads.
    case missingColumns
    /// The caller or dialled number is empty.
    case emptyNumber
    /// A number routesim cannot take (a space, a character that is not printable ASCII, too long).
    case invalidNumber
    /// A word the field does not take (a record type, origin or destination type, result).
    case invalidValue
    /// A field that must be a whole number is not (a trunk servID, a duration, a cause).
    case invalidInteger
    /// Bytes that are not UTF-8.
    case notUTF8
    /// The rest of the file cannot be read (damaged gzip data, a read error).
    case unreadable

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}
