import DialPlan
import Foundation
import RouteSim
import RouteSimGenerator
import RouteSimLint
import RouteSimTestSupport
import Testing

@testable import CompiledPlan

/// The cache of compiled plans against the JSON it stands for: the same plans, answers and
/// findings, and every way an entry can be unusable found and rebuilt.
@Suite("Compiled plan cache")
struct PlanCacheTests {
    /// A cache in a scratch folder, with a plan loaded once (the entry written) and again.
    struct Fixture {
        let scratch: ScratchDirectory
        let cache: CompiledPlanCache

        init() throws {
            scratch = try ScratchDirectory()
            cache = try CompiledPlanCache(directory: scratch.path("cache/routesim"))
        }

        /// Loads `path` through the cache and writes the entry it says to write.
        @discardableResult
        func load(_ path: String) throws -> CompiledPlanCache.Loaded {
            let loaded = try #require(try cache.load(path))
            if let compiled = loaded.compiled { try Data(compiled).write(to: URL(fileURLWithPath: loaded.entry)) }
            return loaded
        }
    }

    /// Every record, line, warning, the metadata and the source name, compared.
    func expectSame(_ read: Snapshot, _ json: Snapshot, _ what: String) {
        #expect(read == json, "\(what): records and metadata")
        #expect(read.warnings == json.warnings, "\(what): load warnings")
        #expect(read.locations.source == json.locations.source, "\(what): source")
        for table in Table.allCases {
            for i in 0..<json.count(of: table) {
                if read.locations.line(of: table, at: i) != json.locations.line(of: table, at: i) {
                    Issue.record("\(what): line of \(table)[\(i)]")
                    break
                }
            }
        }
    }

    static let corpusPlans: [String] = [Corpus.plans, Corpus.lint].flatMap { folder in
        Corpus.names(in: folder, ending: ".json").filter { !$0.hasSuffix(".lint") && !$0.hasSuffix(".expected") }
            .map { folder.appendingPathComponent($0 + ".json").path }
    }

