/// How `replay` reads CDR files: the column mapping, the header row, the pairing window.
public struct CDRReadOptions: Sendable {
    /// The columns as `--columns` or a mapping file gave them; nil: each file's header row, or
    /// else the default layout (an assumption, docs/replay.md).
    public var columns: ColumnSpecification?
    public var header = HeaderMode.auto
    /// How many records apart the two halves of one call may be and still be paired.
    public var pairingWindow = 1000
    /// Names to show for files read under another path (standard input copied to a file).
    public var displayNames: [String: String] = [:]

    public init(columns: ColumnSpecification? = nil, header: HeaderMode = .auto) {
        self.columns = columns
        self.header = header
    }
}

/// Whether a file's first record is a header row.
public enum HeaderMode: String, CaseIterable, Sendable {
    /// A header when at least two of its cells name CDR fields and none is a number.
    case auto
    case yes
    case no
}

/// How one file's columns were mapped, for the report.
public struct FileMapping: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// From the file's header row.
        case header
        /// From `--columns` or a mapping file (its name).
        case specification(String)
        /// The default layout: an assumption about the vendor's column order.
        case defaultLayout
    }

    public var file: String
    public var source: Source
    public var mapping: ColumnMapping
    /// Header cells no field was mapped from.
    public var unusedHeaderCells: [String]
}

/// A file whose columns cannot be mapped (a header without the caller or dialled number, a
/// header name `--columns` gives that the header lacks): nothing of it can be replayed.
public struct CDRMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var place: RecordPlace
    public var message: String
    public var description: String { "\(place): \(message)" }
}

/// The records of several CDR files, one after another, each file mapped on its own.
final class CDRStream {
    enum Item {
        case record(CDRRecord)
        case malformed(MalformedRecord)
    }

    let paths: [String]
    let options: CDRReadOptions
    private var fileIndex = -1
    private var reader: CSVReader?
    private var parser: CDRRecordParser?
    private var fileName = ""
    /// Every file's mapping, in the order the files were read.
    private(set) var mappings: [FileMapping] = []
    /// Records and malformed records per file, for the report.
    private(set) var recordsRead = 0

    init(paths: [String], options: CDRReadOptions) {
        self.paths = paths
        self.options = options
    }

    /// The next record or malformed record; nil after the last file. A file that cannot be opened
    /// or mapped throws; a read error in the middle of a file is a malformed record (`unreadable`)
    /// and the stream goes on with the next file.
    func next() throws(CDRStreamError) -> Item? {
        while true {
            if reader == nil {
                fileIndex += 1
                guard fileIndex < paths.count else { return nil }
                fileName = options.displayNames[paths[fileIndex]] ?? paths[fileIndex]
                do {
                    reader = CSVReader(try CDRFileReader(path: paths[fileIndex]))
                } catch {
                    throw .input(CDRInputError(path: fileName, message: error.message))
                }
                parser = nil
            }
            let csv = reader!
            let event: CSVReader.Event
            do {
                event = try csv.next()
            } catch {
                reader = nil
                return .malformed(
                    MalformedRecord(
                        place: RecordPlace(file: fileName, line: csv.currentLine), kind: .unreadable,
                        message: "\(error.message); the rest of the file is skipped"))
            }
            switch event {
            case .end:
                reader = nil
            case .malformed(let line, let problem):
                return .malformed(
                    MalformedRecord(place: RecordPlace(file: fileName, line: line), kind: problem.kind, message: problem.message))
            case .record(let line):
                if parser == nil {
                    let (mapping, isHeader) = try mapFromFirstRecord(csv, line: line)
                    mappings.append(mapping)
                    parser = CDRRecordParser(mapping: mapping.mapping)
                    if isHeader { continue }
                }
                recordsRead += 1
                switch parser!.parse(csv, place: RecordPlace(file: fileName, line: line)) {
                case .success(let record): return .record(record)
                case .failure(let malformed): return .malformed(malformed)
                }
            }
        }
    }

