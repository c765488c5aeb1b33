import DialPlan
import DigitTrie

extension Simulator {
    /// Calls simulated together by the batch paths: their first lookups are walked side by side.
    /// 16, 32 and 64 calls were measured at 1M rows with a prefetching pass, then 64 and 128 with
    /// the walks whose answers the calls use; 128 was fastest (docs/benchmarks.md).
    package static let group = 128

    /// The index size above which the batch paths walk their calls' first lookups side by side:
    /// below it the index mostly stays in cache, and the walks cost more than the waits they save
    /// (measured: 3–8 % slower at 100k rows, a 6 MB index; 5 % faster at 200k rows, 12 MB; 16 %
    /// faster at 1M rows, 58 MB; docs/benchmarks.md).
    static let walkedIndexBytes = 8 << 20

    /// Whether the batch paths walk their calls' first lookups together on this model.
    package var walksLookups: Bool { model.indexMemoryBytes > Self.walkedIndexBytes }

    /// Simulates many calls without a trace, on up to `threads` threads (nil: one per core), and
    /// returns one result per call in input order: what `routeFast(_:)` returns for each.
    ///
    /// Each thread simulates groups of calls as `routeFast(_:each:)` does, and writes each result
    /// where it belongs in the list it returns.
    public func routeFast(_ calls: [Call], threads: Int? = nil) -> [Result<RouteResult, CallError>] {
        routeFast(calls, threads: threads, walkingLookups: walksLookups)
    }

    /// `routeFast(_:threads:)`, walking the calls' first lookups together or not whatever the
    /// index's size (the tests run both ways on small plans).
    package func routeFast(_ calls: [Call], threads: Int?, walkingLookups: Bool) -> [Result<RouteResult, CallError>] {
        if calls.isEmpty { return [] }
        let groups = (calls.count + Self.group - 1) / Self.group
        return [Result<RouteResult, CallError>](unsafeUninitializedCapacity: calls.count) { buffer, initialized in
            // Each group's results written in place: lists of them joined afterwards copied every
            // result (and retained every string and list in it) once more.
            let results = buffer.baseAddress!
            _ = ParallelWork.map(count: groups, threads: threads ?? ParallelWork.defaultThreads) { g in
                var i = g * Self.group
                var walk = walkingLookups ? GroupWalk() : nil
                routeGroup(calls[i..<min(calls.count, i + Self.group)], walk: &walk) { result in
                    (results + i).initialize(to: result)
                    i += 1
                }
            }
            initialized = calls.count
        }
    }

    /// Simulates calls without a trace on this thread, and hands each result to `body` as soon as
    /// it is made, in input order; nothing is kept. What `routeFast(_:)` returns for each call.
    ///
    /// On a large plan (an index over 8 MB, `RoutingModel.indexMemoryBytes`) the calls are taken
    /// in groups of 128, and before a group is simulated the first two lookups of all its calls
    /// are walked through the trie side by side, eight at a time with prefetch
    /// (`CompactTrie.exactMatches`, `longestPrefixes`): the origin's name among the local users,
    /// then the called number among the analysis rows of the dial plan the call starts in; the
    /// records they lead to are prefetched. Those walks are mostly cache misses on such a plan,
    /// and side by side the misses overlap instead of following one another. Each call then uses
    /// the answers for the very lookups they answer, and makes every other lookup itself
    /// (`CallRun.EarlyLookups`).
    public func routeFast(_ calls: ArraySlice<Call>, each body: (consuming Result<RouteResult, CallError>) -> Void) {
        routeFast(calls, walkingLookups: walksLookups, each: body)
    }

    /// `routeFast(_:each:)`, walking the calls' first lookups together or not whatever the
    /// index's size.
    package func routeFast(
        _ calls: ArraySlice<Call>, walkingLookups: Bool, each body: (consuming Result<RouteResult, CallError>) -> Void
    ) {
        var walk = walkingLookups ? GroupWalk() : nil
        var start = calls.startIndex
        while start < calls.endIndex {
            let end = min(calls.endIndex, start + Self.group)
            routeGroup(calls[start..<end], walk: &walk, body)
            start = end
        }
    }

    /// One group of calls, each simulated and handed to `body` in order; with `walk`, after their
    /// first lookups were walked together (`walkFirstLookups`).
    func routeGroup(_ calls: ArraySlice<Call>, walk: inout GroupWalk?, _ body: (consuming Result<RouteResult, CallError>) -> Void) {
        // Taken out and put back: its lists keep their room from group to group.
        guard var lookups = walk.take() else {
            for call in calls { body(Result { () throws(CallError) in try routeFast(call) }) }
            return
        }
        walkFirstLookups(calls, &lookups)
        var k = 0
        for call in calls {
            let early = lookups.early(k, of: call)
            k += 1
            body(Result { () throws(CallError) in try routeFast(call, early: early) })
        }
        walk = lookups
    }

