import DialPlan
import RouteSim
import RouteSimGenerator
import RouteSimLint
import RouteSimTestSupport
import Testing

@Suite("Bulk work on several threads")
struct ParallelWorkTests {
    @Test("a large plan's key check runs beside the model build: the same error as checking first, and the same model")
    func keyCheckBesideBuild() throws {
        let clean = PlanGenerator.generate(.init(rows: 25_000, seed: 4)).snapshot
        #expect(clean.calledAnalysis.count + clean.localUsers.count >= 20_000, "large enough for the check to run beside")
        for (table, index) in [(Table.calledAnalysis, 20_000), (.localUsers, 1_500), (.sipTrunks, 100)] {
            var bad = clean
            switch table {
            case .calledAnalysis: bad.calledAnalysis.append(bad.calledAnalysis[index])
            case .localUsers: bad.localUsers.append(bad.localUsers[index])
            default: bad.sipTrunks.append(bad.sipTrunks[index])
            }
            var expected: SnapshotError?
            do { try bad.requireUniqueKeys() } catch { expected = error }
            let error = try #require(expected, "\(table): a duplicate")
            #expect(throws: error) { try RoutingModel(snapshot: bad) }
            #expect(error.description.contains("same key as \(table.rawValue)[\(index)]"), "\(error)")
        }
        let model = try RoutingModel(snapshot: clean)
        let unchecked = RoutingModel(unchecked: clean)
        #expect(Array(model.trie.nodeWords) == Array(unchecked.trie.nodeWords) && model.dialPlanNames == unchecked.dialPlanNames)
    }

    @Test("both returns what calling one then the other returns, on one thread or two")
    func bothInOrder() {
        for threads in [1, 2, 4] {
            let (a, b) = ParallelWork.both(threads: threads, { (0..<1_000).reduce(0, +) }, { (0..<10).map { "\($0)" }.joined() })
            #expect(a == 499_500 && b == "0123456789", "\(threads) threads")
        }
    }

    @Test("a large plan's rows are compiled beside the trie's prefixes: the same words as a small plan's serial build")
    func rowsCompiledBeside() {
        // Defects give dangling targets, transitions and refine groups to compile too.
        let large = PlanGenerator.generate(.init(rows: 25_000, seed: 6, defects: Set(PlanGenerator.DefectKind.allCases))).snapshot
        #expect(large.calledAnalysis.count >= 20_000, "large enough for the rows to be compiled beside")
        var small = large
        small.calledAnalysis = RecordList(Array(large.calledAnalysis.array.prefix(15_000)))
        // A row's words follow from the row and the other tables alone.
        let beside = RoutingModel(unchecked: large).calledRecords, serial = RoutingModel(unchecked: small).calledRecords
        #expect(beside.count == large.calledAnalysis.count && serial.count == 15_000)
        var differing = 0
        for i in 0..<15_000 {
            let a = beside[i], b = serial[i]
            if a.target != b.target || a.transition != b.transition || a.callerRefine != b.callerRefine || a.routeKind != b.routeKind
                || a.changesNumber != b.changesNumber || a.reanalyze != b.reanalyze || a.callLevel != b.callLevel
                || a.maxDuration != b.maxDuration
            {
                differing += 1
            }
        }
        #expect(differing == 0)
        #expect(Set((0..<15_000).map { beside[$0].routeKind }).count >= 4, "rows of several route types")
    }

    @Test("map returns what a serial map returns, for any count and number of threads")
    func mapInOrder() {
        for threads in [1, 2, 3, 8] {
            for count in [0, 1, 2, 7, 1_000] {
                let squares = ParallelWork.map(count: count, threads: threads) { $0 * $0 }
                #expect(squares == (0..<count).map { $0 * $0 }, "\(count) items on \(threads) threads")
            }
        }
    }

    @Test("map keeps results that own memory (strings, arrays) intact")
    func mapOwnedResults() {
        let words = ParallelWork.map(count: 5_000, threads: 4) { i in (String(i) + "-" + String(repeating: "x", count: i % 40), [i, i + 1])
        }
        #expect(words.map(\.0) == (0..<5_000).map { String($0) + "-" + String(repeating: "x", count: $0 % 40) })
        #expect(words.map(\.1) == (0..<5_000).map { [$0, $0 + 1] })
    }

    @Test("lint finds the same findings in the same order on one thread and on several")
    func lintSerialEqualsParallel() {
        let plan = PlanGenerator.generate(.init(rows: 3_000, seed: 5, defects: [.loops, .dangling, .shadowed])).snapshot
        let linter = Linter(snapshot: plan)
        let serial = linter.run(threads: 1)
        #expect(serial.count > 10, "the planted defects give findings to compare")
        #expect(serial.contains { $0.witness?.origin != nil }, "findings whose witnesses needed simulations")
        for threads in [2, 4] {
            #expect(linter.run(threads: threads) == serial, "\(threads) threads")
        }
    }

    @Test("lint of every corpus plan is the same on one thread and on several")
    func lintCorpusSerialEqualsParallel() throws {
        let lintPlans = Corpus.names(in: Corpus.lint, ending: ".json").filter { !$0.hasSuffix(".expected") && !$0.hasSuffix(".lint") }
        #expect(lintPlans.count > 10 && Corpus.planNames.count > 3)
        let files = lintPlans.map { Corpus.lint.appendingPathComponent("\($0).json") } + Corpus.planNames.map(Corpus.plan)
        for url in files {
            let linter = Linter(snapshot: try Snapshot(contentsOfFile: url.path))
            #expect(linter.run(threads: 3) == linter.run(threads: 1), "\(url.lastPathComponent)")
        }
    }
}

