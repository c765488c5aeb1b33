import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

@testable import RouteSimCases

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Case files on disk: plans, coverage, JUnit")
struct CaseSuiteTests {
    static let passing = """
        plan: %PLAN%
        cases:
          - name: intl from 100
            from: {user: "100"}
            dial: "0123"
            expect: {outcome: externalLine, attempts: [{extLine: intl, called: '/^0086\\d+$/'}]}
          - name: a local user
            from: {user: "100"}
            dial: "101"
            expect: {outcome: localUser, target: {usrname: "101"}}
        """

    static let failing = """
        plan: %PLAN%
        cases:
          - name: wrong <number> & "quotes"
            from: {user: "101"}
            dial: "0123"
            expect: {called: "0086123"}
        """

    func writeFiles(_ texts: [String: String]) throws -> ScratchDirectory {
        let scratch = try ScratchDirectory()
        for (name, text) in texts {
            try scratch.write(text.replacingOccurrences(of: "%PLAN%", with: smallPlanPath), to: name)
        }
        return scratch
    }

    @Test("coverage lists the records no case touched, by table, with keys")
    func coverage() throws {
        let scratch = try writeFiles(["a.yaml": Self.passing])
        let run = try CaseSuite.run(paths: [scratch.path("a.yaml")])
        #expect(run.coverage.count == 1)
        let plan = try #require(run.coverage.first)
        #expect(plan.total == 8)
        #expect(plan.uncovered.map(\.table) == [.calledAnalysis])
        #expect(plan.uncovered.first?.records == [2])
        #expect(
            run.coverageText == """
                coverage \(smallPlanPath): 7 of 8 records exercised; not exercised:
                  anacldnbr (1 of 3)
                    [2] dialPlan "default", calledNbr "8"

                """)
        let json = run.json(coverage: true)
        #expect(
            json["coverage"]
                == .array([
                    .object([
                        ("plan", .string(smallPlanPath)), ("records", .int(8)), ("exercised", .int(7)),
                        (
                            "notExercised",
                            .array([
                                .object([
                                    ("table", .string("anacldnbr")), ("index", .int(2)),
                                    ("key", .object([("dialPlan", .string("default")), ("calledNbr", .string("8"))])),
                                ])
                            ])
                        ),
                    ])
                ]))
    }

    @Test("JUnit output parses as XML with the right counts and failure text")
    func junit() throws {
        let scratch = try writeFiles(["a.yaml": Self.passing, "b.yaml": Self.failing])
        let run = try CaseSuite.run(paths: CaseSuite.expand([scratch.url.path]))
        #expect(run.passed == 2 && run.failed == 1)
        let xml = run.junit(coverage: true)
        let document = try XMLDocument(data: Data(xml.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "3")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { $0.attribute(forName: "tests")?.stringValue } == ["2", "1"])
        #expect(suites.map { $0.attribute(forName: "failures")?.stringValue } == ["0", "1"])
        #expect(suites.flatMap { $0.elements(forName: "testcase") }.count == 3)
        let failed = try #require(suites[1].elements(forName: "testcase").first)
        #expect(failed.attribute(forName: "name")?.stringValue == #"wrong <number> & "quotes""#)
        let failure = try #require(failed.elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue == #"called: expected "0086123", got "0123""#)
        #expect(failure.stringValue?.contains("outcome    externalLine  external line intl") == true)
        #expect(suites[0].elements(forName: "system-out").first?.stringValue?.hasPrefix("coverage ") == true)
    }

    @Test("plans resolve relative to the case file, and every unusable file is reported")
    func errors() throws {
        let scratch = try ScratchDirectory()
        let folder = scratch.url
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("plans"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: smallPlanPath, toPath: folder.appendingPathComponent("plans/p.json").path)
        let good = Self.passing.replacingOccurrences(of: "%PLAN%", with: "../plans/p.json")
        try scratch.write(good, to: "cases/good.yaml")
        try scratch.write(good.replacingOccurrences(of: "p.json", with: "missing.json"), to: "cases/bad-plan.yaml")
        try scratch.write("plan: ../plans/p.json\ncases:\n  - name: x\n    form: {user: \"100\"}\n", to: "cases/typo.yaml")

        let run = try CaseSuite.run(paths: [folder.appendingPathComponent("cases/good.yaml").path])
        #expect(run.passed == 2)
        #expect(run.coverage.map(\.plan) == [folder.appendingPathComponent("plans/p.json").path])

        let base = folder.appendingPathComponent("cases").path
        let error = #expect(throws: CaseSuiteError.self) { try CaseSuite.run(paths: CaseSuite.expand([base])) }
        #expect(
            error?.errors.map(\.description) == [
                "\(base)/bad-plan.yaml: field \"plan\": \(folder.path)/plans/missing.json: no such plan file",
                "\(base)/typo.yaml:4: case 1 (\"x\"): field \"form\": unknown field (did you mean \"from\"?); the fields here are name, from, dial, assume, state, expect",
            ])
    }

    @Test("plan paths are tidied without touching the disk")
    func resolve() {
        #expect(CaseSuite.resolve("../plans/p.json", relativeTo: "corpus/cases/a.yaml") == "corpus/plans/p.json")
        #expect(CaseSuite.resolve("p.json", relativeTo: "a.yaml") == "p.json")
        #expect(CaseSuite.resolve("./p.json", relativeTo: "./x/a.yaml") == "x/p.json")
        #expect(CaseSuite.resolve("../../p.json", relativeTo: "x/a.yaml") == "../p.json")
        #expect(CaseSuite.resolve("/abs/p.json", relativeTo: "x/a.yaml") == "/abs/p.json")
    }
}
