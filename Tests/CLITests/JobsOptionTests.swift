import Foundation
import RouteSimTestSupport
import Testing

@Suite("--jobs (end to end)")
struct JobsOptionTests {
    @Test("lint and test print the same with one thread and with several")
    func sameOutput() throws {
        for plan in ["corpus/lint/reanalysis-loop.json", "corpus/plans/multi-site.json"] {
            let one = try routesim(["lint", "--plan", plan, "--format", "json", "--jobs", "1"])
            let three = try routesim(["lint", "--plan", plan, "--format", "json", "--jobs", "3"])
            #expect(one.status == three.status && one.stdout == three.stdout && !one.stdout.isEmpty, "\(plan)")
        }
        let one = try routesim(["test", "--verbose", "--coverage", "--jobs", "1", "corpus/cases"])
        let four = try routesim(["test", "--verbose", "--coverage", "--jobs", "4", "corpus/cases"])
        #expect(one.status == 0 && four.status == 0)
        #expect(one.stdout == four.stdout && one.stdout.hasSuffix(" 0 failed\n"))
    }

    @Test("--jobs 0 is refused with exit status 2")
    func zeroRefused() throws {
        let r = try routesim(["lint", "--plan", "corpus/plans/multi-site.json", "--jobs", "0"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--jobs must be at least 1, found 0"))
        #expect(r.stdout == "")
    }
}
