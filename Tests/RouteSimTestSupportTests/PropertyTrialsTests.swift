import RouteSimGenerator
import RouteSimTestSupport
import Testing

@Suite("Property trials")
struct PropertyTrialsTests {
    @Test("trials have their own seeds, and a trial replays alone from the seed its failure prints")
    func replay() {
        let trials = Array(PropertyTrials(seed: 7, count: 5))
        #expect(trials.map(\.number) == [1, 2, 3, 4, 5])
        #expect(Set(trials.map(\.seed)).count == 5)
        #expect(Array(PropertyTrials(seed: 7, count: 5)).map(\.seed) == trials.map(\.seed))
        let third = trials[2]
        let replayed = Array(PropertyTrials(replaying: third.seed))
        #expect(replayed.count == 1)
        var a = third.generator, b = replayed[0].generator
        #expect((0..<8).map { _ in a.next() } == (0..<8).map { _ in b.next() })
        #expect(
            third.description
                == "trial 3 of 5 of property seed 7; run it alone with PropertyTrials(replaying: 0x\(String(third.seed, radix: 16)))")
    }

    @Test("dial strings have a length in range and only the alphabet's characters")
    func dialStrings() {
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<200 {
            let text = rng.dialString(length: 2...4, from: ["1", "#"])
            #expect((2...4).contains(text.count) && text.allSatisfy { $0 == "1" || $0 == "#" }, "\(text)")
        }
    }
}
