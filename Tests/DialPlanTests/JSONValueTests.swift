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
