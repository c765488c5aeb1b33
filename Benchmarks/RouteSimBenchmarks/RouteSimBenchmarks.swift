// The benchmark suite (docs/benchmarks.md): load, index build, lookups against three baselines,
// simulation with and without trace, batch simulation, at 10k, 100k and 1M analysis rows.
//
//   ROUTESIM_BENCHMARKS=1 swift package --allow-writing-to-package-directory benchmark
//   ROUTESIM_BENCH_SIZES=10000,100000 ROUTESIM_BENCHMARKS=1 swift package … benchmark --filter 'Lookup.*'
//
// Lint/N runs every lint check (docs/lint.md has the measured figures of a whole `routesim lint`).
// Replay/… replays generated call detail records (docs/replay.md) on the 10k-row plan.

import Benchmark
import DialPlan
import DigitTrie
import Foundation
import RouteSim
import RouteSimBaselines
import RouteSimGenerator
import RouteSimLint
import RouteSimReplay

/// Sizes in analysis rows (`ROUTESIM_BENCH_SIZES`, comma-separated; default 10k, 100k, 1M).
let sizes: [Int] = (ProcessInfo.processInfo.environment["ROUTESIM_BENCH_SIZES"] ?? "10000,100000,1000000")
    .split(separator: ",").compactMap { Int($0) }

/// The regex baseline compiles one pattern per row; above this size it is left out (memory).
let regexLimit = Int(ProcessInfo.processInfo.environment["ROUTESIM_BENCH_REGEX_LIMIT"] ?? "100000") ?? 100_000

/// Everything a size needs, built once per benchmark process and only for the sizes it runs.
final class Fixture: @unchecked Sendable {
    let rows: Int
    let json: [UInt8]
    let snapshot: Snapshot
    let model: RoutingModel
    let hits: [(plan: Int, root: Int32, number: String)]
    let misses: [(plan: Int, root: Int32, number: String)]
    let calls: [Call]
    let plans: [String]
    /// The analysis rows in the flat trie, as the model kept them before the compact trie: the "before".
    let flat: (trie: DigitTrie, roots: [Int32])
    /// A million distinct numbers (the `bench` sweep), as one byte buffer and a query each.
    let sweep: LookupBatch

    init(rows: Int) {
        self.rows = rows
        let generated = PlanGenerator.generate(.init(rows: rows, seed: 7)).snapshot
        json = Array(generated.jsonText.utf8)
        snapshot = try! Snapshot(json: json, source: "generated")
        model = RoutingModel(unchecked: snapshot)
        plans = CalledAnalysisTables<LinearMatcher>.dialPlanNames(of: snapshot)
        let model = self.model, plans = self.plans
        func resolve(_ lookups: [CallWorkload.Lookup]) -> [(plan: Int, root: Int32, number: String)] {
            lookups.map { (plans.firstIndex(of: $0.dialPlan)!, model.calledAnalysisRoot(dialPlan: $0.dialPlan)!, $0.number) }
        }
        hits = resolve(CallWorkload.hits(in: snapshot, count: 100_000, seed: 1))
        misses = resolve(CallWorkload.misses(in: snapshot, count: 100_000, seed: 2))
        calls = CallWorkload.calls(in: snapshot, count: 100_000, seed: 3)
        var flatTrie = DigitTrie()
        let flatRoots = plans.map { _ in flatTrie.makeRoot() }
        for (i, row) in snapshot.calledAnalysis.enumerated() {
            let plan = plans.firstIndex(of: row.dialPlan.isEmpty ? "default" : row.dialPlan)!
            flatTrie.insert(row.calledPrefix == "*" ? "" : row.calledPrefix, root: flatRoots[plan], value: Int32(i))
        }
        flatTrie.freeze()
        flat = (flatTrie, flatRoots)
        sweep = LookupBatch(resolve(CallWorkload.hits(in: snapshot, count: 1_000_000, seed: 4)))
        // Every form answers what the model's trie answers, on the lookups it is timed with.
        let c = CompactTrieInC(model.trie)
        for h in hits.prefix(20_000) {
            let expected = model.trie.longestPrefix(h.number, root: h.root)
            precondition(flatTrie.longestPrefix(h.number, root: flatRoots[h.plan]) == expected, "the flat trie disagrees on \(h.number)")
            precondition(c.longestPrefix(h.number, root: h.root) == expected, "the C trie disagrees on \(h.number)")
        }
    }

