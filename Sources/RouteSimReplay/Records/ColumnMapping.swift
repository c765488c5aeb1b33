/// Which column holds which field (columns counted from 1, as a spreadsheet shows them).
public struct ColumnMapping: Sendable, Equatable {
    /// The column of each mapped field, 1-based.
    public var columns: [CDRField: Int]

    public init(_ columns: [CDRField: Int]) {
        self.columns = columns
    }

    public subscript(field: CDRField) -> Int? { columns[field] }

    /// The layout `routesim generate --cdr` writes, and the one assumed for a file without a
    /// header row when no mapping is given (docs/replay.md: the vendor does not publish its
    /// column order, so this is an assumption, named in every report that uses it).
    public static let defaultLayout = ColumnMapping(
        Dictionary(uniqueKeysWithValues: defaultLayoutOrder.enumerated().map { ($0.element, $0.offset + 1) }))

    /// The default layout's fields in column order.
    public static let defaultLayoutOrder: [CDRField] = [
        .recordType, .start, .duration, .caller, .dialed, .called, .originType, .origin, .destinationType, .destination,
        .result, .fci,
    ]

    /// The header row `routesim generate --cdr --header` writes for the default layout.
    public static let defaultHeader: [String] = [
        "Record type", "Start time", "Duration", "Caller number", "Dialed number", "Called number", "Origin type", "Origin",
        "Destination type", "Destination", "Result", "FCI",
    ]

    /// The fields every mapping must have: without them there is no call to replay.
    public static let required: [CDRField] = [.caller, .dialed]

    /// The widest column the mapping reads.
    var widestColumn: Int { columns.values.max() ?? 0 }

    /// `type=1,start=2,…` in field order, as `--columns` takes it.
    public var specification: String {
        columns.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ",")
    }
}

/// How a mapping was written before the header (if any) is seen: a column is a number, or a
/// header name to find in each file's header row.
public struct ColumnSpecification: Sendable, Equatable {
    public enum Column: Sendable, Equatable {
        case number(Int)
        case header(String)
    }

    public var columns: [(field: CDRField, column: Column)]
    /// Where it came from, for messages: `--columns`, or the mapping file's path.
    public var origin: String

    public static func == (a: Self, b: Self) -> Bool {
        a.origin == b.origin && a.columns.count == b.columns.count
            && zip(a.columns, b.columns).allSatisfy { $0.field == $1.field && $0.column == $1.column }
    }

    /// Parses `caller=4,dialed=5,…` (`--columns`): a field name, `=`, and a column number from 1
    /// or a header name.
    public static func parse(_ text: String, origin: String = "--columns") throws(ColumnSpecificationError) -> ColumnSpecification {
        try parse(entries: text.split(separator: ",", omittingEmptySubsequences: false).map { ($0, nil) }, origin: origin)
    }

    /// Parses a mapping file: one `FIELD=COLUMN` per line, `#` starts a comment, blank lines
    /// are ignored.
    public static func parse(file text: String, path: String) throws(ColumnSpecificationError) -> ColumnSpecification {
        var entries: [(Substring, Int?)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            entries.append((line, i + 1))
        }
        if entries.isEmpty { throw ColumnSpecificationError(origin: path, message: "the mapping file maps no column") }
        return try parse(entries: entries, origin: path)
    }

    private static func parse(entries: [(Substring, Int?)], origin: String) throws(ColumnSpecificationError) -> ColumnSpecification {
        var columns: [(field: CDRField, column: Column)] = []
        for (raw, line) in entries {
            let place = line.map { "\(origin):\($0)" } ?? origin
            let entry = raw.trimmingSpaces
            guard let equals = entry.firstIndex(of: "=") else {
                throw ColumnSpecificationError(origin: place, message: "'\(entry)': write FIELD=COLUMN, e.g. caller=4")
            }
            let name = entry[..<equals].trimmingSpaces
            var value = entry[entry.index(after: equals)...].trimmingSpaces
            guard let field = CDRField(rawValue: name) ?? CDRField.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() })
            else {
                throw ColumnSpecificationError(
                    origin: place,
                    message: "no CDR field named '\(name)'; the fields are \(CDRField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if columns.contains(where: { $0.field == field }) {
                throw ColumnSpecificationError(origin: place, message: "\(field.rawValue) is mapped twice")
            }
            if value.count >= 2 && value.first == "\"" && value.last == "\"" { value = String(value.dropFirst().dropLast()) }
            if value.isEmpty {
                throw ColumnSpecificationError(origin: place, message: "\(field.rawValue): give a column number or header name")
            }
            if value.allSatisfy(\.isNumber) {
                guard let number = Int(value), (1...1000).contains(number) else {
                    throw ColumnSpecificationError(origin: place, message: "\(field.rawValue): column \(value) is not between 1 and 1000")
                }
                columns.append((field, .number(number)))
            } else {
                columns.append((field, .header(value)))
            }
        }
        let spec = ColumnSpecification(columns: columns, origin: origin)
        for field in ColumnMapping.required where !columns.contains(where: { $0.field == field }) {
            throw ColumnSpecificationError(origin: origin, message: "map \(field.meaning) (\(field.rawValue)=COLUMN): it is required")
        }
        return spec
    }

    /// Whether some column is named by a header name (so every file needs a header row).
    public var needsHeader: Bool { columns.contains { if case .header = $0.column { return true } else { return false } } }

    /// The mapping for a file: numbers as they are; header names looked up in `header`.
    func resolve(header: [String]?) -> Result<ColumnMapping, MappingProblem> {
        var mapping: [CDRField: Int] = [:]
        for (field, column) in columns {
            switch column {
            case .number(let n): mapping[field] = n
            case .header(let name):
                guard let header else {
                    return .failure(
                        MappingProblem(message: "\(field.rawValue)=\(name) names a header column, but the file has no header row"))
                }
                guard
                    let index = header.firstIndex(where: { $0 == name })
                        ?? header.firstIndex(where: { $0.lowercased() == name.lowercased() })
                else {
                    let cells = header.map { "'\($0)'" }.joined(separator: ", ")
                    return .failure(
                        MappingProblem(message: "the header has no column '\(name)' (for \(field.rawValue)); its columns are \(cells)"))
                }
                mapping[field] = index + 1
            }
        }
        return .success(ColumnMapping(mapping))
    }
}

/// Why a mapping does not fit a file.
struct MappingProblem: Error {
    var message: String
}

/// A `--columns` setting or mapping file that cannot be used.
public struct ColumnSpecificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--columns`, or `FILE:LINE` of the mapping file.
    public var origin: String
    public var message: String
    public var description: String { "\(origin): \(message)" }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
