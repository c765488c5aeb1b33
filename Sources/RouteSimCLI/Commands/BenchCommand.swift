import ArgumentParser
import DialPlan
import DigitTrie
import Foundation
import RouteSim
import RouteSimGenerator

/// `routesim bench`: what a plan costs — load and index time, lookups and calls per second, memory.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how fast routesim loads, indexes and routes your plan.",
        discussion: """
            Loads the plan (timing the file read, the JSON decoding and the index build), then \
            times longest-prefix lookups and simulated calls on numbers drawn from the plan's \
            own analyze-called-number prefixes (a prefix plus random digits), on one core:

              routesim bench --plan dialplan.json
              routesim bench --plan /tmp/plan-1m.json --calls 2000000 --format json

            Figures: load and build times; lookups per second (hits, and misses that start with \
            a digit no prefix starts with); simulated calls per second on the fast path (no \
            trace) and with the full trace; index memory (trie and compiled records) and the \
            process's peak resident memory, each also per analysis row. Build with \
            `swift build -c release` for meaningful figures. Progress goes to stderr on a \
            terminal only.

            Exit status: 0 when measured; 2 when the plan cannot be used.
            """)

    @OptionGroup var plan: PlanOption

    @Option(help: ArgumentHelp("Simulated calls (and lookups) to time (1 to \(Self.maximumCalls)).", valueName: "N"))
    var calls = 1_000_000

    /// The most calls `bench` times: its workloads are held in memory (about 1 GB at 10M).
    static let maximumCalls = 10_000_000
    @Option(help: ArgumentHelp("The seed that draws the numbers.", valueName: "S"))
    var seed: UInt64 = 1

    @Option(help: "Output format: text or json.", transform: Format.parse)
    var format: Format = .text

    enum Format: String, ChoiceArgument { case text, json }

    func run() throws {
        do {
            let report = try measure()
            switch format {
            case .json: StandardOutput.write(report.jsonValue.prettyText + "\n")
            case .text: StandardOutput.write(report.text)
            }
            StandardOutput.flush()
        } catch {
            Self.exit(with: error)
        }
    }

    func progress(_ text: String) {
        if StandardError.isTerminal { StandardError.write("\u{1B}[2K\r\(text)") }
    }

    func measure() throws(CLIError) -> BenchReport {
        try OptionBounds.check(calls, "--calls", 1...Self.maximumCalls)
        let path = plan.resolvedPath
        try PlanFile.checkExists(plan.path)
        var report = BenchReport(plan: path)
        progress("reading \(path)…")
        var bytes: [UInt8] = []
        report.readSeconds = try Stopwatch.time { () throws(CLIError) in bytes = try PlanFile.readBytes(path, what: "plan") }
        report.fileBytes = bytes.count
        progress("decoding \(bytes.count) bytes…")
        var snapshot = Snapshot()
        report.decodeSeconds = try Stopwatch.time { () throws(CLIError) in
            do throws(SnapshotError) {
                snapshot = try Snapshot(json: bytes, source: path)
            } catch {
                throw CLIError.usage(error.description)
            }
        }
        bytes = []
        try plan.strictness.report(snapshot.warnings)
        do { try snapshot.requireUniqueKeys() } catch { throw CLIError.usage(error.description) }
        report.rows = snapshot.calledAnalysis.count
        guard report.rows > 0 else { throw CLIError.usage("\(path): the plan has no anacldnbr rows to draw numbers from") }
        progress("building the index…")
        var model: RoutingModel!
        // Keys were checked above: the build is timed alone.
        report.buildSeconds = Stopwatch.time { model = RoutingModel(unchecked: snapshot) }
        report.indexBytes = model.indexMemoryBytes

        progress("timing lookups…")
        let hits = resolve(CallWorkload.hits(in: snapshot, count: calls, seed: seed), model)
        let misses = resolve(CallWorkload.misses(in: snapshot, count: calls, seed: seed &+ 1), model)
        (report.lookupsPerSecond, report.lookupsMatched) = Self.lookupRate(hits, model.trie)
        report.interleavedLookupsPerSecond = Self.interleavedRate(hits, model.trie)
        if !misses.isEmpty { (report.missesPerSecond, report.missesMatched) = Self.lookupRate(misses, model.trie) }

        progress("timing simulated calls…")
        let simulator = Simulator(model: model)
        let workload = CallWorkload.calls(in: snapshot, count: calls, seed: seed &+ 2)
        var outcomes = OutcomeTally()
        let fast = Stopwatch.time {
            for call in workload {
                if let result = try? simulator.routeFast(call) { outcomes.count(result.outcome) }
            }
        }
        report.callsPerSecond = Double(workload.count) / fast
        report.outcomes = outcomes.byOutcome
        progress("timing calls in batches…")
        report.batchWalksLookups = simulator.walksLookups
        report.batchCallsPerSecond = Self.batchRate(workload, simulator, threads: 1, expecting: outcomes)
        report.threads = ParallelWork.defaultThreads
        report.parallelCallsPerSecond = Self.batchRate(workload, simulator, threads: report.threads, expecting: outcomes)
        let traced = Array(workload.prefix(max(1, calls / 10)))
        let tracedSeconds = Stopwatch.time {
            for call in traced { _ = try? simulator.route(call) }
        }
        report.tracedCallsPerSecond = Double(traced.count) / tracedSeconds
        report.peakResidentBytes = Stopwatch.peakResidentBytes()
        progress("")
        if StandardError.isTerminal { StandardError.write("\r") }
        return report
    }

    /// Lookups with their trie roots resolved (numbers of a dial plan without rows are dropped).
    func resolve(_ lookups: [CallWorkload.Lookup], _ model: RoutingModel) -> [(root: Int32, number: String)] {
        var roots: [String: Int32] = [:]
        return lookups.compactMap { lookup in
            if roots[lookup.dialPlan] == nil { roots[lookup.dialPlan] = model.calledAnalysisRoot(dialPlan: lookup.dialPlan) ?? -1 }
            let root = roots[lookup.dialPlan]!
            return root < 0 ? nil : (root, lookup.number)
        }
    }

    /// Lookups per second, and the share of lookups that matched a row (which also keeps the
    /// optimiser from dropping the loop).
    static func lookupRate(_ lookups: [(root: Int32, number: String)], _ trie: CompactTrie) -> (perSecond: Double, matched: Double) {
        var matched = 0
        let seconds = Stopwatch.time {
            for lookup in lookups where trie.longestPrefix(lookup.number, root: lookup.root) >= 0 { matched += 1 }
        }
        return (Double(lookups.count) / seconds, Double(matched) / Double(max(lookups.count, 1)))
    }
}

