/// Writes records in the packed form a loaded plan keeps them in (`PackedSnapshot`).
///
/// A record is its typed fields in `fields` order (integers as zigzag LEB128 varints, strings as
/// a varint byte count and their UTF-8 bytes), then its extra fields: a count, and per field its
/// name (the index in `fields` plus one, or 0 and the name) and its JSON value. A generated plan's
/// `anacldnbr` record takes about 30 bytes this way, against about 150 as a struct with its
/// strings and 230 as JSON text.
public struct PackedWriter {
    var bytes: FlatArrayBuilder<UInt8>

    init(capacity: Int) { bytes = FlatArrayBuilder(capacity: capacity) }

    /// An integer field.
    @inline(__always)
    public mutating func integer(_ value: Int) {
        var v = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
        bytes.reserve(10)
        while v >= 0x80 {
            bytes.appendWithinCapacity(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.appendWithinCapacity(UInt8(truncatingIfNeeded: v))
    }

    /// A string field.
    @inline(__always)
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            integer(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// A JSON value (an extra field): a tag byte, then what the tag says.
    mutating func json(_ value: JSONValue) {
        switch value {
        case .null: bytes.append(0)
        case .bool(let b): bytes.append(b ? 2 : 1)
        case .number(let text):
            bytes.append(3)
            string(text)
        case .string(let text):
            bytes.append(4)
            string(text)
        case .array(let elements):
            bytes.append(5)
            integer(elements.count)
            for element in elements { json(element) }
        case .object(let members):
            bytes.append(6)
            integer(members.count)
            for (name, member) in members {
                string(name)
                json(member)
            }
        }
    }

    /// A record's extra fields; `index` gives the position of a documented field's name.
    mutating func extras(_ extras: ExtraFields, index: [String: Int]) {
        integer(extras.members.count)
        for (name, value) in extras.members {
            if let i = index[name] {
                integer(i + 1)
            } else {
                integer(0)
                string(name)
            }
            json(value)
        }
    }
}

/// Reads what `PackedWriter` wrote, from memory that outlives the reader.
///
/// The bytes come from a plan this process packed, or from a compiled plan whose checksum was
/// verified; a read past the record's end is a bug, and stops the process rather than returning
/// something wrong.
public struct PackedReader {
    var position: UnsafePointer<UInt8>
    let end: UnsafePointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        position = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        end = position + bytes.count
    }

    @inline(__always)
    mutating func byte() -> UInt8 {
        precondition(position < end, "a packed record ends early")
        defer { position += 1 }
        return position.pointee
    }

    /// An integer field.
    @inline(__always)
    public mutating func integer() -> Int {
        var b = byte()
        if b < 0x80 { return Int(b >> 1) ^ -Int(b & 1) }
        var v = UInt64(b & 0x7F)
        var shift: UInt64 = 7
        repeat {
            b = byte()
            v |= UInt64(b & 0x7F) << shift
            shift += 7
        } while b >= 0x80 && shift < 64
        return Int(Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1))
    }

    /// A string field.
    @inline(__always)
    public mutating func string() -> String {
        let count = integer()
        if count == 0 { return "" }
        precondition(count > 0 && count <= end - position, "a packed string runs past its record")
        let start = position
        position += count
        return String(unsafeUninitializedCapacity: count) { target in
            _ = target.initialize(from: UnsafeBufferPointer(start: start, count: count))
            return count
        }
    }

    /// A JSON value written by `PackedWriter.json`.
    mutating func json() -> JSONValue {
        switch byte() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .number(string())
        case 4: return .string(string())
        case 5: return .array((0..<integer()).map { _ in json() })
        case 6: return .object((0..<integer()).map { _ in (string(), json()) })
        case let tag: preconditionFailure("a packed JSON value has tag \(tag)")
        }
    }

    /// A record's extra fields; `name(i)` is the name of field `i` of the record's type.
    mutating func extras(name: (Int) -> String) -> ExtraFields {
        var extras = ExtraFields()
        let count = integer()
        for _ in 0..<count {
            let i = integer()
            let name = i == 0 ? string() : name(i - 1)
            extras.append(name, json())
        }
        return extras
    }
}
