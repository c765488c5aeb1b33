import DialPlan
import RouteSim
import RouteSimCases

/// What replaying one recorded call produced: pure data, aggregated in input order.
public struct CallReplay: Sendable {
    public var verdict: Verdict
    /// The call as `routesim route` takes it.
    public var call: Call
    /// The dial plan in force when analysis ended, and the outcome (explainable calls).
    public var dialPlan: String?
    public var outcome: Outcome?
    /// For a disagreement: where routesim's trace first goes another way, and its answer.
    public var divergence: DivergencePoint?
    public var simulated: String?
    /// With coverage: the stage that decided the route, and the records the call touched.
    public var decidingStage: Stage?
    public var touched: [RecordID] = []
    /// With calibration: whether the call agrees under each variant.
    public var variantAgrees: [Bool] = []
    /// With a candidate plan: how its answer differs (nil: the same, or not compared).
    public var change: RouteChange?
}

/// One calibration variant: the assumptions in force with one assumption set to another value.
struct CalibrationVariant: Sendable {
    var assumption: String
    var value: String
    var simulator: Simulator
}

/// The pure per-call work of a replay: simulate, compare, find the divergence, try the
/// variants, compare with the candidate plan. Shared by every worker thread.
struct CallReplayer: Sendable {
    let base: Simulator
    let variants: [CalibrationVariant]
    let candidate: Simulator?
    let coverage: Bool

    /// Replays one call. `cache` holds traces of calls already seen (for coverage), per worker.
    func replay(_ recorded: RecordedCall, cache: TraceCache?) -> CallReplay {
        let record = recorded.record
        let call = Comparison.call(of: record)
        var out = CallReplay(verdict: .agrees(onFailover: false), call: call)
        let result: RouteResult
        do {
            result = try base.routeFast(call)
        } catch {
            out.verdict = .unexplainable(.unknownOrigin, detail: error.message)
            return out
        }
        if let missing = Comparison.missingDestination(record, in: base.model) {
            out.verdict = .unexplainable(.unknownDestination, detail: missing)
            return out
        }
        out.verdict = Comparison.verdict(result, record)
        guard out.verdict.isExplainable else { return out }
        out.dialPlan = result.dialPlan
        out.outcome = result.outcome

        var traced: RouteResult?
        if coverage, let cache {
            let entry = cache.entry(for: call) {
                let full = (try? base.route(call)) ?? result
                traced = full
                return TraceCache.Entry(
                    decidingStage: Divergence.decidingStep(full.steps)?.stage ?? .origin,
                    touched: PlanCoverage.records(touchedBy: full, in: base.model.snapshot).sorted())
            }
            out.decidingStage = entry.decidingStage
            out.touched = entry.touched
        }
        if case .disagrees(let kind) = out.verdict {
            let full = traced ?? (try? base.route(call)) ?? result
            out.divergence = Divergence.point(kind, traced: full, record: record, model: base.model)
            out.simulated = Summaries.result(full)
        }
        if !variants.isEmpty {
            out.variantAgrees.reserveCapacity(variants.count)
            for variant in variants {
                let other = try? variant.simulator.routeFast(call)
                out.variantAgrees.append(other.map { Comparison.verdict($0, record).agrees } ?? false)
            }
        }
        if let candidate {
            out.change = RouteChange.between(result, orError: { () throws(CallError) in try candidate.routeFast(call) })
        }
        return out
    }
}

/// Traces of calls already replayed, by origin and dialled number, for one worker: real traffic
/// repeats its numbers, and a trace costs twenty fast simulations. Bounded: emptied when full.
/// Each worker thread has its own; one is never used by two threads at once.
final class TraceCache: @unchecked Sendable {
    /// What coverage needs of a trace (the trace itself is not kept: it is large).
    struct Entry {
        var decidingStage: Stage
        var touched: [RecordID]
    }

    private var entries: [String: Entry] = [:]
    let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    func entry(for call: Call, _ make: () -> Entry) -> Entry {
        let key = Self.key(call)
        if let hit = entries[key] { return hit }
        let entry = make()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = entry
        return entry
    }

    static func key(_ call: Call) -> String {
        switch call.origin {
        case .localUser(let name): return "u\u{1}\(name)\u{1}\(call.called)"
        case .sipTrunk(let id, let caller): return "t\u{1}\(id)\u{1}\(caller)\u{1}\(call.called)"
        case .externalLine(let name, let caller): return "l\u{1}\(name)\u{1}\(caller)\u{1}\(call.called)"
        case .caller(let caller): return "c\u{1}\(caller)\u{1}\(call.called)"
        }
    }
}

/// One-line descriptions of results and records, as examples show them.
enum Summaries {
    /// `SIP trunk 3, sends 0049301234` or `released (noSuchUser)`.
    static func result(_ result: RouteResult) -> String {
        switch result.outcome {
        case .released, .rejected:
            return "\(result.outcome.rawValue) (\(result.release?.reason.rawValue ?? "?"))"
        case .voicemail:
            return "voice mail of \(result.target?.text ?? "the user")"
        case .localUser, .huntingGroup, .intercept, .autoAttendant:
            var text = result.target?.text ?? result.outcome.rawValue
            if result.outcome == .huntingGroup, let order = result.huntingGroup {
                text += " (operators \(order.operators.joined(separator: ", ")))"
            }
            return text
        case .externalLine, .sipTrunk, .routingGroup:
            guard let first = result.attempts.first else { return result.target?.text ?? result.outcome.rawValue }
            var text = "\(viaText(first.via)), sends \(first.called)"
            if result.attempts.count > 1 {
                text += " (then " + result.attempts.dropFirst().map { viaText($0.via) }.joined(separator: ", ") + ")"
            }
            return text
        }
    }

    static func viaText(_ via: Via) -> String {
        switch via {
        case .externalLine(let name): return "external line \(name)"
        case .sipTrunk(let id): return "SIP trunk \(id)"
        }
    }

    /// `SIP trunk 3, sent 0049301234, answered` or `failed (cause 404), no destination`.
    static func record(_ record: CDRRecord) -> String {
        var parts: [String] = []
        if let destination = record.destination {
            parts.append(destination.text)
        } else if record.answered == false {
            parts.append("no destination")
        }
        if let called = record.called { parts.append("sent \(called)") }
        if let answered = record.answered {
            parts.append(answered ? "answered" : "failed" + (record.cause.map { " (cause \($0))" } ?? ""))
        }
        return parts.isEmpty ? "nothing recorded" : parts.joined(separator: ", ")
    }
}
