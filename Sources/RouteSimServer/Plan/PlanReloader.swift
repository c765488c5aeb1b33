import Foundation
import Synchronization

/// Reloads the served plan, all or nothing: the new plan is read and indexed beside the old
/// one, then swapped in; a plan that fails to load leaves the old one serving, with the error
/// in the banner and in the `X-RouteSim-Reload-Error` header of API answers.
///
/// Reloads run one at a time, whatever asks for them: the file watcher, SIGHUP, or the timer
/// of `--fetch-from … --every`.
public final class PlanReloader: Sendable {
    public let source: PlanSource
    public let store: PlanStore
    /// The probe of the last reading, so that an unchanged file is not read again.
    private let lastProbe: Mutex<String?>
    private let running = Mutex(())

    /// What one reload did.
    public enum Outcome: Sendable, Equatable {
        /// A new plan is served (its generation).
        case swapped(Int)
        /// The source holds the plan being served.
        case unchanged
        /// The old plan keeps serving.
        case failed(String)
    }

    public init(source: PlanSource, store: PlanStore) {
        self.source = source
        self.store = store
        lastProbe = Mutex(source.probe())
    }

    /// Reads the source and swaps the plan in if it changed.
    @discardableResult
    public func reload() -> Outcome {
        running.withLock { _ in
            let probe = source.probe()
            lastProbe.withLock { $0 = probe }
            let loaded: LoadedPlan
            do { loaded = try source.read() } catch {
                let message = (error as? PlanLoadError)?.message ?? "\(error)"
                store.recordFailure(message)
                return .failed(message)
            }
            let current = store.plan
            if loaded.fingerprint == current.fingerprint {
                if store.state.failure != nil { store.swap(to: current) }
                return .unchanged
            }
            do {
                let plan = try ServedPlan(loaded, sourceName: source.name, generation: current.generation + 1)
                store.swap(to: plan)
                return .swapped(plan.generation)
            } catch {
                let message = (error as? PlanLoadError)?.message ?? "\(error)"
                store.recordFailure(message)
                return .failed(message)
            }
        }
    }

    /// Reloads when the source's probe changed since the last reading (nothing to do for
    /// sources without a probe).
    @discardableResult
    public func reloadIfChanged() -> Outcome {
        guard let probe = source.probe() else { return .unchanged }
        guard lastProbe.withLock({ $0 }) != probe else { return .unchanged }
        return reload()
    }
}
