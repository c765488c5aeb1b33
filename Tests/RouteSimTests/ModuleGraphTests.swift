import Foundation
import Testing

/// docs/architecture.md's module table is the module graph: each module's row lists exactly the
/// project modules its files import.
@Suite("Docs: the module graph matches the imports")
struct ModuleGraphTests {
    /// The header row of the table in docs/architecture.md.
    static let header = "| module | imports (project modules) |"

    /// Module → direct dependencies, as the table in docs/architecture.md writes them.
    static func documentedGraph(_ text: String) -> [String: Set<String>] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: header) else { return [:] }
        var graph: [String: Set<String>] = [:]
        for line in lines[(start + 2)...] {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2 else { break }
            let names = { (cell: String) in
                Set(
                    cell.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
                        .filter { $0 != "—" && !$0.isEmpty })
            }
            graph[names(cells[0]).first ?? ""] = names(cells[1])
        }
        return graph
    }

    /// The modules `text` imports (`import X`, `@_exported import X`, `import struct X.Y`, …).
    static func imports(in text: String) -> Set<String> {
        let importLine =
            try! Regex(
                #"^\s*(?:@\w+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?(\w+)"#,
                as: (Substring, Substring).self)
        var found = Set<String>()
        for line in text.split(separator: "\n") {
            if let m = line.firstMatch(of: importLine) { found.insert(String(m.1)) }
        }
        return found
    }

    /// Module → the project modules its sources import.
    static func actualGraph() throws -> [String: Set<String>] {
        let sources = DocsRepository.root.appendingPathComponent("Sources")
        let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") }
        var graph: [String: Set<String>] = [:]
        for module in modules {
            var imported = Set<String>()
            let walker = FileManager.default.enumerator(atPath: sources.appendingPathComponent(module).path)
            while let file = walker?.nextObject() as? String {
                guard file.hasSuffix(".swift") else { continue }
                imported.formUnion(imports(in: try DocsRepository.read("Sources/\(module)/\(file)")))
            }
            graph[module] = imported.intersection(modules)
        }
        return graph
    }

    @Test("the parsers read what they should")
    func parsers() {
        #expect(
            Self.imports(in: "import DialPlan\n@_exported import DigitTrie\n  import struct RouteSim.Call\n// import Nope\nlet x = 1\n")
                == ["DialPlan", "DigitTrie", "RouteSim"])
        let table = "\(Self.header)\n|---|---|\n| `A` | — |\n| `B` | `A`, `C` |\n\nafter"
        #expect(Self.documentedGraph(table) == ["A": [], "B": ["A", "C"]])
    }

    @Test("every module of Sources/ has a row, and each row lists exactly the module's project imports")
    func graphMatchesImports() throws {
        let documented = Self.documentedGraph(try DocsRepository.read("docs/architecture.md"))
        let actual = try Self.actualGraph()
        #expect(actual.count >= 10, "found only \(actual.keys.sorted()) in Sources/")
        var problems: [String] = []
        for module in Set(documented.keys).union(actual.keys).sorted() {
            guard let imports = actual[module] else {
                problems.append("\(module): in docs/architecture.md but not in Sources/")
                continue
            }
            guard let row = documented[module] else {
                problems.append("\(module): in Sources/ but has no row in docs/architecture.md")
                continue
            }
            if imports != row {
                var differences: [String] = []
                let missing = imports.subtracting(row).sorted(), extra = row.subtracting(imports).sorted()
                if !missing.isEmpty { differences.append("imports \(missing.joined(separator: ", ")), which its row lacks") }
                if !extra.isEmpty { differences.append("does not import \(extra.joined(separator: ", ")), which its row lists") }
                problems.append("\(module): " + differences.joined(separator: "; "))
            }
        }
        #expect(problems == [])
    }
}
