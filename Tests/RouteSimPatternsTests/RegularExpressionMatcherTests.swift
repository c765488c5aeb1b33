import RouteSimPatterns
import Testing

@Suite("RegularExpressionMatcher: many expressions, one match-data block")
struct RegularExpressionMatcherTests {
    @Test("the first expression that matches wins, in the order given")
    func firstMatch() throws {
        let matcher = RegularExpressionMatcher(try ["^0049", "^00", "^0", "1$"].map { try RegularExpression($0) })
        #expect(matcher.firstMatch(in: "004930") == 0)
        #expect(matcher.firstMatch(in: "0033") == 1)
        #expect(matcher.firstMatch(in: "030") == 2)
        #expect(matcher.firstMatch(in: "91") == 3)
        #expect(matcher.firstMatch(in: "92") == nil)
        #expect(matcher.expressions.map(\.pattern) == ["^0049", "^00", "^0", "1$"])
    }

    @Test("no expressions match nothing; an empty subject is matched, not crashed on")
    func edges() throws {
        #expect(RegularExpressionMatcher([]).firstMatch(in: "123") == nil)
        let matcher = RegularExpressionMatcher([try RegularExpression("^1"), try RegularExpression("^$")])
        #expect(matcher.firstMatch(in: "") == 1)
    }

    @Test("a pattern with more groups than the block holds still matches, call after call")
    func groups() throws {
        let matcher = RegularExpressionMatcher([try RegularExpression(#"^(\d)(\d)(\d)$"#), try RegularExpression("x")])
        for n in 0..<2_000 {
            let subject = String(n)
            #expect(matcher.firstMatch(in: subject) == (subject.count == 3 ? 0 : nil), "\(subject)")
        }
        #expect(matcher.firstMatch(in: "12x") == 1)
    }

    @Test("UTF mode reads characters, byte mode reads bytes (as Kamailio compiles its rules)")
    func utf() throws {
        #expect(try RegularExpression("^.$").matches("é"))
        #expect(!(try RegularExpression("^.$", utf: false).matches("é")))
        #expect(try RegularExpression("^..$", utf: false).matches("é"))
        let bytes = RegularExpressionMatcher([try RegularExpression(#"^\+49"#, utf: false)])
        #expect(bytes.firstMatch(in: "+4930") == 0)
        #expect(bytes.firstMatch(in: "+4430") == nil)
    }

    #if arch(x86_64) || arch(arm64)
        @Test("patterns are JIT-compiled here (the regex baseline's figures assume it)")
        func jit() throws {
            #expect(try RegularExpression("^0049").isJITCompiled)
            #expect(try RegularExpression("^0049", utf: false).isJITCompiled)
        }
    #endif
}
