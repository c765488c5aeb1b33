import Foundation
import Testing

/// The `§` numbers users read — in `--list-assumptions`, the docs, the README, comments — name
/// sections of docs/semantics.md that exist, and nothing points at a document users do not have.
@Suite("Docs: § citations resolve")
struct DocsCitationTests {
    /// A numbered heading of docs/semantics.md: `## 4 The pipeline`, `### 4.3 The analysis loop`.
    struct Section: Equatable, CustomStringConvertible {
        var number: [Int]
        var hashes: Int
        var line: Int
        var description: String {
            "line \(line): \(String(repeating: "#", count: hashes)) \(number.map(String.init).joined(separator: "."))"
        }
    }

    /// A `§N.N` in a file, with what stands right before it (`semantics`, `contract`, …).
    struct Citation: CustomStringConvertible {
        var file: String
        var line: Int
        var number: String
        var before: String
        var description: String { "\(file):\(line): §\(number)" }
    }

    static func sections(in text: String) -> [Section] {
        let heading = try! Regex(#"^(#{2,6}) +([0-9]+(?:\.[0-9]+)*) +\S"#, as: (Substring, Substring, Substring).self)
        var found: [Section] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let m = line.firstMatch(of: heading) else { continue }
            found.append(Section(number: m.2.split(separator: ".").map { Int($0)! }, hashes: m.1.count, line: i + 1))
        }
        return found
    }

    static func citations(in text: String, file: String) -> [Citation] {
        let citation = try! Regex(#"(\S*) ?§ ?([0-9]+(?:\.[0-9]+)*)"#, as: (Substring, Substring, Substring).self)
        var found: [Citation] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for m in line.matches(of: citation) {
                found.append(Citation(file: file, line: i + 1, number: String(m.2), before: String(m.1)))
            }
        }
        return found
    }

    /// The files users can read: sources, docs, README, the corpus, scripts and benchmarks (not
    /// the tests, which quote broken citations on purpose).
    static func userFacingFiles() -> [String] {
        let extensions: Set<String> = ["swift", "md", "yaml", "yml", "h", "modulemap", "py", "sh"]
        var files = ["README.md", "Package.swift"]
        for folder in ["Sources", "docs", "corpus", "scripts", "Benchmarks", ".ci"] {
            let url = DocsRepository.root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey]) else {
                continue
            }
            for case let file as URL in walker {
                guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let relative = String(file.path.dropFirst(DocsRepository.root.path.count + 1))
                // What CI keeps from a run (screenshots) is no page users read.
                if relative.hasPrefix(".ci/artifacts/") { continue }
                // Scripts often have no extension.
                if extensions.contains(file.pathExtension) || folder == "scripts" || folder == ".ci" { files.append(relative) }
            }
        }
        return files.sorted()
    }

    @Test("docs/semantics.md numbers its sections in order, one heading level per number level")
    func sectionsAreNumberedInOrder() throws {
        let sections = Self.sections(in: try DocsRepository.read("docs/semantics.md"))
        #expect(sections.count >= 8, "docs/semantics.md has too few numbered sections: \(sections)")
        var problems: [String] = []
        var previous: [Int] = []
        for section in sections {
            if section.hashes != section.number.count + 1 {
                problems.append("\(section): a \(section.number.count)-level number needs \(section.number.count + 1) #")
            }
            var expected = Array(previous.prefix(section.number.count - 1))
            if expected.count < section.number.count - 1 {
                problems.append("\(section): skips a level after \(previous)")
            } else {
                expected.append(previous.count >= section.number.count ? previous[section.number.count - 1] + 1 : 1)
                if section.number != expected {
                    problems.append("\(section): expected \(expected.map(String.init).joined(separator: "."))")
                }
            }
            previous = section.number
        }
        #expect(problems == [])
    }

    @Test("every § citation names a numbered section of docs/semantics.md")
    func citationsResolve() throws {
        let numbers = Set(
            Self.sections(in: try DocsRepository.read("docs/semantics.md")).map { $0.number.map(String.init).joined(separator: ".") })
        var problems: [String] = []
        var count = 0
        for file in Self.userFacingFiles() {
            for citation in Self.citations(in: try DocsRepository.read(file), file: file) {
                count += 1
                if citation.before.lowercased().contains("contract") {
                    problems.append("\(citation): cites the outside contract; cite docs/*.md instead")
                } else if !numbers.contains(citation.number) {
                    problems.append("\(citation): docs/semantics.md has no section \(citation.number)")
                }
            }
        }
        // The assumption catalogue alone cites more than a dozen sections: a scan that finds
        // fewer is not looking where it should.
        #expect(count >= 20, "found only \(count) citations")
        #expect(problems == [])
    }

    @Test("no page, comment or message points at a document users do not have")
    func nothingPointsOutside() throws {
        var problems: [String] = []
        for file in Self.userFacingFiles() {
            for (i, line) in try DocsRepository.read(file).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.contains("../shared") || line.contains("contract.md") {
                    problems.append("\(file):\(i + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(problems == [])
    }
}

/// Files of the repository this test file lives in.
enum DocsRepository {
    /// The repository root: three levels up from this file (`Tests/RouteSimTests/…`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }
}