extension BenchCommand {
    /// Calls per second through `Simulator.routeFast(_:each:)` (on a large plan, groups of calls
    /// whose first lookups are walked together), on `threads` threads taking chunks of 4,096 calls; each
    /// result is counted and let go, as in the one-at-a-time loop, whose outcomes these must be.
    static func batchRate(_ calls: [Call], _ simulator: Simulator, threads: Int, expecting expected: OutcomeTally) -> Double {
        let chunk = 4_096
        var counts: [OutcomeTally] = []
        let seconds = Stopwatch.time {
            counts = ParallelWork.map(count: (calls.count + chunk - 1) / chunk, threads: threads) { c in
                var outcomes = OutcomeTally()
                simulator.routeFast(calls[(c * chunk)..<min(calls.count, (c + 1) * chunk)]) { result in
                    // Taken apart, not copied out (`get()` copied the whole result first).
                    if case .success(let routed) = consume result { outcomes.count(routed.outcome) }
                }
                return outcomes
            }
        }
        var outcomes = OutcomeTally()
        for count in counts { outcomes.add(count) }
        precondition(outcomes == expected, "batched calls end as the calls one at a time do")
        return Double(calls.count) / seconds
    }

    /// Lookups per second with `CompactTrie.longestPrefixes`: the same numbers, walked eight at a
    /// time with prefetch, as bulk work does.
    static func interleavedRate(_ lookups: [(root: Int32, number: String)], _ trie: CompactTrie) -> Double {
        var bytes: [UInt8] = []
        var queries: [TrieQuery] = []
        bytes.reserveCapacity(lookups.count * 12)
        queries.reserveCapacity(lookups.count)
        for lookup in lookups {
            queries.append(TrieQuery(offset: Int32(bytes.count), length: Int32(lookup.number.utf8.count), root: lookup.root))
            bytes += lookup.number.utf8
        }
        bytes.append(0)
        var results = [Int32](repeating: 0, count: queries.count)
        let seconds = Stopwatch.time {
            bytes.withUnsafeBufferPointer { b in
                queries.withUnsafeBufferPointer { q in
                    results.withUnsafeMutableBufferPointer { trie.longestPrefixes(q, bytes: b.baseAddress!, into: $0.baseAddress!) }
                }
            }
        }
        return Double(lookups.count) / seconds
    }
}

