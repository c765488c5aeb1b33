import CompiledPlan
import DialPlan
import Foundation
import RouteSim

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
            StandardError.writeMessage("routesim: note: compiled plans are not cached: \(error); ROUTESIM_NO_CACHE=1 stops this note")
            return nil
        }
    }()

    /// One entry written at a time (`test` loads plans on several threads).
    private static let writing = NSLock()

    /// The plan file at `path`, from its compiled form when that is current; otherwise from its
    /// JSON, then compiled into the cache. Errors are those of reading the JSON.
    static func load(_ path: String) throws(SnapshotError) -> Snapshot { try prepare(path).snapshot }

    /// The plan file at `path`, ready to build its model (`PreparedPlan.model`).
    ///
    /// From a compiled plan, the records are unpacked into arrays, but with `lazily` the
    /// analysis rows (`anacldnbr`) and the local users stay in the mapped file, each read when
    /// it is asked for: a command that routes a few calls reads a few of them, and a large
    /// plan's million rows and 100k users need not be unpacked for it (the model keeps them
    /// compiled, `RoutingModel.StoredIndex`). Commands that read whole tables do not want that.
    static func prepare(_ path: String, lazily: Bool = false) throws(SnapshotError) -> PreparedPlan {
        guard let cache, let loaded = try cache.load(path) else { return PreparedPlan(snapshot: try Snapshot(contentsOfFile: path)) }
        store(loaded, in: cache)
        // Written: not held while the model is built (44 MB at a million rows).
        var kept = loaded
        kept.compiled = nil
        return PreparedPlan(snapshot: loaded.snapshot.unpacked(except: lazily ? [.calledAnalysis, .localUsers] : []), loaded: kept)
    }

    /// A plan file read through the cache, and what its compiled plan keeps beside the records.
    struct PreparedPlan {
        let snapshot: Snapshot
        var loaded: CompiledPlanCache.Loaded?

        /// The plan's model under `assumptions` (keys checked, as `RoutingModel(snapshot:
        /// assumptions:)` does). When the compiled plan keeps the index of a model built under
        /// these assumptions (`RoutingModel.StoredIndex`), the model is made with it: no key
        /// check, no trie build. Otherwise the model is built and its index added to the compiled
        /// plan for the next run.
        func model(assumptions: Assumptions) throws(SnapshotError) -> RoutingModel {
            guard let loaded, let cache else { return try RoutingModel(snapshot: snapshot, assumptions: assumptions) }
            if let owner = loaded.owner, !loaded.extra.isEmpty,
                let model = RoutingModel(snapshot: snapshot, assumptions: assumptions, indexSections: loaded.extra, owner: owner)
            {
                return model
            }
            // Building reads every record, several times: from arrays.
            let model = try RoutingModel(snapshot: snapshot.unpacked(), assumptions: assumptions)
            model.withIndexSections { sections in
                if let entry = cache.withExtra(sections, entry: loaded.entry, sourceHash: loaded.sourceHash) {
                    write(entry, to: loaded.entry, in: cache)
                }
            }
            return model
        }
    }

    /// Writes what `loaded` says is missing or out of date, and why an entry was not usable.
    private static func store(_ loaded: CompiledPlanCache.Loaded, in cache: CompiledPlanCache) {
        if let note = loaded.rejected { StandardError.writeMessage("routesim: note: \(note)") }
        if let compiled = loaded.compiled { write(compiled, to: loaded.entry, in: cache) }
    }

    private static func write(_ bytes: [UInt8], to entry: String, in cache: CompiledPlanCache) {
        write(to: entry, in: cache) { piece in bytes.withUnsafeBytes(piece) }
    }

    private static func write(_ encoding: EncodedEntry, to entry: String, in cache: CompiledPlanCache) {
        write(to: entry, in: cache, encoding.write)
    }

    /// Writes the entry whose bytes `pieces` hands over in order (false: stop), replacing it
    /// atomically; a failure is a note, not an error: the plan was read, only not cached.
    private static func write(
        to entry: String, in cache: CompiledPlanCache, _ pieces: ((UnsafeRawBufferPointer) -> Bool) -> Bool
    ) {
        writing.lock()
        defer { writing.unlock() }
        do throws(CLIError) {
            let file = try OutputFile.openReplacing(entry, holdsSecrets: true)
            var failure: CLIError?
            _ = pieces { piece in
                do throws(CLIError) { try file.write(piece) } catch {
                    failure = error
                    return false
                }
                return true
            }
            if let failure { throw failure }
            try file.commit()
            cache.evict(keeping: entry)
        } catch {
            StandardError.writeMessage("routesim: note: the compiled plan is not cached: \(error.message)")
        }
    }
}
