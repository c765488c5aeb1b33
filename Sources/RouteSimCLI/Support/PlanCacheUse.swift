import CompiledPlan
import DialPlan
import Foundation

/// How the commands read plan files: through the cache of compiled plans (`CompiledPlanCache`,
/// docs/formats.md) unless `ROUTESIM_NO_CACHE=1`, written through `OutputFile` (atomic, mode 0600).
enum PlanCacheUse {
    /// The cache of this process: nil when it is switched off, when there is no home folder, or
    /// when its folder cannot be used (a note on stderr says why, once).
    static let cache: CompiledPlanCache? = {
        guard let directory = CompiledPlanCache.directory(environment: ProcessInfo.processInfo.environment) else { return nil }
        do {
            return try CompiledPlanCache(directory: directory)
        } catch {
            StandardError.write("routesim: note: compiled plans are not cached: \(error); ROUTESIM_NO_CACHE=1 stops this note\n")
            return nil
        }
    }()

    /// One entry written at a time (`test` loads plans on several threads).
    private static let writing = NSLock()

    /// The plan file at `path`, from its compiled form when that is current; otherwise from its
    /// JSON, then compiled into the cache. Errors are those of reading the JSON.
    static func load(_ path: String) throws(SnapshotError) -> Snapshot {
        guard let cache, let loaded = try cache.load(path) else { return try Snapshot(contentsOfFile: path) }
        if let note = loaded.rejected { StandardError.write("routesim: note: \(note)\n") }
        if let compiled = loaded.compiled {
            writing.lock()
            defer { writing.unlock() }
            do {
                try OutputFile.write(bytes: compiled, to: loaded.entry, holdsSecrets: true)
                cache.evict(keeping: loaded.entry)
            } catch {
                StandardError.write("routesim: note: the compiled plan is not cached: \(error.message)\n")
            }
        }
        return loaded.snapshot
    }
}
