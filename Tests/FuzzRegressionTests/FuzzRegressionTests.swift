import DialPlan
import Foundation
import MiniSIPEmulator
import NIOCore
import NIOEmbedded
import RouteSim
import RouteSimCases
import RouteSimLint
import RouteSimTestSupport
import Testing

/// Every input the fuzz targets start from (`Fuzz/Corpus/TARGET`) and every crasher they found
/// (`Fuzz/Regressions/TARGET`), through the same reader and checks as the target itself
/// (`Fuzz/Targets/TARGET/main.swift`), in the normal suite: a fixed bug stays fixed without
/// building the fuzzers.
@Suite("fuzz corpora and crashers")
struct FuzzRegressionTests {
    static let fuzz = repositoryRoot.appendingPathComponent("Fuzz")

    /// The files of a target's corpus and of its kept crashers.
    static func inputs(_ target: String) -> [URL] {
        ["Corpus", "Regressions"].flatMap { folder -> [URL] in
            let directory = fuzz.appendingPathComponent(folder).appendingPathComponent(target)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.sorted().map { directory.appendingPathComponent($0) }
        }
    }

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    @Test("every target has a corpus", arguments: ["FuzzSnapshot", "FuzzCaseFile", "FuzzBatch", "FuzzLintConfiguration", "FuzzEmulator"])
    func corpusExists(_ target: String) {
        #expect(!Self.inputs(target).isEmpty)
    }

    @Test("snapshot decoder: a plan decodes to a stable JSON text, and routes", arguments: inputs("FuzzSnapshot"))
    func snapshot(_ file: URL) throws {
        guard let snapshot = try? Snapshot(json: try Self.bytes(file), source: "fuzz.json") else { return }
        let again = try Snapshot(json: snapshot.jsonText, source: "rewritten.json")
        #expect(again.jsonText == snapshot.jsonText)
        guard let simulator = try? Simulator(snapshot: snapshot) else { return }
        for user in snapshot.localUsers.prefix(2) {
            _ = try? simulator.route(Call(origin: .localUser(user.name), called: "0123456789"))
        }
        _ = try? simulator.route(Call(origin: .caller("100"), called: "9"))
    }

    @Test("case-file reader", arguments: inputs("FuzzCaseFile"))
    func caseFile(_ file: URL) throws {
        let bytes = try Self.bytes(file)
        guard let first = bytes.first else { return }
        _ = try? CaseFile(bytes: Array(bytes.dropFirst()), source: first % 2 == 0 ? "cases.yaml" : "cases.json")
    }

    @Test("batch reader", arguments: inputs("FuzzBatch"))
    func batch(_ file: URL) throws {
        var lines = 0
        try? CallBatch(bytes: try Self.bytes(file), source: "fuzz.csv").forEachCall { entry in
            #expect(entry.line > lines)
            lines = entry.line
        }
    }

    @Test("lint configuration reader", arguments: inputs("FuzzLintConfiguration"))
    func lintConfiguration(_ file: URL) throws {
        _ = try? LintConfiguration(json: String(decoding: try Self.bytes(file), as: UTF8.self))
    }

    @Test("emulator: raw bytes on a connection", arguments: inputs("FuzzEmulator"))
    func emulator(_ file: URL) throws {
        let plan = try Snapshot(
            json: #"{"sysinfo": {"admpwd": "k"}, "localuser": [{"usrname": "100"}], "natran": [{"tranID": 1}]}"#, source: "p.json")
        let channel = EmbeddedChannel()
        try EmulatorServer.addHandlers(
            to: channel.pipeline.syncOperations, service: OpenAPIService(snapshot: plan, syskey: "k"), faults: FaultOptions())
        var buffer = channel.allocator.buffer(capacity: 0)
        buffer.writeBytes(try Self.bytes(file))
        _ = try? channel.writeInbound(buffer)
        var answered = 0
        while (try? channel.readOutbound(as: IOData.self)) != nil { answered += 1 }
        _ = try? channel.finish(acceptAlreadyClosed: true)
        #expect(answered > 0, "\(file.lastPathComponent): no answer at all")
    }
}
