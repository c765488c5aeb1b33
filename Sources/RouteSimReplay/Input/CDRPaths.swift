import Foundation

/// The CDR files the user named: a file stands for itself, `-` for standard input, and a folder
/// for its files (miniSIPServer writes one file per day into its `cdr` folder).
public enum CDRPaths {
    /// Expands `paths` in the order given; a folder's files (not its subfolders, not hidden
    /// files) come in name order, which for the vendor's daily files is date order. Every path
    /// that does not exist, or a folder without files, is an error; all of them are listed.
    public static func expand(_ paths: [String]) throws(CDRPathsError) -> [String] {
        var files: [String] = []
        var errors: [CDRInputError] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                files.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(CDRInputError(path: path, message: "no such file or folder"))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: path)
            } catch {
                errors.append(CDRInputError(path: path, message: "cannot list the folder: \(error.localizedDescription)"))
                continue
            }
            let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
            let found = names.filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }.filter { file in
                var isFolder: ObjCBool = false
                return manager.fileExists(atPath: file, isDirectory: &isFolder) && !isFolder.boolValue
            }
            if found.isEmpty { errors.append(CDRInputError(path: path, message: "the folder holds no files")) }
            files += found
        }
        if files.filter({ $0 == "-" }).count > 1 {
            errors.append(CDRInputError(path: "-", message: "standard input can be named once"))
        }
        if !errors.isEmpty { throw CDRPathsError(errors: errors) }
        return files
    }
}

/// Paths that cannot be used; every one is listed.
public struct CDRPathsError: Error, Sendable, CustomStringConvertible {
    public var errors: [CDRInputError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
