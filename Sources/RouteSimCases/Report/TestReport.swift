import DialPlan
import RouteSim

/// A test run rendered for people (text), programs (JSON) and CI dashboards (JUnit XML).
///
/// Pure renderings of the run: no I/O, so the CLI decides where each goes.
extension TestRun {
    /// Each failed case: one line per unmet expectation, then the call's trace, indented.
    ///
    /// `cases.yaml: case "intl from 100": called: expected /^0086\d+$/, got "0123"`
    public var failuresText: String {
        let run = self
        var out = ""
        for result in run.results where !result.passed {
            for failure in result.failures {
                out += "\(result.source): case \(quoted(result.testCase.name)): \(failure)".escapingControlCharacters + "\n"
            }
            out += TestReport.indent(result.result.traceText, by: 4) + "\n"
        }
        return out
    }

    /// One line per case, passed or failed: `PASS cases.yaml: case "intl from 100"`.
    public var listingText: String {
        results.map { "\($0.passed ? "PASS" : "FAIL") \($0.source): case \(quoted($0.testCase.name))".escapingControlCharacters + "\n" }
            .joined()
    }

    /// `N passed, M failed`: CI reads this exact line.
    public var summaryText: String {
        "\(passed) passed, \(failed) failed\n"
    }

    /// Per plan, the records no case exercised, by table, with their keys.
    public var coverageText: String { coverage.map(\.text).joined() }

    /// The run as one JSON object: `cases`, `summary` and, when asked for, `coverage`.
    public func json(coverage: Bool) -> JSONValue {
        let run = self
        var members: [(String, JSONValue)] = [
            (
                "cases",
                .array(
                    run.results.map { result in
                        var fields: [(String, JSONValue)] = [
                            ("file", .string(result.source)),
                            ("name", .string(result.testCase.name)),
                            ("passed", .bool(result.passed)),
                        ]
                        if !result.passed {
                            fields.append(
                                (
                                    "failures",
                                    .array(
                                        result.failures.map { failure in
                                            .object([
                                                ("field", .string(failure.field)), ("expected", .string(failure.expected)),
                                                ("actual", .string(failure.actual)),
                                            ])
                                        })
                                ))
                            fields.append(("result", result.result.jsonValue))
                        }
                        return .object(fields)
                    })
            ),
            ("summary", .object([("passed", .int(run.passed)), ("failed", .int(run.failed))])),
        ]
        if coverage {
            members.append(
                (
                    "coverage",
                    .array(
                        run.coverage.map { plan in
                            let untested = plan.uncovered
                            return .object([
                                ("plan", .string(plan.plan)),
                                ("records", .int(plan.total)),
                                ("exercised", .int(plan.total - untested.reduce(0) { $0 + $1.records.count })),
                                (
                                    "notExercised",
                                    .array(
                                        untested.flatMap { table, records in
                                            records.map { index in
                                                .object([
                                                    ("table", .string(table.rawValue)), ("index", .int(index)),
                                                    ("key", table.keyJSON(plan.snapshot.key(of: table, at: index))),
                                                ])
                                            }
                                        })
                                ),
                            ])
                        })
                ))
        }
        return .object(members)
    }

    /// The run as JUnit XML: one `testsuite` per case file, one `testcase` per case; a failed
    /// case holds a `failure` whose message is its first unmet expectation and whose text is every
    /// failure line and the trace. With coverage, each suite's `system-out` carries its plan's.
    public func junit(coverage: Bool) -> String {
        let run = self
        var files: [String] = []
        var byFile: [String: [CaseResult]] = [:]
        for result in run.results {
            if byFile[result.source] == nil { files.append(result.source) }
            byFile[result.source, default: []].append(result)
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"routesim test\" tests=\"\(run.results.count)\" failures=\"\(run.failed)\" errors=\"0\">\n"
        for file in files {
            let results = byFile[file]!
            let failed = results.count { !$0.passed }
            out +=
                "  <testsuite name=\"\(TestReport.xml(file))\" tests=\"\(results.count)\" failures=\"\(failed)\" errors=\"0\" skipped=\"0\">\n"
            let className = TestReport.junitClassName(file)
            for result in results {
                out += "    <testcase classname=\"\(TestReport.xml(className))\" name=\"\(TestReport.xml(result.testCase.name))\""
                if result.passed {
                    out += "/>\n"
                    continue
                }
                out += ">\n"
                let body = result.failures.map(\.description).joined(separator: "\n") + "\n\n" + result.result.traceText
                out +=
                    "      <failure type=\"expectation\" message=\"\(TestReport.xml(result.failures[0].description))\">\(TestReport.xml(body))</failure>\n"
                out += "    </testcase>\n"
            }
            if coverage, let plan = run.coverage.first(where: { $0.plan == run.planOfFile[file] }) {
                out += "    <system-out>\(TestReport.xml(plan.text))</system-out>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

}

extension PlanCoverage {
    /// The records of the plan no case exercised, by table, with their keys.
    public var text: String {
        let total = self.total
        let missing = uncovered
        let untested = missing.reduce(0) { $0 + $1.records.count }
        var out = "coverage \(plan): \(total - untested) of \(total) records exercised".escapingControlCharacters
        out += untested == 0 ? "\n" : "; not exercised:\n"
        for (table, records) in missing {
            out += "  \(table.rawValue) (\(records.count) of \(snapshot.count(of: table)))\n"
            for index in records {
                let key = snapshot.key(of: table, at: index)
                out += "    [\(index)] \(key.isEmpty ? table.rawValue : table.keyText(key))".escapingControlCharacters + "\n"
            }
        }
        return out
    }
}

/// Helpers of the renderings.
private enum TestReport {
    /// `corpus/cases/demo-office.yaml` → `corpus.cases.demo-office` (dashboards split on dots).
    static func junitClassName(_ file: String) -> String {
        var name = file
        for ext in [".yaml", ".yml", ".json"] where name.lowercased().hasSuffix(ext) {
            name.removeLast(ext.count)
        }
        while name.hasPrefix("./") { name.removeFirst(2) }
        while name.hasPrefix("/") { name.removeFirst() }
        return name.replacingOccurrences(of: "/", with: ".")
    }

    static func indent(_ text: String, by width: Int) -> String {
        let pad = String(repeating: " ", count: width)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }
            .joined(separator: "\n")
    }

    /// Escapes text for XML content and attributes, dropping characters XML 1.0 cannot hold.
    static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
