extension Snapshot {
    /// Reads a snapshot from JSON bytes (the format: docs/snapshot.md): UTF-8, with or without a
    /// byte-order mark (UTF-16 and UTF-32 are refused with a message that says so).
    ///
    /// Refuses, naming the file, line, table, record (index and key) and field: invalid JSON, a
    /// top-level key that is no table, a table of the wrong shape, a record that is not an object,
    /// a member given twice, a value of the wrong type, and a record without one of its table's key
    /// fields. Fields the reference does not list are kept and written back, and each becomes a
    /// `LoadWarning` in `warnings`. Duplicate record keys are not checked here: `duplicateKeys()`
    /// lists them.
    ///
    /// - Parameter source: the file name to put in error messages.
    public init(json bytes: [UInt8], source: String) throws(SnapshotError) {
        try self.init(json: bytes, source: source, splitThreshold: SnapshotDecoder.defaultSplitThreshold)
    }

    /// As `init(json:source:)`, reading a table's second half on another thread from
    /// `splitThreshold` bytes left in it (tests set 0, so that small plans take that way too).
    package init(json bytes: [UInt8], source: String, splitThreshold: Int) throws(SnapshotError) {
        self = try Snapshot.decode(json: bytes, source: source, splitThreshold: splitThreshold).snapshot
    }

    /// The snapshot, and how many of its tables were read by two threads (`SplitDecode`).
    package static func decode(json bytes: [UInt8], source: String, splitThreshold: Int) throws(SnapshotError) -> DecodeAnswer {
        let decoded = bytes.withUnsafeBufferPointer { (whole) -> Result<DecodeAnswer, SnapshotError> in
            do throws(SnapshotError) {
                var none: SnapshotDecoder.Stream?
                return .success(try decode(json: whole, source: source, splitThreshold: splitThreshold, releasing: nil, stream: &none))
            } catch {
                return .failure(error)
            }
        }
        return try decoded.get()
    }

    /// As `decode(json:source:splitThreshold:)`, from `file`'s bytes, read from the file just
    /// ahead of the reader and given back behind it (`FileBytes`): a large plan's text is then
    /// never all in memory, and never beside all its records. `margin`: the bytes read ahead of a
    /// record's start at least (tests set small values).
    ///
    /// A reader reads no byte that is not read from the file yet: to it the text ends there. A
    /// record longer than the margin would run into that end and fail, so an error while the
    /// text is not all read is not trusted: the whole file is read again, as it was first opened,
    /// and decoded by one reader (`readAgain` in the answer), whose answer, error or not, is the
    /// answer. A file that changed since it was opened is refused.
    package static func decode(
        file: FileBytes, source: String, splitThreshold: Int, margin: Int = SnapshotDecoder.Stream.defaultMargin
    ) throws(SnapshotError) -> DecodeAnswer {
        let changed = SnapshotError.changedWhileRead(source)
        var stream: SnapshotDecoder.Stream? = SnapshotDecoder.Stream(file: file, margin: max(margin, 1))
        do {
            return try decode(json: file.buffer, source: source, splitThreshold: splitThreshold, releasing: file, stream: &stream)
        } catch {
            if stream?.failed == true { throw changed }
            guard let stream, stream.filled < file.count else { throw error }
        }
        guard let whole = file.readAgain() else { throw changed }
        var none: SnapshotDecoder.Stream?
        var answer = try decode(json: whole.buffer, source: source, splitThreshold: splitThreshold, releasing: whole, stream: &none)
        answer.readAgain = true
        return answer
    }

