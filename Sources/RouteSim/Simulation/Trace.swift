/// The steps of a traced call, in order (`RouteResult.steps`).
///
/// A step's record key, name and words are read from the plan it was recorded against when they
/// are asked for, and its citations spelt from the assumptions the call ran under. The trace
/// keeps the plan and the assumptions once, for all of its steps, and gives them to each step as
/// it is read: a reference kept in every step (and a list of citations) was retained as the step
/// was recorded and released when the result was destroyed, at every step of every traced call.
///
/// A collection of `TraceStep`s: index it, iterate it, `first`, `last`, `filter`, `map` and
/// `Array(_:)` as with an array. Built from steps (`Trace(steps)`, or an array literal), it holds
/// them as they are.
public struct Trace: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private enum Storage {
        /// The steps a call recorded, the plan they are read from and the assumptions their
        /// citations are spelt from.
        case recorded([RecordedStep], plan: RoutingModel, rules: AssumptionsBox)
        /// Steps given as they are.
        case steps([TraceStep])
    }
    private let storage: Storage

    /// The steps a call recorded against `plan`, under `rules`.
    init(plan: RoutingModel, rules: AssumptionsBox, recorded: [RecordedStep]) {
        storage = .recorded(recorded, plan: plan, rules: rules)
    }

    /// A trace of the given steps, each as it is.
    public init(_ steps: some Sequence<TraceStep>) { storage = .steps(Array(steps)) }

    public init(arrayLiteral steps: TraceStep...) { self.init(steps) }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .recorded(let steps, _, _): return steps.count
        case .steps(let steps): return steps.count
        }
    }

    public subscript(position: Int) -> TraceStep {
        switch storage {
        case .recorded(let steps, let plan, let rules): return TraceStep(steps[position], plan: plan, rules: rules)
        case .steps(let steps): return steps[position]
        }
    }

    /// Equal when every step is, as read.
    public static func == (a: Trace, b: Trace) -> Bool { a.elementsEqual(b) }
}
