import DialPlan
import Foundation
import RouteSimLint

/// Where the served plan comes from, and how to tell that it changed.
///
/// A file is probed cheaply (device, inode, modification and change times, size) and read only
/// when the probe changes — the inode tells a file replaced by rename (editors, atomic writes)
/// even within one tick of the file system's clock, when the times and size may all be equal;
/// a reading whose content hash equals the plan being served swaps nothing. Other sources (the
/// CLI's `--fetch-from`, through the OpenAPI client) give no probe and are read when asked.
public struct PlanSource: Sendable {
    /// The file or URL, as the banner and `/api/status` name it.
    public var name: String
    /// A cheap sign of change (nil: none; read on every reload).
    public var probe: @Sendable () -> String?
    /// Reads and decodes the plan (no index is built here).
    public var read: @Sendable () throws(PlanLoadError) -> LoadedPlan

    public init(
        name: String, probe: @escaping @Sendable () -> String? = { nil },
        read: @escaping @Sendable () throws(PlanLoadError) -> LoadedPlan
    ) {
        self.name = name
        self.probe = probe
        self.read = read
    }

    /// A snapshot file, with its lint configuration: `lintConfiguration` if given, else
    /// `PLAN.lint.json` beside it when that exists (as `routesim lint` reads it).
    public static func file(_ path: String, lintConfiguration: String? = nil) -> PlanSource {
        PlanSource(
            name: path,
            probe: {
                var info = stat()
                guard stat(path, &info) == 0 else { return "missing" }
                return
                    "\(info.st_dev):\(info.st_ino):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec):\(info.st_size)"
            },
            read: { () throws(PlanLoadError) -> LoadedPlan in try readFile(path, lintConfiguration: lintConfiguration) })
    }

    /// Reads a snapshot file and its lint configuration.
    static func readFile(_ path: String, lintConfiguration: String?) throws(PlanLoadError) -> LoadedPlan {
        let bytes: [UInt8]
        do { bytes = try FileContents.read(path, what: "plan") } catch { throw PlanLoadError(error.description) }
        let snapshot: Snapshot
        do { snapshot = try Snapshot(json: bytes, source: path) } catch { throw PlanLoadError(error.description) }
        let configuration = try Self.lintConfiguration(
            lintConfiguration ?? Self.configPath(besidePlan: path), required: lintConfiguration != nil)
        return LoadedPlan(snapshot: snapshot, lintConfiguration: configuration, fingerprint: Fingerprint.of(bytes))
    }

    /// `plan.json` → `plan.lint.json` (as `routesim lint` looks for it).
    public static func configPath(besidePlan path: String) -> String {
        (path.hasSuffix(".json") ? String(path.dropLast(5)) : path) + ".lint.json"
    }

    /// Reads the lint configuration at `path` (for sources that are no file, such as a fetch).
    public static func readLintConfiguration(_ path: String) throws(PlanLoadError) -> LintConfiguration {
        try Self.lintConfiguration(path, required: true)
    }

    static func lintConfiguration(_ path: String, required: Bool) throws(PlanLoadError) -> LintConfiguration {
        if !required && !FileManager.default.fileExists(atPath: path) { return LintConfiguration() }
        let bytes: [UInt8]
        do { bytes = try FileContents.read(path, what: "lint configuration") } catch { throw PlanLoadError(error.description) }
        do {
            return try LintConfiguration(json: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw PlanLoadError("\(path): \(error.message)")
        }
    }
}

/// A plan read from its source, not yet indexed.
public struct LoadedPlan: Sendable {
    public var snapshot: Snapshot
    public var lintConfiguration: LintConfiguration
    /// A hash of the content: the same plan read twice has the same fingerprint.
    public var fingerprint: String

    public init(snapshot: Snapshot, lintConfiguration: LintConfiguration = LintConfiguration(), fingerprint: String) {
        self.snapshot = snapshot
        self.lintConfiguration = lintConfiguration
        self.fingerprint = fingerprint
    }
}

/// A plan that could not be read or indexed: the message the banner shows.
public struct PlanLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// FNV-1a over the bytes, as 16 hex digits: enough to tell two readings of a plan apart.
public enum Fingerprint {
    public static func of(_ bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
