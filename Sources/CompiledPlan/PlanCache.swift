import DialPlan

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The cache of compiled plans: one file per plan file, in a folder of the user's own.
///
/// A plan is found by its file, not by its content: hashing a large plan's JSON costs about as
/// much as a good part of decoding it. The entry is named by a hash of the plan's real path and
/// holds the plan file's identity when it was compiled (device, inode, size, modification and
/// status-change times) and a hash of its content. When the identity is the same, and the plan
/// had not changed for two seconds before it was compiled (a change within one tick of the file
/// system's clock could keep its times), the entry is used without reading the plan. Otherwise the
/// plan is read and hashed: the same content uses the entry (and refreshes its identity), other
/// content rebuilds it. An entry is never trusted beyond its checksums: a truncated, corrupt or
/// foreign file, another format version or another record layout is rebuilt.
public struct CompiledPlanCache: Sendable {
    /// The folder the entries are in.
    public let directory: String
    /// The most the entries may take together, and how many there may be: beyond either, the
    /// entries used longest ago are removed after a new one is written.
    public var maximumBytes: Int64 = 2 << 30
    public var maximumEntries = 32
    /// The plan file size from which a plan is read as it is decoded (`FileBytes`; tests set 0).
    package var readFrom = FileBytes.releaseFrom

    /// How long a plan file must have been left alone before its identity is trusted.
    static let settleNanoseconds: Int64 = 2_000_000_000

