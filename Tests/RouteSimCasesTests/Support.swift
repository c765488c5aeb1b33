import DialPlan
import Foundation
import RouteSim

@testable import RouteSimCases

/// The folder of this test target.
let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let smallPlanPath = testsFolder.appendingPathComponent("Fixtures/small-plan.json").path

func loadSmallPlan() throws -> Snapshot {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: smallPlanPath)))
    return try Snapshot(json: bytes, source: smallPlanPath)
}

/// Parses a YAML case file from text (its plan line is not read: the runner gets the snapshot).
func parseYAML(_ text: String, source: String = "cases.yaml") throws(CaseFileError) -> CaseFile {
    try CaseFile(bytes: Array(text.utf8), source: source)
}

/// The error a case file's text raises, as the user reads it; nil when it parses.
func parseError(_ text: String, source: String = "cases.yaml") -> String? {
    do {
        _ = try CaseFile(bytes: Array(text.utf8), source: source)
        return nil
    } catch {
        return error.description
    }
}

/// Runs a YAML case file's text against the small plan.
func runSmall(_ text: String) throws -> [CaseResult] {
    try CaseRunner(snapshot: try loadSmallPlan()).run(try parseYAML(text))
}
