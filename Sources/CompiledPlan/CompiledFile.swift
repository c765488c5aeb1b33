#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file format of a compiled plan: a header, a table of sections, then the sections, each
/// starting on a 64-byte boundary so that arrays of 4- and 8-byte values are used in place.
///
/// ```
/// 0   magic "RSPLAN\0\0"          8 bytes
/// 8   format version              UInt32
/// 12  header size (with table)    UInt32
/// 16  file size                   UInt64
/// 24  producer fingerprint        UInt64   the record layout of the routesim that wrote it
/// 32  source content hash         UInt64   XXH64 of the plan file's bytes
/// 40  written                     Int64    wall-clock nanoseconds when it was compiled
/// 48  source device, inode        UInt64, UInt64   the plan file as it was then
/// 64  source size                 Int64
/// 72  source modification time    Int64    nanoseconds
/// 80  source status-change time   Int64    nanoseconds
/// 88  section count               UInt32
/// 92  (zero)                      UInt32
/// 96  header checksum             UInt64   of the header and section table, this field as 0
/// 104 sections: id UInt32, (zero) UInt32, offset UInt64, length UInt64, checksum UInt64
/// ```
///
/// Everything is little-endian. Every checksum is XXH64.
struct CompiledFile {
    static let magic: [UInt8] = Array("RSPLAN".utf8) + [0, 0]
    /// Bumped whenever the layout of the file or of a section changes.
    static let formatVersion: UInt32 = 1
    static let fixedHeaderSize = 104
    static let sectionEntrySize = 32
    static let alignment = 64

    struct Header: Equatable {
        var producer: UInt64
        var sourceHash: UInt64
        /// Wall-clock nanoseconds when the file was compiled.
        var written: Int64
        /// The plan file it was compiled from, as it was then.
        var source: FileIdentity
    }

    struct SectionEntry: Equatable {
        var id: UInt32
        var offset: Int
        var length: Int
        var checksum: UInt64
    }

    /// Why a compiled file cannot be used (it is then rebuilt).
    enum Rejection: Error, Equatable, CustomStringConvertible {
        case unreadable(String)
        case truncated(declared: Int, found: Int)
        case notCompiledPlan
        case version(found: UInt32)
        case header
        case producer
        case sections
        case checksum(section: UInt32)
        case stale
        case foreignLayout
        case missingSection(UInt32)
        case malformed(String)

        var description: String {
            switch self {
            case .unreadable(let why): return "unreadable (\(why))"
            case .truncated(let declared, let found): return "truncated: \(found) bytes of \(declared)"
            case .notCompiledPlan: return "not a compiled plan"
            case .version(let found): return "format version \(found), this routesim reads \(CompiledFile.formatVersion)"
            case .header: return "corrupt header (checksum mismatch)"
            case .producer: return "written by another routesim build"
            case .sections: return "corrupt section table"
            case .checksum(let section): return "corrupt: section \(section) fails its checksum"
            case .stale: return "stale: the plan changed since it was compiled"
            case .foreignLayout: return "malformed: its sections do not make a plan"
            case .missingSection(let id): return "section \(id) is missing"
            case .malformed(let what): return "malformed: \(what)"
            }
        }
    }

    /// The bytes of a compiled file that holds `sections` (numbered from 0) under `header`.
    static func encode(header: Header, sections: [UnsafeRawBufferPointer]) -> [UInt8] {
        encoding(header: header, sections: sections).bytes
    }