    @Test("a plan hashed a piece at a time and decoded as it is read: the same records, hash and entry as read whole")
    func readAsDecoded() throws {
        let whole = try Fixture()
        var pieces = try Fixture().cache
        pieces.readFrom = 0
        let generated = try whole.scratch.write(
            PlanGenerator.generate(.init(rows: 3_000, seed: 6, defects: [.loops])).snapshot.jsonText, to: "generated.json")
        for path in Self.corpusPlans.prefix(8) + [generated] {
            let json = try Snapshot(contentsOfFile: path)
            let read = try whole.load(path)
            let streamed = try #require(try pieces.load(path))
            expectSame(streamed.snapshot, json, "\(path), read as decoded")
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(streamed.sourceHash == bytes.withUnsafeBytes { Checksum.of($0) }, "\(path): the content hash")
            #expect(streamed.sourceHash == read.sourceHash)
            // The same entry but for the time it was written (bytes 40–47) and the header's checksum (96–103).
            let one = try #require(read.compiled), two = try #require(streamed.compiled)
            #expect(
                one.count == two.count
                    && one.indices.filter { one[$0] != two[$0] }.allSatisfy { (40..<48).contains($0) || (96..<104).contains($0) })
        }
    }

    @Test("every corpus plan reads back from its compiled form as from its JSON, warnings and lines included")
    func corpusPlans() throws {
        let fixture = try Fixture()
        #expect(Self.corpusPlans.count > 20)
        var withWarnings = 0
        for path in Self.corpusPlans {
            let json = try Snapshot(contentsOfFile: path)
            let first = try fixture.load(path)
            #expect(!first.fromCache && first.compiled != nil && first.rejected == nil, "\(path): compiled on first use")
            let second = try fixture.load(path)
            #expect(second.fromCache, "\(path): read from the entry")
            expectSame(second.snapshot, json, path)
            if !json.warnings.isEmpty { withWarnings += 1 }
        }
        #expect(withWarnings > 0, "some corpus plan has load warnings")
    }

    @Test("generated plans: the same answers (traces, citations) and lint findings from the compiled form")
    func generatedPlans() throws {
        let fixture = try Fixture()
        for seed in [UInt64(3), 7, 11] {
            let generated = PlanGenerator.generate(.init(rows: 2_000, seed: seed, defects: [.loops, .dangling, .shadowed])).snapshot
            let path = try fixture.scratch.write(generated.jsonText, to: "plan-\(seed).json")
            let json = try Snapshot(contentsOfFile: path)
            try fixture.load(path)
            let loaded = try fixture.load(path)
            #expect(loaded.fromCache)
            expectSame(loaded.snapshot, json, "seed \(seed)")
            // Planted defects include duplicate keys: the models keep the first, as lint's does.
            let fromJSON = Simulator(model: RoutingModel(unchecked: json))
            let fromCache = Simulator(model: RoutingModel(unchecked: loaded.snapshot))
            let calls = CallWorkload.calls(in: json, count: 400, seed: seed)
            for call in calls {
                let expected = Result { () throws(CallError) in try fromJSON.routeCiting(call) }
                let found = Result { () throws(CallError) in try fromCache.routeCiting(call) }
                switch (expected, found) {
                case (.success(let a), .success(let b)):
                    #expect(a == b && a.jsonValue == b.jsonValue, "seed \(seed): \(call)")
                case (.failure(let a), .failure(let b)):
                    #expect(a.description == b.description)
                default:
                    Issue.record("seed \(seed): \(call) answered on one side only")
                }
            }
            #expect(Linter(snapshot: json).run() == Linter(snapshot: loaded.snapshot).run(), "seed \(seed): lint findings")
        }
    }

    @Test("a changed plan is recompiled (stale entry), an unchanged one under a new identity is used")
    func staleAndMoved() throws {
        let fixture = try Fixture()
        let original = try String(contentsOf: Corpus.plan("front-desk"), encoding: .utf8)
        let path = try fixture.scratch.write(original, to: "plan.json")
        try fixture.load(path)
        // The same bytes written again: a new identity, the same content — the entry serves,
        // its identity refreshed.
        _ = try fixture.scratch.write(original, to: "plan.json")
        let rewritten = try fixture.load(path)
        #expect(rewritten.fromCache && rewritten.compiled != nil && rewritten.rejected == nil)
        // Other content: rebuilt, silently (an out-of-date entry is no surprise).
        let changed = original.replacingOccurrences(of: "\"usrname\": \"100\"", with: "\"usrname\": \"190\"")
        #expect(changed != original)
        _ = try fixture.scratch.write(changed, to: "plan.json")
        let stale = try fixture.load(path)
        #expect(!stale.fromCache && stale.compiled != nil && stale.rejected == nil)
        expectSame(stale.snapshot, try Snapshot(contentsOfFile: path), "changed plan")
        #expect(try fixture.load(path).fromCache)
    }

    /// Loads `path` after `damage` changed its entry: the JSON is read, the entry rebuilt.
    func expectRebuilt(
        _ fixture: Fixture, _ path: String, told: String?, sourceLocation: SourceLocation = #_sourceLocation,
        damage: (inout Data) -> Void
    ) throws {
        let entry = try #require(fixture.cache.entryPath(forPlan: path))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: entry))
        let intact = bytes
        damage(&bytes)
        try bytes.write(to: URL(fileURLWithPath: entry))
        let loaded = try fixture.load(path)
        #expect(!loaded.fromCache && loaded.compiled != nil, sourceLocation: sourceLocation)
        #expect(
            loaded.rejected == told.map { "the compiled plan \(entry) was \($0); rebuilt from \(path)" }, sourceLocation: sourceLocation)
        expectSame(loaded.snapshot, try Snapshot(contentsOfFile: path), "after damage")
        let again = try fixture.load(path)
        #expect(again.fromCache && again.rejected == nil, sourceLocation: sourceLocation)
        // What it was rebuilt to is the intact entry but for the time it was written.
        let rebuilt = try Data(contentsOf: URL(fileURLWithPath: entry))
        #expect(rebuilt.count == intact.count, sourceLocation: sourceLocation)
    }

    @Test("a byte flipped in any section, in the header or in the section table is found, and the entry rebuilt")
    func corruptSections() throws {
        let fixture = try Fixture()
        let path = Corpus.plan("demo-office").path
        try fixture.load(path)
        let entry = try #require(fixture.cache.entryPath(forPlan: path))
        let opened = try CompiledFile.map(entry)
        #expect(opened.entries.count == PackedSnapshot.sectionCount)
        var checked = 0
        for section in opened.entries where section.length > 0 {
            try expectRebuilt(fixture, path, told: "corrupt: section \(section.id) fails its checksum") { bytes in
                bytes[section.offset + section.length / 2] ^= 0x41
            }
            checked += 1
        }
        #expect(checked > 15, "most sections hold bytes")
        try expectRebuilt(fixture, path, told: "corrupt header (checksum mismatch)") { $0[33] ^= 1 }
        try expectRebuilt(fixture, path, told: "corrupt header (checksum mismatch)") { $0[CompiledFile.fixedHeaderSize + 40] ^= 1 }
    }

    @Test("a truncated, empty or foreign entry is found and rebuilt; another version or layout silently")
    func truncatedAndVersions() throws {
        let fixture = try Fixture()
        let path = Corpus.plan("multi-site").path
        try fixture.load(path)
        let size = try Data(contentsOf: URL(fileURLWithPath: try #require(fixture.cache.entryPath(forPlan: path)))).count
        try expectRebuilt(fixture, path, told: "truncated: \(size - 64) bytes of \(size)") { $0 = $0.prefix(size - 64) }
        try expectRebuilt(fixture, path, told: "truncated: 0 bytes of \(CompiledFile.fixedHeaderSize)") { $0 = Data() }
        try expectRebuilt(fixture, path, told: "not a compiled plan") { $0 = Data(String(repeating: "{}", count: 100).utf8) }
        try expectRebuilt(fixture, path, told: nil) { $0[8] = UInt8(CompiledFile.formatVersion + 1) }
        // Another record layout at the same version: the producer fingerprint differs (the header
        // checksum recomputed, as a routesim with other fields would have written it).
        try expectRebuilt(fixture, path, told: nil) { bytes in
            bytes[24] ^= 0xFF
            let headerSize = CompiledFile.fixedHeaderSize + PackedSnapshot.sectionCount * CompiledFile.sectionEntrySize
            var head = Array(bytes.prefix(headerSize))
            for i in 96..<104 { head[i] = 0 }
            let checksum = head.withUnsafeBytes { Checksum.of($0) }
            for i in 0..<8 { bytes[96 + i] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt64(i))) }
        }
    }

    @Test("the folder is made 0700; one that others may open, or that is not a folder, is refused")
    func folderPermissions() throws {
        let scratch = try ScratchDirectory()
        let folder = scratch.path("xdg/routesim")
        _ = try CompiledPlanCache(directory: folder)
        var info = stat()
        #expect(stat(folder, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(stat(scratch.path("xdg"), &info) == 0 && info.st_mode & 0o777 == 0o700)
        chmod(folder, 0o755)
        #expect(throws: CompiledPlanCache.Unusable.self) { try CompiledPlanCache(directory: folder) }
        do {
            _ = try CompiledPlanCache(directory: folder)
        } catch {
            #expect(error.description == "others may open \(folder) (mode 755); chmod 700 it to cache plans there")
        }
        let file = try scratch.write("", to: "file")
        #expect(throws: CompiledPlanCache.Unusable.self) { try CompiledPlanCache(directory: file) }
    }

    @Test("where the cache is, and the switch that turns it off")
    func directoryFromEnvironment() {
        #expect(CompiledPlanCache.directory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]) == "/x/routesim")
        #expect(CompiledPlanCache.directory(environment: ["HOME": "/h"]) == "/h/.cache/routesim")
        #expect(CompiledPlanCache.directory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]) == "/h/.cache/routesim")
        #expect(CompiledPlanCache.directory(environment: [:]) == nil)
        #expect(CompiledPlanCache.directory(environment: ["HOME": "/h", "ROUTESIM_NO_CACHE": "1"]) == nil)
        #expect(CompiledPlanCache.directory(environment: ["HOME": "/h", "ROUTESIM_NO_CACHE": "0"]) == "/h/.cache/routesim")
    }

    @Test("beyond its bounds the cache removes the entries used longest ago, never the one just written")
    func eviction() throws {
        let fixture = try Fixture()
        var cache = fixture.cache
        cache.maximumEntries = 2
        var entries: [String] = []
        for (i, name) in ["front-desk", "multi-site", "demo-office"].enumerated() {
            let path = try fixture.scratch.write(try String(contentsOf: Corpus.plan(name), encoding: .utf8), to: "\(name).json")
            let loaded = try fixture.load(path)
            // Used at distinct times, oldest first.
            var times = [timespec(tv_sec: 1_000_000 + i, tv_nsec: 0), timespec(tv_sec: 1_000_000 + i, tv_nsec: 0)]
            utimensat(AT_FDCWD, loaded.entry, &times, 0)
            entries.append(loaded.entry)
        }
        cache.evict(keeping: entries[0])
        #expect(FileManager.default.fileExists(atPath: entries[0]), "the entry just written stays")
        #expect(!FileManager.default.fileExists(atPath: entries[1]), "the oldest other entry goes")
        #expect(FileManager.default.fileExists(atPath: entries[2]))
    }
}
