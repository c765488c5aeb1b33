import RouteSimGenerator

/// The trials of a property test, each drawing its inputs from its own `SeededGenerator`.
///
/// The same seed gives the same inputs on every toolchain only if every draw goes through the
/// generator's own methods (`below`, `within`, `chance`, `pick`, `dialString`): the standard
/// library's `random(in:using:)`, `randomElement(using:)` and `shuffled(using:)` may change their
/// algorithm between releases, and `SystemRandomNumberGenerator` never repeats.
///
/// Put the trial in the comment of each expectation, `#expect(ok, "\(trial)")`: a failure then
/// names the property's seed, the trial, and the seed that replays that trial alone with
/// `PropertyTrials(replaying:)`.
public struct PropertyTrials: Sequence {
    /// The property's seed: trial seeds are drawn from it.
    public let seed: UInt64
    public let count: Int
    private let replayed: UInt64?

    public init(seed: UInt64, count: Int) {
        self.seed = seed
        self.count = count
        replayed = nil
    }

    /// The one trial whose seed a failure printed.
    public init(replaying trialSeed: UInt64) {
        seed = trialSeed
        count = 1
        replayed = trialSeed
    }

    /// One trial: its number, its seed and a generator for its draws.
    public struct Trial: CustomStringConvertible, Sendable {
        public let number: Int
        public let count: Int
        public let propertySeed: UInt64
        public let seed: UInt64
        /// A fresh generator for this trial's draws.
        public var generator: SeededGenerator { SeededGenerator(seed: seed) }

        public var description: String {
            let replay = "PropertyTrials(replaying: 0x\(String(seed, radix: 16)))"
            return "trial \(number) of \(count) of property seed \(propertySeed); run it alone with \(replay)"
        }
    }

    public struct Iterator: IteratorProtocol {
        let trials: PropertyTrials
        var seeds: SeededGenerator
        var number = 0

        public mutating func next() -> Trial? {
            guard number < trials.count else { return nil }
            number += 1
            let seed = trials.replayed ?? seeds.next()
            return Trial(number: number, count: trials.count, propertySeed: trials.seed, seed: seed)
        }
    }

    public func makeIterator() -> Iterator { Iterator(trials: self, seeds: SeededGenerator(seed: seed)) }
}

extension SeededGenerator {
    /// A string of `length` characters drawn from `alphabet` (for dial strings: "0129*#+").
    public mutating func dialString(length: ClosedRange<Int>, from alphabet: [Character]) -> String {
        String((0..<within(length)).map { _ in pick(alphabet) })
    }
}
