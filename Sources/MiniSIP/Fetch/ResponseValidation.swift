import DialPlan

/// Checks that an answer has the shape the reference documents, before anything uses it.
///
/// An answer that is not JSON, or JSON of the wrong shape, is an error naming the request: it
/// is never taken for an empty table. Messages describe the shape found (member names, counts),
/// never the values, which may hold secrets.
enum ResponseValidation {
    /// The most records one `list` page holds.
    static let pageSize = 20

    /// Parses an answer as JSON.
    static func json(_ body: [UInt8], place: String) throws(FetchError) -> JSONValue {
        var bytes = body[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // a UTF-8 BOM
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw FetchError(place: place, "the answer is empty (HTTP 200 with no JSON)")
        }
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw FetchError(
                place: place,
                "the answer is not valid JSON (\(error.description)); \(body.count) bytes received")
        }
    }

    /// A `list` page: a bare JSON array of at most 20 objects, each with the table's key fields.
    static func listPage(_ body: [UInt8], table: Table, place: String) throws(FetchError) -> [JSONValue] {
        let value = try json(body, place: place)
        guard case .array(let items) = value else {
            throw FetchError(
                place: place, "expected a JSON array of records, found \(describeShape(value))")
        }
        guard items.count <= pageSize else {
            throw FetchError(
                place: place,
                "the page holds \(items.count) records; the OpenAPI sends at most \(pageSize) a page")
        }
        for (index, item) in items.enumerated() {
            try checkRecord(item, table: table, place: "\(place), record \(index)")
        }
        return items
    }

    /// A `query` answer: one object; with `key`, its key fields must match the request's.
    static func record(
        _ body: [UInt8], table: Table, key: [(String, JSONValue)]?, place: String
    ) throws(FetchError) -> JSONValue {
        let value = try json(body, place: place)
        try checkRecord(value, table: table, place: place)
        if let key {
            for (name, expected) in key where !sameKeyValue(value[name]!, expected) {
                throw FetchError(
                    place: place,
                    "the answer is for \(name) \(value[name]!.compactText), not the record asked for")
            }
        }
        return value
    }

    /// The `version` answer: an object with `verInfo`.
    static func version(_ body: [UInt8], place: String) throws(FetchError) -> String {
        let value = try json(body, place: place)
        guard case .object = value else {
            throw FetchError(place: place, "expected a JSON object with verInfo, found \(describeShape(value))")
        }
        guard let info = value["verInfo"], case .string(let text) = info else {
            throw FetchError(
                place: place, "expected a JSON object with a verInfo string, found \(describeShape(value))")
        }
        return text
    }

    static func checkRecord(_ value: JSONValue, table: Table, place: String) throws(FetchError) {
        guard case .object = value else {
            throw FetchError(place: place, "expected a JSON object (a record), found \(describeShape(value))")
        }
        for name in table.keyFields {
            guard let field = value[name] else {
                throw FetchError(place: place, "the record has no \(name), a key field of \(table)")
            }
            switch field {
            case .string, .number: continue
            default:
                throw FetchError(
                    place: place, "the key field \(name) is \(field.kindDescription), not a number or string")
            }
        }
    }

    /// Key values compare as the server means them: `1` and `"1"` are the same trunk.
    static func sameKeyValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
        let x = a.plainText
        let y = b.plainText
        if x == y { return true }
        if let i = Int(x), let j = Int(y) { return i == j }
        return false
    }

    /// "an object with members result, message", "an array of 3 items", "a string": no values.
    static func describeShape(_ value: JSONValue) -> String {
        switch value {
        case .object(let members):
            if members.isEmpty { return "an empty object" }
            let names = members.prefix(6).map(\.0).joined(separator: ", ")
            return "an object with members \(names)\(members.count > 6 ? ", …" : "")"
        case .array(let items): return "an array of \(items.count) items"
        default: return value.kindDescription
        }
    }
}
