import DialPlan
import Foundation
import RouteSim
import RouteSimTestSupport
import Testing

@testable import RouteSimReplay

/// Reading records: the column mapping (header row, `--columns`, mapping file, default
/// layout), typed fields, every malformed kind with its file, line and message, and pairing.
@Suite("CDR records: mapping, fields, malformed records, pairing")
struct RecordReadingTests {
    /// Reads `text` as one file through the stream: records and malformed records in order.
    static func stream(_ text: String, options: CDRReadOptions = CDRReadOptions()) throws -> (items: [String], mappings: [FileMapping]) {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(text, to: "cdr.csv")
        let stream = CDRStream(paths: [path], options: options)
        var items: [String] = []
        while let item = try stream.next() {
            switch item {
            case .record(let r):
                items.append(
                    "\(r.place.line): \(r.half?.rawValue ?? "-") \(r.caller)→\(r.dialed) sent \(r.called ?? "-") from \(r.origin?.text ?? "-") to \(r.destination?.text ?? "-") \(r.answered.map { $0 ? "answered" : "failed" } ?? "-") cause \(r.cause.map(String.init) ?? "-") tag \(r.callTag ?? "-")"
                )
            case .malformed(let m):
                #expect(m.place.file == path)
                items.append("\(m.place.line): \(m.kind.rawValue): \(m.message)")
            }
        }
        return (items, stream.mappings)
    }

