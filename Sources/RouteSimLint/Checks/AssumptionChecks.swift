import DialPlan
import DigitTrie
import RouteSim

/// Routing that rests on a guess rather than on the plan (category `assumption`).
enum AssumptionChecks {
    /// The assumptions RS601 varies: those that can send a call elsewhere. Left out are the
    /// what-ifs (live state), the limits (the loop checks report calls that reach them), those
    /// that change only the numbers sent or the order of the same lines and trunks (`route
    /// --sensitivity` reports them), and those about origins, which a record's probe has none of.
    static let varied: Set<Assumptions.Name> = [
        .starIsCatchAll, .huntingDetectionMatch, .huntingDetectionPosition, .unmatchedPlanFallback,
        .keepRecordOnReanalysisMiss, .forwardedLegContext, .transitionBounds,
    ]

    /// RS601: for each `anacldnbr` record of a dial plan calls start in, a number that reaches
    /// it is analysed there (as a trunk call) and re-run under every other value of every varied
    /// assumption its answer cites; a record whose call then ends another way, reaches another
    /// target or leaves through other lines and trunks is reported, with each such alternative.
    static func dependentRouting(_ c: LintContext) -> [Finding] {
        var out: [Finding] = []
        let m = c.model
        let base = c.simulator.assumptions
        for (record, row) in c.snapshot.calledAnalysis.enumerated() {
            let plan = c.calledPlans[record]
            guard c.startPlans[Int(plan)], let number = c.numberReaching(calledRecord: record) else { continue }
            let answer = c.probe(number, plan: plan, citing: true)
            var changes: [String] = []
            for name in answer.cited.names where varied.contains(name) {
                for value in name.info.alternatives(to: base, dialPlans: m.dialPlanNames) {
                    var other = base
                    try! other.set(name.text, to: value)
                    let alternative = c.simulator(under: other).probe(number, dialPlan: plan)
                    if routing(of: alternative) != routing(of: answer) {
                        changes.append("with \(name)=\(value) they end \(routing(of: alternative)) instead of \(routing(of: answer))")
                    }
                }
            }
            guard !changes.isEmpty else { continue }
            let witness = c.calledWitness(number, plan: plan) { $0.passes(.calledAnalysis, record) }
            out.append(
                c.finding(
                    "RS601", .calledAnalysis, record,
                    "calls with prefix \"\(row.calledPrefix)\" of dial plan \"\(c.planName(plan))\" (such as \(number)) route differently under another assumption: \(changes.joined(separator: "; "))",
                    witness: witness))
        }
        return out
    }

    /// Where a call goes, without the numbers sent: the outcome (and reason), the target, and the
    /// lines and trunks it may leave through.
    static func routing(of result: RouteResult) -> String {
        var parts = [result.outcome.rawValue + (result.release.map { " (\($0.reason.rawValue))" } ?? "")]
        if let target = result.target { parts.append(target.text) }
        var vias: [String] = []
        for attempt in result.attempts where !vias.contains(attempt.via.text) { vias.append(attempt.via.text) }
        if !vias.isEmpty { parts.append("via " + vias.sorted().joined(separator: ", ")) }
        return parts.joined(separator: " ")
    }

    /// RS602: a plan without `sysinfo` gets the server's default out-group prefix `9`.
    static func systemInfo(_ c: LintContext) -> [Finding] {
        guard c.snapshot.systemInfo == nil else { return [] }
        return [
            Finding(
                rule: LintCatalog.require("RS602"), table: .systemInfo, recordIndex: nil, key: [],
                message:
                    "the plan has no sysinfo: routesim assumes the server's default out-group prefix \"9\", so numbers starting with 9 that no record matches leave on an external line"
            )
        ]
    }
}
