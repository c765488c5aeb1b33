import Foundation
import RouteSim
import RouteSimTestSupport
import Testing

@Suite("README library example")
struct ReadmeExampleTests {
    /// The example's lines as the README must show them: `import RouteSim`, a blank line, then
    /// the lines between the markers of ReadmeExample.swift.
    static func exampleLines() throws -> [String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ReadmeExample.swift")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let begin = try #require(lines.firstIndex { $0.contains("// README example begins") })
        let end = try #require(lines.firstIndex { $0.contains("// README example ends") })
        let indent = lines[begin].prefix { $0 == " " }.count
        return ["import RouteSim", ""] + lines[(begin + 1)..<end].map { String($0.dropFirst(indent)) }
    }

    @Test("README.md shows the library example exactly as ReadmeExample.swift compiles it")
    func readmeShowsTheExample() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## As a library"), "README.md has no \"## As a library\" section")
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```swift\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        let shown = rest[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expected = try Self.exampleLines()
        #expect(Array(shown.dropLast()) == expected)
    }

    @Test("the library example routes user 100's call to 92002 through external line 6001")
    func exampleRuns() throws {
        try #require(
            FileManager.default.fileExists(atPath: "corpus/plans/demo-office.json"),
            "the example reads corpus/plans/demo-office.json: run the tests from the package root")
        let result = try readmeLibraryExample()
        #expect(result.outcome == .externalLine)
        #expect(result.target == .externalLine("6001"))
        #expect(result.attempts.map(\.called) == ["2002"])
    }
}
