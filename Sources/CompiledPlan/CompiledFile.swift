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
/// 24  producer fingerprint        UInt64   the routesim build and layout that wrote it
/// 32  assumptions fingerprint     UInt64   the assumptions the index was built under
/// 40  source size                 UInt64   the plan file it was compiled from
/// 48  source content hash         UInt64
/// 56  section count               UInt32
/// 60  (zero)                      UInt32
/// 64  header checksum             UInt64   of the header and section table, this field as 0
/// 72  sections: id UInt32, (zero) UInt32, offset UInt64, length UInt64, checksum UInt64
/// ```
///
/// Everything is little-endian. Every checksum is XXH64.
struct CompiledFile {
    static let magic: [UInt8] = Array("RSPLAN".utf8) + [0, 0]
    /// Bumped whenever the layout of the file or of a section changes.
    static let formatVersion: UInt32 = 1
    static let fixedHeaderSize = 72
    static let sectionEntrySize = 32
    static let alignment = 64

    struct Header: Equatable {
        var producer: UInt64
        var assumptions: UInt64
        var sourceSize: UInt64
        var sourceHash: UInt64
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
        case assumptions
        case sections
        case checksum(section: UInt32)
        case stale
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
            case .assumptions: return "built under other assumptions"
            case .sections: return "corrupt section table"
            case .checksum(let section): return "corrupt: section \(section) fails its checksum"
            case .stale: return "stale: the plan changed since it was compiled"
            case .missingSection(let id): return "section \(id) is missing"
            case .malformed(let what): return "malformed: \(what)"
            }
        }
    }

    /// Writes `sections` under `header` to `path`, atomically.
    static func write(_ path: String, header: Header, sections: [(id: UInt32, bytes: UnsafeRawBufferPointer)]) throws(FileSystemError) {
        let headerSize = fixedHeaderSize + sections.count * sectionEntrySize
        var offset = align(headerSize)
        var entries: [SectionEntry] = []
        for section in sections {
            entries.append(SectionEntry(id: section.id, offset: offset, length: section.bytes.count, checksum: Checksum.of(section.bytes)))
            offset = align(offset + section.bytes.count)
        }
        let fileSize = offset
        var head = [UInt8](repeating: 0, count: align(headerSize))
        head.withUnsafeMutableBytes { h in
            h.copyBytes(from: magic)
            h.storeBytes(of: formatVersion.littleEndian, toByteOffset: 8, as: UInt32.self)
            h.storeBytes(of: UInt32(headerSize).littleEndian, toByteOffset: 12, as: UInt32.self)
            h.storeBytes(of: UInt64(fileSize).littleEndian, toByteOffset: 16, as: UInt64.self)
            h.storeBytes(of: header.producer.littleEndian, toByteOffset: 24, as: UInt64.self)
            h.storeBytes(of: header.assumptions.littleEndian, toByteOffset: 32, as: UInt64.self)
            h.storeBytes(of: header.sourceSize.littleEndian, toByteOffset: 40, as: UInt64.self)
            h.storeBytes(of: header.sourceHash.littleEndian, toByteOffset: 48, as: UInt64.self)
            h.storeBytes(of: UInt32(sections.count).littleEndian, toByteOffset: 56, as: UInt32.self)
            for (i, entry) in entries.enumerated() {
                let at = fixedHeaderSize + i * sectionEntrySize
                h.storeBytes(of: entry.id.littleEndian, toByteOffset: at, as: UInt32.self)
                h.storeBytes(of: UInt64(entry.offset).littleEndian, toByteOffset: at + 8, as: UInt64.self)
                h.storeBytes(of: UInt64(entry.length).littleEndian, toByteOffset: at + 16, as: UInt64.self)
                h.storeBytes(of: entry.checksum.littleEndian, toByteOffset: at + 24, as: UInt64.self)
            }
            let checksum = Checksum.of(UnsafeRawBufferPointer(rebasing: h[0..<headerSize]))
            h.storeBytes(of: checksum.littleEndian, toByteOffset: 64, as: UInt64.self)
        }
        let zeros = [UInt8](repeating: 0, count: alignment)
        let written = head.withUnsafeBytes { headBytes in
            zeros.withUnsafeBytes { padding in
                var parts: [UnsafeRawBufferPointer] = [headBytes]
                for (section, entry) in zip(sections, entries) {
                    parts.append(section.bytes)
                    let pad = align(entry.offset + entry.length) - (entry.offset + entry.length)
                    if pad > 0 { parts.append(UnsafeRawBufferPointer(rebasing: padding[0..<pad])) }
                }
                return Result { () throws(FileSystemError) in try FileSystem.writeAtomically(path, parts) }
            }
        }
        try written.get()
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
        let count = Int(UInt32(littleEndian: h.loadUnaligned(fromByteOffset: 56, as: UInt32.self)))
        guard headerSize == fixedHeaderSize + count * sectionEntrySize, headerSize <= size else { throw .header }
        var head = Array(h[0..<headerSize])
        let stored = UInt64(littleEndian: h.loadUnaligned(fromByteOffset: 64, as: UInt64.self))
        head.withUnsafeMutableBytes { $0.storeBytes(of: 0, toByteOffset: 64, as: UInt64.self) }
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
            guard entry.offset == end, entry.length >= 0, entry.offset + entry.length <= size else { throw .sections }
            end = align(entry.offset + entry.length)
            entries.append(entry)
        }
        guard end == size else { throw .sections }
        let header = Header(
            producer: UInt64(littleEndian: h.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
            assumptions: UInt64(littleEndian: h.loadUnaligned(fromByteOffset: 32, as: UInt64.self)),
            sourceSize: UInt64(littleEndian: h.loadUnaligned(fromByteOffset: 40, as: UInt64.self)),
            sourceHash: UInt64(littleEndian: h.loadUnaligned(fromByteOffset: 48, as: UInt64.self)))
        keep = true
        return Opened(file: file, fd: fd, identity: identity, header: header, entries: entries)
    }
}