@Suite("Calls in batches")
struct BatchRoutingTests {
    /// What `routeFast` answers for each call, one at a time.
    static func oneByOne(_ simulator: Simulator, _ calls: [Call]) -> [Result<RouteResult, CallError>] {
        calls.map { call in Result { () throws(CallError) in try simulator.routeFast(call) } }
    }

    @Test("routeFast of a batch answers every call as routeFast of the call alone, on any number of threads")
    func sameAsOneByOne() throws {
        let plan = PlanGenerator.generate(.init(rows: 5_000, seed: 9, defects: [.loops, .dangling])).snapshot
        let simulator = Simulator(model: RoutingModel(unchecked: plan))
        var calls = CallWorkload.calls(in: plan, count: 3_000, seed: 4)
        // Calls that fail, and origins of every kind.
        calls += [
            Call(origin: .localUser("nobody"), called: "1"), Call(origin: .caller("555"), called: ""),
            Call(origin: .sipTrunk(99_999, caller: "1"), called: "1"), Call(origin: .externalLine("none", caller: "1"), called: "1"),
            Call(origin: .caller(String(repeating: "9", count: 70)), called: "0049"),
        ]
        calls += plan.externalLines.prefix(3).map { Call(origin: .externalLine($0.name, caller: "0215550000"), called: "100") }
        let expected = Self.oneByOne(simulator, calls)
        #expect(expected.filter { (try? $0.get()) == nil }.count == 5)
        // Placing a call throws what simulating it throws, and nothing when it can be simulated.
        for (call, result) in zip(calls, expected) {
            switch result {
            case .success: #expect(throws: Never.self, "\(call)") { try simulator.place(call) }
            case .failure(let error): #expect(throws: error, "\(call)") { try simulator.place(call) }
            }
        }
        // The plan's index is small: the batch walks no lookups unless told to.
        #expect(!simulator.walksLookups)
        for threads in [1, 2, 3] {
            for walking in [false, true] {
                let how = "on \(threads) threads\(walking ? ", lookups walked together" : "")"
                Self.expectSame(simulator.routeFast(calls, threads: threads, walkingLookups: walking), expected, how)
            }
            Self.expectSame(simulator.routeFast(calls, threads: threads), expected, "on \(threads) threads")
        }
        #expect(simulator.routeFast([], threads: 2).isEmpty)
        for walking in [false, true] {
            var handed: [Result<RouteResult, CallError>] = []
            simulator.routeFast(calls[...], walkingLookups: walking) { handed.append($0) }
            Self.expectSame(handed, expected, "handed on one by one\(walking ? ", lookups walked together" : "")")
        }
        var none = 0
        simulator.routeFast(calls[0..<0]) { _ in none += 1 }
        #expect(none == 0)
    }

    /// Calls whose first lookups a batch walks ahead of them, and calls whose lookups come out
    /// otherwise than the batch walked them: numbers typed with separators, speed dials that
    /// change the number, caller analysis that changes the dial plan, user names that are no
    /// dial strings, unknown callers, trunks and lines; on every bundled plan.
    @Test("a batch that walks its calls' first lookups answers every call as the call alone", arguments: Corpus.planNames)
    func walkedLookups(plan name: String) throws {
        let plan = try Snapshot(contentsOfFile: Corpus.plan(name).path)
        let simulator = try Simulator(snapshot: plan)
        var numbers = plan.calledAnalysis.map { $0.calledPrefix + "123" } + plan.speedDials.map(\.dialed)
        numbers += plan.localUsers.map(\.name) + ["0", "*", "", "0049 30 1234-5678", "(0)20 7946 0000"]
        var origins: [Origin] = plan.localUsers.map { .localUser($0.name) } + plan.localUsers.prefix(2).map { .caller($0.name) }
        origins += [.caller("0215550000"), .caller("+49 30 1234")]
        // A user's name typed with a separator: the batch walks the text, the call the user's name.
        origins += plan.localUsers.prefix(2).map { .caller($0.name.prefix(1) + "-" + $0.name.dropFirst()) }
        origins += plan.sipTrunks.prefix(2).map { .sipTrunk($0.id, caller: "0215550000") }
        origins += plan.externalLines.prefix(2).map { .externalLine($0.name, caller: "0215550000") }
        let calls = origins.flatMap { origin in numbers.map { Call(origin: origin, called: $0) } }
        let expected = Self.oneByOne(simulator, calls)
        Self.expectSame(simulator.routeFast(calls, threads: 2, walkingLookups: true), expected, "\(name), lookups walked together")
        // The calls include lookups the batch could not answer for them.
        let changed = zip(calls, expected).filter { call, result in (try? result.get().called).map { $0 != call.called } ?? false }
        #expect(!changed.isEmpty, "\(name): no call's number changed before or during analysis")
    }

    @Test("the bundled plans are there for the batch test")
    func bundledPlans() {
        #expect(Corpus.planNames.count >= 6)
    }

    /// Each result of a batch equals the result of the call alone.
    static func expectSame(
        _ batch: [Result<RouteResult, CallError>], _ expected: [Result<RouteResult, CallError>], _ how: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(batch.count == expected.count, "\(how): \(batch.count) results for \(expected.count) calls", sourceLocation: sourceLocation)
        for (i, (a, b)) in zip(batch, expected).enumerated() {
            switch (a, b) {
            case (.success(let x), .success(let y)): #expect(x == y, "call \(i) \(how)", sourceLocation: sourceLocation)
            case (.failure(let x), .failure(let y)): #expect(x == y, "call \(i) \(how)", sourceLocation: sourceLocation)
            default: Issue.record("call \(i) \(how): \(a) but alone \(b)", sourceLocation: sourceLocation)
            }
        }
    }
}
