import DialPlan

/// The plan's records as pages and the API show them: secrets replaced, searchable, paged.
enum PlanRecords {
    /// What replaces a secret's value.
    static let placeholder = "<redacted>"

    static func table(named name: String) throws(RequestError) -> Table {
        guard let table = Table(rawValue: name) else {
            throw .notFound("no table '\(name)'; the tables are \(Table.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return table
    }

    static func index(_ text: String, in table: Table, plan: ServedPlan) throws(RequestError) -> Int {
        let count = plan.snapshot.count(of: table)
        guard let index = Int(text), index >= 0 else { throw .badRequest("'\(text)' is no record index (0, 1, 2, …)") }
        guard index < count else {
            throw .notFound("\(table.rawValue) has \(count) record\(count == 1 ? "" : "s"); there is no record \(index)")
        }
        return index
    }

    static func integer(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws(RequestError) -> Int {
        guard let text, !text.isEmpty else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw .badRequest(
                "\(name) must be a whole number from \(range.lowerBound)\(range.upperBound == Int.max ? " up" : " to \(range.upperBound)"), not '\(text)'"
            )
        }
        return n
    }

    /// `record` with every secret field's value replaced (an empty one stays empty: it hides nothing).
    static func redacted(_ record: JSONValue, in table: Table) -> JSONValue {
        guard case .object(let members) = record else { return record }
        return .object(
            members.map { name, value in
                guard table.isSecret(field: name) else { return (name, value) }
                if case .string(let s) = value, s.isEmpty { return (name, value) }
                if case .null = value { return (name, value) }
                return (name, .string(placeholder))
            })
    }

    /// The records of `table` whose fields (secrets aside) contain `text`, from `offset`.
    static func search(plan: ServedPlan, table: Table, text: String, offset: Int, limit: Int) throws(RequestError) -> (
        total: Int, records: [(Int, JSONValue)]
    ) {
        let records = plan.snapshot.jsonRecords(of: table)
        let needle = text.lowercased()
        var total = 0
        var page: [(Int, JSONValue)] = []
        for (i, record) in records.enumerated() {
            let shown = redacted(record, in: table)
            if !needle.isEmpty {
                guard case .object(let members) = shown,
                    members.contains(where: { name, value in !table.isSecret(field: name) && value.plainText.lowercased().contains(needle) }
                    )
                else { continue }
            }
            if total >= offset && page.count < limit { page.append((i, shown)) }
            total += 1
        }
        return (total, page)
    }
}