/// Wall-clock timing and memory readings for `bench`.
enum Stopwatch {
    static func time<E: Error>(_ body: () throws(E) -> Void) throws(E) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The process's peak resident memory so far.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024  // kilobytes on Linux
    }

}

/// The figures `bench` prints.
struct BenchReport {
    var plan: String
    var fileBytes = 0
    var rows = 0
    var readSeconds = 0.0
    var decodeSeconds = 0.0
    var buildSeconds = 0.0
    var lookupsPerSecond = 0.0
    var lookupsMatched = 0.0
    var interleavedLookupsPerSecond = 0.0
    var missesPerSecond: Double?
    var missesMatched = 0.0
    var callsPerSecond = 0.0
    var batchCallsPerSecond = 0.0
    /// Whether the batch walked its calls' first lookups together (an index over 8 MB).
    var batchWalksLookups = false
    var parallelCallsPerSecond = 0.0
    var threads = 1
    var tracedCallsPerSecond = 0.0
    var outcomes: [Outcome: Int] = [:]
    var indexBytes = 0
    var peakResidentBytes = 0

    var loadSeconds: Double { readSeconds + decodeSeconds }

    var text: String {
        func rate(_ perSecond: Double) -> String {
            perSecond >= 1e6
                ? String(format: "%.2f M/s (%.0f ns each)", perSecond / 1e6, 1e9 / perSecond)
                : String(format: "%.0f k/s (%.2f µs each)", perSecond / 1e3, 1e6 / perSecond)
        }
        func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }
        func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }
        var out = "\(plan): \(rows) anacldnbr rows, \(mb(fileBytes))\n"
        out += String(format: "  load          %.3f s  (read %.3f s, decode %.3f s)\n", loadSeconds, readSeconds, decodeSeconds)
        out += String(format: "  index build   %.3f s\n", buildSeconds)
        out += String(format: "  load + build  %.3f s\n", loadSeconds + buildSeconds)
        out +=
            "  lookups       \(rate(lookupsPerSecond))  longest prefix on numbers from the plan's prefixes (\(percent(lookupsMatched)) matched)\n"
        out += "  interleaved   \(rate(interleavedLookupsPerSecond))  the same lookups, eight at a time with prefetch (bulk work)\n"
        if let missesPerSecond {
            out += "  misses        \(rate(missesPerSecond))  numbers no prefix starts with (\(percent(missesMatched)) matched)\n"
        }
        out += "  calls         \(rate(callsPerSecond))  simulated, fast path (no trace), one at a time\n"
        let how =
            batchWalksLookups
            ? "in groups of \(Simulator.group), their first lookups walked together" : "one at a time (an index this small stays in cache)"
        out += "  batch         \(rate(batchCallsPerSecond))  the same calls through the batch path, \(how), one thread\n"
        let speedUp = String(format: "%.2f", parallelCallsPerSecond / max(batchCallsPerSecond, 1))
        out += "  batch ×\(threads)".padding(toLength: 16, withPad: " ", startingAt: 0)
        out += "\(rate(parallelCallsPerSecond))  the same on \(threads) threads (\(speedUp)× one thread)\n"
        out += "  traced calls  \(rate(tracedCallsPerSecond))  simulated with the full trace\n"
        out += "  index memory  \(mb(indexBytes))  (\(indexBytes / max(rows, 1)) bytes per analysis row; trie and compiled records)\n"
        out +=
            "  peak RSS      \(mb(peakResidentBytes))  (\(peakResidentBytes / max(rows, 1)) bytes per analysis row; whole process: file bytes, snapshot records, index, workload)\n"
        let shares = outcomes.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) \($0.value)" }
        out += "  outcomes      \(shares.joined(separator: ", "))\n"
        return out
    }

    var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [
            ("plan", .string(plan)), ("fileBytes", .int(fileBytes)), ("analysisRows", .int(rows)),
            ("readSeconds", .number(String(readSeconds))), ("decodeSeconds", .number(String(decodeSeconds))),
            ("buildSeconds", .number(String(buildSeconds))),
            ("lookupsPerSecond", .int(Int(lookupsPerSecond))),
            ("interleavedLookupsPerSecond", .int(Int(interleavedLookupsPerSecond))),
        ]
        if let missesPerSecond { members.append(("missesPerSecond", .int(Int(missesPerSecond)))) }
        members += [
            ("callsPerSecond", .int(Int(callsPerSecond))), ("batchCallsPerSecond", .int(Int(batchCallsPerSecond))),
            ("batchWalksLookups", .bool(batchWalksLookups)),
            ("parallelCallsPerSecond", .int(Int(parallelCallsPerSecond))), ("threads", .int(threads)),
            ("tracedCallsPerSecond", .int(Int(tracedCallsPerSecond))),
            ("indexBytes", .int(indexBytes)), ("indexBytesPerRow", .int(indexBytes / max(rows, 1))),
            ("peakResidentBytes", .int(peakResidentBytes)),
            ("outcomes", .object(outcomes.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, .int($0.value)) })),
        ]
        return .object(members)
    }
}