    nonisolated(unsafe) static var cache: [Int: Fixture] = [:]
    static func of(_ rows: Int) -> Fixture {
        if let f = cache[rows] { return f }
        let f = Fixture(rows: rows)
        cache[rows] = f
        return f
    }

    /// Fails the run unless a baseline answers every checked lookup as the trie does.
    func requireSameAnswers<T: PrefixTable>(_ tables: CalledAnalysisTables<T>, checking count: Int, _ name: String) {
        for lookup in hits.prefix(count) + misses.prefix(count / 10) {
            let expected = model.trie.longestPrefix(lookup.number, root: lookup.root)
            let table = tables.tables[tables.plan(named: plans[lookup.plan])!]
            precondition(table.longestPrefix(lookup.number) == expected, "\(name) disagrees with the trie on \(lookup.number)")
        }
    }
}

/// Lookups as `CompactTrie.longestPrefixes` and the C baseline take them: the numbers' bytes end
/// to end, and per lookup its offset, length and root (and its plan, for the flat trie).
struct LookupBatch {
    var bytes: [UInt8] = []
    var queries: [TrieQuery] = []
    var plans: [Int] = []
    var results: [Int32]

    init(_ lookups: [(plan: Int, root: Int32, number: String)]) {
        for lookup in lookups {
            queries.append(TrieQuery(offset: Int32(bytes.count), length: Int32(lookup.number.utf8.count), root: lookup.root))
            plans.append(lookup.plan)
            bytes += lookup.number.utf8
        }
        bytes.append(0)
        results = [Int32](repeating: 0, count: queries.count)
    }
}

extension CalledAnalysisTables {
    static func dialPlanNames(of snapshot: Snapshot) -> [String] {
        var seen: [String] = []
        for row in snapshot.calledAnalysis where !seen.contains(row.dialPlan.isEmpty ? "default" : row.dialPlan) {
            seen.append(row.dialPlan.isEmpty ? "default" : row.dialPlan)
        }
        return seen
    }
}

/// A CDR file of `calls` generated calls (about 1.95 records a call, 0.5 % malformed lines) on
/// the 10k-row plan, written once per benchmark process to a temporary file.
final class ReplayFixture: @unchecked Sendable {
    let plan: Snapshot
    let path: String
    let lines: Int

    init(calls: Int) {
        plan = Fixture.of(10_000).snapshot
        path = NSTemporaryDirectory() + "routesim-bench-cdr-\(calls)-\(getpid()).csv"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(descriptor >= 0, "cannot create \(path)")
        let writer = try! CDRFileWriter(descriptor: descriptor, compressed: false, path: path)
        let summary = try! CDRTrafficGenerator.generate(plan: plan, options: .init(calls: calls, seed: 3)) { writer.write($0 + [13, 10]) }
        try! writer.finish()
        close(descriptor)
        lines = summary.lines
    }

    deinit { unlink(path) }

    nonisolated(unsafe) static var cache: [Int: ReplayFixture] = [:]
    static func of(_ calls: Int) -> ReplayFixture {
        if let f = cache[calls] { return f }
        let f = ReplayFixture(calls: calls)
        cache[calls] = f
        return f
    }

    /// Replays the file; `configure` sets the options (one worker unless it says otherwise).
    func replay(_ configure: (inout ReplayOptions) -> Void = { _ in }) throws -> ReplayReport {
        var options = ReplayOptions()
        options.jobs = 1
        configure(&options)
        return try Replay(plan: plan, planName: "generated", options: options).run(paths: [path])
    }
}