    /// Why the cache is not used: its folder cannot be made, or others could read what is in it.
    public struct Unusable: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The cache in `directory`, which is made (mode 0700, with the folders above it) if missing.
    /// Refuses a folder that is not the user's own or that others may read or write: plans may
    /// hold passwords.
    public init(directory: String) throws(Unusable) {
        self.directory = directory
        do { try FileSystem.makeDirectories(directory) } catch { throw Unusable(description: error.description) }
        var info = stat()
        guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw Unusable(description: "\(directory) is not a folder")
        }
        guard info.st_uid == geteuid() else { throw Unusable(description: "\(directory) belongs to another user") }
        guard info.st_mode & 0o077 == 0 else {
            throw Unusable(
                description:
                    "others may open \(directory) (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 700 it to cache plans there")
        }
    }

    /// The cache folder an environment names: `$XDG_CACHE_HOME/routesim`, else
    /// `$HOME/.cache/routesim`; nil when `ROUTESIM_NO_CACHE` is set to anything but `0` or empty,
    /// or when neither variable names an absolute folder.
    public static func directory(environment: [String: String]) -> String? {
        if let off = environment["ROUTESIM_NO_CACHE"], !off.isEmpty, off != "0" { return nil }
        if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") { return base + "/routesim" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/routesim" }
        return nil
    }

    /// The entry of the plan file at `path` (nil: the path cannot be resolved).
    public func entryPath(forPlan path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        let real = String(cString: resolved)
        let hash = Array(real.utf8).withUnsafeBytes { Checksum.of($0) }
        let hex = String(hash, radix: 16)
        return directory + "/" + String(repeating: "0", count: 16 - hex.count) + hex + ".rsplan"
    }

    /// A plan loaded through the cache.
    public struct Loaded: @unchecked Sendable {
        // @unchecked: `extra` points into the read-only mapping `owner` keeps alive.
        /// The plan; from the entry, its records are read from the mapped file as they are asked
        /// for (`Snapshot.unpacked()` holds them in arrays).
        public var snapshot: Snapshot
        /// Where the plan's entry is.
        public var entry: String
        /// Whether the snapshot came from the entry (rather than from the plan's JSON).
        public var fromCache: Bool
        /// The entry to write (atomically, mode 0600) when it is missing or out of date.
        public var compiled: [UInt8]?
        /// Why an entry that was there could not be used, when that is a surprise (a truncated or
        /// corrupt file); nil when there was none, or it was merely out of date (the plan changed,
        /// another routesim wrote it).
        public var rejected: String?
        /// What the entry keeps beyond the plan's records (a built index, `withExtra`), verified
        /// like the rest, kept alive by `owner`; empty when it keeps nothing more.
        public var extra: [UnsafeRawBufferPointer] = []
        /// The mapped entry `extra` lies in.
        public var owner: AnyObject?
        /// The hash of the plan's content the entry was compiled from.
        public var sourceHash: UInt64 = 0
    }

    /// Loads the plan file at `path` through the cache: the entry when it is the compilation of
    /// the plan as it is now, else the plan's JSON (and the entry to write). Errors are those of
    /// `Snapshot(contentsOfFile:)`, word for word; nil when the plan is no regular file (read it
    /// without the cache).
    public func load(_ path: String) throws(SnapshotError) -> Loaded? {
        let started = wallClockNanoseconds()
        guard let identity = FileIdentity(path: path), let entry = entryPath(forPlan: path) else { return nil }
        var rejection: CompiledFile.Rejection?
        var opened: CompiledFile.Opened?
        if FileIdentity(path: entry) != nil {
            do throws(CompiledFile.Rejection) {
                let file = try CompiledFile.map(entry)
                guard file.header.producer == Self.producer else { throw .producer }
                opened = file
            } catch {
                rejection = error
            }
        }
        if let opened, opened.header.vouches(for: identity) {
            do throws(CompiledFile.Rejection) {
                let snapshot = try Self.snapshot(opened, source: path)
                touch(entry)
                return Loaded(
                    snapshot: snapshot, entry: entry, fromCache: true, extra: Self.extra(opened), owner: opened,
                    sourceHash: opened.header.sourceHash)
            } catch {
                rejection = error
            }
        }
        // A large plan is hashed a piece at a time, then decoded as it is read again
        // (`FileBytes`): its text is never all in memory (a million rows: 500 MB at the peak when
        // it was held whole while it was decoded and compiled). Both reads are of the file as it
        // was opened: one that changes in between is refused.
        let contents: FileContents.Contents
        do { contents = try FileContents.read(path, what: "plan", mappingFrom: readFrom, step: FileBytes.releaseStep) } catch {
            throw SnapshotError(source: path, message: error.message)
        }
        let hash: UInt64
        switch contents {
        case .array(let bytes): hash = bytes.withUnsafeBytes { Checksum.of($0) }
        case .mapped(let file):
            var checksum = Checksum()
            guard file.readThrough({ checksum.update($0) }) else { throw SnapshotError.changedWhileRead(path) }
            hash = checksum.finish()
        }
        let header = CompiledFile.Header(producer: Self.producer, sourceHash: hash, written: started, source: identity)
        if let opened, rejection == nil {
            if opened.header.sourceHash == hash {
                do throws(CompiledFile.Rejection) {
                    let snapshot = try Self.snapshot(opened, source: path)
                    let refreshed = CompiledFile.encode(header: header, sections: opened.sections)
                    return Loaded(
                        snapshot: snapshot, entry: entry, fromCache: true, compiled: refreshed, extra: Self.extra(opened),
                        owner: opened, sourceHash: hash)
                } catch {
                    rejection = error
                }
            } else {
                rejection = .stale
            }
        }
        let snapshot = try Snapshot(contents: contents, source: path)
        let compiled = Self.compile(snapshot, header: header)
        return Loaded(
            snapshot: snapshot, entry: entry, fromCache: false, compiled: compiled,
            rejected: rejection.flatMap { $0.isSurprise ? "the compiled plan \(entry) was \($0); rebuilt from \(path)" : nil },
            sourceHash: hash)
    }

    /// The sections of `opened` past the plan's own.
    static func extra(_ opened: CompiledFile.Opened) -> [UnsafeRawBufferPointer] {
        Array(opened.sections.dropFirst(PackedSnapshot.sectionCount))
    }

    /// The entry at `entry` with `extra` in place of whatever it kept beyond the plan's records,
    /// to write over it (atomically) while `extra` is alive; nil when the entry is no longer the
    /// compilation of the plan content hashed `sourceHash` by this routesim (another process
    /// rewrote it, it was removed, or it fails its checksums). Its own sections are read from the
    /// mapped entry as it is written, not copied.
    public func withExtra(_ extra: [UnsafeRawBufferPointer], entry: String, sourceHash: UInt64) -> EncodedEntry? {
        guard let opened = try? CompiledFile.map(entry), opened.header.producer == Self.producer,
            opened.header.sourceHash == sourceHash, (try? opened.verifySections()) != nil
        else { return nil }
        let own = Array(opened.sections.prefix(PackedSnapshot.sectionCount))
        guard own.count == PackedSnapshot.sectionCount else { return nil }
        return CompiledFile.encoding(header: opened.header, sections: own + extra, owner: opened)
    }

    /// The compiled file of `snapshot` (read from a plan file described by `header`).
    static func compile(_ snapshot: Snapshot, header: CompiledFile.Header) -> [UInt8] {
        PackedSnapshot(snapshot).withSections(warnings: snapshot.warnings) { CompiledFile.encode(header: header, sections: $0) }
    }

    /// The plan in `opened`, its sections verified against their checksums, its records left in
    /// the mapped file and read as they are asked for (`RecordList`; `Snapshot.unpacked()`).
    static func snapshot(_ opened: CompiledFile.Opened, source: String) throws(CompiledFile.Rejection) -> Snapshot {
        try opened.verifySections()
        let own = Array(opened.sections.prefix(PackedSnapshot.sectionCount))
        guard let snapshot = PackedSnapshot.snapshot(sections: own, owner: opened, source: source, lazily: true) else {
            throw .foreignLayout
        }
        return snapshot
    }

    /// Marks `entry` as used now (the entries used longest ago are removed first).
    func touch(_ entry: String) { _ = utimensat(AT_FDCWD, entry, nil, 0) }

    /// Removes the entries used longest ago until the rest fit the bounds; `entry` (the one just
    /// written) stays.
    public func evict(keeping entry: String) {
        guard let folder = opendir(directory) else { return }
        var entries: [(path: String, size: Int64, used: Int64)] = []
        while let item = readdir(folder) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(".rsplan"), !name.hasPrefix(".") else { continue }
            let path = directory + "/" + name
            guard let identity = FileIdentity(path: path) else { continue }
            entries.append((path, identity.size, path == entry ? Int64.max : identity.modified))
        }
        closedir(folder)
        var total: Int64 = 0
        for (i, item) in entries.sorted(by: { $0.used > $1.used }).enumerated() {
            total += item.size
            if item.path != entry && (i >= maximumEntries || total > maximumBytes) { unlink(item.path) }
        }
    }

    /// The fingerprint of this routesim's record layout (the fields of every table, how each is
    /// stored): an entry written under another layout is rebuilt even at the same format version.
    /// (An entry may keep more sections after the plan's own, `withExtra`; routesim builds from
    /// before that was so would call such entries malformed, hence "extra sections" in it.)
    static let producer: UInt64 = Array((PackedSnapshot.layoutDescription + "; extra sections").utf8).withUnsafeBytes {
        Checksum.of($0)
    }
}

extension CompiledFile.Header {
    /// Whether the plan file, as it is now (`identity`), is the one this file was compiled from,
    /// without reading it: the same identity, and no change in the two seconds before it was
    /// compiled.
    func vouches(for identity: FileIdentity) -> Bool {
        identity == source && max(identity.modified, identity.changed) + CompiledPlanCache.settleNanoseconds < written
    }
}

extension CompiledFile.Rejection {
    /// Whether users are told: a damaged file is a surprise, an out-of-date one is not.
    var isSurprise: Bool {
        switch self {
        case .stale, .producer, .version: return false
        default: return true
        }
    }
}