    private static func decode(
        json whole: UnsafeBufferPointer<UInt8>, source: String, splitThreshold: Int, releasing file: FileBytes?,
        stream: inout SnapshotDecoder.Stream?
    ) throws(SnapshotError) -> DecodeAnswer {
        // The first bytes, for the encoding's check (4) and the byte-order mark (3).
        var readable = whole
        if var ahead = stream {
            let read = ahead.read(upTo: max(ahead.margin + ahead.file.step, 64))
            stream = ahead
            guard read else { throw SnapshotError.changedWhileRead(source) }
            readable = UnsafeBufferPointer(rebasing: whole[..<ahead.filled])
        }
        if let problem = TextEncoding.problem(readable) { throw SnapshotError(source: source, line: 1, message: problem) }
        var snapshot = Snapshot()
        snapshot.locations.source = source
        // A UTF-8 byte-order mark (Windows editors write one) is skipped: it changes no line.
        let start = TextEncoding.byteOrderMarkLength(readable)
        let text = UnsafeBufferPointer(rebasing: whole[start...])
        var decoder = SnapshotDecoder(scanner: JSONScanner(text), source: source)
        decoder.splitThreshold = splitThreshold
        if let file {
            decoder.release = file
            decoder.releaseOffset = start
            decoder.releaseAt = file.step
        }
        if var ahead = stream {
            ahead.offset = start
            ahead.text = text
            decoder.see(ahead)
        }
        defer { stream = decoder.stream }
        try decoder.decode(into: &snapshot)
        snapshot.warnings = decoder.warnings()
        return DecodeAnswer(snapshot: snapshot, tablesSplit: decoder.tablesSplit, dropped: decoder.dropped)
    }
}

extension SnapshotError {
    /// A plan file that changed since it was opened, or could not be read to its end.
    package static func changedWhileRead(_ source: String) -> SnapshotError {
        SnapshotError(source: source, message: "the plan file changed while it was read, or could not be read to its end; read it again")
    }
}

/// A decoded snapshot, and how it was read.
package struct DecodeAnswer {
    package var snapshot: Snapshot
    /// The tables whose second half another thread read (`SplitDecode`).
    package var tablesSplit: Int
    /// The bytes the other thread gave back behind it while it read (`FileBytes.drop`).
    package var dropped = 0
    /// Whether the file was read whole again and decoded by one reader after an error.
    package var readAgain = false
}

/// Walks a snapshot document table by table and record by record, without building a JSON tree.
struct SnapshotDecoder {
    var scanner: JSONScanner
    let source: String
    /// The bytes left in a table from which its second half is read on another thread
    /// (`SplitDecode`; 0: always, for tests; `Int.max`: never).
    var splitThreshold = SnapshotDecoder.defaultSplitThreshold
    static let defaultSplitThreshold = 8 << 20
    /// The tables whose second half came from another thread.
    var tablesSplit = 0
    /// Fields no table documents, per table and name, in the order first met (`warnings()`).
    var unknownFields = UnknownFields()
    /// The file whose bytes are given back behind this reader (nil: the caller's bytes, kept).
    /// This unmaps them; the second thread of a split (`SplitDecode`) instead gives back pages
    /// in place (`FileBytes.drop`), which the first fills again when it reads those records
    /// itself.
    var release: FileBytes?
    /// Where the scanner's bytes start in `release`'s (a byte-order mark before them).
    var releaseOffset = 0
    /// The scanner position from which bytes are next given back (`Int.max`: never).
    var releaseAt = Int.max
    /// The file read just ahead of this reader (nil: its bytes are all in memory).
    var stream: Stream?
    /// The scanner position from which more of `stream` is read (`Int.max`: never).
    var fillAt = Int.max
    /// The bytes a second thread gave back behind it (`SplitDecode`), for tests.
    var dropped = 0

    /// Gives back the file's bytes before the scanner's position, which no reader reads again:
    /// the records before it are decoded, and a second thread reads only after it.
    @inline(never)
    mutating func releaseBehind() {
        guard let release else { return }
        release.release(upTo: releaseOffset + scanner.position)
        releaseAt = scanner.position + release.step
    }

    func syntax(_ error: JSONSyntaxError, table: String? = nil, index: Int? = nil) -> SnapshotError {
        SnapshotError(
            source: source, line: error.line, table: table, recordIndex: index,
            message: "invalid JSON: \(error.message) (column \(error.column))")
    }

