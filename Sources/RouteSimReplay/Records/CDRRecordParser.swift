import DialPlan
import RouteSim

/// Turns the fields of a CSV record into a typed `CDRRecord`, or says what is wrong with it.
struct CDRRecordParser {
    let mapping: ColumnMapping
    /// Column indices (0-based) of each field, -1 when not mapped: one array read per field.
    private let index: [Int]
    private let widest: Int

    init(mapping: ColumnMapping) {
        self.mapping = mapping
        index = CDRField.allCases.map { (mapping[$0] ?? 0) - 1 }
        widest = mapping.widestColumn
    }

    private func column(_ field: CDRField) -> Int { index[field.ordinal] }

    private struct Fault: Error {
        var kind: MalformedKind
        var message: String
    }

    func parse(_ reader: CSVReader, place: RecordPlace) -> Result<CDRRecord, MalformedRecord> {
        do throws(Fault) {
            return .success(try record(reader, place: place))
        } catch {
            return .failure(MalformedRecord(place: place, kind: error.kind, message: error.message))
        }
    }

    private func describe(_ field: CDRField) -> String { "column \(column(field) + 1) (\(field.meaning))" }

    /// The field's text, trimmed; nil when not mapped or empty.
    private func text(_ reader: CSVReader, _ field: CDRField) throws(Fault) -> String? {
        let i = column(field)
        guard i >= 0, !reader.isEmpty(i) else { return nil }
        guard let value = reader.string(i) else {
            throw Fault(kind: .notUTF8, message: "\(describe(field)) holds bytes that are not UTF-8")
        }
        return value
    }

    private func number(_ reader: CSVReader, _ field: CDRField, role: String) throws(Fault) -> String? {
        let i = column(field)
        // The usual number is 1 to 64 printable ASCII characters: no need to check it twice.
        if i >= 0, let plain = reader.printableASCII(i, upTo: 64) { return plain }
        guard let value = try text(reader, field) else { return nil }
        if let problem = Self.problem(recordedNumber: value, role: role) {
            throw Fault(kind: .invalidNumber, message: "column \(column(field) + 1): \(problem)")
        }
        return value
    }

    /// What is wrong with a number as the server recorded it, or nil: 1 to 64 printable ASCII
    /// characters without spaces. A record holds the number the server dialed, never one typed
    /// with separators, so a space is a malformed record (not a separator as in `route`).
    static func problem(recordedNumber number: String, role: String) -> String? {
        if number.isEmpty { return "the \(role) number is empty" }
        if number.utf8.count > 64 {
            return "the \(role) number is \(number.utf8.count) characters long; at most 64 are allowed"
        }
        guard let bad = number.unicodeScalars.first(where: { $0.value <= 0x20 || $0.value >= 0x7F }) else { return nil }
        let shown = bad.value == 0x20 ? "a space" : "U+\(String(bad.value, radix: 16, uppercase: true))"
        return "the \(role) number '\(number.debugDescription.dropFirst().dropLast())' holds \(shown); use digits, * # + (or a user name)"
    }

    private func integer(_ value: String, _ field: CDRField, what: String) throws(Fault) -> Int {
        guard let n = Int(value), n >= 0 else {
            throw Fault(kind: .invalidInteger, message: "\(describe(field)): '\(value)' is not \(what)")
        }
        return n
    }

