import DialPlan
import DigitTrie
import RouteSim
import RouteSimBaselines
import RouteSimGenerator
import Testing

@Suite("Baselines answer what the trie answers")
struct BaselineAgreementTests {
    static let snapshot: Snapshot = {
        var s = PlanGenerator.generate(.init(rows: 2_000, seed: 11)).snapshot
        // Edge cases: a catch-all, a star prefix, symbols, a duplicate prefix (the first wins),
        // and a prefix outside the dial alphabet (left out by every method).
        for (prefix, plan) in [("", "edge"), ("*", "edge2"), ("*7#", "edge"), ("+49", "edge"), ("+49", "edge"), ("12a", "edge")] {
            var row = CalledAnalysis()
            row.dialPlan = plan
            row.calledPrefix = prefix
            s.calledAnalysis.append(row)
        }
        return s
    }()

    static let hits = CallWorkload.hits(in: snapshot, count: 3_000, seed: 1)
    static let misses = CallWorkload.misses(in: snapshot, count: 500, seed: 2)

    static var lookups: [CallWorkload.Lookup] {
        hits + misses
            + ["", "1", "+4930", "*7#1", "*", "12a4", "0049a1", "#", "0123456789012345678901"].flatMap { number in
                ["default", "restricted", "edge", "edge2"].map { CallWorkload.Lookup(dialPlan: $0, number: number) }
            }
    }

    /// The trie's answer, which every baseline must give.
    static func expected(_ lookup: CallWorkload.Lookup, in model: RoutingModel) -> Int32 {
        model.trie.longestPrefix(lookup.number, root: model.calledAnalysisRoot(dialPlan: lookup.dialPlan)!)
    }

    func check<T: PrefixTable>(_ tables: CalledAnalysisTables<T>) {
        let model = RoutingModel(unchecked: Self.snapshot)
        for lookup in Self.lookups {
            let plan = tables.plan(named: lookup.dialPlan)!
            #expect(tables.tables[plan].longestPrefix(lookup.number) == Self.expected(lookup, in: model), "\(lookup)")
        }
    }

    @Test("the lookups are hits and misses, as the workload drew them")
    func lookupsHitAndMiss() {
        // Agreeing on "no prefix" everywhere would prove nothing: every hit extends a prefix of its
        // dial plan, and a miss starts with a digit none of its plan's prefixes starts with (the
        // edge plans' catch-alls match anything).
        let model = RoutingModel(unchecked: Self.snapshot)
        #expect(Self.hits.count == 3_000 && Self.misses.count == 500)
        #expect(Self.hits.filter { Self.expected($0, in: model) < 0 } == [])
        let plainMisses = Self.misses.filter { !$0.dialPlan.hasPrefix("edge") }
        #expect(plainMisses.count > 100)
        #expect(plainMisses.filter { Self.expected($0, in: model) >= 0 } == [])
    }

    @Test("linear scan") func linear() { check(CalledAnalysisTables<LinearMatcher>(snapshot: Self.snapshot)) }
    @Test("one PCRE2 regex per row") func regex() { check(CalledAnalysisTables<RegexPerRow>(snapshot: Self.snapshot)) }
    @Test("a hash table per prefix length") func hash() { check(CalledAnalysisTables<HashPerLength>(snapshot: Self.snapshot)) }

    @Test("the compact trie in C, one lookup at a time and in one C loop")
    func compactTrieInC() {
        let model = RoutingModel(unchecked: Self.snapshot)
        let c = CompactTrieInC(model.trie)
        var bytes: [UInt8] = []
        var queries: [TrieQuery] = []
        var expected: [Int32] = []
        for lookup in Self.lookups {
            let root = model.calledAnalysisRoot(dialPlan: lookup.dialPlan)!
            #expect(c.longestPrefix(lookup.number, root: root) == Self.expected(lookup, in: model), "\(lookup)")
            queries.append(TrieQuery(offset: Int32(bytes.count), length: Int32(lookup.number.utf8.count), root: root))
            bytes += Array(lookup.number.utf8)
            expected.append(Self.expected(lookup, in: model))
        }
        var results = [Int32](repeating: -7, count: queries.count)
        let matched = bytes.withUnsafeBufferPointer { b in
            queries.withUnsafeBufferPointer { q in
                results.withUnsafeMutableBufferPointer { c.lookUpAll(q, bytes: b.baseAddress!, into: $0.baseAddress!) }
            }
        }
        #expect(results == expected)
        #expect(matched == expected.filter { $0 >= 0 }.count && matched > 3_000)
    }

    @Test("hash per length handles prefixes longer than a packed key")
    func longPrefixes() {
        let rows: [(prefix: String, value: Int32)] = [("1234567890123456789", 0), ("123", 1), ("12345678901234567", 2)]
        let table = HashPerLength(rows: rows)
        #expect(table.longestPrefix("12345678901234567890") == 0)
        #expect(table.longestPrefix("123456789012345678") == 2)
        #expect(table.longestPrefix("1234567890") == 1)
        #expect(table.longestPrefix("12") == -1)
    }
}
