import DialPlan
import Foundation
import RouteSim
import RouteSimReplay
import RouteSimTestSupport
import Testing

/// Generated CDR files and replays of them, for the replay tests.
enum ReplayFixture {
    static func plan(_ name: String) throws -> Snapshot { try Snapshot(contentsOfFile: Corpus.plan(name).path) }

    /// Writes the generator's records for `plan` to `name` in `scratch` (CRLF line ends, as
    /// `routesim generate --cdr` writes them; `.gz`: compressed).
    static func generate(
        _ plan: Snapshot, in scratch: ScratchDirectory, name: String = "cdr.csv", _ options: CDRTrafficGenerator.Options
    ) throws -> (path: String, summary: CDRTrafficGenerator.Summary) {
        let path = scratch.path(name)
        var summary: CDRTrafficGenerator.Summary?
        try write(path) { writer in
            summary = try CDRTrafficGenerator.generate(plan: plan, options: options) { writer.write($0 + [13, 10]) }
        }
        return (path, summary!)
    }

    /// Writes a new file at `path` through a `CDRFileWriter` (`.gz`: compressed).
    static func write(_ path: String, _ body: (CDRFileWriter) throws -> Void) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let writer = try CDRFileWriter(descriptor: fd, compressed: path.hasSuffix(".gz"), path: path)
        try body(writer)
        try writer.finish()
    }

    /// Every call a replay saw, with its replay, and every malformed record, in order.
    struct Run {
        var report: ReplayReport
        var calls: [(recorded: RecordedCall, replayed: CallReplay)]
        var malformed: [MalformedRecord]
    }

    static func replay(
        _ plan: Snapshot, _ paths: [String], _ options: ReplayOptions = ReplayOptions(), candidate: Snapshot? = nil,
        planName: String = "plan.json"
    ) throws -> Run {
        let replay = try Replay(plan: plan, planName: planName, candidate: candidate.map { ($0, "candidate.json") }, options: options)
        var calls: [(RecordedCall, CallReplay)] = []
        var malformed: [MalformedRecord] = []
        let report = try replay.run(paths: paths, onMalformed: { malformed.append($0) }, onCall: { calls.append(($0, $1)) })
        return Run(report: report, calls: calls, malformed: malformed)
    }
}

extension CDRTrafficGenerator.Options {
    init(calls: Int, seed: UInt64, _ settings: [String]) throws {
        self.init(calls: calls, seed: seed)
        for setting in settings { try assumptions.set(setting) }
    }
}
