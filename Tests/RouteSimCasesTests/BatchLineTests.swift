import DialPlan
import RouteSim
import Testing

@testable import RouteSimCases

@Suite("Batch lines")
struct BatchLineTests {
    @Test("a batch line written without the tree is the tree's compact text, with and without steps, alone or after others")
    func linesMatchTheTree() throws {
        var compared = 0
        // Every line appended to one buffer, as `route --batch` writes a chunk of lines.
        var buffer = TextBuilder(capacity: 16)
        var expectedBuffer = ""
        for (runner, testCase, _) in try AssumptionCatalogTests.corpusCases() {
            let simulator = runner.simulator(for: testCase.assumptions)
            guard let result = try? simulator.route(testCase.call) else { continue }
            let input = JSONValue.object([("called", .string(testCase.call.called))])
            let entry = CallBatch.Entry(line: compared + 7, call: testCase.call, input: input)
            guard case .object(let members) = result.jsonValue else {
                Issue.record("a result's JSON is not an object")
                continue
            }
            for steps in [false, true] {
                let leading: [(String, JSONValue)] = [("line", .int(entry.line)), ("input", input)]
                let expected = JSONValue.object(leading + members.filter { steps || $0.0 != "steps" }).compactText
                #expect(entry.jsonLine(result, withSteps: steps) == expected, "\(testCase.name)")
                entry.appendJSONLine(result, withSteps: steps, to: &buffer)
                expectedBuffer += expected + "\n"
                compared += 1
            }
            entry.appendTextLine(result, source: "b.csv", to: &buffer)
            expectedBuffer += entry.textLine(result, source: "b.csv") + "\n"
        }
        #expect(compared > 180)
        #expect(buffer.text == expectedBuffer)
        buffer.withUTF8 { #expect(Array($0) == Array(expectedBuffer.utf8)) }
    }

    @Test("numbers are written as String(_:) spells them", arguments: [0, 7, -7, 10, 99, 100, -100, 4096, Int.max, Int.min, -1])
    func numbers(value: Int) {
        var line = JSONLineWriter()
        line.openArray()
        line.int(value)
        line.int(value)
        line.closeArray()
        #expect(line.line == "[\(value),\(value)]")
        var text = TextBuilder(capacity: 1)
        text.append(value)
        #expect(text.text == String(value))
    }

    @Test("random numbers are written as String(_:) spells them")
    func randomNumbers() {
        var line = JSONLineWriter()
        var expected: [String] = []
        line.openArray()
        for bits in 1...64 {
            for _ in 0..<20 {
                let value = Int(truncatingIfNeeded: UInt64.random(in: 0...UInt64.max) >> (64 - bits))
                line.int(value)
                expected.append(String(value))
            }
        }
        line.closeArray()
        #expect(line.line == "[" + expected.joined(separator: ",") + "]")
    }
}

@Suite("Batch line origins")
struct BatchLineOriginTests {
    /// The call a one-line batch reads, or its error's text.
    static func read(_ text: String) -> Result<Call, CallBatch.ReadError> {
        var call: Call?
        do {
            try CallBatch(bytes: Array(text.utf8), source: "b").forEachCall { entry in call = entry.call }
        } catch {
            return .failure(error)
        }
        return .success(call!)
    }

    /// The call read, or the error's message (without its place).
    static func seen(_ read: Result<Call, CallBatch.ReadError>) -> (call: Call?, message: String?) {
        switch read {
        case .success(let call): return (call, nil)
        case .failure(let error): return (nil, error.message)
        }
    }