    /// The file of `header` and `sections`, to be written a piece at a time (`EncodedEntry`).
    static func encoding(header: Header, sections: [UnsafeRawBufferPointer], owner: AnyObject? = nil) -> EncodedEntry {
        let headerSize = fixedHeaderSize + sections.count * sectionEntrySize
        var entries: [SectionEntry] = []
        var offset = align(headerSize)
        for (id, section) in sections.enumerated() {
            entries.append(SectionEntry(id: UInt32(id), offset: offset, length: section.count, checksum: Checksum.of(section)))
            offset = align(offset + section.count)
        }
        let fileSize = offset
        var head = [UInt8](repeating: 0, count: align(headerSize))
        head.withUnsafeMutableBytes { h in
            h.copyBytes(from: magic)
            h.storeBytes(of: formatVersion.littleEndian, toByteOffset: 8, as: UInt32.self)
            h.storeBytes(of: UInt32(headerSize).littleEndian, toByteOffset: 12, as: UInt32.self)
            h.storeBytes(of: UInt64(fileSize).littleEndian, toByteOffset: 16, as: UInt64.self)
            h.storeBytes(of: header.producer.littleEndian, toByteOffset: 24, as: UInt64.self)
            h.storeBytes(of: header.sourceHash.littleEndian, toByteOffset: 32, as: UInt64.self)
            h.storeBytes(of: header.written.littleEndian, toByteOffset: 40, as: Int64.self)
            h.storeBytes(of: header.source.device.littleEndian, toByteOffset: 48, as: UInt64.self)
            h.storeBytes(of: header.source.inode.littleEndian, toByteOffset: 56, as: UInt64.self)
            h.storeBytes(of: header.source.size.littleEndian, toByteOffset: 64, as: Int64.self)
            h.storeBytes(of: header.source.modified.littleEndian, toByteOffset: 72, as: Int64.self)
            h.storeBytes(of: header.source.changed.littleEndian, toByteOffset: 80, as: Int64.self)
            h.storeBytes(of: UInt32(sections.count).littleEndian, toByteOffset: 88, as: UInt32.self)
            for (i, entry) in entries.enumerated() {
                let at = fixedHeaderSize + i * sectionEntrySize
                h.storeBytes(of: entry.id.littleEndian, toByteOffset: at, as: UInt32.self)
                h.storeBytes(of: UInt64(entry.offset).littleEndian, toByteOffset: at + 8, as: UInt64.self)
                h.storeBytes(of: UInt64(entry.length).littleEndian, toByteOffset: at + 16, as: UInt64.self)
                h.storeBytes(of: entry.checksum.littleEndian, toByteOffset: at + 24, as: UInt64.self)
            }
            let checksum = Checksum.of(UnsafeRawBufferPointer(rebasing: h[0..<headerSize]))
            h.storeBytes(of: checksum.littleEndian, toByteOffset: 96, as: UInt64.self)
        }
        return EncodedEntry(head: head, sections: sections, offsets: entries.map(\.offset), size: fileSize, owner: owner)
    }

    static func align(_ offset: Int) -> Int { (offset + alignment - 1) / alignment * alignment }

    /// An open compiled file: mapped, its header and section table checked (cheap: no section
    /// is read). `verifySections()` reads every section against its checksum.
    final class Opened: @unchecked Sendable {
        // @unchecked: nothing here changes after `map` made it.
        let file: MappedFile
        let fd: Int32
        let identity: FileIdentity
        let header: Header
        let entries: [SectionEntry]

        init(file: MappedFile, fd: Int32, identity: FileIdentity, header: Header, entries: [SectionEntry]) {
            self.file = file
            self.fd = fd
            self.identity = identity
            self.header = header
            self.entries = entries
        }

        deinit { close(fd) }

        /// The bytes of section `id`, in place.
        func section(_ id: UInt32) throws(Rejection) -> UnsafeRawBufferPointer {
            guard let entry = entries.first(where: { $0.id == id }) else { throw .missingSection(id) }
            return UnsafeRawBufferPointer(rebasing: file.bytes[entry.offset..<(entry.offset + entry.length)])
        }

        /// Every section's bytes in place, in order.
        var sections: [UnsafeRawBufferPointer] {
            entries.map { UnsafeRawBufferPointer(rebasing: file.bytes[$0.offset..<($0.offset + $0.length)]) }
        }

        /// Reads every section through the page cache (not the mapping) and compares its checksum.
        func verifySections() throws(Rejection) {
            for entry in entries {
                var checksum = Checksum()
                let read = FileSystem.readChunks(fd, offset: entry.offset, count: entry.length) { checksum.update($0) }
                guard read else { throw .unreadable("cannot read section \(entry.id)") }
                guard checksum.finish() == entry.checksum else { throw .checksum(section: entry.id) }
            }
        }
    }