    /// The first lookups of a group's calls, walked side by side into `walk`: the origins' names
    /// among the users' names, then the called numbers among the analysis rows of the dial plan
    /// each call starts in (its user's, its trunk's, or the unknown caller's as the assumptions
    /// say). The user records and analysis rows they find are prefetched.
    func walkFirstLookups(_ calls: ArraySlice<Call>, _ walk: inout GroupWalk) {
        walk.users.removeAll()
        for call in calls {
            switch call.origin {
            case .localUser(let name), .caller(let name): walk.users.add(name, root: model.userNameRoot)
            case .sipTrunk, .externalLine: walk.users.skip()
            }
        }
        walk.users.walk(model.trie, exact: true)
        walk.analysis.removeAll()
        var k = 0
        for call in calls {
            let plan: Int32?
            switch call.origin {
            case .localUser(let name), .caller(let name):
                if let found = walk.users.answer(k), let user = model.userIndex[name, inTrie: found] {
                    plan = model.users[Int(user)].dialPlan
                    model.users.withUnsafeBufferPointer { prefetch($0.baseAddress! + Int(user)) }
                } else if case .caller = call.origin {
                    plan = model.dialPlanID(rules.value.unknownCallerDialPlan)
                } else {
                    plan = nil  // no such user: the call ends in an error
                }
            case .sipTrunk(let id, _):
                plan = model.trunkIndex[id].map { model.trunks[Int($0)].dialPlan }
            case .externalLine:
                plan = nil  // the line's destination is analysed, not the number dialed
            }
            k += 1
            if let plan, let root = model.calledAnalysisRoots[Int(plan)] {
                walk.analysis.add(call.called, root: root)
            } else {
                walk.analysis.skip()
            }
        }
        walk.analysis.walk(model.trie, exact: false)
        model.calledRecords.words.withUnsafeBytes { rows in
            for m in walk.analysis.answers where m >= 0 { prefetch(rows.baseAddress! + Int(m) * CompiledAnalysisRows.width * 4) }
        }
    }

    /// `routeFast(_:)` with the answers of the call's first lookups, walked by a batch.
    func routeFast(_ call: Call, early: CallRun.EarlyLookups) throws(CallError) -> RouteResult {
        try withUnsafePointer(to: early) { (early) throws(CallError) in
            var run = CallRun(model: model, rules: rules, state: call.state, recording: .nothing)
            run.early = early
            return try run.simulate(call)
        }
    }
}

/// The two walks of a group of calls (`Simulator.walkFirstLookups`), reused from group to group.
struct GroupWalk {
    /// The origins' names among the local users' names (exact matches).
    var users = Lookups()
    /// The called numbers among the analysis rows (longest prefixes).
    var analysis = Lookups()

    /// What the walks answered for call `k` of the group.
    func early(_ k: Int, of call: Call) -> CallRun.EarlyLookups {
        var early = CallRun.EarlyLookups()
        if let user = users.answer(k) {
            switch call.origin {
            case .localUser(let name), .caller(let name): (early.userName, early.user) = (name, user)
            case .sipTrunk, .externalLine: break
            }
        }
        if let row = analysis.answer(k) {
            (early.called, early.analysisRoot, early.analysis) = (call.called, analysis.root(k), row)
        }
        return early
    }

    /// One walk: the numbers' bytes end to end, a query each, which query each call has (-1:
    /// none), and, once walked, the answers.
    struct Lookups {
        var bytes: [UInt8] = []
        var queries: [TrieQuery] = []
        var callQueries: [Int32] = []
        var answers: [Int32] = []

        init() {
            bytes.reserveCapacity(Simulator.group * 16)
            queries.reserveCapacity(Simulator.group)
            callQueries.reserveCapacity(Simulator.group)
            answers.reserveCapacity(Simulator.group)
        }

        mutating func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            queries.removeAll(keepingCapacity: true)
            callQueries.removeAll(keepingCapacity: true)
            answers.removeAll(keepingCapacity: true)
        }

        /// The next call's number, looked up under `root` (a number longer than any prefix can
        /// be is left to the call).
        mutating func add(_ number: String, root: Int32) {
            let count = number.utf8.count
            guard count <= 64 else { return skip() }
            callQueries.append(Int32(queries.count))
            queries.append(TrieQuery(offset: Int32(bytes.count), length: Int32(count), root: root))
            // Copied from the string's bytes in place (appending its UTF-8 view went byte by byte).
            withDialBytes(of: number) { bytes.append(contentsOf: $0) }
        }

        /// The next call has no number in this walk.
        mutating func skip() { callQueries.append(-1) }

        /// The answer for call `k` (-1: the number is not there), or nil when it has no query.
        func answer(_ k: Int) -> Int32? {
            let q = callQueries[k]
            return q >= 0 ? answers[Int(q)] : nil
        }

        /// The root call `k`'s number was looked up under (it has a query).
        func root(_ k: Int) -> Int32 { queries[Int(callQueries[k])].root }

        /// Walks every query side by side, exact matches or longest prefixes, into `answers`.
        mutating func walk(_ trie: CompactTrie, exact: Bool) {
            guard !queries.isEmpty else { return }
            answers.removeAll(keepingCapacity: true)
            answers.append(contentsOf: repeatElement(-1, count: queries.count))
            bytes.append(0)  // an address even when every number is empty
            bytes.withUnsafeBufferPointer { b in
                queries.withUnsafeBufferPointer { q in
                    answers.withUnsafeMutableBufferPointer { a in
                        if exact {
                            trie.exactMatches(q, bytes: b.baseAddress!, into: a.baseAddress!)
                        } else {
                            trie.longestPrefixes(q, bytes: b.baseAddress!, into: a.baseAddress!)
                        }
                    }
                }
            }
        }
    }
}
