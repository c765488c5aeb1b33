import DialPlan
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
        var expected = "\""
        for scalar in all.unicodeScalars {
            switch scalar {
            case "\"": expected += "\\\""
            case "\\": expected += "\\\\"
            case "\n": expected += "\\n"
            case "\r": expected += "\\r"
            case "\t": expected += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                expected += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: expected += String(scalar)
            }
        }
        expected += "\""
        #expect(JSONValue.string(all).compactText == expected)
        #expect(expected.contains("\\u001f") && expected.contains("\\u0000") && expected.contains("\\\"") && expected.contains("\u{7f}"))
        var out = "x="
        JSONValue.writeString(all, into: &out)
        #expect(out == "x=" + expected)
        #expect(try JSONValue(parsing: expected) == .string(all))
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