func label(_ rows: Int) -> String { rows >= 1_000_000 ? "\(rows / 1_000_000)M" : "\(rows / 1_000)k" }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .nanoseconds, warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 1_000_000)

    // Replay: 513k calls, about a million CDR lines, streamed from the file; the throughput
    // unit is one replay of the whole file (its line count is printed on the first run).
    let replayRuns = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], timeUnits: .milliseconds,
        warmupIterations: 0, maxDuration: .seconds(30), maxIterations: 3)
    Benchmark("Replay/1MLines/OneCore", configuration: replayRuns) { benchmark in
        let f = ReplayFixture.of(513_000)
        benchmark.startMeasurement()
        let report = try f.replay()
        precondition(report.agreeing == report.explainable && report.recordsRead == f.lines)
        blackHole(report)
    }
    Benchmark("Replay/1MLines/AllCores", configuration: replayRuns) { benchmark in
        let f = ReplayFixture.of(513_000)
        benchmark.startMeasurement()
        blackHole(try f.replay { $0.jobs = ProcessInfo.processInfo.activeProcessorCount })
    }
    Benchmark("Replay/100kLines/Coverage", configuration: replayRuns) { benchmark in
        let f = ReplayFixture.of(51_300)
        benchmark.startMeasurement()
        blackHole(try f.replay { $0.coverage = true })
    }
    Benchmark("Replay/100kLines/Calibrate", configuration: replayRuns) { benchmark in
        let f = ReplayFixture.of(51_300)
        benchmark.startMeasurement()
        blackHole(try f.replay { $0.calibrate = true })
    }

    for rows in sizes {
        let size = label(rows)
        let slow = Benchmark.Configuration(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], timeUnits: .milliseconds,
            warmupIterations: 0, maxDuration: .seconds(10), maxIterations: rows >= 1_000_000 ? 3 : 10)

        Benchmark("Load/\(size)", configuration: slow) { benchmark in
            let json = Fixture.of(rows).json
            benchmark.startMeasurement()
            blackHole(try Snapshot(json: json, source: "generated"))
        }
        Benchmark("IndexBuild/\(size)", configuration: slow) { benchmark in
            let snapshot = Fixture.of(rows).snapshot
            benchmark.startMeasurement()
            blackHole(RoutingModel(unchecked: snapshot))
        }
        // Every lint check on the clean generated plan (the model is built outside the measurement).
        Benchmark("Lint/\(size)", configuration: slow) { benchmark in
            let model = Fixture.of(rows).model
            benchmark.startMeasurement()
            blackHole(Linter(model: model).run())
        }

        let kilo = Benchmark.Configuration(scalingFactor: .kilo)
        Benchmark("Lookup/Trie/\(size)", configuration: kilo) { benchmark in
            let f = Fixture.of(rows)
            benchmark.startMeasurement()
            var i = 0
            for _ in benchmark.scaledIterations {
                let h = f.hits[i % f.hits.count]
                blackHole(f.model.trie.longestPrefix(h.number, root: h.root))
                i &+= 1
            }
        }
        // The flat trie of 64-byte nodes the compact trie replaced, on the same numbers.
        Benchmark("Lookup/FlatTrie/\(size)", configuration: kilo) { benchmark in
            let f = Fixture.of(rows)
            benchmark.startMeasurement()
            var i = 0
            for _ in benchmark.scaledIterations {
                let h = f.hits[i % f.hits.count]
                blackHole(f.flat.trie.longestPrefix(h.number, root: f.flat.roots[h.plan]))
                i &+= 1
            }
        }
        Benchmark("Lookup/TrieMiss/\(size)", configuration: kilo) { benchmark in
            let f = Fixture.of(rows)
            benchmark.startMeasurement()
            var i = 0
            for _ in benchmark.scaledIterations {
                let h = f.misses[i % f.misses.count]
                blackHole(f.model.trie.longestPrefix(h.number, root: h.root))
                i &+= 1
            }
        }
        // A sweep: every iteration looks up a million distinct numbers (the `bench` workload, a
        // plan-wide sweep whose lower trie levels are cold), one at a time or interleaved, in the
        // compact trie, the flat trie it replaced, and the same compact trie in plain C.
        let sweep = Benchmark.Configuration(timeUnits: .milliseconds, maxIterations: 20)
        Benchmark("Sweep/Trie/\(size)", configuration: sweep) { benchmark in
            let f = Fixture.of(rows)
            benchmark.startMeasurement()
            var matched = 0
            f.sweep.bytes.withUnsafeBufferPointer { bytes in
                for q in f.sweep.queries {
                    let number = UnsafeBufferPointer(start: bytes.baseAddress! + Int(q.offset), count: Int(q.length))
                    if f.model.trie.longestPrefix(number, root: q.root) >= 0 { matched += 1 }
                }
            }
            blackHole(matched)
        }
        Benchmark("Sweep/TrieInterleaved/\(size)", configuration: sweep) { benchmark in
            let f = Fixture.of(rows)
            var results = f.sweep.results
            benchmark.startMeasurement()
            f.sweep.bytes.withUnsafeBufferPointer { bytes in
                f.sweep.queries.withUnsafeBufferPointer { queries in
                    results.withUnsafeMutableBufferPointer {
                        f.model.trie.longestPrefixes(queries, bytes: bytes.baseAddress!, into: $0.baseAddress!)
                    }
                }
            }
            blackHole(results)
        }
        Benchmark("Sweep/FlatTrie/\(size)", configuration: sweep) { benchmark in
            let f = Fixture.of(rows)
            benchmark.startMeasurement()
            var matched = 0
            f.sweep.bytes.withUnsafeBufferPointer { bytes in
                for (i, q) in f.sweep.queries.enumerated() {
                    let number = UnsafeBufferPointer(start: bytes.baseAddress! + Int(q.offset), count: Int(q.length))
                    if f.flat.trie.longestPrefix(number, root: f.flat.roots[f.sweep.plans[i]]) >= 0 { matched += 1 }
                }
            }
            blackHole(matched)
        }
        Benchmark("Sweep/CompactTrieInC/\(size)", configuration: sweep) { benchmark in
            let f = Fixture.of(rows)
            let c = CompactTrieInC(f.model.trie)
            var results = f.sweep.results
            benchmark.startMeasurement()
            f.sweep.bytes.withUnsafeBufferPointer { bytes in
                f.sweep.queries.withUnsafeBufferPointer { queries in
                    results.withUnsafeMutableBufferPointer {
                        blackHole(c.lookUpAll(queries, bytes: bytes.baseAddress!, into: $0.baseAddress!))
                    }
                }
            }
        }

        func baseline<T: PrefixTable>(_ name: String, _ type: T.Type, checking: Int, scaling: BenchmarkScalingFactor) {
            Benchmark("Lookup/\(name)/\(size)", configuration: .init(scalingFactor: scaling)) {
                (benchmark: Benchmark, tables: CalledAnalysisTables<T>) in
                let f = Fixture.of(rows)
                let byPlan = f.plans.map { tables.tables[tables.plan(named: $0)!] }
                benchmark.startMeasurement()
                var i = 0
                for _ in benchmark.scaledIterations {
                    let h = f.hits[i % f.hits.count]
                    blackHole(byPlan[h.plan].longestPrefix(h.number))
                    i &+= 1
                }
            } setup: {
                let f = Fixture.of(rows)
                let tables = CalledAnalysisTables<T>(snapshot: f.snapshot)
                f.requireSameAnswers(tables, checking: checking, name)
                return tables
            }
        }
        baseline("HashPerLength", HashPerLength.self, checking: 100_000, scaling: .kilo)
        baseline("LinearScan", LinearMatcher.self, checking: rows >= 1_000_000 ? 100 : 1_000, scaling: .one)
        if rows <= regexLimit { baseline("RegexPerRow", RegexPerRow.self, checking: rows >= 100_000 ? 100 : 1_000, scaling: .one) }

        Benchmark("Simulate/Fast/\(size)", configuration: kilo) { benchmark in
            let f = Fixture.of(rows)
            let simulator = Simulator(model: f.model)
            benchmark.startMeasurement()
            var i = 0
            for _ in benchmark.scaledIterations {
                blackHole(try simulator.routeFast(f.calls[i % f.calls.count]))
                i &+= 1
            }
        }
        Benchmark("Simulate/Traced/\(size)", configuration: kilo) { benchmark in
            let f = Fixture.of(rows)
            let simulator = Simulator(model: f.model)
            benchmark.startMeasurement()
            var i = 0
            for _ in benchmark.scaledIterations {
                blackHole(try simulator.route(f.calls[i % f.calls.count]))
                i &+= 1
            }
        }
        // A batch: 10,000 calls routed and their results kept, as `routesim route --batch` does.
        Benchmark("Simulate/Batch10k/\(size)", configuration: .init(timeUnits: .milliseconds)) { benchmark in
            let f = Fixture.of(rows)
            let simulator = Simulator(model: f.model)
            let batch = Array(f.calls.prefix(10_000))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                var results: [RouteResult] = []
                results.reserveCapacity(batch.count)
                for call in batch { results.append(try simulator.routeFast(call)) }
                blackHole(results)
            }
        }
    }
}
