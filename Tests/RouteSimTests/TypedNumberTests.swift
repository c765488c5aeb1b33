import DialPlan
import RouteSim
import RouteSimGenerator
import RouteSimTestSupport
import Testing

/// Numbers as people type them: visual separators are removed (and the trace says so), a local
/// user's name is a name, and anything else is refused with what to type.
@Suite("Typed numbers")
struct TypedNumberTests {
    @Test(
        "each separator alone is removed: same dial string, same attempts as the plain number, a trace note",
        arguments: [
            "0044 20 7946 0000", "0044-20-7946-0000", "0044.20.7946.0000", "0044 (20) 7946 0000", "0044/20/7946/0000",
        ])
    func separators(_ typed: String) throws {
        let sim = try bundledSimulator("multi-site")
        let plain = try sim.check(.localUser("100"), "00442079460000")
        let result = try sim.check(.localUser("100"), typed)
        #expect(result.attempts == plain.attempts)
        #expect(result.called == plain.called)
        #expect(result.typedCalled == typed)
        #expect(plain.typedCalled == nil)
        let note = try #require(result.steps.first)
        #expect(note.stage == .dialed)
        #expect(note.before == typed)
        #expect(note.after == "00442079460000")
        #expect(note.detail == "typed \"\(typed)\", dialed 00442079460000")
        #expect(Array(result.steps.dropFirst()).map(\.detail) == plain.steps.map(\.detail))
        #expect(result.jsonValue["typed"] == .object([("called", .string(typed))]))
        #expect(plain.jsonValue["typed"] == nil)
    }

    @Test("a caller number is read the same way, and the trace says what it was read as")
    func callerNumbers() throws {
        let sim = try bundledSimulator("multi-site")
        let result = try sim.check(.sipTrunk(1, caller: "+33 1 55 51 23 45"), "2125550100")
        #expect(result.typedCaller == "+33 1 55 51 23 45")
        #expect(result.steps.first?.detail == "typed caller \"+33 1 55 51 23 45\", read as +33155512345")
        let plain = try sim.check(.sipTrunk(1, caller: "+33155512345"), "2125550100")
        #expect(result.caller == plain.caller)
        #expect(result.jsonValue["typed"] == .object([("caller", .string("+33 1 55 51 23 45"))]))
    }

