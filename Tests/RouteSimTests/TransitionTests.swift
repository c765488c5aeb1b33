import DialPlan
import RouteSim
import Testing

@Suite("Number transitions")
struct TransitionTests {
    func transition(_ type: Int, start: Int, length: Int, prefix: String) -> Transition {
        var t = Transition()
        t.type = TransitionType(rawValue: type)
        t.start = start
        t.length = length
        t.prefix = prefix
        return t
    }

    @Test("the vendor's example: replace start 0 length 1 by 0086 turns 0123 into 0086123")
    func vendorExample() {
        let effect = transition(2, start: 0, length: 1, prefix: "0086").apply(to: "0123")
        #expect(effect == TransitionEffect(number: "0086123", clamped: false))
    }

    @Test(
        "add, replace and delete at a 0-based start",
        arguments: [
            (1, 0, 5, "9", "12345", "912345"),  // add ignores the length
            (1, 2, 0, "00", "12345", "1200345"),
            (1, 5, 0, "#", "12345", "12345#"),  // start at the end appends
            (2, 1, 2, "x", "12345", "1x45"),
            (2, 0, 5, "100", "12345", "100"),
            (3, 0, 1, "ignored", "012345", "12345"),
            (3, 3, 2, "", "12345", "123"),
        ])
    func operations(type: Int, start: Int, length: Int, prefix: String, number: String, expected: String) {
        let effect = transition(type, start: start, length: length, prefix: prefix).apply(to: number)
        #expect(effect == TransitionEffect(number: expected, clamped: false))
    }

    @Test("edge cases are clamped and reported as clamped")
    func clamping() {
        // A start past the end: add appends, delete removes nothing.
        #expect(transition(1, start: 9, length: 0, prefix: "7").apply(to: "123") == TransitionEffect(number: "1237", clamped: true))
        #expect(transition(3, start: 9, length: 2, prefix: "").apply(to: "123") == TransitionEffect(number: "123", clamped: true))
        // A length past the end removes what exists.
        #expect(transition(3, start: 1, length: 10, prefix: "").apply(to: "123") == TransitionEffect(number: "1", clamped: true))
        #expect(transition(2, start: 2, length: 10, prefix: "99").apply(to: "123") == TransitionEffect(number: "1299", clamped: true))
        // Negative values count as 0.
        #expect(transition(1, start: -3, length: 0, prefix: "5").apply(to: "123") == TransitionEffect(number: "5123", clamped: true))
        #expect(transition(3, start: 0, length: -1, prefix: "").apply(to: "123") == TransitionEffect(number: "123", clamped: true))
    }

    @Test("with transitionBounds=skip a start past the end changes nothing")
    func skipBounds() {
        #expect(
            transition(1, start: 9, length: 0, prefix: "7").apply(to: "123", bounds: .skip)
                == TransitionEffect(number: "123", clamped: true))
        #expect(
            transition(1, start: 3, length: 0, prefix: "7").apply(to: "123", bounds: .skip)
                == TransitionEffect(number: "1237", clamped: false))
    }

    @Test("an unknown type changes nothing")
    func unknownType() {
        #expect(transition(7, start: 0, length: 1, prefix: "9").apply(to: "123") == TransitionEffect(number: "123", clamped: false))
    }
}