    /// Whether the current record of `csv` is a header row under `options.header`.
    private func isHeader(_ csv: CSVReader) -> Bool {
        switch options.header {
        case .yes: return true
        case .no: return false
        case .auto:
            var named = 0
            for i in 0..<csv.fieldCount {
                guard let cell = csv.string(i) else { return false }
                if CDRField.named(header: cell) != nil { named += 1 }
                if cell.utf8.contains(where: { (0x30...0x39).contains($0) })
                    && cell.utf8.allSatisfy({
                        (0x30...0x39).contains($0) || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "+")
                    })
                {
                    return false
                }
            }
            return named >= 2
        }
    }

    private func mapWithoutHeader(line: Int) throws(CDRStreamError) -> FileMapping {
        guard let spec = options.columns else {
            return FileMapping(file: fileName, source: .defaultLayout, mapping: .defaultLayout, unusedHeaderCells: [])
        }
        switch spec.resolve(header: nil) {
        case .success(let mapping):
            return FileMapping(file: fileName, source: .specification(spec.origin), mapping: mapping, unusedHeaderCells: [])
        case .failure(let problem):
            throw .mapping(CDRMappingError(place: RecordPlace(file: fileName, line: line), message: problem.message))
        }
    }

    /// The file's mapping, decided at its first record: `--columns` (header names resolved in
    /// the header row), else the header row's names, else the default layout.
    private func mapFromFirstRecord(_ csv: CSVReader, line: Int) throws(CDRStreamError) -> (FileMapping, isHeader: Bool) {
        let header = isHeader(csv) || (options.columns?.needsHeader ?? false) && options.header != .no
        let cells = header ? (0..<csv.fieldCount).map { csv.string($0) ?? "" } : nil
        if let spec = options.columns {
            switch spec.resolve(header: cells) {
            case .success(let mapping):
                let used = Set(mapping.columns.values)
                let unused = (cells ?? []).enumerated().filter { !used.contains($0.offset + 1) }.map(\.element)
                return (
                    FileMapping(file: fileName, source: .specification(spec.origin), mapping: mapping, unusedHeaderCells: unused), header
                )
            case .failure(let problem):
                throw .mapping(CDRMappingError(place: RecordPlace(file: fileName, line: line), message: problem.message))
            }
        }
        guard let cells else { return (try mapWithoutHeader(line: line), false) }
        var mapping: [CDRField: Int] = [:]
        var unused: [String] = []
        for (i, cell) in cells.enumerated() {
            if let field = CDRField.named(header: cell), mapping[field] == nil {
                mapping[field] = i + 1
            } else {
                unused.append(cell)
            }
        }
        for field in ColumnMapping.required where mapping[field] == nil {
            throw .mapping(
                CDRMappingError(
                    place: RecordPlace(file: fileName, line: line),
                    message:
                        "the header row has no column for \(field.meaning) (its cells: \(cells.map { "'\($0)'" }.joined(separator: ", "))); name the columns with --columns, e.g. caller=4,dialed=5"
                ))
        }
        return (FileMapping(file: fileName, source: .header, mapping: ColumnMapping(mapping), unusedHeaderCells: unused), true)
    }
}

/// Why the stream stopped: a file that cannot be opened, or one whose columns cannot be mapped.
enum CDRStreamError: Error {
    case input(CDRInputError)
    case mapping(CDRMappingError)
}

extension CSVProblem {
    var kind: MalformedKind {
        switch self {
        case .unclosedQuote: return .unclosedQuote
        case .strayQuote: return .strayQuote
        case .textAfterQuote: return .textAfterQuote
        case .tooLong: return .tooLong
        }
    }

    var message: String {
        switch self {
        case .unclosedQuote(let field):
            return "the quote that opens field \(field) is not closed on its line"
        case .strayQuote(let field):
            return "field \(field) holds a quote but does not start with one (quote the field and double the quote: \"a\"\"b\")"
        case .textAfterQuote(let field): return "field \(field) has text after its closing quote"
        case .tooLong(let limit): return "the record is longer than \(limit) bytes; skipped to the next line"
        }
    }
}