    private func record(_ reader: CSVReader, place: RecordPlace) throws(Fault) -> CDRRecord {
        if reader.fieldCount < widest {
            let missing = CDRField.allCases.filter { column($0) >= reader.fieldCount }.map { "\($0.rawValue) in column \(column($0) + 1)" }
            throw Fault(
                kind: .missingColumns,
                message:
                    "the record has \(reader.fieldCount) field\(reader.fieldCount == 1 ? "" : "s"); the mapping reads \(missing.joined(separator: ", "))"
            )
        }
        guard let caller = try number(reader, .caller, role: "caller") else {
            throw Fault(kind: .emptyNumber, message: "\(describe(.caller)) is empty")
        }
        guard let dialed = try number(reader, .dialed, role: "dialled") else {
            throw Fault(kind: .emptyNumber, message: "\(describe(.dialed)) is empty")
        }
        var record = CDRRecord(place: place, caller: caller, dialed: dialed)
        record.called = try number(reader, .called, role: "called")
        let typeColumn = column(.recordType)
        if typeColumn >= 0 && reader.field(typeColumn, is: "O") {
            record.half = .caller
        } else if typeColumn >= 0 && reader.field(typeColumn, is: "T") {
            record.half = .callee
        } else if let type = try text(reader, .recordType) {
            switch type.lowercased() {
            case "o", "caller", "orig", "originating", "ocdr", "o-cdr": record.half = .caller
            case "t", "callee", "term", "terminating", "tcdr", "t-cdr": record.half = .callee
            default:
                throw Fault(kind: .invalidValue, message: "\(describe(.recordType)): '\(type)' is not O (caller side) or T (callee side)")
            }
        }
        record.start = try text(reader, .start)
        let durationColumn = column(.duration)
        if durationColumn >= 0, let seconds = reader.integer(durationColumn) {
            record.duration = seconds
        } else if let duration = try text(reader, .duration) {
            record.duration = try integer(duration, .duration, what: "a number of seconds")
        }
        record.origin = try party(reader, type: .originType, name: .origin, caller: caller, destination: false)
        record.destination = try party(reader, type: .destinationType, name: .destination, caller: caller, destination: true)
        let resultColumn = column(.result)
        if resultColumn >= 0 && reader.field(resultColumn, is: "answered") {
            record.answered = true
        } else if resultColumn >= 0 && reader.field(resultColumn, is: "failed") {
            record.answered = false
        } else if let result = try text(reader, .result) {
            switch result.lowercased() {
            case "answered", "answer", "ok", "connected", "success", "1", "yes", "true": record.answered = true
            case "failed", "fail", "unanswered", "noanswer", "no answer", "busy", "rejected", "0", "no", "false": record.answered = false
            default: throw Fault(kind: .invalidValue, message: "\(describe(.result)): '\(result)' is not answered or failed")
            }
        } else if let duration = record.duration {
            // No result column: a call with connected seconds was answered (docs/replay.md).
            record.answered = duration > 0
        }
        let fciColumn = column(.fci)
        if fciColumn >= 0 && !reader.isEmpty(fciColumn) {
            // Read from the bytes: only `callTag=` and `cause=` become strings.
            let plain = reader.withBytes(of: fciColumn) { bytes, escaped in !escaped && !bytes.contains { $0 >= 0x80 } }
            let items =
                plain ? reader.withBytes(of: fciColumn) { bytes, _ in Self.fciItems(bytes) } : Self.fciItems(try text(reader, .fci)!)
            record.callTag = items.callTag
            if let cause = items.cause, !cause.isEmpty {
                record.cause = try integer(cause, .fci, what: "a cause number (cause=…)")
            }
        }
        if let cause = try text(reader, .cause) {
            record.cause = try integer(cause, .cause, what: "a cause number")
        }
        record.callID = try text(reader, .callID)
        record.pairingHash = pairingHash(reader, record)
        return record
    }

    /// The pairing key's hash from the fields' bytes (as `CallPairing` would compute it from the
    /// strings), when they hold no doubled quotes.
    private func pairingHash(_ reader: CSVReader, _ record: CDRRecord) -> UInt64 {
        var hash = PairingHash()
        func mix(_ field: CDRField) -> Bool {
            let i = column(field)
            guard i >= 0 else {
                hash.mix("")
                return true
            }
            return reader.withBytes(of: i) { bytes, escaped in
                if escaped { return false }
                hash.mix(bytes)
                return true
            }
        }
        if record.callID != nil { return mix(.callID) ? hash.value : 0 }
        return mix(.start) && mix(.caller) && mix(.dialed) ? hash.value : 0
    }

