import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

/// Numbers as people type them and names beside IDs, through the binary.
@Suite("Typed numbers and names, end to end")
struct NumbersAndNamesCommandTests {
    let multiSite = "corpus/plans/multi-site.json"

    func attempts(_ stdout: String) -> String {
        String(stdout[stdout.range(of: "\nattempts\n")!.lowerBound...])
    }

    @Test(
        "a number typed with each separator: normalised, noted in the trace, the same attempts as the plain number",
        arguments: ["0 212 555 1234", "0-212-555-1234", "0.212.555.1234", "0(212)5551234", "0/212/555/1234"])
    func separators(_ typed: String) throws {
        let plain = try routesim(["route", "--plan", multiSite, "--from-user", "100", "02125551234"])
        let r = try routesim(["route", "--plan", multiSite, "--from-user", "100", typed])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(
            r.stdout.hasPrefix(
                """
                  1  dialed          \(typed) → 02125551234
                                     typed "\(typed)", dialed 02125551234
                  2  origin          02125551234  ·  localuser (usrname "100")

                """))
        #expect(attempts(r.stdout) == attempts(plain.stdout))
        let json = try JSONValue(
            parsing: try routesim(["route", "--plan", multiSite, "--from-user", "100", "--format", "json", typed]).stdout)
        #expect(json["typed"] == .object([("called", .string(typed))]))
        #expect(json["called"] == .string("+12125551234"))
    }

    @Test("typed numbers in a batch and a case file are read the same way")
    func batchAndCases() throws {
        let batch = try routesim(
            ["route", "--plan", multiSite, "--batch", "-"],
            input: "origin,caller,called\nuser:100,,0 212 555-1234\n,+1 (212) 555 0100,101\n")
        #expect(batch.status == 0)
        #expect(batch.stdout.contains("-:2  user 100 dials 0 212 555-1234  →  routingGroup"))
        #expect(batch.stdout.contains("-:3  +1 (212) 555 0100 dials 101  →  localUser  local user 101"))
        let scratch = try ScratchDirectory()
        let cases = try scratch.write(
            """
            plan: \(repositoryRoot.appendingPathComponent(multiSite).path)
            cases:
              - name: typed
                from: {user: "100"}
                dial: "0 212 555-1234"
                expect: {outcome: routingGroup, called: "+12125551234"}
              - name: typed caller
                from: {caller: "+1 (212) 555 0100"}
                dial: "101"
                expect: {outcome: localUser, caller: "+12125550100"}

            """, to: "typed.yaml")
        let test = try routesim(["test", cases])
        #expect(test.stdout == "2 passed, 0 failed\n")
        #expect(test.status == 0)
    }

    @Test("a number with a character that is neither a digit nor a separator: exit 2 with what to type", arguments: ["route", "batch"])
    func refused(_ how: String) throws {
        let message =
            #"the called number "0212x5551234" holds "x", which is not part of a number, and no local user has that name; type digits and * # + (spaces, dashes, dots, brackets and slashes between them are removed), or a local user's name"#
        let r =
            how == "route"
            ? try routesim(["route", "--plan", multiSite, "--from-user", "100", "0212x5551234"])
            : try routesim(["route", "--plan", multiSite, "--batch", "-"], input: "origin,caller,called\nuser:100,,0212x5551234\n")
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == "routesim: \(how == "route" ? "" : "-:2: ")\(message)\n")
    }

    @Test("a bracketed 0 after the country code is refused, not dialed: exit 2 with what to type")
    func bracketedZero() throws {
        let r = try routesim(["route", "--plan", multiSite, "--from-user", "100", "+44 (0)20 7946 0000"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(
            r.stderr
                == #"routesim: the called number "+44 (0)20 7946 0000" holds "(0)" after its first digits, which reads two ways: printed after a country code it is a trunk prefix that is not dialed (+44 (0)20 … is dialed +4420…); type the number as it is dialed, without brackets around the 0"#
                + "\n")
    }

    @Test("--from-line needs no dialed number: the line's own name stands for it, and the trace says so")
    func fromLineWithoutNumber() throws {
        let r = try routesim(["route", "--plan", multiSite, "--from-line", "pstn-gw", "--caller", "2015550000"])
        #expect(r.status == 0)
        #expect(
            r.stdout.hasPrefix(
                "  1  dialed          pstn-gw\n                     nothing dialed: a call arriving on external line pstn-gw"))
        #expect(r.stdout.contains("outcome    localUser  local user 100\n"))
        let user = try routesim(["route", "--plan", multiSite, "--from-user", "100"])
        #expect(user.status == 2)
        #expect(user.stderr.hasPrefix("Error: give the dialed number (CALLED)"))
    }

    @Test("names beside IDs: trunks, lines, routing and hunting groups in the trace, the result, the attempts and the JSON")
    func names() throws {
        let r = try routesim(["route", "--plan", multiSite, "--from-user", "100", "02125551234"])
        #expect(
            r.stdout.contains(#"outcome    routingGroup  routing group 1 "US calls: carrier A (fails over to B), then the FXO gateway""#))
        #expect(r.stdout.contains(#"  1. SIP trunk 1 "carrier A (US)"  called 2125551234  caller 2125550100"#))
        #expect(r.stdout.contains(#"  3. external line pstn-gw "FXO gateway, last resort for US calls"  called 2125551234"#))
        #expect(r.stdout.contains(#"  attempt         +12125551234  ·  peerserver (servID 1) "carrier A (US)""#))
        let routed = try JSONValue(
            parsing: try routesim(["route", "--plan", multiSite, "--from-user", "100", "--format", "json", "02125551234"]).stdout)
        #expect(
            routed["target"]
                == .object([
                    ("groupID", .number("1")), ("name", .string("US calls: carrier A (fails over to B), then the FXO gateway")),
                ]))
        guard case .array(let attempts)? = routed["attempts"] else {
            Issue.record("no attempts in the JSON")
            return
        }
        #expect(
            attempts.map { $0["name"] }
                == [.string("carrier A (US)"), .string("carrier B (international)"), .string("FXO gateway, last resort for US calls")])
        let hunt = try routesim(["route", "--plan", multiSite, "--from-user", "100", "500"])
        #expect(hunt.stdout.contains(#"outcome    huntGroup  hunting group 1 "New York sales queue""#))
        let json = try JSONValue(
            parsing: try routesim(["route", "--plan", multiSite, "--from-user", "100", "--format", "json", "500"]).stdout)
        #expect(json["target"] == .object([("grpID", .number("1")), ("name", .string("New York sales queue"))]))
        guard case .array(let steps)? = json["steps"] else {
            Issue.record("no steps in the JSON")
            return
        }
        #expect(steps.filter { $0["table"] == .string("hginfo") }.map { $0["name"] } == [.string("New York sales queue")])
    }
}
