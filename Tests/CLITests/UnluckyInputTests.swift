import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

/// Files saved by Excel or a Windows editor, text with control characters, and the messages of
/// issue 16: each accepted, or refused with a message that says what and where.
@Suite("unlucky input, end to end")
struct UnluckyInputTests {
    let demo = "corpus/plans/demo-office.json"
    let bom = "\u{FEFF}"

    func utf16(_ text: String) -> [UInt8] {
        [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    // MARK: Byte-order marks, CRLF, UTF-16

    @Test("a CSV batch from Excel (BOM, CRLF) gives what the plain file gives")
    func excelBatch() throws {
        let plain = "origin,caller,called\nuser:100,,92002\n,555,101\n"
        let excel = bom + plain.replacingOccurrences(of: "\n", with: "\r\n")
        let expected = try routesim(["route", "--plan", demo, "--batch", "-"], input: plain)
        let run = try routesim(["route", "--plan", demo, "--batch", "-"], input: excel)
        #expect(expected.status == 0)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == expected.stdout)
        #expect(run.stdout.split(separator: "\n").count == 2)
    }

    @Test("JSON lines with a BOM and CRLF are read")
    func jsonLinesWithMark() throws {
        let text = bom + "{\"fromUser\":\"100\",\"called\":\"92002\"}\r\n{\"caller\":\"555\",\"called\":\"101\"}\r\n"
        let run = try routesim(["route", "--plan", demo, "--batch", "-", "--format", "json"], input: text)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map { try? JSONValue(parsing: String($0)) }
        #expect(lines.map { $0?["line"] } == [.int(1), .int(2)])
    }

    @Test("a UTF-16 batch, plan, case file or lint configuration is refused naming the encoding")
    func utf16Files() throws {
        let scratch = try ScratchDirectory()
        let batch = scratch.path("calls.csv")
        try write(utf16("origin,caller,called\nuser:100,,92002\n"), to: batch)
        let message = "the file is UTF-16 (little-endian) text; routesim reads UTF-8: save it as UTF-8"
        var run = try routesim(["route", "--plan", demo, "--batch", batch])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: \(batch): \(message)\n")
        let plan = scratch.path("plan.json")
        try write(utf16(try String(contentsOf: Corpus.plan("demo-office"), encoding: .utf8)), to: plan)
        run = try routesim(["route", "--plan", plan, "--from-user", "100", "92002"])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: \(plan):1: \(message)\n")
        let cases = scratch.path("cases.yaml")
        try write(utf16("plan: plan.json\ncases: []\n"), to: cases)
        run = try routesim(["test", cases])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: \(cases): \(message)\n")
    }

    @Test("a plan, case files (YAML and JSON) and a lint configuration with a BOM are read")
    func marksAccepted() throws {
        let scratch = try ScratchDirectory()
        let planText = try String(contentsOf: Corpus.plan("demo-office"), encoding: .utf8)
        let plan = try scratch.write(bom + planText.replacingOccurrences(of: "\n", with: "\r\n"), to: "plan.json")
        var run = try routesim(["route", "--plan", plan, "--from-user", "100", "92002"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("outcome    externalLine  external line 6001 \"provider account shared by the office\"\n"))
        let yaml = try scratch.write(
            bom + "plan: plan.json\r\ncases:\r\n  - name: out\r\n    from: {user: \"100\"}\r\n    dial: \"92002\"\r\n"
                + "    expect: {outcome: externalLine}\r\n", to: "cases.yaml")
        let json = try scratch.write(
            bom
                + #"{"plan": "plan.json", "cases": [{"name": "out", "from": {"user": "100"}, "dial": "92002", "expect": {"outcome": "externalLine"}}]}"#,
            to: "cases.json")
        run = try routesim(["test", yaml, json])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "2 passed, 0 failed\n")
        let config = try scratch.write(bom + #"{"suppress": []}"#, to: "plan.lint.json")
        run = try routesim(["lint", "--plan", plan, "--config", config])
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }

    // MARK: Batches

    @Test("a device given as a plan or a batch is refused, not read forever")
    func devices() throws {
        var run = try routesim(["route", "--plan", "/dev/zero", "--from-user", "100", "92002"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "routesim: /dev/zero: is a device, not a plan file\n")
        run = try routesim(["route", "--plan", demo, "--batch", "/dev/zero"])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: /dev/zero: is a device, not a batch file\n")
        run = try routesim(["lint", "--plan", "/dev/urandom"])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: /dev/urandom: is a device, not a plan file\n")
        run = try routesim(["route", "--plan", "", "--from-user", "100", "92002"])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: the plan file's name is empty\n")
        run = try routesim(["replay", "--plan", demo, "/dev/zero"])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: /dev/zero: is a device, not a CDR file\n")
        run = try routesim(["test", "/dev/zero"])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: /dev/zero: is a device, not a case file\n")
    }

    @Test("a JSON line with two origins is refused, naming them")
    func twoOrigins() throws {
        let run = try routesim(
            ["route", "--plan", demo, "--batch", "-"], input: #"{"fromUser":"100","fromLine":"6001","caller":"1","called":"2"}"# + "\n")
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: -:1: give one origin: fromUser, fromTrunk or fromLine (found fromUser and fromLine)\n")
    }

    @Test("a bad line or an unknown user late in a batch stops it before anything is printed")
    func nothingPrintedBeforeAnError() throws {
        let good = String(repeating: "user:100,,92002\n", count: 500)
        for (last, message) in [
            ("user:100,92002\n", "-:502: expected 3 fields (origin,caller,called), found 2"),
            ("user:nobody,,92002\n", "-:502: no local user named 'nobody' in the plan (localuser usrname)"),
        ] {
            let run = try routesim(["route", "--plan", demo, "--batch", "-", "--steps"], input: "origin,caller,called\n" + good + last)
            #expect(run.status == 2)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr == "routesim: \(message)\n")
        }
    }

    @Test("a long batch streams: every line in input order, with its steps")
    func longBatchInOrder() throws {
        var input = ""
        for i in 0..<3_000 { input += #"{"fromUser":"100","called":"\#(92000 + i % 7)"}"# + "\n" }
        let run = try routesim(["route", "--plan", demo, "--batch", "-", "--format", "json", "--steps"], input: input)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 3_000)
        let numbers = lines.compactMap { try? JSONValue(parsing: String($0))["line"] }
        #expect(numbers == (1...3_000).map { .int($0) })
        #expect(lines.allSatisfy { $0.contains(#""steps":[{"#) })
    }

    @Test("route --batch prints each window of results while it still runs, not all at the end")
    func batchResultsStream() throws {
        let scratch = try ScratchDirectory()
        var input = ""
        for i in 0..<10_000 { input += #"{"fromUser":"100","called":"\#(92000 + i % 7)"}"# + "\n" }
        let batch = try scratch.write(input, to: "calls.jsonl")
        // One thread: windows of 8,192 calls. A run that kept every result until the end would
        // print nothing while it runs. Enough calls that printing them lasts well over a second
        // of the debug build: this thread looks every millisecond, but under a full suite's load
        // it may not be scheduled for a while (5,000 calls, about 0.8 s of printing once traced
        // calls got faster, failed once under load).
        let child = try startRouteSim(["route", "--plan", demo, "--batch", batch, "--format", "json", "--steps", "--jobs", "1"])
        var printedWhileRunning = 0
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(300)
        while clock.now < deadline {
            let running = child.isRunning
            let printed = child.stdoutText.utf8.count(where: { $0 == 10 })
            if !running { break }
            if printed > 0 {
                printedWhileRunning = printed
                break
            }
            usleep(1000)
        }
        let run = child.wait(timeout: .seconds(300))
        #expect(run.status == 0, "\(run.stderr)")
        // The first window's calls are kept from the check and the second's read again: every
        // line in order, each the same as the line of the same call in the first window.
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 10_000)
        let numbers = lines.compactMap { try? JSONValue(parsing: $0)["line"] }
        #expect(numbers == (1...10_000).map { .int($0) })
        func withoutNumber(_ line: String) -> String { String(line.drop { $0 != "," }) }
        for i in stride(from: 0, to: 10_000, by: 997) {
            #expect(withoutNumber(lines[i]) == withoutNumber(lines[i % 7]), "line \(i + 1)")
        }
        #expect(withoutNumber(lines[9_999]) == withoutNumber(lines[9_999 % 7]))
        #expect(printedWhileRunning > 0, "no result was printed before the run ended")
        #expect(printedWhileRunning < 10_000)
    }

    // MARK: Control characters

    @Test("names with escape sequences and NUL are written out in text output and messages")
    func controlCharacters() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(
            #"""
            {"localuser": [{"usrname": "100", "dispname": "x"}],
             "extline": [{"extLine": "l\u001b[2Jne", "localUser": "100"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "9", "routeType": 1, "extLine": "l\u001b[2Jne"},
                           {"dialPlan": "default", "calledNbr": "9", "routeType": 1, "extLine": "dup\u0000"}]}
            """#, to: "plan.json")
        var run = try routesim(["lint", "--plan", plan])
        #expect(!run.allText.contains("\u{1B}"))
        #expect(!run.allText.contains("\u{0}"))
        #expect(run.stdout.contains(#"to external line dup\x00, which does not exist"#))
        let single = try scratch.write(
            #"""
            {"localuser": [{"usrname": "100"}],
             "extline": [{"extLine": "l\u001b[2Jne\nFAKE", "localUser": "100"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "9", "routeType": 1, "extLine": "l\u001b[2Jne\nFAKE"}]}
            """#, to: "single.json")
        run = try routesim(["route", "--plan", single, "--from-user", "100", "92002"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("\u{1B}"))
        #expect(run.stdout.contains(#"external line l\x1B[2Jne\nFAKE"#))
        #expect(!run.stdout.contains("\nFAKE"))
        // A load warning quotes the record's key: written out on one line, not obeyed.
        let warned = try scratch.write(
            #"""
            {"localuser": [{"usrname": "100"}],
             "extline": [{"extLine": "l\u001b[2Jne\nFAKE", "localUser": "100", "desk\u0085": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "9", "routeType": 1, "extLine": "l\u001b[2Jne\nFAKE"}]}
            """#, to: "warned.json")
        run = try routesim(["route", "--plan", warned, "--from-user", "100", "92002"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stderr
                == #"routesim: warning: \#(warned):2: extline[0] (extLine "l\x1B[2Jne\nFAKE"): field "desk\u{85}" is not a field of extline, so routing ignores it; `routesim schema` lists the fields of every table"#
                + "\n")
        // A newline in a name, given or read from the plan, is written out in a message: the
        // message stays one line, and nothing after the newline reads as a line of its own.
        run = try routesim(["route", "--plan", demo, "--from-user", "10\nrouteSIM: FAKE", "92002"])
        #expect(run.status == 2)
        #expect(run.stderr == #"routesim: no local user named '10\nrouteSIM: FAKE' in the plan (localuser usrname)"# + "\n")
        let duplicated = try scratch.write(
            #"""
            {"localuser": [{"usrname": "100"}],
             "extline": [{"extLine": "x\nrouteSIM: FAKE", "localUser": "100"}, {"extLine": "x\nrouteSIM: FAKE", "localUser": "100"}]}
            """#, to: "duplicated.json")
        run = try routesim(["route", "--plan", duplicated, "--from-user", "100", "92002"])
        #expect(run.status == 2)
        #expect(
            run.stderr
                == #"routesim: \#(duplicated):2: extline[1] (extLine "x\nrouteSIM: FAKE"): same key as extline[0] (line 2): routing would be ambiguous; remove or change one of the two records"#
                + "\n")
        // So does every line of a batch, written into the chunk's buffer.
        let batch = try scratch.write(
            [#"{"fromUser":"100","called":"92002"}"#, #"{"fromUser":"100","called":"1"}"#, #"{"fromUser":"100","called":"92003"}"#]
                .joined(separator: "\n"), to: "b.jsonl")
        run = try routesim(["route", "--plan", single, "--batch", batch])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout == """
                \(batch):1  user 100 dials 92002  →  externalLine  external line l\\x1B[2Jne\\nFAKE  via external line l\\x1B[2Jne\\nFAKE [2002]
                \(batch):2  user 100 dials 1  →  released  (noSuchUser) no local user is named 1
                \(batch):3  user 100 dials 92003  →  externalLine  external line l\\x1B[2Jne\\nFAKE  via external line l\\x1B[2Jne\\nFAKE [2003]

                """)
        run = try routesim(["route", "--plan", demo, "--from-user", "10\u{1B}]0;owned\u{7}0", "92002"])
        #expect(run.status == 2)
        #expect(run.stderr == #"routesim: no local user named '10\x1B]0;owned\x070' in the plan (localuser usrname)"# + "\n")
    }

    // MARK: Messages

    @Test("a called number that starts with - reads as an option: the message says to put -- first")
    func dashedNumber() throws {
        let run = try routesim(["route", "--plan", demo, "--from-user", "100", "-1"])
        #expect(run.status == 2)
        #expect(
            run.stderr.hasPrefix(
                "Error: give the dialed number (CALLED); -1 reads as an option: put -- before a number that starts with -, "
                    + "as in `routesim route … -- -1`\n"))
        let dashed = try routesim(["route", "--plan", demo, "--from-user", "100", "--", "-1"])
        #expect(dashed.status == 0, "\(dashed.stderr)")
        // A dash is a separator in a typed number: -1 is dialed as 1, and the trace says so.
        #expect(dashed.stdout.contains("typed \"-1\", dialed 1\n"))
        #expect(dashed.stdout.contains("called     1\n"))
    }

    @Test("a key field of the wrong type is left out of the record's key in the message")
    func badKeyField() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(#"{"anacldnbr": [{"dialPlan": "hq", "calledNbr": true, "routeType": 0}]}"#, to: "plan.json")
        let run = try routesim(["lint", "--plan", plan])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: \(plan):1: anacldnbr[0] (dialPlan \"hq\"), field \"calledNbr\": expected a string, found true\n")
    }
}
