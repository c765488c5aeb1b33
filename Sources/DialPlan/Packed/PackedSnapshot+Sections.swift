/// A snapshot as the flat byte arrays a compiled plan stores, and back.
///
/// Three arrays per table, in `Table.allCases` order (each record's start in the table's bytes,
/// the bytes, the line of each record), then one array for the rest: the `routesim` metadata and
/// the load warnings, so that a plan read back from its compiled form warns exactly as its JSON
/// did. The file's name is not stored: a plan read back takes the name it is given then.
extension PackedSnapshot {
    /// Every table's fields, in order, with their kinds and whether they are typed properties:
    /// what a packed record's layout follows. A compiled plan stores a hash of it, so that one
    /// written by a routesim with other fields is not read as this one's.
    package static var layoutDescription: String {
        Table.allCases.map { table in
            struct Fields: TableVisitor {
                func visit<Record: DialPlanRecord>(_: Record.Type) -> String {
                    // The kind's name by a switch: interpolating the enum would print it by
                    // reflection, which took 7 % of a cached `route`.
                    Record.fields.map { "\($0.name):\($0.kind.caseName):\($0.isTyped)" }.joined(separator: ",")
                }
            }
            var visitor = Fields()
            return "\(table.rawValue)=\(table.visit(&visitor))"
        }.joined(separator: ";")
    }

    /// The number of arrays `withSections(warnings:_:)` makes.
    package static var sectionCount: Int { Table.allCases.count * 3 + 1 }

    /// Hands `body` the arrays of this snapshot, with `warnings` (the snapshot's load warnings);
    /// they are valid during the call.
    package func withSections<T>(warnings: [LoadWarning], _ body: ([UnsafeRawBufferPointer]) -> T) -> T {
        let info = Self.packInfo(metadata: metadata, warnings: warnings)
        var parts: [UnsafeRawBufferPointer] = []
        for table in tables {
            parts.append(UnsafeRawBufferPointer(table.offsets.buffer))
            parts.append(UnsafeRawBufferPointer(table.bytes.buffer))
            parts.append(UnsafeRawBufferPointer(table.lines.buffer))
        }
        parts.append(UnsafeRawBufferPointer(info.buffer))
        return withExtendedLifetime(info) { body(parts) }
    }

    /// The metadata and the warnings, packed.
    private static func packInfo(metadata: JSONValue?, warnings: [LoadWarning]) -> FlatArray<UInt8> {
        var writer = PackedWriter(capacity: 256)
        if let metadata {
            writer.integer(1)
            writer.json(metadata)
        } else {
            writer.integer(0)
        }
        writer.integer(warnings.count)
        for warning in warnings {
            writer.integer(warning.table.ordinal)
            writer.string(warning.field)
            writer.integer(warning.records)
            writer.integer(warning.firstIndex.map { $0 + 1 } ?? 0)
            writer.integer(warning.firstKey.count)
            for key in warning.firstKey {
                writer.string(key.name)
                writer.string(key.value)
            }
            writer.integer(warning.line)
            if let suggestion = warning.suggestion {
                writer.integer(1)
                writer.string(suggestion)
            } else {
                writer.integer(0)
            }
        }
        return writer.bytes.finish()
    }

    /// The snapshot that `withSections(warnings:_:)` wrote, named `source`; nil when the arrays do not
    /// fit together (a count that is not a table's, offsets past the bytes). The arrays come
    /// from a file whose checksums were verified; these checks catch a file written wrong.
    package static func snapshot(
        sections: [UnsafeRawBufferPointer], owner: AnyObject, source: String, lazily: Bool = false
    ) -> Snapshot? {
        guard sections.count == sectionCount else { return nil }
        var tables: [PackedTable] = []
        for (i, table) in Table.allCases.enumerated() {
            let offsets = sections[3 * i], bytes = sections[3 * i + 1], lines = sections[3 * i + 2]
            guard offsets.count % 4 == 0, offsets.count >= 4, lines.count % 4 == 0 else { return nil }
            let offsetArray = FlatArray<UInt32>(
                base: offsets.baseAddress!.assumingMemoryBound(to: UInt32.self), count: offsets.count / 4, owner: owner)
            let lineArray = FlatArray<Int32>(
                base: lines.baseAddress?.assumingMemoryBound(to: Int32.self), count: lines.count / 4, owner: owner)
            let byteArray = FlatArray<UInt8>(base: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count, owner: owner)
            let count = offsetArray.count - 1
            guard offsetArray[0] == 0, Int(offsetArray[count]) == bytes.count, lineArray.isEmpty || lineArray.count == count,
                table != .systemInfo || count <= 1, zip(offsetArray, offsetArray.dropFirst()).allSatisfy({ $0 <= $1 })
            else { return nil }
            tables.append(PackedTable(offsets: offsetArray, bytes: byteArray, lines: lineArray))
        }
        var reader = PackedReader(sections[sections.count - 1].bindMemory(to: UInt8.self))
        let metadata = reader.integer() == 1 ? reader.json() : nil
        var warnings: [LoadWarning] = []
        for _ in 0..<reader.integer() {
            let ordinal = reader.integer()
            guard ordinal >= 0 && ordinal < Table.allCases.count else { return nil }
            let field = reader.string()
            let records = reader.integer()
            let firstIndex = reader.integer()
            let key = (0..<reader.integer()).map { _ in KeyField(name: reader.string(), value: reader.string()) }
            let line = reader.integer()
            let suggestion = reader.integer() == 1 ? reader.string() : nil
            warnings.append(
                LoadWarning(
                    source: source, table: Table.allCases[ordinal], field: field, records: records,
                    firstIndex: firstIndex == 0 ? nil : firstIndex - 1, firstKey: key, line: line, suggestion: suggestion))
        }
        var snapshot = PackedSnapshot(tables: tables, metadata: metadata, source: source).snapshot(lazily: lazily)
        snapshot.warnings = warnings
        return snapshot
    }
}

extension FieldKind {
    /// The case's name, as printing the value would give it.
    var caseName: String {
        switch self {
        case .integer: return "integer"
        case .string: return "string"
        case .boolean: return "boolean"
        }
    }
}
