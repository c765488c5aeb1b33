import DialPlan
import Dispatch
import RouteSim
import RouteSimCases

/// How to replay.
public struct ReplayOptions: Sendable {
    public var read = CDRReadOptions()
    /// The assumptions in force.
    public var assumptions = Assumptions()
    /// Try every value of every assumption on every call (docs/replay.md, "Calibration").
    public var calibrate = false
    /// Trace the calls for coverage and the per-stage table.
    public var coverage = false
    /// Examples kept per group of disagreements, changes and unexplained records.
    public var examplesPerGroup = 3
    /// Stop at the first malformed record instead of skipping it.
    public var stopOnMalformed = false
    /// Worker threads for the per-call work (aggregation stays in input order).
    public var jobs = 1

    public init() {}
}

/// Why a replay cannot go on: a file that cannot be opened or mapped, a malformed record when
/// told to stop at one, or no records at all.
public enum ReplayError: Error, Sendable, CustomStringConvertible {
    case input(CDRInputError)
    case mapping(CDRMappingError)
    case malformed(MalformedRecord)
    case noRecords([String])

    public var description: String {
        switch self {
        case .input(let error): return error.description
        case .mapping(let error): return error.description
        case .malformed(let record): return "\(record) (--malformed fatal stops here)"
        case .noRecords(let files): return "\(files.joined(separator: ", ")): no call records to replay"
        }
    }
}

/// Replays recorded calls against a plan (and a candidate plan), streaming: records are read,
/// paired and replayed in batches, so memory does not grow with the input.
public struct Replay {
    public let plan: Snapshot
    /// The plan as reports name it.
    public let planName: String
    public let candidate: (snapshot: Snapshot, name: String)?
    public let options: ReplayOptions
    private let base: Simulator
    private let candidateSimulator: Simulator?

    /// Calls per batch: large enough to share out among threads, small enough to stay in cache.
    static let batchSize = 8192

    /// Prepares a replay; refuses a plan (or candidate) where two records share a key.
    public init(plan: Snapshot, planName: String, candidate: (snapshot: Snapshot, name: String)? = nil, options: ReplayOptions)
        throws(SnapshotError)
    {
        self.plan = plan
        self.planName = planName
        self.candidate = candidate
        self.options = options
        base = try Simulator(snapshot: plan, assumptions: options.assumptions)
        candidateSimulator = try candidate.map { (c) throws(SnapshotError) in
            try Simulator(snapshot: c.snapshot, assumptions: options.assumptions)
        }
    }

    /// Replays the files. `onMalformed` sees each malformed record as it is found (to print it);
    /// `onCall` sees every call with its replay, in input order (for tests and tools).
    public func run(
        paths: [String], onMalformed: (MalformedRecord) -> Void = { _ in }, onCall: ((RecordedCall, CallReplay) -> Void)? = nil
    ) throws(ReplayError) -> ReplayReport {
        let variants = options.calibrate ? Calibration.variants(of: plan, current: options.assumptions, model: base.model) : []
        let replayer = CallReplayer(base: base, variants: variants, candidate: candidateSimulator, coverage: options.coverage)
        var aggregate = ReplayAggregator(replay: self, variants: variants)
        let caches = (0..<max(1, options.jobs)).map { _ in TraceCache() }
        let stats = try forEachBatch(paths: paths) { (malformed: MalformedRecord) throws(ReplayError) in
            aggregate.add(malformed)
            onMalformed(malformed)
            if options.stopOnMalformed { throw .malformed(malformed) }
        } batch: { calls in
            let replays = Self.parallelMap(calls, jobs: options.jobs) { slice, j in
                calls[slice].map { replayer.replay($0, cache: caches[j]) }
            }
            for (recorded, replayed) in zip(calls, replays) {
                aggregate.add(recorded, replayed)
                onCall?(recorded, replayed)
            }
        }
        var report = aggregate.finish(stats: stats)
        report.files = paths
        if report.calls == 0 && report.malformedCount == 0 { throw .noRecords(paths) }
        if options.calibrate, var calibration = report.calibration, calibration.bestChanges.count >= 2 {
            // Assumptions interact: measure the best values together before recommending them.
            let together = calibration.bestAssumptions(from: options.assumptions)
            let simulator = Simulator(model: RoutingModel(unchecked: plan, assumptions: together))
            let agreeing = try countAgreeing(paths: paths, simulator: simulator)
            let single = calibration.assumptions.filter { $0.best != $0.current }.map { result in
                (name: result.name, value: result.best, agreeing: result.values.first { $0.value == result.best }!.agreeing)
            }.max { $0.agreeing < $1.agreeing }!
            if agreeing >= single.agreeing {
                calibration.bestAgreeing = agreeing
            } else {
                calibration.bestChanges = [(single.name, single.value)]
                calibration.bestAgreeing = single.agreeing
            }
            report.calibration = calibration
        }
        return report
    }

    /// Explainable calls that agree under another simulator (a second pass over the files).
    func countAgreeing(paths: [String], simulator: Simulator) throws(ReplayError) -> Int {
        let replayer = CallReplayer(base: simulator, variants: [], candidate: nil, coverage: false)
        var agreeing = 0
        _ = try forEachBatch(paths: paths) { (_: MalformedRecord) throws(ReplayError) in
        } batch: { calls in
            let counts = Self.parallelMap(calls, jobs: options.jobs) { slice, _ in
                [calls[slice].reduce(0) { $0 + (replayer.replay($1, cache: nil).verdict.agrees ? 1 : 0) }]
            }
            agreeing += counts.reduce(0, +)
        }
        return agreeing
    }

    /// What reading found besides the calls.
    struct ReadStats {
        var paired = 0
        var mappings: [FileMapping] = []
    }

    /// Reads, pairs and hands over the calls in batches, in input order.
    private func forEachBatch(
        paths: [String], malformed: (MalformedRecord) throws(ReplayError) -> Void, batch: ([RecordedCall]) -> Void
    ) throws(ReplayError) -> ReadStats {
        let stream = CDRStream(paths: paths, options: options.read)
        var pairing = CallPairing(window: options.read.pairingWindow)
        var pending: [RecordedCall] = []
        pending.reserveCapacity(Self.batchSize + options.read.pairingWindow)
        var finished = false
        while !finished {
            while pending.count < Self.batchSize {
                let item: CDRStream.Item?
                do {
                    item = try stream.next()
                } catch {
                    switch error {
                    case .input(let e): throw .input(e)
                    case .mapping(let e): throw .mapping(e)
                    }
                }
                guard let item else {
                    pairing.finish(into: &pending)
                    finished = true
                    break
                }
                switch item {
                case .record(let record): pairing.add(record, into: &pending)
                case .malformed(let record): try malformed(record)
                }
            }
            if !pending.isEmpty { batch(pending) }
            pending.removeAll(keepingCapacity: true)
        }
        return ReadStats(paired: pairing.paired, mappings: stream.mappings)
    }

    /// `transform` applied to `jobs` contiguous slices of `items` at once; the results joined in
    /// order. `transform` gets the slice and the worker number.
    static func parallelMap<T, R>(_ items: [T], jobs: Int, _ transform: @Sendable (Range<Int>, Int) -> [R]) -> [R]
    where T: Sendable, R: Sendable {
        let workers = max(1, min(jobs, items.count / 256))
        if workers == 1 { return transform(0..<items.count, 0) }
        var parts = [[R]](repeating: [], count: workers)
        parts.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { j in
                let lower = items.count * j / workers, upper = items.count * (j + 1) / workers
                buffer[j] = transform(lower..<upper, j)
            }
        }
        return parts.flatMap { $0 }
    }
}
