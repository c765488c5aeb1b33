import Testing

@testable import DialPlan

/// The text-level defences of the model (issue 16): linear duplicate checks, encodings, escaping.
@Suite("DialPlan text hardening")
struct DialPlanHardeningTests {
    @Test(
        "a duplicate member is found wherever it is, before and after names are hashed",
        arguments: [(0, 1), (3, 7), (7, 8), (0, 8), (2, 500), (499, 500)])
    func duplicatesAnywhere(_ first: Int, _ second: Int) {
        var names = (0...500).map { "m\($0)" }
        names[second] = names[first]
        let text = "{" + names.map { #""\#($0)": 1"# }.joined(separator: ", ") + "}"
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
        let error = try? JSONValue(parsing: text)
        #expect(error == nil)
    }

    @Test("an object of many distinct members keeps them all, in order")
    func manyMembers() throws {
        let text = "{" + (0..<20_000).map { #""m\#($0)": \#($0)"# }.joined(separator: ",") + "}"
        guard case .object(let members) = try JSONValue(parsing: text) else { Issue.record("not an object"); return }
        #expect(members.count == 20_000)
        #expect(members.map(\.0) == (0..<20_000).map { "m\($0)" })
    }

    @Test("extra fields: lookups, replacement and removal stay right past the indexed size")
    func extraFields() {
        var extras = ExtraFields()
        for i in 0..<50 { extras["f\(i)"] = .int(i) }
        #expect(extras["f0"] == .int(0) && extras["f49"] == .int(49) && extras["nope"] == nil)
        extras["f10"] = .string("ten")
        #expect(extras["f10"] == .string("ten"))
        #expect(extras.members.count == 50)
        extras["f3"] = nil
        #expect(extras["f3"] == nil && extras["f4"] == .int(4) && extras["f49"] == .int(49))
        #expect(extras.members.map(\.0) == (0..<50).filter { $0 != 3 }.map { "f\($0)" })
        extras["new"] = .null
        #expect(extras.members.last?.0 == "new" && extras["new"] == .null)
    }

    @Test("a record of many unknown members decodes, and a repeated one is refused")
    func recordWithManyExtras() throws {
        var text = #"{"natran": [{"tranID": 1"#
        for i in 0..<5_000 { text += #", "x\#(i)": \#(i)"# }
        let snapshot = try Snapshot(json: text + "}]}", source: "p.json")
        #expect(snapshot.transitions[0].extras.members.count == 5_000)
        #expect(snapshot.transitions[0].extras["x4999"] == .int(4999))
        #expect(throws: SnapshotError.self) { try Snapshot(json: text + #", "x17": 0}]}"#, source: "p.json") }
    }

    @Test("a UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 are named")
    func encodings() throws {
        let plan = Array(#"{"natran": [{"tranID": 1}]}"#.utf8)
        #expect(try Snapshot(json: [0xEF, 0xBB, 0xBF] + plan, source: "p.json").transitions.count == 1)
        let cases: [([UInt8], String)] = [
            ([0xFF, 0xFE, 0x7B, 0x00], "UTF-16 (little-endian)"), ([0xFE, 0xFF, 0x00, 0x7B], "UTF-16 (big-endian)"),
            ([0x7B, 0x00, 0x22, 0x00], "UTF-16 (little-endian)"), ([0x00, 0x7B, 0x00, 0x22], "UTF-16 (big-endian)"),
            ([0xFF, 0xFE, 0x00, 0x00], "UTF-32"),
        ]
        for (bytes, encoding) in cases {
            #expect(
                throws: SnapshotError(
                    source: "p.json", line: 1, message: "the file is \(encoding) text; routesim reads UTF-8: save it as UTF-8")
            ) {
                try Snapshot(json: bytes + [0, 0], source: "p.json")
            }
        }
        #expect(TextEncoding.problem(Array("{}".utf8)) == nil)
        #expect(TextEncoding.problem([]) == nil)
    }

    @Test("control characters are written out; other text is left as it is")
    func escaping() {
        #expect("plain é ☎ text".escapingControlCharacters == "plain é ☎ text")
        #expect("a\u{1B}[2Jb".escapingControlCharacters == #"a\x1B[2Jb"#)
        #expect("nul\u{0}bel\u{7}del\u{7F}".escapingControlCharacters == #"nul\x00bel\x07del\x7F"#)
        #expect("line\nfeed\r\ttab".escapingControlCharacters == #"line\nfeed\r\ttab"#)
        #expect("c1\u{9B}31m".escapingControlCharacters == #"c1\u{9B}31m"#)
        #expect("\u{85}".escapingControlCharacters == #"\u{85}"#)
    }
}
