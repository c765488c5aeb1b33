import DialPlan
import RouteSimGenerator
import Testing

@Suite("JSON values")
struct JSONValueTests {
    @Test("parses and writes back with order, escapes and number text kept")
    func roundTrip() throws {
        let text = #"{"b":[1,-2.5e3,true,null],"a":"x\"y\\z\n\u00e9\ud83d\ude00"}"#
        let value = try JSONValue(parsing: text)
        #expect(value["a"] == .string("x\"y\\z\né😀"))
        #expect(value["b"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .null]))
        #expect(try JSONValue(parsing: value.compactText) == value)
        #expect(value.compactText == "{\"b\":[1,-2.5e3,true,null],\"a\":\"x\\\"y\\\\z\\né😀\"}")
    }

    @Test("writes every control character, quote and backslash escaped, and the rest as it is")
    func escapes() throws {
        let all = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self) + "é😀"
        // The naive writer quotes scalar by scalar, as the format says.
        let expected = Self.naiveText(.string(all), indent: nil, level: 0)
        #expect(JSONValue.string(all).compactText == expected)
        #expect(expected.contains("\\u001f") && expected.contains("\\u0000") && expected.contains("\\\"") && expected.contains("\u{7f}"))
        var out = "x="
        JSONValue.writeString(all, into: &out)
        #expect(out == "x=" + expected)
        #expect(try JSONValue(parsing: expected) == .string(all))
    }

    @Test("random values are written as a naive writer writes them, compact and indented, short and long")
    func randomValues() {
        // Characters that are escaped, one that is not, and multi-byte ones, at every position.
        let alphabet: [String] = ["a", "7", "+", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1f}", " ", "\u{7f}", "é", "😀", "#"]
        var rng = SeededGenerator(seed: 0x4A53_4F4E)
        func string() -> String {
            // Mostly short, as names and numbers are; some far longer than the writer's first room.
            let count =
                Int.random(in: 0...3, using: &rng) == 0 ? Int.random(in: 0...1_500, using: &rng) : Int.random(in: 0...24, using: &rng)
            return (0..<count).map { _ in alphabet.randomElement(using: &rng)! }.joined()
        }
        func value(depth: Int) -> JSONValue {
            switch Int.random(in: 0...(depth > 2 ? 3 : 5), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2: return .number(String(Int.random(in: -99_999...99_999, using: &rng)))
            case 3: return .string(string())
            case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth: depth + 1) })
            default: return .object((0..<Int.random(in: 0...4, using: &rng)).map { _ in (string(), value(depth: depth + 1)) })
            }
        }
        for _ in 0..<400 {
            let v = value(depth: 0)
            #expect(v.compactText == Self.naiveText(v, indent: nil, level: 0))
            #expect(v.prettyText == Self.naiveText(v, indent: "  ", level: 0))
        }
    }

    @Test("random values described call by call make the same tree and the same compact line")
    func writers() {
        var rng = SeededGenerator(seed: 0x5752_4954)
        let names = ["a", "called", "", "x\"y", "é😀", "\u{1}"]
        func value(depth: Int) -> JSONValue {
            switch Int.random(in: 0...(depth > 2 ? 4 : 6), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2: return .int(Int.random(in: -99_999...99_999, using: &rng))
            case 3: return .number("1.5e3")
            case 4: return .string(names.randomElement(using: &rng)!)
            case 5: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth: depth + 1) })
            default:
                return .object(
                    (0..<Int.random(in: 0...3, using: &rng)).map { _ in (names.randomElement(using: &rng)!, value(depth: depth + 1)) })
            }
        }
        // Each value described through the writer's calls; a number that is not an integer, and
        // sometimes any value, handed over whole.
        func describe(_ v: JSONValue, to out: inout some JSONWriting) {
            if Int.random(in: 0...9, using: &rng) == 0 { return out.value(v) }
            switch v {
            case .null, .number: out.value(v)
            case .bool(let b): out.bool(b)
            case .string(let s): out.string(s)
            case .array(let items):
                out.openArray()
                for item in items { describe(item, to: &out) }
                out.closeArray()
            case .object(let members):
                out.openObject()
                for (name, member) in members {
                    out.key(text: name)
                    describe(member, to: &out)
                }
                out.closeObject()
            }
        }
        for _ in 0..<500 {
            let v = value(depth: 0)
            var tree = JSONTreeWriter()
            describe(v, to: &tree)
            #expect(tree.value == v)
            var line = JSONLineWriter(capacity: 16)
            describe(v, to: &line)
            #expect(line.line == v.compactText)
        }
        var line = JSONLineWriter()
        line.int(-42)
        #expect(line.line == "-42")
        // Literal names are written as they are, beside names that need escaping.
        var literal = JSONLineWriter()
        var tree = JSONTreeWriter()
        for out in [0, 1] {
            func write(to w: inout some JSONWriting) {
                w.openObject()
                w.key("outcome")
                w.int(1)
                w.key(text: "a\"b")
                w.openArray()
                w.closeArray()
                w.key("x")
                w.openObject()
                w.closeObject()
                w.closeObject()
            }
            if out == 0 { write(to: &literal) } else { write(to: &tree) }
        }
        #expect(literal.line == #"{"outcome":1,"a\"b":[],"x":{}}"#)
        #expect(tree.value.compactText == literal.line)
    }

    @Test("text made piece by piece: text as it is, integers in decimal, names quoted as JSON")
    func textBuilder() {
        var out = TextBuilder(capacity: 4)
        out.append("SIP trunk ")
        out.append(-3)
        out.append(" ")
        out.appendQuoted("a \"b\"\n é")
        out.append(String(repeating: "x", count: 300))
        #expect(out.text == "SIP trunk -3 \"a \\\"b\\\"\\n é\"" + String(repeating: "x", count: 300))
    }

    /// JSON text as the format says it, built by string concatenation.
    static func naiveText(_ value: JSONValue, indent: String?, level: Int) -> String {
        func newline(_ level: Int) -> String { indent.map { "\n" + String(repeating: $0, count: level) } ?? "" }
        func quoted(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out += String(scalar)
                }
            }
            return out + "\""
        }
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return quoted(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[" + items.map { newline(level + 1) + naiveText($0, indent: indent, level: level + 1) }.joined(separator: ",")
                + newline(level) + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let separator = indent == nil ? ":" : ": "
            return "{"
                + members.map { newline(level + 1) + quoted($0.0) + separator + naiveText($0.1, indent: indent, level: level + 1) }
                .joined(separator: ",") + newline(level) + "}"
        }
    }

    @Test("indents nested arrays and objects two spaces a level, empty ones on one line")
    func pretty() {
        let value = JSONValue.object([
            ("a", .array([.number("1"), .object([("b", .null)]), .array([]), .object([])])), ("c", .bool(false)),
        ])
        #expect(value.prettyText == "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    },\n    [],\n    {}\n  ],\n  \"c\": false\n}")
        #expect(value.compactText == "{\"a\":[1,{\"b\":null},[],{}],\"c\":false}")
    }

    @Test(
        "refuses what RFC 8259 refuses",
        arguments: [
            ("{\"a\":01}", "line 1, column 6: number with a leading zero (write \"0…\" numbers as strings)"),
            ("{\"a\":1,\"a\":2}", "line 1, column 12: duplicate member \"a\" in an object"),
            ("[1,]", "line 1, column 4: expected a value, found ']'"),
            ("\"\\x\"", "line 1, column 5: invalid escape '\\x' in a string"),
            ("tru", "line 1, column 1: invalid literal"),
        ])
    func refusals(text: String, message: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.description == message)
        }
    }
}