    @Test("the default layout, when there is no header and no mapping")
    func defaultLayout() throws {
        let (items, mappings) = try Self.stream(
            "O,2024-05-01 08:00:17,93,100,9123,123,user,100,line,pstn,answered,callTag=1\r\n"
                + "T,2024-05-01 08:00:20,0,0301234,100,100,trunk,3,user,100,failed,callTag=2;cause=486\r\n")
        #expect(
            items == [
                "1: O 100→9123 sent 123 from local user 100 to external line pstn answered cause - tag 1",
                "2: T 0301234→100 sent 100 from SIP trunk 3 to local user 100 failed cause 486 tag 2",
            ])
        #expect(mappings.map(\.source) == [.defaultLayout])
    }

    @Test("a header row with the vendor's item names maps the columns in any order")
    func header() throws {
        let (items, mappings) = try Self.stream(
            "Dialed number,Caller number,Result,Destination type,Destination,Call tag\n9123,100,answered,trunk,7,x\n")
        #expect(items == ["2: - 100→9123 sent - from - to SIP trunk 7 answered cause - tag -"])
        #expect(mappings.first?.source == .header)
        #expect(mappings.first?.mapping == ColumnMapping([.dialed: 1, .caller: 2, .result: 3, .destinationType: 4, .destination: 5]))
        #expect(mappings.first?.unusedHeaderCells == ["Call tag"])
    }

    @Test("a header without the dialled number cannot be mapped: the file is refused, naming its cells")
    func headerWithoutDialed() throws {
        #expect(
            throws: CDRStreamError.self,
            performing: { _ = try Self.stream("Caller number,Result\n100,answered\n") })
        let scratch = try ScratchDirectory()
        let path = try scratch.write("Caller number,Result\n100,answered\n", to: "h.csv")
        do {
            let stream = CDRStream(paths: [path], options: CDRReadOptions())
            _ = try stream.next()
            Issue.record("no error")
        } catch {
            guard case .mapping(let mapping) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(
                mapping.description
                    == "\(path):1: the header row has no column for the dialled number (its cells: 'Caller number', 'Result'); name the columns with --columns, e.g. caller=4,dialed=5"
            )
        }
    }

    @Test("--columns by number and by header name; a mapping file with comments")
    func columns() throws {
        let spec = try ColumnSpecification.parse("caller=2,dialed=3,dest=4,destType=5")
        var options = CDRReadOptions(columns: spec)
        var (items, _) = try Self.stream("x,100,200,7,trunk\n", options: options)
        #expect(items == ["1: - 100→200 sent - from - to SIP trunk 7 - cause - tag -"])

        options.columns = try ColumnSpecification.parse("caller=From,dialed=\"Digits\"")
        (items, _) = try Self.stream("From,Digits\n100,200\n", options: options)
        #expect(items == ["2: - 100→200 sent - from - to - - cause - tag -"])

        let file = try ColumnSpecification.parse(file: "# our export\ncaller = 1\n\ndialed=2  # digits\r\n", path: "map.txt")
        #expect(file.columns.map(\.field) == [.caller, .dialed])
        #expect(file.columns.map(\.column) == [.number(1), .number(2)])
    }

    @Test(
        "--columns that cannot be used: each with where and why",
        arguments: [
            ("caller=2", "--columns: map the dialled number (dialed=COLUMN): it is required"),
            ("caller=2,dialed=0", "--columns: dialed: column 0 is not between 1 and 1000"),
            (
                "caller=2,dialled=3",
                "--columns: no CDR field named 'dialled'; the fields are type, start, duration, caller, dialed, called, originType, origin, destType, dest, result, cause, fci, callID"
            ),
            ("caller=2,dialed=3,caller=4", "--columns: caller is mapped twice"),
            ("caller:2,dialed=3", "--columns: 'caller:2': write FIELD=COLUMN, e.g. caller=4"),
        ])
    func badColumns(spec: String, message: String) {
        #expect(throws: ColumnSpecificationError.self) { try ColumnSpecification.parse(spec) }
        do {
            _ = try ColumnSpecification.parse(spec)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("a mapping file's errors name its line")
    func badMappingFile() {
        #expect(throws: ColumnSpecificationError(origin: "map.txt:3", message: "'dialed 5': write FIELD=COLUMN, e.g. caller=4")) {
            try ColumnSpecification.parse(file: "caller=4\n# comment\ndialed 5\n", path: "map.txt")
        }
    }

    @Test("every kind of malformed record: its line, its kind, a message that says what and where")
    func malformed() throws {
        let lines = [
            "O,2024-05-01 08:00:00,0,100,101,,user,100,user,101,answered,",  // 1: fine
            "O,2024-05-01 08:00:00,0,100",  // 2
            "O,2024-05-01 08:00:00,0,100,,,user,100,,,answered,",  // 3
            "O,2024-05-01 08:00:00,0,100,10 1,,user,100,,,answered,",  // 4
            "Q,2024-05-01 08:00:00,0,100,101,,user,100,,,answered,",  // 5
            "O,2024-05-01 08:00:00,x,100,101,,user,100,,,answered,",  // 6
            "O,2024-05-01 08:00:00,0,100,101,,user,100,trunk,abc,answered,",  // 7
            "O,2024-05-01 08:00:00,0,100,101,,robot,100,,,answered,",  // 8
            "O,2024-05-01 08:00:00,0,100,101,,line,,,,answered,",  // 9
            "O,2024-05-01 08:00:00,0,100,101,,user,100,,,maybe,",  // 10
            "O,2024-05-01 08:00:00,0,100,101,,user,100,,,failed,cause=busy",  // 11
            "O,2024-05-01 08:00:00,0,100,101,\"12\"3,user,100,,,failed,",  // 12
        ]
        let (items, _) = try Self.stream(lines.joined(separator: "\n") + "\n")
        #expect(
            items == [
                "1: O 100→101 sent - from local user 100 to local user 101 answered cause - tag -",
                "2: missingColumns: the record has 4 fields; the mapping reads dialed in column 5, called in column 6, originType in column 7, origin in column 8, destType in column 9, dest in column 10, result in column 11, fci in column 12",
                "3: emptyNumber: column 5 (the dialled number) is empty",
                "4: invalidNumber: column 5: the dialled number '10 1' holds a space; use digits, * # + (or a user name)",
                "5: invalidValue: column 1 (the record type): 'Q' is not O (caller side) or T (callee side)",
                "6: invalidInteger: column 3 (the duration): 'x' is not a number of seconds",
                "7: invalidInteger: column 10 (the destination): 'abc' is not a SIP trunk servID (a whole number)",
                "8: invalidValue: column 7 (the origin type): 'robot' is not one of user, line or trunk",
                "9: invalidValue: column 7 (the origin type) is 'line' but column 8 (the origin) is empty",
                "10: invalidValue: column 11 (the result): 'maybe' is not answered or failed",
                "11: invalidInteger: column 12 (the FCI): 'busy' is not a cause number (cause=…)",
                "12: textAfterQuote: field 6 has text after its closing quote",
            ])
    }

    @Test("pairing: an O-CDR and a T-CDR of the same start, caller and number are one call")
    func pairing() {
        func record(_ line: Int, _ half: HalfCall?, start: String? = "08:00:00", caller: String = "100", dest: RecordedParty? = nil)
            -> CDRRecord
        {
            var r = CDRRecord(place: RecordPlace(file: "f", line: line), caller: caller, dialed: "9123")
            r.half = half
            r.start = start
            r.origin = .user(caller)
            r.destination = dest
            r.answered = half == .callee
            return r
        }
        var pairing = CallPairing(window: 10)
        var out: [RecordedCall] = []
        pairing.add(record(1, .caller), into: &out)
        pairing.add(record(2, .caller, caller: "101"), into: &out)
        pairing.add(record(3, .callee, dest: .line("pstn")), into: &out)
        #expect(out.count == 1)
        #expect(out[0].record.place.line == 1 && out[0].partner?.line == 3)
        #expect(out[0].record.destination == .line("pstn") && out[0].record.origin == .user("100"))
        #expect(out[0].record.answered == true && out[0].record.half == nil)
        // Two caller-side records of one key are two calls: the first goes alone.
        pairing.add(record(4, .caller, start: "09:00:00"), into: &out)
        pairing.add(record(5, .caller, start: "09:00:00"), into: &out)
        #expect(out.map(\.record.place.line) == [1, 4])
        // No start time (and no call ID): never waits.
        pairing.add(record(6, .callee, start: nil), into: &out)
        pairing.add(record(7, .callee, start: "09:00:00"), into: &out)
        #expect(out.map(\.record.place.line) == [1, 4, 6, 5])
        #expect(out.last?.partner?.line == 7)
        pairing.finish(into: &out)
        #expect(out.map(\.record.place.line) == [1, 4, 6, 5, 2])
        #expect(pairing.paired == 2)

        // A record waits `window` records for its other half, then is a call of its own.
        var short = CallPairing(window: 2)
        out = []
        short.add(record(1, .caller, start: "a"), into: &out)
        short.add(record(2, .caller, start: "b"), into: &out)
        short.add(record(3, .caller, start: "c"), into: &out)
        #expect(out.map(\.record.place.line) == [1])
        short.add(record(4, .callee, start: "a"), into: &out)
        #expect(out.map(\.record.place.line) == [1, 2])
        short.finish(into: &out)
        #expect(out.map(\.record.place.line) == [1, 2, 3, 4])
        #expect(out.allSatisfy { $0.partner == nil })
    }

    @Test("folders stand for their files in name order; missing paths are all listed")
    func paths() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("x", to: "cdr/2024-05-02.csv")
        try scratch.write("x", to: "cdr/2024-05-01.csv.gz")
        try scratch.write("x", to: "cdr/.hidden")
        try FileManager.default.createDirectory(atPath: scratch.path("cdr/old"), withIntermediateDirectories: true)
        #expect(
            try CDRPaths.expand([scratch.path("cdr"), "-"]) == [
                scratch.path("cdr/2024-05-01.csv.gz"), scratch.path("cdr/2024-05-02.csv"), "-",
            ])
        #expect(throws: CDRPathsError.self) { try CDRPaths.expand(["/nonexistent/a", scratch.path("cdr/old")]) }
        do {
            _ = try CDRPaths.expand(["/nonexistent/a", scratch.path("cdr/old")])
        } catch {
            #expect(error.description == "/nonexistent/a: no such file or folder\n\(scratch.path("cdr/old")): the folder holds no files")
        }
    }
}