    private func requireName(_ name: String?, _ typeField: CDRField, _ nameField: CDRField, _ type: String) throws(Fault) -> String {
        guard let name else {
            throw Fault(kind: .invalidValue, message: "\(describe(typeField)) is '\(type)' but \(describe(nameField)) is empty")
        }
        return name
    }

    /// The `callTag=` and `cause=` values of an FCI section (`callTag=3;cause=486`): `key=value`
    /// items separated by `;`, `&`, `|`, `,` or spaces, keys in any case; the last one of each wins.
    static func fciItems(_ fci: String) -> (callTag: String?, cause: String?) {
        var fci = fci
        return fci.withUTF8 { fciItems($0) }
    }

    static func fciItems(_ bytes: UnsafeBufferPointer<UInt8>) -> (callTag: String?, cause: String?) {
        var found: (callTag: String?, cause: String?) = (nil, nil)
        var i = 0
        while i < bytes.count {
            var j = i
            while j < bytes.count && !isSeparator(bytes[j]) { j += 1 }
            if let equals = (i..<j).first(where: { bytes[$0] == UInt8(ascii: "=") }) {
                let value = { String(decoding: UnsafeBufferPointer(rebasing: bytes[(equals + 1)..<j]), as: UTF8.self) }
                if matches(bytes, i..<equals, "calltag") {
                    found.callTag = value()
                } else if matches(bytes, i..<equals, "cause") {
                    found.cause = value()
                }
            }
            i = j + 1
        }
        return found
    }

    private static func isSeparator(_ b: UInt8) -> Bool { b == 0x3B || b == 0x26 || b == 0x7C || b == 0x2C || b == 0x20 }

    /// Whether `bytes[range]` is `word` (lower-case ASCII) in any case.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        for (k, i) in range.enumerated() where bytes[i] | 0x20 != word.utf8Start[k] { return false }
        return true
    }

    private func party(
        _ reader: CSVReader, type typeField: CDRField, name nameField: CDRField, caller: String, destination: Bool
    ) throws(Fault) -> RecordedParty? {
        let name = try text(reader, nameField)
        let typeColumn = column(typeField)
        if typeColumn >= 0 && reader.field(typeColumn, is: "user") {
            if destination { return .user(try requireName(name, typeField, nameField, "user")) }
            return .user(name ?? caller)
        }
        if typeColumn >= 0 && reader.field(typeColumn, is: "line") { return .line(try requireName(name, typeField, nameField, "line")) }
        guard let type = try text(reader, typeField) else {
            // A name without a type: a mapping that has no type column cannot say what it names.
            if let name, column(typeField) < 0 {
                throw Fault(
                    kind: .invalidValue,
                    message: "\(describe(nameField)) is '\(name)' but \(typeField.rawValue) is not mapped: map it so the name can be read")
            }
            return nil
        }
        func needName() throws(Fault) -> String {
            guard let name else {
                throw Fault(kind: .invalidValue, message: "\(describe(typeField)) is '\(type)' but \(describe(nameField)) is empty")
            }
            return name
        }
        switch type == "user" || type == "line" || type == "trunk" ? type : CDRField.normalise(type) {
        case "user", "localuser", "extension", "local":
            if destination { return .user(try needName()) }
            return .user(name ?? caller)
        case "line", "extline", "externalline":
            return .line(try needName())
        case "trunk", "siptrunk", "peerserver", "peer":
            let id = try needName()
            guard let n = Int(id), n >= 0 else {
                throw Fault(kind: .invalidInteger, message: "\(describe(nameField)): '\(id)' is not a SIP trunk servID (a whole number)")
            }
            return .trunk(TrunkID(n))
        case "aa" where destination, "autoattendant" where destination:
            return .autoAttendant
        case "intercept" where destination, "intercepted" where destination:
            return .intercept
        default:
            let words = destination ? "user, line, trunk, aa or intercept" : "user, line or trunk"
            throw Fault(kind: .invalidValue, message: "\(describe(typeField)): '\(type)' is not one of \(words)")
        }
    }
}
