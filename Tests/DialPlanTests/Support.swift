import Foundation
import RouteSimTestSupport

/// A file of `bytes` in the temporary folder, named `routesim-NAME-UUID` and `suffix` (the
/// caller removes it).
func temporaryFile(_ bytes: [UInt8], named name: String, suffix: String = "") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("routesim-\(name)-\(UUID().uuidString)\(suffix)").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

/// Every bundled, lint and broken plan of the corpus, folder by folder, sorted by name.
func corpusPlanFiles() throws -> [URL] {
    var files: [URL] = []
    for folder in [Corpus.plans, Corpus.lint, Corpus.broken] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        files += names.sorted().map { folder.appendingPathComponent($0) }
    }
    return files
}