/// How many timed calls ended in each outcome, counted by the outcome's place: a dictionary
/// keyed on `Outcome` hashed the outcome's name (its raw value) on every call timed, some 340
/// instructions, 4 % of a fast call's.
struct OutcomeTally: Equatable {
    private var counts: [Int]

    init() {
        // Two outcomes sharing a place would be counted as one, and the batches would still agree.
        assert(Set(Outcome.allCases.map(\.place)) == Set(0..<Outcome.allCases.count), "each outcome has a place of its own")
        counts = [Int](repeating: 0, count: Outcome.allCases.count)
    }

    mutating func count(_ outcome: Outcome) { counts[outcome.place] += 1 }

    mutating func add(_ other: OutcomeTally) {
        for k in counts.indices { counts[k] += other.counts[k] }
    }

    /// The outcomes that occurred, with their counts.
    var byOutcome: [Outcome: Int] {
        var outcomes: [Outcome: Int] = [:]
        for outcome in Outcome.allCases where counts[outcome.place] > 0 { outcomes[outcome] = counts[outcome.place] }
        return outcomes
    }
}

extension Outcome {
    /// A place of its own for each outcome (0 up to the number of outcomes), found without
    /// hashing or comparing the outcome's name.
    fileprivate var place: Int {
        switch self {
        case .localUser: return 0
        case .externalLine: return 1
        case .sipTrunk: return 2
        case .routingGroup: return 3
        case .huntingGroup: return 4
        case .intercept: return 5
        case .autoAttendant: return 6
        case .released: return 7
        case .rejected: return 8
        case .voicemail: return 9
        }
    }
}