    /// Opens and maps `path`, checking what can be checked without reading the sections: the
    /// size, magic, version, header checksum and section bounds.
    static func map(_ path: String) throws(Rejection) -> Opened {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        var keep = false
        defer { if !keep { close(fd) } }
        guard let identity = FileIdentity(fd: fd) else { throw .unreadable("not a regular file") }
        let size = Int(identity.size)
        guard size >= fixedHeaderSize else { throw size == 0 ? .truncated(declared: fixedHeaderSize, found: 0) : .notCompiledPlan }
        guard let file = MappedFile(fd: fd, size: size) else { throw .unreadable("cannot map it") }
        let h = file.bytes
        guard Array(h[0..<8]) == magic else { throw .notCompiledPlan }
        let version = UInt32(littleEndian: h.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard version == formatVersion else { throw .version(found: version) }
        let headerSize = Int(UInt32(littleEndian: h.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
        let declared = Int(UInt64(littleEndian: h.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
        guard declared == size else {
            throw declared > size ? .truncated(declared: declared, found: size) : .malformed("\(size - declared) bytes past its end")
        }
        let count = Int(UInt32(littleEndian: h.loadUnaligned(fromByteOffset: 88, as: UInt32.self)))
        guard headerSize == fixedHeaderSize + count * sectionEntrySize, headerSize <= size else { throw .header }
        var head = Array(h[0..<headerSize])
        let stored = UInt64(littleEndian: h.loadUnaligned(fromByteOffset: 96, as: UInt64.self))
        head.withUnsafeMutableBytes { $0.storeBytes(of: 0, toByteOffset: 96, as: UInt64.self) }
        guard head.withUnsafeBytes({ Checksum.of($0) }) == stored else { throw .header }
        var entries: [SectionEntry] = []
        var end = align(headerSize)
        for i in 0..<count {
            let at = fixedHeaderSize + i * sectionEntrySize
            let entry = SectionEntry(
                id: UInt32(littleEndian: h.loadUnaligned(fromByteOffset: at, as: UInt32.self)),
                offset: Int(UInt64(littleEndian: h.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))),
                length: Int(UInt64(littleEndian: h.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self))),
                checksum: UInt64(littleEndian: h.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self)))
            guard entry.id == UInt32(i), entry.offset == end, entry.length >= 0, entry.offset + entry.length <= size else {
                throw .sections
            }
            end = align(entry.offset + entry.length)
            entries.append(entry)
        }
        guard end == size else { throw .sections }
        func word(_ at: Int) -> UInt64 { UInt64(littleEndian: h.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        func signed(_ at: Int) -> Int64 { Int64(bitPattern: word(at)) }
        let header = Header(
            producer: word(24), sourceHash: word(32), written: signed(40),
            source: FileIdentity(device: word(48), inode: word(56), size: signed(64), modified: signed(72), changed: signed(80)))
        keep = true
        return Opened(file: file, fd: fd, identity: identity, header: header, entries: entries)
    }
}

/// A compiled file to write: its header and section table, then each section at its offset
/// with zeros between, handed over a piece at a time (`write`) so that a file of hundreds of
/// megabytes need not be copied whole into memory first (a million rows' entry with its
/// index is 100 MB). The sections lie in memory `owner` keeps alive (a mapped entry).
public struct EncodedEntry: @unchecked Sendable {
    // @unchecked: the sections are read only, and `owner` keeps them alive.
    let head: [UInt8]
    let sections: [UnsafeRawBufferPointer]
    let offsets: [Int]
    /// The file's size in bytes.
    public let size: Int
    let owner: AnyObject?

    /// Hands the file's bytes to `body`, in order, until it returns false; false then.
    @discardableResult
    public func write(_ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        let zeros = [UInt8](repeating: 0, count: CompiledFile.alignment)
        var at = 0
        func pad(to offset: Int) -> Bool {
            while at < offset {
                let n = min(offset - at, zeros.count)
                guard zeros.withUnsafeBytes({ body(UnsafeRawBufferPointer(rebasing: $0[..<n])) }) else { return false }
                at += n
            }
            return true
        }
        guard head.withUnsafeBytes(body) else { return false }
        at = head.count
        for (section, offset) in zip(sections, offsets) {
            guard pad(to: offset), section.isEmpty || body(section) else { return false }
            at += section.count
        }
        return pad(to: size)
    }

    /// The whole file in memory.
    public var bytes: [UInt8] {
        var file: [UInt8] = []
        file.reserveCapacity(size)
        write {
            file.append(contentsOf: $0)
            return true
        }
        return file
    }
}
