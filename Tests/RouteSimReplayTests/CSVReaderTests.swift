import Foundation
import RouteSimTestSupport
import Testing

@testable import RouteSimReplay

/// The streaming CSV reader: RFC 4180 quoting, line ends, the byte-order mark, gzip, and every
/// kind of syntax fault found at its line with the reader going on at the next.
@Suite("CSV reader")
struct CSVReaderTests {
    /// Everything the reader finds in `bytes`: records as their fields, faults as text.
    static func read(_ bytes: [UInt8], name: String = "f.csv") throws -> [String] {
        let scratch = try ScratchDirectory()
        let path = scratch.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try read(path: path)
    }

    static func read(path: String) throws -> [String] {
        let reader = CSVReader(try CDRFileReader(path: path))
        var out: [String] = []
        while true {
            switch try reader.next() {
            case .end: return out
            case .record(let line):
                out.append("\(line): " + (0..<reader.fieldCount).map { reader.string($0) ?? "<not UTF-8>" }.joined(separator: "|"))
            case .malformed(let line, let problem):
                out.append("\(line): ! \(problem.message)")
            }
        }
    }

    static func read(_ text: String) throws -> [String] { try read(Array(text.utf8)) }

    @Test("quoted fields: commas, doubled quotes, spaces around; unquoted fields are trimmed")
    func quoting() throws {
        let found = try Self.read("a,\"b,c\",\"say \"\"hi\"\"\"\n  d , \"e\" ,\n\"\",x\n")
        #expect(found == ["1: a|b,c|say \"hi\"", "2: d|e|", "3: |x"])
    }

    @Test("CRLF and LF line ends, a last line without one, blank lines skipped with their numbers kept")
    func lineEnds() throws {
        let found = try Self.read("a,b\r\n\r\n   \nc,d\ne,f")
        #expect(found == ["1: a|b", "4: c|d", "5: e|f"])
    }

    @Test("a UTF-8 byte-order mark at the start is not part of the first field")
    func byteOrderMark() throws {
        #expect(try Self.read([0xEF, 0xBB, 0xBF] + Array("caller,dialed\n1,2\n".utf8)) == ["1: caller|dialed", "2: 1|2"])
    }

    @Test("every syntax fault is found at its line, and the next line is read")
    func faults() throws {
        let text = """
            ok,1
            ab"c,2
            "ab"c,3
            x,"open
            ok,5
            y,"also open\r
            ok,7
            """
        let found = try Self.read(text + "\n")
        #expect(
            found == [
                "1: ok|1",
                "2: ! field 1 holds a quote but does not start with one (quote the field and double the quote: \"a\"\"b\")",
                "3: ! field 1 has text after its closing quote",
                "4: ! the quote that opens field 2 is not closed on its line",
                "5: ok|5",
                "6: ! the quote that opens field 2 is not closed on its line",
                "7: ok|7",
            ])
    }

    @Test("an unclosed quote on the last line, without a line end")
    func unclosedAtEnd() throws {
        #expect(try Self.read("a,1\nb,\"2") == ["1: a|1", "2: ! the quote that opens field 2 is not closed on its line"])
    }

    @Test("a record longer than 64 KiB is skipped to its line end; the records after it are read")
    func tooLong() throws {
        let long = String(repeating: "9", count: 70_000)
        let found = try Self.read("a,1\nb,\(long)\nc,3\n")
        #expect(found == ["1: a|1", "2: ! the record is longer than 65536 bytes; skipped to the next line", "3: c|3"])
    }

    @Test("records across the reader's 1 MiB blocks are read whole, with the right line numbers")
    func blocks() throws {
        var text = ""
        for i in 1...40_000 { text += "O,2024-05-01 08:00:00,\(i),\"100\",\(i * 7),x\r\n" }
        let found = try Self.read(text)
        #expect(found.count == 40_000)
        #expect(found[0] == "1: O|2024-05-01 08:00:00|1|100|7|x")
        #expect(found[39_999] == "40000: O|2024-05-01 08:00:00|40000|100|280000|x")
        #expect(found.allSatisfy { !$0.contains("!") })
    }

    @Test("bytes that are not UTF-8 make the field unreadable, not the record")
    func notUTF8() throws {
        #expect(try Self.read(Array("a,Ren".utf8) + [0xE9] + Array(",c\n".utf8)) == ["1: a|<not UTF-8>|c"])
    }

    @Test("gzip files are read uncompressed; a damaged one stops with an error that says so")
    func gzip() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("cdr.csv.gz")
        try ReplayFixture.write(path) { writer in for i in 1...5000 { writer.write(Array("O,\(i),100,\(i)\n".utf8)) } }
        let found = try Self.read(path: path)
        #expect(found.count == 5000)
        #expect(found.last == "5000: O|5000|100|5000")
        #expect(scratch.temporaryFiles.isEmpty)

        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let damaged = scratch.path("damaged.csv.gz")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: damaged))
        #expect(throws: CDRInputError.self) { try Self.read(path: damaged) }
        do {
            _ = try Self.read(path: damaged)
        } catch let error as CDRInputError {
            #expect(error.path == damaged)
            #expect(error.message.hasPrefix("cannot read the file: "))
            #expect(error.message.hasSuffix("(is it a damaged gzip file?)"))
        }
    }

    @Test("a file that does not exist is refused with the system's reason")
    func missing() throws {
        #expect(throws: CDRInputError(path: "/nonexistent/cdr.csv", message: "cannot open the file: No such file or directory")) {
            _ = try CDRFileReader(path: "/nonexistent/cdr.csv")
        }
    }
}