    @Test("a JSON line's origin fields read as the CSV line's origin text does: the same calls, the same messages")
    func jsonOriginsAsText() throws {
        // (JSON fields, the CSV line with the same origin, caller and called number, expected)
        let lines: [(String, String, String)] = [
            (#"{"fromUser":"100","called":"200"}"#, "user:100,,200", "call"),
            (#"{"fromUser":"a:b","called":"200"}"#, "user:a:b,,200", "call"),
            (#"{"fromUser":":x","called":"200"}"#, "user::x,,200", "call"),
            (#"{"fromUser":"100","caller":"100","called":"200"}"#, "user:100,100,200", "call"),
            (
                #"{"fromUser":"100","caller":"5","called":"200"}"#, "user:100,5,200",
                "b:1: origin user:100 sets the caller; leave the caller field empty"
            ),
            (#"{"fromUser":"","called":"200"}"#, "user:,,200", "b:1: origin 'user:' is not user:NAME, trunk:ID, line:NAME or empty"),
            (#"{"fromTrunk":"3","caller":"5","called":"200"}"#, "trunk:3,5,200", "call"),
            (#"{"fromTrunk":3,"caller":"5","called":"200"}"#, "trunk:3,5,200", "call"),
            (#"{"fromTrunk":"x","caller":"5","called":"200"}"#, "trunk:x,5,200", "b:1: trunk origin needs a numeric servID, found 'x'"),
            (#"{"fromTrunk":"3","called":"200"}"#, "trunk:3,,200", "b:1: origin trunk:3 needs a caller number"),
            (#"{"fromLine":"l1","caller":"5"}"#, "line:l1,5,", "call"),
            (#"{"fromLine":"l1","called":"200"}"#, "line:l1,,200", "b:1: origin line:l1 needs a caller number"),
            (#"{"caller":"5","called":"200"}"#, ",5,200", "call"),
            (#"{"called":"200"}"#, ",,200", "b:1: give an origin or a caller"),
            (#"{"fromUser":"100","called":""}"#, "user:100,,", "b:1: the called number is empty"),
        ]
        for (json, csv, expected) in lines {
            let fromJSON = Self.read(json)
            let fromCSV = Self.read("origin,caller,called\n" + csv)
            switch fromJSON {
            case .success: #expect(expected == "call", "\(json)")
            case .failure(let error): #expect(error.description == expected, "\(json)")
            }
            // The same call, or the same message (the CSV's is on line 2, after its header).
            #expect(Self.seen(fromJSON) == Self.seen(fromCSV), "\(json) and \(csv)")
        }
        #expect(try Self.read(#"{"fromUser":"a:b","called":"200"}"#).get() == Call(origin: .localUser("a:b"), called: "200"))
        #expect(
            try Self.read(#"{"fromTrunk":"3","caller":"5","called":"200"}"#).get()
                == Call(origin: .sipTrunk(TrunkID(3), caller: "5"), called: "200"))
        #expect(
            try Self.read(#"{"fromLine":"l1","caller":"5"}"#).get() == Call(origin: .externalLine("l1", caller: "5"), called: ""))
        // A misspelt kind, as text, is named.
        if case .failure(let error) = Self.read("origin,caller,called\nusr:100,,200") {
            #expect(error.description == "b:2: origin 'usr:100' is not user:NAME, trunk:ID, line:NAME or empty; did you mean \"user\"?")
        } else {
            Issue.record("usr:100 was read")
        }
    }
}

@Suite("Batch line trimming")
struct BatchLineTrimmingTests {
    @Test("a line's bytes are trimmed as its characters are, on random lines of blanks, marks and prepended characters")
    func bytesTrimAsCharacters() {
        // Spaces and tabs, ASCII, a combining acute (one character with the space before it), a
        // multi-byte letter, an Arabic number sign (a prepend: one character with the space after
        // it), a CR and a ZWJ.
        let pieces = [" ", "\t", "a", ",", "\u{301}", "é", "\u{600}", "\r", "\u{200D}", "{", "\""]
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for length in 0..<9 {
            for _ in 0..<400 {
                let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
                let bytes = Array(text.utf8)
                #expect(CallBatch.trimmed(bytes[...]) == CallBatch.trimmed(text), "\(Array(text.unicodeScalars))")
                // The same inside a larger buffer (a slice that does not start at 0).
                let framed = Array("x\n".utf8) + bytes + Array("\ny".utf8)
                #expect(CallBatch.trimmed(framed[2..<(2 + bytes.count)]) == CallBatch.trimmed(text))
                checked += 1
            }
        }
        #expect(checked == 3_600)
        #expect(CallBatch.trimmed(Array(" \u{301}x ".utf8)[...]) == " \u{301}x")
        #expect(CallBatch.trimmed(Array("\t{\"called\": \"1\"} \t".utf8)[...]) == "{\"called\": \"1\"}")
    }
}
