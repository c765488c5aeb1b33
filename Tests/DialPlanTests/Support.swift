import Foundation

/// A file of `bytes` in the temporary folder, named `routesim-NAME-UUID` and `suffix` (the
/// caller removes it).
func temporaryFile(_ bytes: [UInt8], named name: String, suffix: String = "") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("routesim-\(name)-\(UUID().uuidString)\(suffix)").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}
