import Foundation
import RouteSimTestSupport
import Testing

/// The cache of compiled plans through the binary: the same output with it off, while it is
/// written and when it is read; damaged, out-of-date and foreign entries rebuilt; its folder and
/// files the user's own; `ROUTESIM_NO_CACHE=1`.
@Suite("Compiled plans, end to end")
struct CompiledPlanCommandTests {
    /// A scratch folder with a cache folder for `XDG_CACHE_HOME`.
    struct Cache {
        let scratch: ScratchDirectory
        var home: String { scratch.path("xdg") }
        var folder: String { home + "/routesim" }
        var environment: [String: String] { ["XDG_CACHE_HOME": home] }

        init() throws { scratch = try ScratchDirectory() }

        var entries: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".rsplan") }.sorted()
                .map { folder + "/" + $0 }
        }

        func mode(_ path: String) -> mode_t {
            var info = stat()
            return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
        }
    }

    static let routeCall = ["route", "--from-user", "100", "0044123", "--format", "json"]

    @Test("test over every bundled case, and route with load warnings: the same output with the cache off, writing it and reading it")
    func sameOutput() throws {
        let cache = try Cache()
        let cases = Corpus.names(in: Corpus.cases, ending: ".yaml").map { "corpus/cases/\($0).yaml" }
        #expect(cases.count >= 7)
        let off = try routesim(["test", "--format", "json"] + cases)
        let writing = try routesim(["test", "--format", "json"] + cases, environment: cache.environment)
        #expect(cache.entries.count >= 5, "an entry per plan the cases name")
        let reading = try routesim(["test", "--format", "json"] + cases, environment: cache.environment)
        #expect(off.status == 0 && off.stdout.contains("\"passed\""))
        for run in [writing, reading] {
            #expect(run.status == off.status && run.stdout == off.stdout && run.stderr == off.stderr)
        }
        // Warnings of a plan (RS410 in lint) come back from its compiled form word for word.
        let plan = try cache.scratch.write(StrictPlanCommandTests.misspelt, to: "plan.json")
        for command in [Self.routeCall, ["lint", "--format", "json"]] {
            let plain = try routesim(command + ["--plan", plan])
            #expect(plain.stderr.contains("routesim: warning: "))
            for _ in 0..<2 {
                let cached = try routesim(command + ["--plan", plan], environment: cache.environment)
                #expect(cached.status == plain.status && cached.stdout == plain.stdout && cached.stderr == plain.stderr)
            }
        }
    }

    @Test("the folder is 0700 and each entry 0600 (plans may hold passwords); a folder others may open is not used")
    func permissions() throws {
        let cache = try Cache()
        let r = try routesim(Self.routeCall + ["--plan", "corpus/plans/multi-site.json"], environment: cache.environment)
        #expect(r.status == 0 && r.stderr == "")
        #expect(cache.mode(cache.home) == 0o700 && cache.mode(cache.folder) == 0o700)
        #expect(cache.entries.count == 1 && cache.entries.allSatisfy { cache.mode($0) == 0o600 })
        chmod(cache.folder, 0o755)
        let open = try routesim(Self.routeCall + ["--plan", "corpus/plans/front-desk.json"], environment: cache.environment)
        let plain = try routesim(Self.routeCall + ["--plan", "corpus/plans/front-desk.json"])
        #expect(open.status == 0 && open.stdout == plain.stdout)
        #expect(
            open.stderr
                == "routesim: note: compiled plans are not cached: others may open \(cache.folder) (mode 755); chmod 700 it to cache plans there; ROUTESIM_NO_CACHE=1 stops this note\n"
        )
        #expect(cache.entries.count == 1, "nothing written to a folder others may open")
    }

    @Test("ROUTESIM_NO_CACHE=1 switches the cache off: no folder, no entry")
    func switchedOff() throws {
        let cache = try Cache()
        let r = try routesim(
            Self.routeCall + ["--plan", "corpus/plans/multi-site.json"],
            environment: cache.environment.merging(["ROUTESIM_NO_CACHE": "1"]) { $1 })
        #expect(r.status == 0 && r.stderr == "")
        #expect(!FileManager.default.fileExists(atPath: cache.home))
    }

    @Test("a damaged entry is told and rebuilt; an entry of another version or of a changed plan is rebuilt silently")
    func damaged() throws {
        let cache = try Cache()
        let plan = try cache.scratch.write(try String(contentsOf: Corpus.plan("front-desk"), encoding: .utf8), to: "plan.json")
        let call = Self.routeCall + ["--plan", plan]
        let expected = try routesim(call)
        #expect(try routesim(call, environment: cache.environment).stdout == expected.stdout)
        let entry = try #require(cache.entries.first)
        let intact = try Data(contentsOf: URL(fileURLWithPath: entry))
        func run(after damage: (inout Data) -> Void, note: String?) throws {
            var bytes = intact
            damage(&bytes)
            try bytes.write(to: URL(fileURLWithPath: entry))
            let r = try routesim(call, environment: cache.environment)
            #expect(r.status == 0 && r.stdout == expected.stdout)
            #expect(r.stderr == (note.map { "routesim: note: the compiled plan \(entry) was \($0); rebuilt from \(plan)\n" } ?? ""))
            let again = try routesim(call, environment: cache.environment)
            #expect(again.stderr == "" && again.stdout == expected.stdout, "rebuilt")
            #expect(cache.mode(entry) == 0o600)
        }
        // A byte in the middle of each section that has any (the section table: 32 bytes per
        // section from byte 104, with its offset and length).
        let sections = Int(intact[88]) | Int(intact[89]) << 8
        var flipped = 0
        for i in 0..<sections {
            let at = 104 + 32 * i
            func word(_ o: Int) -> Int { (0..<8).reduce(0) { $0 | Int(intact[o + $1]) << (8 * $1) } }
            let offset = word(at + 8), length = word(at + 16)
            guard length > 0 else { continue }
            try run(after: { $0[offset + length / 2] ^= 0x20 }, note: "corrupt: section \(i) fails its checksum")
            flipped += 1
        }
        #expect(flipped > 10)
        try run(after: { $0[200] ^= 0x01 }, note: "corrupt header (checksum mismatch)")
        try run(after: { $0 = $0.prefix($0.count / 2) }, note: "truncated: \(intact.count / 2) bytes of \(intact.count)")
        try run(after: { $0[8] = 99 }, note: nil)
        // A changed plan: the new answer, not the cached one.
        let changed = try String(contentsOfFile: plan, encoding: .utf8).replacingOccurrences(
            of: "\"usrname\": \"100\"", with: "\"usrname\": \"101\"")
        _ = try cache.scratch.write(changed, to: "plan.json")
        let stale = try routesim(call, environment: cache.environment)
        let fresh = try routesim(call)
        #expect(fresh.stdout != expected.stdout || fresh.stderr != expected.stderr, "the change shows")
        #expect(stale.status == fresh.status && stale.stdout == fresh.stdout && stale.stderr == fresh.stderr)
    }

    /// The number of sections of the compiled file at `path` (the header's count, at byte 88).
    static func sections(_ path: String) throws -> Int {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        return Int(bytes[88]) | Int(bytes[89]) << 8
    }

    @Test("route keeps its model's index in the entry and answers from it as without the cache, under any assumptions")
    func storedIndex() throws {
        let cache = try Cache()
        let plan = try cache.scratch.write(try String(contentsOf: Corpus.plan("multi-site"), encoding: .utf8), to: "plan.json")
        // lint reads the plan but builds no checked model: the entry holds the plan alone (15
        // tables, three sections each, and one of metadata and warnings).
        #expect(try routesim(["lint", "--plan", plan], environment: cache.environment).status == 0)
        let entry = try #require(cache.entries.first)
        #expect(try Self.sections(entry) == 46)
        for assume in [[], ["--assume", "starIsCatchAll=false"], []] {
            let call = Self.routeCall + ["--plan", plan] + assume
            let plain = try routesim(call)
            for _ in 0..<2 {
                let cached = try routesim(call, environment: cache.environment)
                #expect(cached.status == plain.status && cached.stdout == plain.stdout && cached.stderr == plain.stderr)
                // The model's seven sections, for the assumptions of the last run.
                #expect(try Self.sections(entry) == 53)
            }
        }
        // A plan with two records of one key: refused as without the cache, and no index kept.
        let row = #"{"dialPlan": "x", "calledNbr": "1"}, "#
        let duplicated = try String(contentsOf: Corpus.plan("multi-site"), encoding: .utf8).replacingOccurrences(
            of: #""anacldnbr": ["#, with: #""anacldnbr": ["# + row + row)
        let bad = try cache.scratch.write(duplicated, to: "bad.json")
        let refused = try routesim(Self.routeCall + ["--plan", bad])
        #expect(refused.status == 2 && refused.stderr.contains("same key as anacldnbr[0]"))
        for _ in 0..<2 {
            let cached = try routesim(Self.routeCall + ["--plan", bad], environment: cache.environment)
            #expect(cached.status == 2 && cached.stderr == refused.stderr)
        }
        let badEntry = try #require(cache.entries.first { $0 != entry })
        #expect(try Self.sections(badEntry) == 46)
    }

    @Test("a plan left alone is answered from its entry without being read: the entry is marked as used")
    func hit() throws {
        let cache = try Cache()
        let plan = try cache.scratch.write(try String(contentsOf: Corpus.plan("multi-site"), encoding: .utf8), to: "plan.json")
        // The plan's identity is trusted once it has not changed for two seconds.
        Thread.sleep(forTimeInterval: 2.2)
        let call = Self.routeCall + ["--plan", plan]
        let first = try routesim(call, environment: cache.environment)
        let entry = try #require(cache.entries.first)
        var old = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, entry, &old, 0)
        let second = try routesim(call, environment: cache.environment)
        #expect(second.stdout == first.stdout && second.stderr == "")
        var info = stat()
        #expect(stat(entry, &info) == 0 && info.st_mtim.tv_sec > 1_000_000, "the entry was used")
    }
}