    mutating func decode(into snapshot: inout Snapshot) throws(SnapshotError) {
        guard scanner.peek() == UInt8(ascii: "{") else {
            let found = scanner.peek() == nil ? "an empty file" : "no JSON object"
            throw SnapshotError(
                source: source, line: scanner.line,
                message: "a snapshot must be one JSON object whose keys are table names; found \(found)")
        }
        do { try scanner.beginObject() } catch { throw syntax(error) }
        var seen = Set<String>()
        var first = true
        while true {
            if scanner.position >= fillAt { try readAhead() }
            let nameToken: JSONScanner.RawString?
            let name: String
            let line: Int
            do {
                nameToken = try scanner.nextMember(first: first)
                guard let nameToken else { break }
                line = scanner.line
                name = try scanner.decode(nameToken)
            } catch {
                throw syntax(error)
            }
            first = false
            if !seen.insert(name).inserted {
                throw SnapshotError(
                    source: source, line: line, table: name,
                    message: "the table appears twice in the snapshot; merge the two lists")
            }
            if name == "routesim" {
                do { snapshot.metadata = try scanner.readValue() } catch { throw syntax(error, table: name) }
                continue
            }
            guard let table = Table(rawValue: name) else {
                let names = Table.allCases.map(\.rawValue)
                let suggestion = DidYouMean.closest(to: name, among: names).map { "; did you mean \"\($0)\"? The" } ?? "; the"
                throw SnapshotError(
                    source: source, line: line, table: name,
                    message:
                        "not a table routesim knows\(suggestion) tables are \(names.joined(separator: ", ")) (and \"routesim\" for metadata)"
                )
            }
            try decodeTable(table, into: &snapshot)
            if scanner.position >= releaseAt { releaseBehind() }
        }
        do { try scanner.expectEnd() } catch { throw syntax(error) }
    }

    mutating func decodeTable(_ table: Table, into s: inout Snapshot) throws(SnapshotError) {
        if table.isSingleObject {
            let line = scanner.line
            var info = SystemInfo()
            try decodeRecord(&info, table: table, index: nil, schema: RecordSchema<SystemInfo>())
            s.systemInfo = info
            s.locations.lines[table] = [Int32(line)]
            return
        }
        var visitor = ListDecoder(decoder: self, snapshot: s, table: table)
        try table.visit(&visitor)
        self = visitor.decoder
        s = visitor.snapshot
    }

    /// Decodes one table's list of records into the snapshot, specialised for its record type.
    struct ListDecoder: TableVisitor {
        var decoder: SnapshotDecoder
        var snapshot: Snapshot
        let table: Table

        mutating func visit<Record: DialPlanRecord>(_: Record.Type) throws(SnapshotError) {
            snapshot[keyPath: Record.snapshotRecords] = RecordList(try decoder.decodeList(table, &snapshot.locations))
        }
    }

