import Foundation
import RouteSimTestSupport
import Testing

/// Every numeric option of every command is bounded (issue 16): out-of-range, infinite, NaN or
/// absurd values are unusable input (exit 2) with a message that names the option, its bounds
/// and the value: never a trap, a hang, memory without bound, or a silent truncation.
@Suite("numeric options, end to end")
struct NumericOptionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let plan = "corpus/plans/demo-office.json"

    static let cases: [Case] = [
        // fetch (checked before any connection: the URL points nowhere)
        Case(arguments: fetch("--timeout", "1e300"), message: "--timeout must be a number from 0.001 to 86400 seconds, found 1e+300"),
        Case(arguments: fetch("--timeout", "inf"), message: "--timeout must be a number from 0.001 to 86400 seconds, found inf"),
        Case(arguments: fetch("--timeout", "nan"), message: "--timeout must be a number from 0.001 to 86400 seconds, found nan"),
        Case(arguments: fetch("--timeout", "0"), message: "--timeout must be a number from 0.001 to 86400 seconds, found 0"),
        Case(
            arguments: fetch("--connect-timeout", "inf"),
            message: "--connect-timeout must be a number from 0.001 to 3600 seconds, found inf"),
        Case(arguments: fetch("--max-in-flight", "65"), message: "--max-in-flight must be from 1 to 64, found 65"),
        Case(arguments: fetch("--retries", "11"), message: "--retries must be from 0 to 10, found 11"),
        Case(arguments: fetch("--retry-budget=-1"), message: "--retry-budget must be from 0 to 1000000, found -1"),
        Case(
            arguments: fetch("--max-records", "9223372036854775807"),
            message: "--max-records must be from 1 to 100000000, found 9223372036854775807"),
        Case(arguments: fetch("--max-pages", "0"), message: "--max-pages must be from 1 to 10000000, found 0"),
        Case(arguments: fetch("--deadline", "inf"), message: "--deadline must be a number from 1 to 604800 seconds, found inf"),
        // emulate
        Case(arguments: emulate("--port", "65536"), message: "--port must be from 0 to 65535, found 65536"),
        Case(arguments: emulate("--port=-1"), message: "--port must be from 0 to 65535, found -1"),
        Case(
            arguments: emulate("--latency-ms", "9223372036854775807"),
            message: "--latency-ms must be from 0 to 600000, found 9223372036854775807"),
        Case(arguments: emulate("--fail-rate", "inf"), message: "--fail-rate must be a number from 0 to 1 (a fraction), found inf"),
        Case(
            arguments: emulate("--malformed-rate", "nan"), message: "--malformed-rate must be a number from 0 to 1 (a fraction), found nan"),
        Case(arguments: emulate("--retry-after", "3601"), message: "--retry-after must be from 0 to 3600 seconds, found 3601"),
        // generate
        Case(arguments: ["generate", "--rows", "1000000000000"], message: "--rows must be from 100 to 10000000, found 1000000000000"),
        Case(
            arguments: ["generate", "--rows", "9223372036854775807"],
            message: "--rows must be from 100 to 10000000, found 9223372036854775807"),
        // bench
        Case(
            arguments: ["bench", "--plan", plan, "--calls", "1000000000000"],
            message: "--calls must be from 1 to 10000000, found 1000000000000"),
        Case(
            arguments: ["bench", "--plan", plan, "--calls", "9223372036854775807"],
            message: "--calls must be from 1 to 10000000, found 9223372036854775807"),
        Case(arguments: ["bench", "--plan", plan, "--calls", "0"], message: "--calls must be from 1 to 10000000, found 0"),
    ]

    static func fetch(_ option: String...) -> [String] {
        ["fetch", "--url", "http://127.0.0.1:9"] + option
    }

    static func emulate(_ option: String...) -> [String] {
        ["emulate", "--plan", plan] + option
    }

    @Test(arguments: cases)
    func outOfBoundsIsUnusableInput(_ c: Case) throws {
        let run = try routesim(c.arguments, environment: ["ROUTESIM_SYSKEY": "k"], timeout: .seconds(30))
        #expect(run.signal == nil)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "routesim: \(c.message)\n")
    }

    @Test(
        "values no integer can hold are refused by the parser, with the option named",
        arguments: [
            ["generate", "--rows", "1e12"], ["bench", "--plan", plan, "--calls", "1e12"],
            ["route", "--plan", plan, "--from-trunk", "1e300", "--caller", "1", "2"],
            ["fetch", "--url", "http://127.0.0.1:9", "--max-in-flight", "99999999999999999999"],
            // Seeds take every UInt64; past it, or negative, the parser refuses them.
            ["generate", "--rows", "100", "--seed", "18446744073709551616"], ["bench", "--plan", plan, "--seed=-1"],
            ["emulate", "--plan", plan, "--seed", "1e300"],
        ])
    func unparsable(_ arguments: [String]) throws {
        let run = try routesim(arguments, environment: ["ROUTESIM_SYSKEY": "k"], timeout: .seconds(30))
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("Error: The value '"))
        #expect(run.stderr.contains("' is invalid for '--"))
    }

    @Test("the bounds are the documented ones: the largest allowed values are accepted")
    func upperBoundsAreAccepted() throws {
        let run = try routesim(
            [
                "fetch", "--url", "http://127.0.0.1:9", "--timeout", "86400", "--connect-timeout", "3600", "--retries", "0",
                "--max-in-flight", "64", "--deadline", "604800", "--max-records", "100000000", "--quiet",
            ],
            environment: ["ROUTESIM_SYSKEY": "k"], timeout: .seconds(60))
        // Nothing listens on port 9: the fetch itself fails (exit 1), the options were fine. (The
        // lowest --connect-timeout, 0.001 s, would make the failure depend on the machine's load.)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("routesim: version: cannot connect to http://127.0.0.1:9"))
    }
}