    @Test("a local user's name is called by name; a text that is no number and no user is refused")
    func names() throws {
        let sim = try simulator(#"{"localuser": [{"usrname": "100"}, {"usrname": "alice"}, {"usrname": "bob.smith"}]}"#)
        #expect(try sim.check(.localUser("100"), "alice").target == .user("alice"))
        #expect(try sim.check(.localUser("100"), "bob.smith").target == .user("bob.smith"))
        #expect(try sim.check(.caller("alice"), "100").caller == "alice")
        do {
            _ = try sim.route(Call(origin: .localUser("100"), called: "carol"))
            Issue.record("carol is neither a number nor a user")
        } catch {
            #expect(error.kind == .invalidNumber)
            #expect(error.role == .called)
            #expect(error.message.hasPrefix(#"the called number "carol" holds "c", which is not part of a number"#))
        }
        #expect(throws: CallError.self) { try sim.route(Call(origin: .localUser("100"), called: "12\u{00A0}34")) }
        #expect(throws: CallError.self) { try sim.route(Call(origin: .localUser("100"), called: "--")) }
    }

    @Test("the refusals say what and what to type")
    func refusals() {
        func message(_ text: String) -> String? {
            do {
                _ = try TypedNumber(text, role: .called)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message("12\u{00A0}34")?.hasPrefix(#"the called number "12\u{a0}34" holds U+00A0, which is not part of a number"#) == true)
        #expect(message("--") == #"the called number "--" holds no digit; type digits and * # +"#)
        #expect(message(String(repeating: "1 ", count: 70)) == "the called number is 140 characters long; at most 128 are allowed")
        #expect(message("*99#") == nil)
    }

    @Test("a call arriving on a line needs no dialed number: the line's own name stands for it")
    func lineWithoutNumber() throws {
        let sim = try bundledSimulator("demo-office")
        let result = try sim.check(.externalLine("6001", caller: "0215550000"), "")
        #expect(result.target == .user("100"))
        #expect(result.steps.first?.stage == .dialed)
        #expect(result.steps.first?.after == "6001")
        #expect(result.steps[1].before == "6001")
        #expect(throws: CallError.self) { try sim.route(Call(origin: .localUser("100"), called: "")) }
    }

    @Test("a bracketed 0 after the first digits reads two ways (+44 (0)20 …) and is refused; elsewhere brackets are separators")
    func bracketedZero() throws {
        let sim = try bundledSimulator("multi-site")
        for typed in ["+44 (0)20 7946 0000", "0044 ( 0 ) 20 7946 0000", "+44(0)2079460000"] {
            do {
                _ = try sim.route(Call(origin: .localUser("100"), called: typed))
                Issue.record("\(typed) was accepted")
            } catch {
                #expect(error.kind == .invalidNumber)
                #expect(
                    error.message
                        == "the called number \"\(typed)\" holds \"(0)\" after its first digits, which reads two ways: printed after a country code it is a trunk prefix that is not dialed (+44 (0)20 … is dialed +4420…); type the number as it is dialed, without brackets around the 0"
                )
            }
        }
        #expect(throws: CallError.self) { try sim.route(Call(origin: .caller("+44 (0)20 7946 0000"), called: "100")) }
        let national = try sim.check(.localUser("100"), "02079460000").attempts
        #expect(try sim.check(.localUser("100"), "(020) 7946 0000").attempts == national)
        #expect(try sim.check(.localUser("100"), "(0) 20 7946 0000").attempts == national)
        #expect(try sim.check(.localUser("100"), "+44 (00) 20").called == "+440020")
    }

    @Test(
        "property: any number typed with separators routes exactly as its digits, or is refused for a bracketed 0 after a digit (naive reference: drop the separators)"
    )
    func typedEqualsPlain() throws {
        let sim = try bundledSimulator("multi-site")
        let users = ["100", "101", "200", "201"]
        let starts = ["0", "00", "011", "+1", "+44", "9", "1", "2", "5", "*", "#"]
        let separators: [Character] = [" ", "-", ".", "(", ")", "/"]
        var refused = 0
        for trial in PropertyTrials(seed: 10, count: 300) {
            var g = trial.generator
            var plain = g.pick(starts)
            g.appendDigits(g.within(0...12), to: &plain)
            var typed = ""
            for c in plain {
                if g.chance(30) { typed.append(g.pick(separators)) }
                typed.append(c)
            }
            if g.chance(20) { typed.append(g.pick(separators)) }
            let reference = String(typed.filter { !separators.contains($0) })
            #expect(reference == plain, "\(trial)")
            let origin = Origin.localUser(g.pick(users))
            // The one refusal: "(0)" (other separators inside it aside) after a dial character.
            if typed.filter({ !" -./".contains($0) }).contains(/[0-9*#+].*\(0\)/) {
                refused += 1
                #expect(throws: CallError.self, "\(trial): \(typed)") { try sim.route(Call(origin: origin, called: typed)) }
                continue
            }
            var a = try sim.check(origin, typed)
            var b = try sim.check(origin, plain)
            #expect(a.typedCalled == (typed == plain ? nil : typed), "\(trial)")
            a.typedCalled = nil
            a.steps = []
            b.steps = []
            #expect(a == b, "\(trial): \(typed) and \(plain) route differently")
        }
        #expect(refused > 0 && refused < 30, "\(refused) of 300 typed numbers hold a bracketed 0")
    }
}

/// Users think in carrier and line names: descriptions beside the IDs of lines, trunks, routing
/// groups and hunting groups, in the result, the attempts, the trace and their JSON.
@Suite("Names beside IDs")
struct NamesBesideIDsTests {
    @Test("target, attempts and trace steps carry the description; text and JSON show it")
    func names() throws {
        let sim = try bundledSimulator("multi-site")
        let r = try sim.check(.localUser("100"), "02125551234")
        #expect(r.targetName == "US calls: carrier A (fails over to B), then the FXO gateway")
        #expect(r.attempts.map(\.name) == ["carrier A (US)", "carrier B (international)", "FXO gateway, last resort for US calls"])
        #expect(r.targetText == #"routing group 1 "US calls: carrier A (fails over to B), then the FXO gateway""#)
        #expect(r.traceText.contains(#"  1. SIP trunk 1 "carrier A (US)"  called 2125551234  caller 2125550100"#))
        #expect(r.traceText.contains(#"  2. SIP trunk 2 "carrier B (international)" (failover)  called 0012125551234"#))
        #expect(r.traceText.contains(#"·  peerserver (servID 1) "carrier A (US)""#))
        let attempt = try #require(r.steps.first { $0.stage == .attempt && $0.table == .sipTrunks })
        #expect(attempt.name == "carrier A (US)")
        #expect(attempt.jsonValue["name"] == .string("carrier A (US)"))
        #expect(r.jsonValue["target"] == .object([("groupID", .number("1")), ("name", .string(r.targetName!))]))
        guard case .array(let attempts)? = r.jsonValue["attempts"] else { Issue.record("no attempts"); return }
        #expect(attempts.first?["name"] == .string("carrier A (US)"))
        let hunt = try sim.check(.localUser("100"), "500")
        #expect(hunt.targetName != nil)
    }

    @Test("records without a description, users and dangling targets carry no name")
    func noNames() throws {
        let sim = try bundledSimulator("refine-called")
        let user = try sim.check(.localUser("100"), "101")
        #expect(user.targetName == nil)
        #expect(user.jsonValue["target"] == .object([("usrname", .string("101"))]))
        let plain = try simulator(
            #"{"localuser": [{"usrname": "1"}], "peerserver": [{"servID": 3}], "anacldnbr": [{"dialPlan": "", "calledNbr": "0", "routeType": 2, "servID": 3}]}"#
        )
        let r = try plain.check(.localUser("1"), "01")
        #expect(r.targetName == nil)
        #expect(r.attempts.map(\.name) == [nil])
        #expect(r.summaryText == "sipTrunk  SIP trunk 3  via SIP trunk 3 [01]")
    }
}