    mutating func decodeList<R: DialPlanRecord>(_ table: Table, _ locations: inout SourceLocations) throws(SnapshotError) -> [R] {
        guard scanner.peek() == UInt8(ascii: "[") else {
            let found = (try? scanner.readToken()).map(describe) ?? "invalid JSON"
            throw SnapshotError(
                source: source, line: scanner.line, table: table.rawValue,
                message: "expected an array of records, found \(found)")
        }
        var records: [R] = []
        var lines: [Int32] = []
        let schema = RecordSchema<R>()
        do { try scanner.beginArray() } catch { throw syntax(error, table: table.rawValue) }
        // A large table's second half read on another thread, taken only when this thread
        // arrives exactly where it started (`SplitDecode`).
        var split = try startSplit(R.self, table)
        let arrayStart = scanner.position
        let textCount = stream?.text.count ?? scanner.bytes.count
        var first = true
        while true {
            if scanner.position >= fillAt { try readAhead() }
            let more: Bool
            do { more = try scanner.nextElement(first: first) } catch {
                throw syntax(error, table: table.rawValue, index: records.count)
            }
            guard more else { break }
            first = false
            scanner.skipWhitespace()
            if let pending = split, scanner.position >= pending.start {
                split = nil
                if scanner.position == pending.start, let rest = pending.finish(reached: true) {
                    let offset = Int32(scanner.line - 1)
                    rest.records.move(into: &records)
                    lines.append(contentsOf: rest.lines.lazy.map { $0 + offset })
                    endSplit(otherFilled: rest.filled, dropped: pending.dropped)
                    scanner.resume(after: rest.end)
                    tablesSplit += 1
                    break
                }
                abandon(pending)
            }
            if scanner.position >= releaseAt { releaseBehind() }
            lines.append(Int32(scanner.line))
            if records.count == Self.sampleRecords, textCount - arrayStart >= splitThreshold {
                reserve(&records, &lines, from: arrayStart, textCount: textCount)
            }
            // Decoded in place: a record built aside would be copied into the array, then destroyed.
            let index = records.count
            records.append(R())
            try decodeRecord(&records[index], table: table, index: index, schema: schema)
        }
        if let pending = split {
            // Its guess lay past the table's end: nothing of it taken.
            abandon(pending)
        }
        locations.lines[table] = lines
        return records
    }

    /// A split of the table about to be read (`SplitDecode`), when it is worth one and a guess is
    /// found; the file read ahead around the guess first (`Stream`).
    mutating func startSplit<R: DialPlanRecord>(_: R.Type, _ table: Table) throws(SnapshotError) -> SplitDecode<R>? {
        let text = stream?.text ?? scanner.bytes
        let left = text.count - scanner.position
        guard SplitDecode<R>.worthSplitting(left: left, threshold: splitThreshold) else { return nil }
        let middle = scanner.position + left / 2
        if var ahead = stream {
            let read = ahead.read(from: ahead.offset + middle, to: ahead.offset + middle + SplitDecode<R>.guessWindow + ahead.margin)
            stream = ahead
            guard read else { throw SnapshotError.changedWhileRead(source) }
        }
        guard let start = SplitDecode<R>.guess(in: text, from: middle) else { return nil }
        var reading: SplitDecode<R>.Reading?
        if var ahead = stream {
            let cap = min(ahead.file.count, ahead.offset + start + ahead.margin)
            ahead.split = (ahead: max(ahead.filled, ahead.offset + middle), cap: cap)
            see(ahead)
            reading = SplitDecode<R>.Reading(file: ahead.file, offset: ahead.offset, margin: ahead.margin, filled: cap)
        }
        return SplitDecode<R>(start: start, bytes: text, table: table, source: source, threshold: splitThreshold, reading: reading)
    }

    /// Stops a split whose records are not taken: this thread reads them itself.
    mutating func abandon<R>(_ pending: SplitDecode<R>) {
        _ = pending.finish(reached: false)
        endSplit(otherFilled: nil, dropped: pending.dropped)
    }

    /// After a split: what the file holds read, and what the other thread gave back.
    mutating func endSplit(otherFilled: Int?, dropped: Int) {
        self.dropped += dropped
        guard var ahead = stream else { return }
        ahead.endSplit(otherFilled: otherFilled)
        see(ahead)
    }

    /// Records read before `reserve` estimates how many the table holds.
    static let sampleRecords = 256

    /// Room for as many records as the rest of the input would hold at the size of those read
    /// so far (from `arrayStart`), for a table that may be large (as many bytes left as a split
    /// needs): it is then not copied as its array grows, which would hold it one and a half
    /// times in memory for a moment, and the other thread's records fit after it. An estimate
    /// that is short only means growing as before; one that is long costs address space, not
    /// memory (pages never written are never touched).
    func reserve<R>(_ records: inout [R], _ lines: inout [Int32], from arrayStart: Int, textCount: Int) {
        let perRecord = max(1, (scanner.position - arrayStart) / records.count)
        let estimate = records.count + (textCount - scanner.position) / perRecord + 1
        records.reserveCapacity(estimate)
        lines.reserveCapacity(estimate)
    }

