import RouteSimPatterns
import Testing

@Suite("RegularExpression: PCRE2 through CPCRE2")
struct RegularExpressionTests {
    @Test("an anchored pattern matches whole numbers only")
    func anchored() throws {
        let re = try RegularExpression(#"^0086\d+$"#)
        #expect(try re.matches("0086123"))
        #expect(try !re.matches("0123"))
        #expect(try !re.matches("0086"))
        #expect(try !re.matches("x0086123"))
        #expect(try !re.matches("0086123#"))
    }

    @Test("matching is unanchored unless the pattern anchors itself")
    func unanchored() throws {
        let re = try RegularExpression("0086")
        #expect(try re.matches("0086123"))
        #expect(try re.matches("+860086"))
        #expect(try !re.matches("086"))
    }

    @Test("dial characters that are regex syntax are escaped as in any PCRE pattern")
    func dialAlphabet() throws {
        let plus = try RegularExpression(#"^\+44\d{10}$"#)
        #expect(try plus.matches("+442079460123"))
        #expect(try !plus.matches("442079460123"))
        let star = try RegularExpression(#"^\*\d#$"#)
        #expect(try star.matches("*1#"))
        #expect(try !star.matches("11#"))
    }

    @Test("an empty subject is matched, not crashed on")
    func emptySubject() throws {
        #expect(try RegularExpression("^$").matches(""))
        #expect(!(try RegularExpression(".").matches("")))
    }

    @Test("an invalid pattern throws PCRE2's message and offset")
    func invalid() {
        let error = #expect(throws: RegularExpressionError.self) { try RegularExpression(#"^0086(\d+$"#) }
        #expect(error?.message == "missing closing parenthesis")
        #expect(error?.offset == 10)
        #expect(error?.pattern == #"^0086(\d+$"#)
        do {
            _ = try RegularExpression("a{2,1}")
            Issue.record("a{2,1} compiled")
        } catch {
            #expect(error.description == "invalid regular expression /a{2,1}/: numbers out of order in {} quantifier at offset 5")
        }
    }

    @Test("one compiled pattern is shared by concurrent matchers")
    func concurrent() async throws {
        let re = try RegularExpression(#"^9\d{4}$"#)
        let counts = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var hits = 0
                    for n in 0..<5_000 {
                        let digits = String((n + worker * 1_000) % 10_000)
                        let number = "9" + String(repeating: "0", count: 4 - digits.count) + digits
                        // Every other subject gets a fifth digit and must not match.
                        if (try? re.matches(n.isMultiple(of: 2) ? number : number + "1")) == true { hits += 1 }
                    }
                    return hits
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == [2_500, 2_500, 2_500, 2_500])
    }
}
