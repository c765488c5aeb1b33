import DialPlan
import Foundation
import RouteSim
import RouteSimGenerator
import RouteSimTestSupport
import Testing

@testable import CompiledPlan

/// A model made with the index a compiled plan keeps (`RoutingModel.StoredIndex`) answers as the
/// model built from the records does, uses the stored trie in place, and is refused for other
/// assumptions, another plan or damaged sections.
@Suite("Stored model index")
struct StoredIndexTests {
    /// The index sections of `model`, copied into memory of their own (as a file would hold them),
    /// and the object that keeps them.
    final class Copied {
        let buffers: [UnsafeMutableRawBufferPointer]
        init(_ model: RoutingModel) {
            buffers = model.withIndexSections { sections in
                sections.map { section in
                    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(section.count, 1), alignment: 64)
                    copy.copyMemory(from: section)
                    return UnsafeMutableRawBufferPointer(rebasing: copy[0..<section.count])
                }
            }
        }
        var sections: [UnsafeRawBufferPointer] { buffers.map { UnsafeRawBufferPointer($0) } }
        deinit { for b in buffers { UnsafeMutableRawBufferPointer(start: b.baseAddress, count: max(b.count, 1)).deallocate() } }
    }

    /// `traced`: full traces (which read the records a step names) rather than citations.
    func expectSameAnswers(
        _ a: RoutingModel, _ b: RoutingModel, _ snapshot: Snapshot, seed: UInt64, traced: Bool = false, _ what: String
    ) {
        let built = Simulator(model: a), stored = Simulator(model: b)
        for call in CallWorkload.calls(in: snapshot, count: 300, seed: seed) {
            let expected = Result { () throws(CallError) in try traced ? built.route(call) : built.routeCiting(call) }
            let found = Result { () throws(CallError) in try traced ? stored.route(call) : stored.routeCiting(call) }
            switch (expected, found) {
            case (.success(let x), .success(let y)): #expect(x == y && x.jsonValue == y.jsonValue, "\(what): \(call)")
            case (.failure(let x), .failure(let y)): #expect(x.description == y.description, "\(what): \(call)")
            default: Issue.record("\(what): \(call) answered on one side only")
            }
        }
    }

    static var plans: [(String, Snapshot)] {
        get throws {
            var plans = try Corpus.planNames.map { ($0, try Snapshot(contentsOfFile: Corpus.plan($0).path)) }
            for seed in [UInt64(5), 9] {
                plans.append(("generated \(seed)", PlanGenerator.generate(.init(rows: 3_000, seed: seed)).snapshot))
            }
            // Users whose names are no dial strings (found by hashing, not in the trie).
            var named = try Snapshot(contentsOfFile: Corpus.plan("multi-site").path)
            named.localUsers[0].name = "reception"
            named.localUsers[2].name = "front desk"
            plans.append(("multi-site, users named by words", named))
            return plans
        }
    }

    @Test("bundled and generated plans: the model from the stored index answers every call as the built one, trie in place")
    func sameAnswers() throws {
        var seed: UInt64 = 1
        var hashedNames = 0
        for (name, snapshot) in try Self.plans {
            let built = try RoutingModel(snapshot: snapshot)
            let copied = Copied(built)
            let stored = try #require(
                RoutingModel(snapshot: snapshot, assumptions: Assumptions(), indexSections: copied.sections, owner: copied), "\(name)")
            #expect(UnsafeRawPointer(stored.trie.nodeWords.baseAddress) == copied.sections[1].baseAddress, "\(name): used in place")
            #expect(Array(stored.trie.nodeWords) == Array(built.trie.nodeWords), "\(name)")
            #expect(Array(stored.trie.leafValues) == Array(built.trie.leafValues), "\(name)")
            #expect(stored.calledAnalysisRoots == built.calledAnalysisRoots && stored.userNameRoot == built.userNameRoot, "\(name)")
            #expect(
                Array(stored.calledAnalysisPlans) == Array(built.calledAnalysisPlans) && stored.dialPlanNames == built.dialPlanNames,
                "\(name)")
            #expect(stored.calledRecords.map { "\($0)" } == built.calledRecords.map { "\($0)" }, "\(name): compiled rows")
            #expect(
                stored.calledRecords.words.withUnsafeBytes { $0.baseAddress } == copied.sections[3].baseAddress,
                "\(name): rows used in place")
            #expect(stored.users.map { "\($0)" } == built.users.map { "\($0)" }, "\(name): compiled users")
            #expect(stored.userIndex.others == built.userIndex.others && stored.ringGroupMembers == built.ringGroupMembers, "\(name)")
            #expect(stored.hasNonDialUserNames == built.hasNonDialUserNames, "\(name)")
            hashedNames += stored.userIndex.others.count
            expectSameAnswers(built, stored, snapshot, seed: seed, name)
            // As `route` of one call reads a cached plan: the analysis rows and the users left in
            // the packed bytes, each read when a step asks for it.
            let lazy = PackedSnapshot(snapshot).snapshot(lazily: true).unpacked(except: [.calledAnalysis, .localUsers])
            #expect(lazy.calledAnalysis.isPacked && lazy.localUsers.isPacked && !lazy.routes.isPacked, "\(name)")
            let fromBytes = try #require(
                RoutingModel(snapshot: lazy, assumptions: Assumptions(), indexSections: copied.sections, owner: copied), "\(name)")
            try fromBytes._checkInvariants()
            #expect(
                fromBytes.snapshot.calledAnalysis.isPacked && fromBytes.snapshot.localUsers.isPacked,
                "\(name): the model reads the rows and users in place")
            expectSameAnswers(built, fromBytes, snapshot, seed: seed, traced: true, "\(name), rows read lazily")
            #expect(fromBytes.userIndex["reception"] == built.userIndex["reception"], "\(name)")
            seed += 1
        }
        #expect(hashedNames == 2, "the plan with users named by words was stored and read back")
    }

    @Test("another assumption, another plan, or sections cut short: no model from the stored index")
    func refused() throws {
        let snapshot = try Snapshot(contentsOfFile: Corpus.plan("multi-site").path)
        let copied = Copied(try RoutingModel(snapshot: snapshot))
        var other = Assumptions()
        other.starIsCatchAll = false
        #expect(RoutingModel(snapshot: snapshot, assumptions: other, indexSections: copied.sections, owner: copied) == nil)
        other = Assumptions()
        other.maxAnalysisPasses = 3
        #expect(
            RoutingModel(snapshot: snapshot, assumptions: other, indexSections: copied.sections, owner: copied) == nil,
            "every assumption is in the key")
        // A plan whose builders make another number of roots.
        let another = try Snapshot(contentsOfFile: Corpus.plan("front-desk").path)
        #expect(RoutingModel(snapshot: another, assumptions: Assumptions(), indexSections: copied.sections, owner: copied) == nil)
        var sections = copied.sections
        sections[1] = UnsafeRawBufferPointer(rebasing: sections[1].dropLast(16))
        #expect(RoutingModel(snapshot: snapshot, assumptions: Assumptions(), indexSections: sections, owner: copied) == nil)
        #expect(
            RoutingModel(snapshot: snapshot, assumptions: Assumptions(), indexSections: Array(copied.sections.prefix(2)), owner: copied)
                == nil)
        // A compiled row with a route kind no routesim writes; a row's dial plan without a name;
        // a user's dial plan without a name, specific line and own line past the lines, an
        // unknown flag.
        let users = 6
        for (section, offset, value) in [
            (3, 20, UInt8(0x77)), (4, 0, UInt8(0x70)), (users, 24, 0x70), (users, 28, 0x70), (users, 32, 0x70), (users, 36, 0x08),
        ] {
            let damaged = Copied(try RoutingModel(snapshot: snapshot))
            damaged.buffers[section][offset] = value
            #expect(
                RoutingModel(snapshot: snapshot, assumptions: Assumptions(), indexSections: damaged.sections, owner: damaged) == nil,
                "section \(section)")
        }
    }

    @Test("the cache keeps extra sections beside the plan's, checksummed: a damaged one has the entry rebuilt without them")
    func extraSections() throws {
        let scratch = try ScratchDirectory()
        let cache = try CompiledPlanCache(directory: scratch.path("cache/routesim"))
        let plan = try scratch.write(try String(contentsOf: Corpus.plan("multi-site"), encoding: .utf8), to: "plan.json")
        let first = try #require(try cache.load(plan))
        try Data(try #require(first.compiled)).write(to: URL(fileURLWithPath: first.entry))
        #expect(first.extra.isEmpty)
        let model = try RoutingModel(snapshot: first.snapshot)
        let written = try #require(model.withIndexSections { cache.withExtra($0, entry: first.entry, sourceHash: first.sourceHash)?.bytes })
        #expect(model.withIndexSections { cache.withExtra($0, entry: first.entry, sourceHash: first.sourceHash &+ 1) } == nil)
        try Data(written).write(to: URL(fileURLWithPath: first.entry))
        let second = try #require(try cache.load(plan))
        #expect(second.fromCache && second.extra.count == RoutingModel.StoredIndex.sectionCount)
        let owner = try #require(second.owner)
        let stored = try #require(
            RoutingModel(snapshot: second.snapshot, assumptions: Assumptions(), indexSections: second.extra, owner: owner))
        expectSameAnswers(model, stored, first.snapshot, seed: 3, "multi-site from the cache")
        // A byte of the trie flipped: the entry fails its checksum and is rebuilt without extras.
        var bytes = written
        let nodes = second.extra[1]
        let offset = nodes.baseAddress! - UnsafeRawPointer((owner as! CompiledFile.Opened).file.bytes.baseAddress!)
        bytes[offset + nodes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: first.entry))
        let third = try #require(try cache.load(plan))
        #expect(!third.fromCache && third.extra.isEmpty && third.rejected?.contains("fails its checksum") == true)
    }
}
