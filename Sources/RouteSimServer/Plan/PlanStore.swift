import Foundation
import Synchronization

/// The plan being served, and the last reload that failed: swapped atomically.
///
/// A request takes `state` once and answers from that plan to the end, whatever a reload
/// does meanwhile.
public final class PlanStore: Sendable {
    /// A reload that failed: the old plan keeps serving and the pages show this.
    public struct Failure: Sendable, Equatable {
        public var message: String
        /// When it failed, ISO 8601 in UTC.
        public var at: String
    }

    public struct State: Sendable {
        public var plan: ServedPlan
        public var failure: Failure?
    }

    private let box: Mutex<State>

    public init(_ plan: ServedPlan) {
        box = Mutex(State(plan: plan, failure: nil))
    }

    /// The plan and the last failure, read together.
    public var state: State { box.withLock { $0 } }

    public var plan: ServedPlan { state.plan }

    /// Serves `plan` from now on and clears the failure.
    func swap(to plan: ServedPlan) {
        box.withLock { $0 = State(plan: plan, failure: nil) }
    }

    /// Keeps the plan and records why a reload failed.
    func recordFailure(_ message: String) {
        let failure = Failure(message: message, at: ISO8601DateFormatter().string(from: Date()))
        box.withLock { $0.failure = failure }
    }
}
