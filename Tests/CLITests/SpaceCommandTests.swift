import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

/// `routesim map` and `routesim diff` through the binary: exact output on the bundled plans,
/// the formats, and the exit statuses.
@Suite("routesim map and diff", .serialized)
struct SpaceCommandTests {
    static let callLevel = "corpus/diff/call-level.json"
    static let callLevelV2 = "corpus/diff/call-level-v2.json"

    @Test("map prints one origin class's partition as text")
    func mapText() throws {
        let run = try routesim(["map", "--plan", Self.callLevel, "--max-length", "6", "--from-user", "100"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(
            run.stdout == """
                routesim map: corpus/diff/call-level.json: called numbers of 1–6 characters (0-9 * # +)

                origin classes
                  C1  local user 100 — dial plan default, calllevel 1
                      1 origin; replay with routesim route --from-user 100

                C1 · dial plan default
                  pattern               lengths  numbers              what they do
                  [^19]…                1–6      11×13^(n−1)          released: noSuchUser
                  1… but not 10…        1–6      1, then 12×13^(n−2)  released: noSuchUser
                  10… but not 10[0-2]…  2–6      1, then 10×13^(n−3)  released: noSuchUser
                  100                   3        1                    local user 100
                  100x…                 4–6      13×13^(n−4)          released: noSuchUser
                  101                   3        1                    local user 101
                  101x…                 4–6      13×13^(n−4)          released: noSuchUser
                  102                   3        1                    local user 102
                  102x…                 4–6      13×13^(n−4)          released: noSuchUser
                  9…                    1–6      13^(n−1)             external line 6001 [strip 1; caller 6001]

                """)
    }

    @Test("map groups the classes that agree, and splits them where they do not")
    func mapSections() throws {
        let run = try routesim(["map", "--plan", Self.callLevel, "--max-length", "4"])
        #expect(run.status == 0)
        // 100 and 102 may call out, 101 and unknown callers may not; calls on the line go to 100.
        #expect(
            run.stdout.contains(
                "\nC1, C3 · dial plan default\n  pattern  lengths  numbers   what they do\n  9…       1–4      13^(n−1)  external line 6001 [strip 1; caller 6001]\n"
            ))
        #expect(
            run.stdout.contains(
                "\nC2, C5 · dial plan default\n  pattern  lengths  numbers   what they do\n  9…       1–4      13^(n−1)  rejected: callLevel\n"
            ))
        #expect(
            run.stdout.contains(
                "\nC4 · dial plan default\n  pattern  lengths  numbers      what they do\n  x…       1–4      13×13^(n−1)  local user 100\n"
            ))
        #expect(run.stdout.contains("  C4  external line 6001, any caller — dial plan default, destination 100\n"))
    }

    @Test("map as Markdown and CSV")
    func mapMarkdownCSV() throws {
        let markdown = try routesim(["map", "--plan", Self.callLevel, "--max-length", "4", "--from-user", "101", "--format", "markdown"])
        #expect(markdown.status == 0)
        #expect(
            markdown.stdout == """
                ### routesim map: `corpus/diff/call-level.json`

                Called numbers of 1–4 characters over `0-9 * # +`.

                | class | origins | what they share | replay |
                |---|---|---|---|
                | C1 | local user 101 | dial plan default, calllevel 0 | `routesim route --from-user 101` |

                #### C1 · dial plan default

                | numbers | lengths | count | what they do |
                |---|---|---|---|
                | `[^19]…` | 1–4 | 11×13^(n−1) | released: noSuchUser |
                | `1… but not 10…` | 1–4 | 1, then 12×13^(n−2) | released: noSuchUser |
                | `10… but not 10[0-2]…` | 2–4 | 1, then 10×13^(n−3) | released: noSuchUser |
                | `100` | 3 | 1 | local user 100 |
                | `100x` | 4 | 13 | released: noSuchUser |
                | `101` | 3 | 1 | local user 101 |
                | `101x` | 4 | 13 | released: noSuchUser |
                | `102` | 3 | 1 | local user 102 |
                | `102x` | 4 | 13 | released: noSuchUser |
                | `9…` | 1–4 | 13^(n−1) | rejected: callLevel |

                """)
        let csv = try routesim(["map", "--plan", Self.callLevel, "--max-length", "4", "--from-user", "101", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "classes,pattern,min_length,max_length,count_at_min_length,count,witness,outcome,target,summary")
        #expect(lines.contains("C1,[^19]…,1,4,11,26180,0,released,,released: noSuchUser"))
        #expect(lines.contains("C1,9…,1,4,1,2380,9,rejected,,rejected: callLevel"))
        // The rows cover every number of 1 to 4 characters exactly once: 13 + 169 + 2197 + 28561.
        let total = lines.dropFirst().map { Int($0.split(separator: ",", omittingEmptySubsequences: false)[5])! }.reduce(0, +)
        #expect(total == 30940)
    }

    @Test("map as JSON")
    func mapJSON() throws {
        let run = try routesim(["map", "--plan", Self.callLevel, "--max-length", "4", "--from-user", "100", "--format", "json"])
        #expect(run.status == 0)
        let json = try JSONValue(parsing: run.stdout)
        #expect(json["maxLength"] == .int(4))
        guard case .array(let sections)? = json["sections"], case .array(let rows)? = sections.first?["rows"] else {
            Issue.record("no sections in \(run.stdout)")
            return
        }
        #expect(rows.count == 10)
        #expect(rows.last?["witness"] == .string("9"))
        #expect(rows.last?["signature"]?["outcome"] == .string("externalLine"))
    }

    @Test(
        "map and diff refuse unusable input, and plans they cannot follow, with exit status 2",
        arguments: [
            (["map", "--plan", callLevel, "--max-length", "0"], "--max-length must be 1 to 64 (what routesim route accepts), found 0"),
            (["map", "--plan", callLevel, "--from-user", "999"], "no local user named '999' in the plan (localuser usrname)"),
            (["map", "--plan", callLevel, "--numbers", "12[a]"], "--numbers: pattern '12[a]': 'a' in a class is not a dial character"),
            (["diff", callLevel, "/nonexistent.json"], "/nonexistent.json: no such plan file"),
            (
                ["diff", callLevel, callLevel, "--ignore", "route,colour"],
                "--ignore 'colour': the kinds of change are route, caller, duration, failover, ringing"
            ),
            (["diff", callLevel, callLevelV2, "--from-user", "999"], "no local user named '999' in either plan (localuser usrname)"),
            (
                ["diff", callLevel, callLevelV2, "--format", "csv", "--expect", "corpus/diff/call-level-v2.expect"],
                "--expect reports in text, markdown or json; a CSV of the rows has no place for its verdict"
            ),
            (
                ["map", "--plan", "corpus/plans/front-desk.json", "--assume", "speedDialKey=analyzedCaller"],
                "the number-space analysis cannot follow this plan: speed dial keyed on the caller after analysis (speedDialKey=analyzedCaller) (met when user 100 dials 0 in the plan): ask routesim route for these numbers"
            ),
        ])
    func refuses(arguments: [String], message: String) throws {
        let run = try routesim(arguments)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "routesim: \(message)\n")
    }

    @Test("map shows who rings: ring groups by the caller's own group, follow-me destinations as calls of their own")
    func mapServices() throws {
        let run = try routesim(["map", "--plan", "corpus/plans/front-desk.json", "--from-user", "101", "--numbers", "10x"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(
            run.stdout == """
                routesim map: corpus/plans/front-desk.json: called numbers of 1–24 characters (0-9 * # +)

                origin classes
                  C1  local user 101 — dial plan office, calllevel 1
                      1 origin; replay with routesim route --from-user 101

                C1 · dial plan office
                  pattern  lengths  numbers  what they do
                  100      3        1        local user 100 · ring group 1: only 100 rings
                  101      3        1        local user 101 · ring group 1: 101, 100, 102 ring
                  102      3        1        local user 102 · ring group 1: only 102 rings
                  103      3        1        local user 103 · follow-me sequential every 15 s: 104 after 15 s → local user 104; 90612345678 after 30 s → external line main ["0612345678"; caller main] → external line backup failover ["0612345678"; caller backup]
                  104      3        1        local user 104
                  105      3        1        local user 105
                  106      3        1        local user 106
                  107      3        1        local user 107
                  108      3        1        local user 108
                  109      3        1        SIP trunk 1 ["00447700900123"; caller 3120555000] → SIP trunk 2 failover ["00447700900123"] · max 1800 s
                  10[*#+]  3        3        released: noSuchUser

                """)
    }

    @Test("diff reports a change of who rings as ringing (exit 1); --ignore ringing leaves it out (exit 0)")
    func diffServices() throws {
        let (old, new) = ("corpus/plans/front-desk.json", "corpus/diff/front-desk-v2.json")
        let run = try routesim(["diff", old, new, "--from-user", "107", "--max-length", "6"])
        #expect(run.status == 1)
        #expect(
            run.stdout == """
                routesim diff: corpus/plans/front-desk.json → corpus/diff/front-desk-v2.json: called numbers of 1–6 characters (0-9 * # +)
                2 changed rows (ringing 2)

                origin classes
                  C1  local user 107 — dial plan office, calllevel 1
                      1 origin; replay with routesim route --from-user 107

                C1 · 102 · lengths 3 · numbers 1
                  changed  ringing
                  witness  102
                  old      local user 102 · ring group 1: only 102 rings
                  new      local user 102 · ring group 1: 102, 100, 101 ring

                C1 · 103 · lengths 3 · numbers 1
                  changed  ringing
                  witness  103
                  old      local user 103 · follow-me sequential every 15 s: 104 after 15 s → local user 104; 90612345678 after 30 s → external line main ["0612345678"; caller main] → external line backup failover ["0612345678"; caller backup]
                  new      local user 103 · follow-me sequential every 15 s: 104 after 15 s → local user 104; 90698765432 after 30 s → external line main ["0698765432"; caller main] → external line backup failover ["0698765432"; caller backup]

                """)
        // Every other caller of the group: 100 and 101 are in it, so 102 rings alone for them
        // in both plans; only 103's follow-me changed for them.
        let members = try routesim(["diff", old, new, "--from-user", "101", "--max-length", "4", "--format", "json"])
        #expect(members.status == 1)
        let rows =
            try #require(try JSONSerialization.jsonObject(with: Data(members.stdout.utf8)) as? [String: Any])["rows"] as? [[String: Any]]
        #expect(rows?.map { $0["witness"] as? String } == ["103"])
        // The change-intent gate: `102 to user:100` (100 now rings for calls to 102) and 103.
        let intended = try routesim(["diff", old, new, "--expect", "corpus/diff/front-desk-v2.expect", "--max-length", "6"])
        #expect(intended.status == 0)
        #expect(
            intended.stdout.hasSuffix(
                "\nexpected (corpus/diff/front-desk-v2.expect): every change is intended and every intended change happened\n"))
        let scratch = try ScratchDirectory()
        let partial = try scratch.write("102  to user:100\n", to: "partial.expect")
        let forgot = try routesim(["diff", old, new, "--expect", partial, "--from-user", "107", "--max-length", "6"])
        #expect(forgot.status == 1)
        #expect(forgot.stdout.contains("\nexpected (\(partial)): FAILED\n  unexpected  C1 · 103 (witness 103): local user 103 · follow-me"))
        let ignored = try routesim(["diff", old, new, "--ignore", "ringing", "--max-length", "6"])
        #expect(ignored.status == 0)
        #expect(ignored.stdout.hasSuffix("\nno change\n"))
    }

    @Test("diff of a plan with itself is empty, exit status 0", arguments: ["call-level", "demo-office", "refine-called", "front-desk"])
    func diffSame(name: String) throws {
        let path = "corpus/plans/\(name).json"
        let run = try routesim(["diff", path, path, "--max-length", "10"])
        #expect(run.status == 0)
        #expect(run.stdout == "routesim diff: \(path) → \(path): called numbers of 1–10 characters (0-9 * # +)\nno change\n")
    }

    @Test("diff lists each changed row with its witness, exit status 1")
    func diffText() throws {
        let run = try routesim(["diff", Self.callLevel, Self.callLevelV2, "--max-length", "8"])
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty)
        #expect(
            run.stdout == """
                routesim diff: corpus/diff/call-level.json → corpus/diff/call-level-v2.json: called numbers of 1–8 characters (0-9 * # +)
                2 changed rows (route 2); 1 origin in one plan only

                origins in one plan only
                  local user 103: only in corpus/diff/call-level-v2.json

                origin classes
                  C1  local user 100 — dial plan default, calllevel 1
                      1 origin; replay with routesim route --from-user 100
                  C2  local user 101 — dial plan default, calllevel 0
                      1 origin; replay with routesim route --from-user 101
                  C3  local user 102 — dial plan default, calllevel 3
                      1 origin; replay with routesim route --from-user 102
                  C5  unknown any caller — dial plan default
                      883708276 origins; replay with routesim route --caller 0

                C1 · 9… · lengths 1–8 · numbers 13^(n−1)
                  changed  route
                  witness  9
                  old      external line 6001 [strip 1; caller 6001]
                  new      rejected: callLevel

                C1–C3, C5 · 103 · lengths 3 · numbers 1
                  changed  route
                  witness  103
                  old      released: noSuchUser
                  new      local user 103

                """)
        // The witness replays with `routesim route` on both sides.
        let old = try routesim(["route", "--plan", Self.callLevel, "--from-user", "100", "9", "--format", "json"])
        let new = try routesim(["route", "--plan", Self.callLevelV2, "--from-user", "100", "9", "--format", "json"])
        #expect(try JSONValue(parsing: old.stdout)["outcome"] == .string("externalLine"))
        #expect(try JSONValue(parsing: new.stdout)["outcome"] == .string("rejected"))
    }

    @Test("diff as Markdown for a pull request, with the traces")
    func diffMarkdown() throws {
        let run = try routesim(["diff", Self.callLevel, Self.callLevelV2, "--max-length", "8", "--format", "markdown"])
        #expect(run.status == 1)
        #expect(
            run.stdout == """
                ### routesim diff: `corpus/diff/call-level.json` → `corpus/diff/call-level-v2.json`

                Called numbers of 1–8 characters over `0-9 * # +`: **2 changed rows (route 2); 1 origin in one plan only**.

                - local user 103: only in corpus/diff/call-level-v2.json

                | origins | numbers | lengths | count | witness | old | new | changed |
                |---|---|---|---|---|---|---|---|
                | C1 | `9…` | 1–8 | 13^(n−1) | `9` | external line 6001 [strip 1; caller 6001] | rejected: callLevel | route |
                | C1–C3, C5 | `103` | 3 | 1 | `103` | released: noSuchUser | local user 103 | route |

                | class | origins | what they share | replay |
                |---|---|---|---|
                | C1 | local user 100 | dial plan default, calllevel 1 | `routesim route --from-user 100` |
                | C2 | local user 101 | dial plan default, calllevel 0 | `routesim route --from-user 101` |
                | C3 | local user 102 | dial plan default, calllevel 3 | `routesim route --from-user 102` |
                | C5 | unknown any caller | dial plan default | `routesim route --caller 0` |

                """)
        let traced = try routesim(["diff", Self.callLevel, Self.callLevelV2, "--max-length", "8", "--format", "markdown", "--traces"])
        #expect(traced.stdout.contains("<details><summary>C1 dialling <code>9</code></summary>"))
        #expect(traced.stdout.contains("record requires call level 2; caller 100 has calllevel 1: refused"))
        #expect(traced.stdout.contains("record requires call level 1; caller 100 has calllevel 1: admitted"))
    }

    @Test("diff --ignore leaves out rows of the kinds given; origins in one plan only still count")
    func diffIgnore() throws {
        let run = try routesim(["diff", Self.callLevel, Self.callLevelV2, "--max-length", "8", "--ignore", "route"])
        #expect(run.status == 1)
        #expect(
            run.stdout == """
                routesim diff: corpus/diff/call-level.json → corpus/diff/call-level-v2.json: called numbers of 1–8 characters (0-9 * # +)
                1 origin in one plan only

                origins in one plan only
                  local user 103: only in corpus/diff/call-level-v2.json

                """)
    }

    @Test("diff as CSV: a line per changed row, then the origins in one plan only")
    func diffCSV() throws {
        let run = try routesim(["diff", Self.callLevel, Self.callLevelV2, "--max-length", "8", "--format", "csv"])
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty)
        #expect(
            run.stdout == """
                classes,pattern,min_length,max_length,count,witness,changes,old_outcome,old_target,old,new_outcome,new_target,new
                C1,9…,1,8,67977560,9,route,externalLine,line:6001,external line 6001 [strip 1; caller 6001],rejected,,rejected: callLevel
                C1 C2 C3 C5,103,3,3,1,103,route,released,,released: noSuchUser,localUser,user:103,local user 103
                user:103,,,,,,origin only in new,,,,,,

                """)
        // --explore-all explores every region: the same rows.
        let whole = try routesim(["diff", Self.callLevel, Self.callLevelV2, "--max-length", "8", "--format", "csv", "--explore-all"])
        #expect(whole.status == 1)
        #expect(whole.stdout == run.stdout)
    }

    @Test("diff as JSON")
    func diffJSON() throws {
        let run = try routesim(["diff", Self.callLevel, Self.callLevelV2, "--max-length", "8", "--format", "json"])
        #expect(run.status == 1)
        let json = try JSONValue(parsing: run.stdout)
        #expect(json["changed"] == .bool(true))
        guard case .array(let rows)? = json["rows"] else {
            Issue.record("no rows in \(run.stdout)")
            return
        }
        #expect(rows.count == 2)
        #expect(rows.first?["witness"] == .string("9"))
        #expect(rows.first?["old"]?["outcome"] == .string("externalLine"))
        #expect(rows.first?["new"]?["outcome"] == .string("rejected"))
        #expect(rows.first?["changes"] == .array([.string("route")]))
        #expect(rows.first?["numbers"]?["count"] == .int(Int((0..<8).reduce(0) { s, n in s + Int(pow(13.0, Double(n))) })))
        #expect(json["oneSided"] == .array([.object([("origin", .string("user:103")), ("inOld", .bool(false)), ("inNew", .bool(true))])]))
    }

    @Test("diff --expect passes when exactly the intended changes happened")
    func expectPasses() throws {
        let run = try routesim([
            "diff", Self.callLevel, Self.callLevelV2, "--max-length", "8", "--expect", "corpus/diff/call-level-v2.expect",
        ])
        #expect(run.status == 0)
        #expect(
            run.stdout.hasSuffix(
                "\nexpected (corpus/diff/call-level-v2.expect): every change is intended and every intended change happened\n"))
    }

    @Test("diff --expect fails on a change nobody intended and on an intended change that did not happen")
    func expectFails() throws {
        let run = try routesim([
            "diff", Self.callLevel, Self.callLevelV2, "--max-length", "8", "--expect", "corpus/diff/call-level-v2.wrong.expect",
        ])
        #expect(run.status == 1)
        #expect(
            run.stdout.hasSuffix(
                """

                expected (corpus/diff/call-level-v2.wrong.expect): FAILED
                  unexpected  C1–C3, C5 · 103 (witness 103): local user 103
                  unexpected  origin user:103 in one plan only
                  did not happen  line 3: 0044… to trunk:3

                """))
        // The same intent on an unchanged plan: nothing it expects happened.
        let same = try routesim([
            "diff", Self.callLevel, Self.callLevel, "--max-length", "8", "--expect", "corpus/diff/call-level-v2.expect",
        ])
        #expect(same.status == 1)
        #expect(same.stdout.contains("  did not happen  line 2: 9…   from user:100  to outcome:rejected\n"))
        #expect(same.stdout.contains("  did not happen  line 4: origin user:103\n"))
        let markdown = try routesim([
            "diff", Self.callLevel, Self.callLevelV2, "--max-length", "8", "--expect", "corpus/diff/call-level-v2.wrong.expect",
            "--format", "markdown",
        ])
        #expect(markdown.status == 1)
        #expect(markdown.stdout.contains("**Expected** (`corpus/diff/call-level-v2.wrong.expect`): **failed**\n"))
        #expect(markdown.stdout.contains("- did not happen: line 3: `0044… to trunk:3`\n"))
    }

    @Test("diff --expect refuses a line it cannot read, naming it, with exit status 2")
    func expectRefuses() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("intent.expect")
        try Data("9… to trunk:3\n0044… from nobody\n".utf8).write(to: URL(fileURLWithPath: path))
        let run = try routesim(["diff", Self.callLevel, Self.callLevelV2, "--expect", path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "routesim: \(path): line 2: `from nobody`: write user:NAME, trunk:ID, line:NAME or caller:NUMBER\n")
    }

    @Test("reach lists the classes and ranges that get to a line, each with a witness call")
    func reachLine() throws {
        let run = try routesim(["reach", "--plan", Self.callLevel, "--to", "line:6001", "--max-length", "8"])
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                routesim reach: corpus/diff/call-level.json → line:6001: called numbers of 1–8 characters (0-9 * # +)
                1 row

                origin classes
                  C1  local user 100 — dial plan default, calllevel 1
                      1 origin
                  C3  local user 102 — dial plan default, calllevel 3
                      1 origin

                C1, C3 · dial plan default
                  9… · lengths 1–8 · numbers 13^(n−1)
                    external line 6001 [strip 1; caller 6001]
                    witness: routesim route --plan corpus/diff/call-level.json --from-user 100 9

                """)
    }

    @Test("reach counts the users a ring group rings and the lines a follow-me destination tries")
    func reachServices() throws {
        let plan = "corpus/plans/front-desk.json"
        let user = try routesim(["reach", "--plan", plan, "--to", "user:101", "--from-user", "107", "--max-length", "4"])
        #expect(user.status == 0)
        #expect(
            user.stdout == """
                routesim reach: corpus/plans/front-desk.json → user:101: called numbers of 1–4 characters (0-9 * # +)
                2 rows

                origin classes
                  C1  local user 107 — dial plan office, calllevel 1
                      1 origin

                C1 · dial plan office
                  100 · lengths 3 · numbers 1
                    local user 100 · ring group 1: 100, 101, 102 ring
                    witness: routesim route --plan corpus/plans/front-desk.json --from-user 107 100
                  101 · lengths 3 · numbers 1
                    local user 101 · ring group 1: 101, 100, 102 ring
                    witness: routesim route --plan corpus/plans/front-desk.json --from-user 107 101

                """)
        // 107's own outside calls leave on its specextline backup; line main only through
        // 103's follow-me destination (103's call, on 103's default line).
        let line = try routesim(["reach", "--plan", plan, "--to", "line:main", "--from-user", "107", "--max-length", "4"])
        #expect(line.status == 0)
        #expect(line.stdout.contains("\n  103 · lengths 3 · numbers 1\n"))
        #expect(line.stdout.contains("1 row\n"))
    }

    @Test("reach a record: every call that matched it, whatever came of it")
    func reachRecord() throws {
        let run = try routesim([
            "reach", "--plan", Self.callLevel, "--to", "record:anacldnbr/default/9", "--max-length", "8", "--format", "json",
        ])
        #expect(run.status == 0)
        let json = try JSONValue(parsing: run.stdout)
        #expect(json["to"] == .string("anacldnbr (dialPlan \"default\", calledNbr \"9\")"))
        guard case .array(let rows)? = json["rows"] else {
            Issue.record("no rows in \(run.stdout)")
            return
        }
        #expect(rows.map { $0["signature"]?["outcome"] } == [.string("externalLine"), .string("rejected")])
        #expect(rows.map { $0["witness"] } == [.string("9"), .string("9")])
        #expect(rows.last?["replay"] == .string("routesim route --plan corpus/diff/call-level.json --from-user 101 9"))
    }

    @Test("reach exits 1 when nothing gets there, 2 when the goal names nothing in the plan")
    func reachStatuses() throws {
        let none = try routesim(["reach", "--plan", Self.callLevel, "--to", "outcome:intercept", "--max-length", "6"])
        #expect(none.status == 1)
        #expect(none.stdout.hasSuffix("\nnothing gets there\n"))
        for (goal, message) in [
            ("trunk:9", "--to trunk:9: no SIP trunk with servID 9 in the plan"),
            (
                "record:anacldnbr/default/7",
                "--to record:anacldnbr/default/7: no anacldnbr record with the key default/7 (its key is dialPlan/calledNbr)"
            ),
            ("somewhere", "--to somewhere: write trunk:ID, line:NAME, group:ID, user:NAME, hunt:ID, outcome:NAME or record:TABLE/KEY"),
        ] {
            let run = try routesim(["reach", "--plan", Self.callLevel, "--to", goal])
            #expect(run.status == 2)
            #expect(run.stderr == "routesim: \(message)\n")
        }
    }

    @Test("map writes out control characters from the plan's names, as every text output does")
    func mapEscapes() throws {
        let plan = try String(contentsOf: Corpus.plan("call-level"), encoding: .utf8)
            .replacingOccurrences(of: "\"6001\"", with: "\"60\\u001b[2J01\"")
        let scratch = try ScratchDirectory()
        let path = scratch.path("plan.json")
        try Data(plan.utf8).write(to: URL(fileURLWithPath: path))
        let run = try routesim(["map", "--plan", path, "--max-length", "3", "--from-user", "100"])
        #expect(run.status == 0)
        #expect(!run.stdout.contains("\u{1B}"))
        #expect(run.stdout.contains("external line 60\\x1B[2J01 [strip 1; caller 60\\x1B[2J01]"))
    }
}
