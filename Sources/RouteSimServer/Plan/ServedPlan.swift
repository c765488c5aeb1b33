import DialPlan
import Foundation
import RouteSim
import RouteSimGraph
import RouteSimLint
import Synchronization

/// One loaded plan with everything the pages and the API read, built before it is served.
///
/// Immutable once built: requests hold a reference while they run, so a reload that swaps in
/// a new plan never changes an answer half-way. The lint report and the graph are computed on
/// first use and kept; simulators under other assumptions (what-if) are kept for the few
/// settings last asked for.
public final class ServedPlan: Sendable {
    public let snapshot: Snapshot
    /// The file or URL the plan came from.
    public let sourceName: String
    public let fingerprint: String
    /// 1 for the plan loaded at start, then one more for each swap.
    public let generation: Int
    /// When the plan was loaded, ISO 8601 in UTC.
    public let loadedAt: String
    public let lintConfiguration: LintConfiguration
    /// The simulator under the default assumptions.
    public let simulator: Simulator
    public let labels: RecordLabels
    /// The origins the route page offers, users first (at most `originLimit`).
    public let origins: [OriginChoice]
    public let recordCount: Int
    private let cache = Mutex(Cache())

    /// The most origins the page's completion list carries.
    public static let originLimit = 2000

    private struct Cache: ~Copyable {
        var lint: LintReport?
        var graph: RoutingGraph?
        var simulators: [(key: String, simulator: Simulator)] = []
    }

    /// Indexes a plan; refuses one in which two records share a key, as `route` does.
    public init(_ loaded: LoadedPlan, sourceName: String, generation: Int) throws(PlanLoadError) {
        do {
            simulator = try Simulator(snapshot: loaded.snapshot)
        } catch {
            throw PlanLoadError(error.description)
        }
        snapshot = loaded.snapshot
        self.sourceName = sourceName
        fingerprint = loaded.fingerprint
        self.generation = generation
        lintConfiguration = loaded.lintConfiguration
        labels = RecordLabels(loaded.snapshot)
        origins = OriginChoice.all(in: loaded.snapshot, limit: Self.originLimit)
        recordCount = Table.allCases.reduce(0) { $0 + loaded.snapshot.count(of: $1) }
        loadedAt = ISO8601DateFormatter().string(from: Date())
    }

    /// The simulator under `assumptions` (built on first use, the last 8 settings kept).
    public func simulator(for assumptions: Assumptions) -> Simulator {
        if assumptions == simulator.model.assumptions { return simulator }
        let key = assumptions.changedFromDefaults.joined(separator: "&")
        if let kept = cache.withLock({ cache in cache.simulators.first { $0.key == key }?.simulator }) { return kept }
        // Keys were checked when the plan was loaded.
        let built = Simulator(model: RoutingModel(unchecked: snapshot, assumptions: assumptions))
        cache.withLock { cache in
            cache.simulators.removeAll { $0.key == key }
            cache.simulators.append((key, built))
            if cache.simulators.count > 8 { cache.simulators.removeFirst() }
        }
        return built
    }

    /// The lint report under the default assumptions, with the plan's suppressions.
    public var lintReport: LintReport {
        if let kept = cache.withLock({ $0.lint }) { return kept }
        let report = lintReport(assumptions: Assumptions())
        cache.withLock { $0.lint = report }
        return report
    }

    /// The lint report under `assumptions` (not kept unless they are the defaults).
    public func lintReport(assumptions: Assumptions) -> LintReport {
        if assumptions == Assumptions(), let kept = cache.withLock({ $0.lint }) { return kept }
        var options = LintOptions()
        if let prefixes = lintConfiguration.costlyPrefixes { options.costlyPrefixes = prefixes }
        let findings = Linter(snapshot: snapshot, assumptions: assumptions, options: options).run()
        return LintReport(findings: findings, configuration: lintConfiguration, snapshot: snapshot)
    }

    /// The whole plan as a graph (built once).
    public var graph: RoutingGraph {
        if let kept = cache.withLock({ $0.graph }) { return kept }
        let graph = RoutingGraph(snapshot: snapshot)
        cache.withLock { $0.graph = graph }
        return graph
    }
}

/// An origin the route page offers: the value it puts in the URL and what people read.
public struct OriginChoice: Sendable, Equatable {
    /// `user:100`, `trunk:1`, `line:6001`.
    public var value: String
    /// `100 · Reception · reception`.
    public var label: String

    static func all(in snapshot: Snapshot, limit: Int) -> [OriginChoice] {
        var choices: [OriginChoice] = []
        func label(_ parts: [String]) -> String {
            var seen: [String] = []
            for part in parts where !part.isEmpty && !seen.contains(part) { seen.append(part) }
            return seen.joined(separator: " · ")
        }
        for user in snapshot.localUsers.prefix(limit) {
            choices.append(OriginChoice(value: "user:\(user.name)", label: label([user.name, user.displayName, user.description])))
        }
        for trunk in snapshot.sipTrunks.prefix(max(0, limit - choices.count)) {
            choices.append(OriginChoice(value: "trunk:\(trunk.id)", label: label(["SIP trunk \(trunk.id)", trunk.description])))
        }
        for line in snapshot.externalLines.prefix(max(0, limit - choices.count)) {
            choices.append(OriginChoice(value: "line:\(line.name)", label: label(["external line \(line.name)", line.description])))
        }
        return choices
    }
}
