import Foundation

/// The repository root, found from this file's path (`Tests/RouteSimTestSupport/Corpus.swift`).
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The data the tests run on, under `corpus/`.
public enum Corpus {
    /// `corpus/`.
    public static let directory = repositoryRoot.appendingPathComponent("corpus")
    /// `corpus/plans`: the bundled plans the README documents, each with its lint configuration, if any.
    public static let plans = directory.appendingPathComponent("plans")
    /// `corpus/lint`: one plan per lint rule, each with its expected findings.
    public static let lint = directory.appendingPathComponent("lint")
    /// `corpus/cases`: expected outcomes of calls through the bundled plans.
    public static let cases = directory.appendingPathComponent("cases")
    /// `corpus/broken`: plans broken on purpose.
    public static let broken = directory.appendingPathComponent("broken")
    /// `corpus/reference`: schemas the outputs are checked against.
    public static let reference = directory.appendingPathComponent("reference")

    /// The bundled plan `corpus/plans/NAME.json`.
    public static func plan(_ name: String) -> URL {
        plans.appendingPathComponent("\(name).json")
    }

    /// The names of the bundled plans (`corpus/plans/*.json` but lint configurations), sorted.
    ///
    /// Empty when the folder cannot be read: a test parameterised over this list must have a
    /// sibling test that expects it to be non-empty, since a test with no arguments never runs.
    public static let planNames: [String] = names(in: plans, ending: ".json").filter { !$0.hasSuffix(".lint") }

    /// The names (without `suffix`) of the files in `folder` whose names end with `suffix`, sorted;
    /// empty when the folder cannot be read.
    public static func names(in folder: URL, ending suffix: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }
}