    private func describe(_ token: JSONScanner.Token) -> String {
        switch token {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let r): return "the number \(scanner.text(r))"
        case .string: return "a string"
        case .objectStart: return "an object"
        case .arrayStart: return "an array"
        }
    }

    mutating func decodeRecord<R: DialPlanRecord>(
        _ record: inout R, table: Table, index: Int?, schema: RecordSchema<R>
    ) throws(SnapshotError) {
        let recordLine = scanner.line
        guard scanner.peek() == UInt8(ascii: "{") else {
            let found = (try? scanner.readToken()).map(describe) ?? "invalid JSON"
            throw SnapshotError(
                source: source, line: recordLine, table: table.rawValue, recordIndex: index,
                message: "expected a record (a JSON object), found \(found)")
        }
        let access = schema.access
        var seen: UInt64 = 0
        /// Fields given with a value (not null): a key field left out or null is missing.
        var present: UInt64 = 0
        // Boxed: a `SnapshotError` is 112 bytes, which the optimiser copied from slot to slot
        // at every member while it sat in the loop's state (a tenth of the record decoder's time).
        var firstError: PendingError?
        // A field whose value could not be read: the key an error shows leaves it out.
        var unreadField: String?
        var hint = 0
        do {
            try scanner.beginObject()
            var first = true
            // Records usually list fields in the same order: the one after the last is tried first,
            // and its name compared in place (`nextMember(first:expected:)`).
            if hint >= schema.fields.count { hint = 0 }
            while let (nameToken, matched) = try scanner.nextMember(first: first, expected: schema.name(at: hint)) {
                first = false
                let memberLine = scanner.line
                guard let fieldIndex = matched ? hint : schema.field(named: nameToken, in: scanner, hint: hint) else {
                    let name = try scanner.decode(nameToken)
                    let value = try scanner.readValue()
                    if record.extras[name] != nil, firstError == nil {
                        firstError = PendingError(
                            source: source, line: memberLine, table: table.rawValue, recordIndex: index, field: name,
                            message: "the field is given twice in the record")
                    } else {
                        unknownFields.note(name, table: table, index: index, line: memberLine)
                    }
                    record.extras[name] = value
                    continue
                }
                hint = fieldIndex + 1 == schema.fields.count ? 0 : fieldIndex + 1
                if seen & (1 << UInt64(fieldIndex)) != 0, firstError == nil {
                    firstError = PendingError(
                        source: source, line: memberLine, table: table.rawValue, recordIndex: index,
                        field: schema.fields[fieldIndex].name, message: "the field is given twice in the record")
                }
                seen |= 1 << UInt64(fieldIndex)
                let mismatch: Mismatch?
                switch access[fieldIndex] {
                case .typedInteger:
                    // A plain number (the usual case) read here; anything else by `readInteger`.
                    if let n = scanner.readPlainInteger() {
                        record.setDecodedField(fieldIndex, integer: n)
                        present |= 1 << UInt64(fieldIndex)
                        mismatch = nil
                        break
                    }
                    switch try readInteger() {
                    case .success(let n?):
                        record.setDecodedField(fieldIndex, integer: n)
                        present |= 1 << UInt64(fieldIndex)
                        mismatch = nil
                    case .success(nil): mismatch = nil
                    case .failure(let m): mismatch = m
                    }
                case .typedString:
                    switch try readString() {
                    case .success(let text?):
                        record.setDecodedField(fieldIndex, string: text)
                        present |= 1 << UInt64(fieldIndex)
                        mismatch = nil
                    case .success(nil): mismatch = nil
                    case .failure(let m): mismatch = m
                    }
                case .general:
                    let spec = schema.fields[fieldIndex]
                    switch try readField(spec.kind) {
                    case .success(let value?):
                        spec.set(&record, value)
                        present |= 1 << UInt64(fieldIndex)
                        mismatch = nil
                    case .success(nil): mismatch = nil
                    case .failure(let m): mismatch = m
                    }
                }
                if let mismatch, firstError == nil {
                    let spec = schema.fields[fieldIndex]
                    unreadField = spec.name
                    firstError = PendingError(
                        source: source, line: memberLine, table: table.rawValue, recordIndex: index,
                        field: spec.name, message: "expected \(spec.kind.expectation), found \(mismatch.text)")
                }
            }
        } catch {
            throw syntax(error, table: table.rawValue, index: index)
        }
        if var error = firstError?.error {
            error.recordKey = Self.keyText(of: record, without: unreadField)
            throw error
        }
        if present & schema.keyMask != schema.keyMask {
            try Self.requireKeyFields(of: record, present: present, schema: schema, source: source, line: recordLine, index: index)
        }
        if !unknownFields.awaitingKey.isEmpty { unknownFields.setKey(record.key) }
    }

    /// The first error met in a record, thrown once the record is read (its key named).
    final class PendingError {
        let error: SnapshotError

        @inline(never)
        init(
            source: String, line: Int, table: String, recordIndex: Int?, field: String, message: String
        ) {
            error = SnapshotError(source: source, line: line, table: table, recordIndex: recordIndex, field: field, message: message)
        }
    }

    /// The record's key as an error shows it, without a key field whose value could not be read
    /// (the record holds the default there, which the file does not say). Kept out of line: only errors need it, and
    /// the record decoder it would swell is the decoder's hot loop.
    @inline(never)
    static func keyText<R: DialPlanRecord>(of record: R, without field: String?) -> String {
        R.table.keyText(record.key.filter { $0.name != field })
    }

    /// An integer field's value: a number, or a string of digits (nil for null).
    @inline(__always)
    mutating func readInteger() throws(JSONSyntaxError) -> Result<Int?, Mismatch> {
        if let n = scanner.readPlainInteger() { return .success(n) }
        let token = try scanner.readToken()
        if case .number(let range) = token, let n = scanner.integer(range) { return .success(n) }
        switch try readField(.integer, token) {
        case .success(let value?):
            if case .number(let text) = value, let n = Int(text) { return .success(n) }
            return .failure(Mismatch(text: value.kindDescription))
        case .success(nil): return .success(nil)
        case .failure(let m): return .failure(m)
        }
    }

    /// A string field's value: a string, or a number's text (nil for null).
    @inline(__always)
    mutating func readString() throws(JSONSyntaxError) -> Result<String?, Mismatch> {
        if let raw = try scanner.readStringIfNext() { return .success(try scanner.decode(raw)) }
        let token = try scanner.readToken()
        if case .string(let raw) = token { return .success(try scanner.decode(raw)) }
        switch try readField(.string, token) {
        case .success(let value?):
            if case .string(let text) = value { return .success(text) }
            return .failure(Mismatch(text: value.kindDescription))
        case .success(nil): return .success(nil)
        case .failure(let m): return .failure(m)
        }
    }

    struct Mismatch: Error { var text: String }

    /// Reads a field's value and brings it to the field's kind (nil for null: the server default).
    mutating func readField(_ kind: FieldKind) throws(JSONSyntaxError) -> Result<JSONValue?, Mismatch> {
        try readField(kind, try scanner.readToken())
    }

    mutating func readField(_ kind: FieldKind, _ token: JSONScanner.Token) throws(JSONSyntaxError) -> Result<JSONValue?, Mismatch> {
        switch (kind, token) {
        case (_, .null):
            return .success(nil)
        case (_, .objectStart), (_, .arrayStart):
            let value = try scanner.readValue()
            return .failure(Mismatch(text: value.kindDescription))
        case (.integer, .number(let range)):
            let text = scanner.text(range)
            guard Int(text) != nil else {
                return .failure(Mismatch(text: "the number \(text)"))
            }
            return .success(.number(text))
        case (.integer, .string(let raw)):
            let text = try scanner.decode(raw)
            let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(text) else {
                return .failure(Mismatch(text: "the string \"\(text)\""))
            }
            return .success(.number(String(n)))
        case (.string, .string(let raw)):
            return .success(.string(try scanner.decode(raw)))
        case (.string, .number(let range)):
            return .success(.string(scanner.text(range)))
        case (.boolean, .bool(let b)):
            return .success(.bool(b))
        case (.boolean, .number(let range)):
            let text = scanner.text(range)
            if text == "0" || text == "1" { return .success(.bool(text == "1")) }
            return .failure(Mismatch(text: "the number \(text)"))
        case (_, .bool(let b)):
            return .failure(Mismatch(text: b ? "true" : "false"))
        case (.boolean, .string(let raw)):
            return .failure(Mismatch(text: "the string \"\(try scanner.decode(raw))\""))
        }
    }
}

/// How the decoder stores a field's value.
enum FieldAccess: UInt8 {
    /// Read as an integer, stored with `setDecodedField(_:integer:)`.
    case typedInteger
    /// Read as a string, stored with `setDecodedField(_:string:)`.
    case typedString
    /// Read as a `JSONValue` of the field's kind, stored with the field's `set`.
    case general
}

/// A record type's fields prepared for matching member names byte by byte, built once per table.
///
/// The per-member data lives in buffers the schema owns, so the decoder's hot loop neither
/// copies a `FieldSpec` (closures and strings to retain) nor retains an array.
final class RecordSchema<R: DialPlanRecord> {
    let fields: [FieldSpec<R>]
    /// How each field is stored, by index in `fields`.
    let access: UnsafeMutableBufferPointer<FieldAccess>
    /// The bits (by index in `fields`) of the table's key fields.
    let keyMask: UInt64
    /// All field names, back to back, and where each starts and ends.
    private let names: UnsafeMutableBufferPointer<UInt8>
    private let starts: UnsafeMutableBufferPointer<Int>

    init() {
        fields = R.fields
        precondition(fields.count <= 64, "a record type has at most 64 documented fields")
        let nameBytes = fields.flatMap(\.nameBytes)
        names = .allocate(capacity: max(1, nameBytes.count))
        _ = names.initialize(from: nameBytes)
        starts = .allocate(capacity: fields.count + 1)
        access = .allocate(capacity: max(1, fields.count))
        var offset = 0
        for (i, spec) in fields.enumerated() {
            starts[i] = offset
            offset += spec.nameBytes.count
            access[i] =
                switch (spec.kind, spec.isTyped) {
                case (.integer, true): .typedInteger
                case (.string, true): .typedString
                default: .general
                }
        }
        starts[fields.count] = offset
        let specs = fields
        keyMask = R.keyFields.reduce(0) { mask, name in
            mask | (specs.firstIndex { $0.name == name }.map { UInt64(1) << UInt64($0) } ?? 0)
        }
    }

    deinit {
        names.deallocate()
        starts.deallocate()
        access.deallocate()
    }

    /// The name of field `index` (< `fields.count`), as bytes.
    @inline(__always)
    func name(at index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: UnsafeBufferPointer(names)[starts[index]..<starts[index + 1]])
    }

    /// The index of the field a member name names, trying `hint` first.
    @inline(__always)
    func field(named raw: JSONScanner.RawString, in scanner: JSONScanner, hint: Int) -> Int? {
        guard !raw.hasEscapes else { return fieldSlow(named: raw, in: scanner) }
        let count = fields.count
        let length = raw.end - raw.start
        guard let input = scanner.bytes.baseAddress.map({ $0 + raw.start }), let names = names.baseAddress else { return nil }
        var i = hint >= count ? 0 : hint
        for _ in 0..<count {
            let start = starts[i]
            if starts[i + 1] - start == length && JSONScanner.equal(names + start, input, count: length) { return i }
            i += 1
            if i == count { i = 0 }
        }
        return nil
    }

    private func fieldSlow(named raw: JSONScanner.RawString, in scanner: JSONScanner) -> Int? {
        guard let name = try? scanner.decode(raw) else { return nil }
        return fields.firstIndex { $0.name == name }
    }
}
