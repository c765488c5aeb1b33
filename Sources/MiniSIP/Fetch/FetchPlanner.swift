import DialPlan

/// What a request is for in a fetch.
public enum FetchPurpose: Hashable, Sendable {
    case version
    case systemInfo
    case listPage(Table, page: Int)
    /// The details of record `slot` of list page `page` (tables whose list holds summary fields).
    case query(Table, page: Int, slot: Int)
}

/// The requests a snapshot needs, decided from the answers so far; no I/O.
///
/// Every table is listed page by page from `pageIndex` 0; a page shorter than 20 (or empty) is
/// the last. Pages of one table are sequential by nature, so once a table has filled two pages
/// the planner asks for up to `lookahead` pages ahead (a few empty pages past the end are the
/// price; they are cancelled as soon as the end is known). Tables whose list holds summary
/// fields only get one `query` per record. Answers that contradict each other (records after
/// the page that ended the list) are an error: the table changed during the fetch. A full page
/// that repeats the page before or after it is an error too: the server ignores `pageIndex`
/// (asking on would never end). `limits` bound the records and list pages of the whole fetch.
public struct FetchPlanner: Sendable {
    /// What to do after an answer: new requests to send, requests no longer needed.
    public struct Step: Sendable, Equatable {
        public var issue: [FetchPurpose] = []
        public var cancel: [FetchPurpose] = []
    }

    public let tables: [Table]
    public let lookahead: Int
    public let limits: FetchLimits
    /// List pages and records accepted so far, every table together.
    public private(set) var listPagesAccepted = 0
    public private(set) var recordsAccepted = 0
    private var pages: [Table: [Int: [JSONValue]]] = [:]
    private var lastPage: [Table: Int] = [:]
    private var issuedThrough: [Table: Int] = [:]
    private var pendingPages: [Table: Set<Int>] = [:]
    private var details: [Table: [Int: [JSONValue?]]] = [:]
    private var missingDetails: [Table: Int] = [:]
    public private(set) var verInfo: String?
    public private(set) var systemInfo: JSONValue?
    private var versionDone = false

    /// - Parameters:
    ///   - tables: the tables to fetch (`sysinfo` included or not).
    ///   - lookahead: list pages asked for ahead of the last full one, once a table is big (≥ 1).
    ///   - limits: the most records and list pages the fetch takes before it stops with an error.
    public init(tables: [Table], lookahead: Int = 4, limits: FetchLimits = FetchLimits()) {
        self.tables = tables
        self.lookahead = max(1, lookahead)
        self.limits = limits
    }

    /// The first requests: `version`, `sysinfo/query`, page 0 of every listed table.
    public mutating func start() -> [FetchPurpose] {
        var purposes: [FetchPurpose] = [.version]
        for table in tables {
            if table.isSingleObject {
                purposes.append(.systemInfo)
            } else {
                issuedThrough[table] = 0
                pendingPages[table] = [0]
                purposes.append(.listPage(table, page: 0))
            }
        }
        return purposes
    }

    /// The OpenAPI request for a purpose.
    public func request(for purpose: FetchPurpose) -> OpenAPIRequest {
        switch purpose {
        case .version: return .version
        case .systemInfo: return .systemInfo
        case .listPage(let table, let page): return .list(table, page: page)
        case .query(let table, let page, let slot):
            let record = pages[table]![page]![slot]
            return .query(table, key: table.keyFields.map { ($0, record[$0]!) })
        }
    }

    /// Takes a 200 answer: validates it, keeps its records, and says what to ask next.
    public mutating func accept(_ purpose: FetchPurpose, body: [UInt8]) throws(FetchError) -> Step {
        let place = request(for: purpose).place
        switch purpose {
        case .version:
            verInfo = try ResponseValidation.version(body, place: place)
            versionDone = true
            return Step()
        case .systemInfo:
            systemInfo = try ResponseValidation.record(body, table: .systemInfo, key: nil, place: place)
            return Step()
        case .listPage(let table, let page):
            let records = try ResponseValidation.listPage(body, table: table, place: place)
            return try acceptPage(table, page: page, records: records, place: place)
        case .query(let table, let page, let slot):
            let key = table.keyFields.map { ($0, pages[table]![page]![slot][$0]!) }
            let record = try ResponseValidation.record(body, table: table, key: key, place: place)
            details[table]![page]![slot] = record
            missingDetails[table]! -= 1
            return Step()
        }
    }

    private mutating func acceptPage(
        _ table: Table, page: Int, records: [JSONValue], place: String
    ) throws(FetchError) -> Step {
        pendingPages[table]!.remove(page)
        var step = Step()
        let full = records.count == ResponseValidation.pageSize
        listPagesAccepted += 1
        recordsAccepted += records.count
        if listPagesAccepted > limits.maxListPages {
            throw FetchError(
                place: place, "the fetch passed \(limits.maxListPages) list pages; it stops there rather than page forever",
                remedy: .raisePageLimit)
        }
        if recordsAccepted > limits.maxRecords {
            throw FetchError(
                place: place, "the fetch passed \(limits.maxRecords) records; it stops there rather than page forever",
                remedy: .raiseRecordLimit)
        }
        if full {
            for neighbour in [page - 1, page + 1] where pages[table]?[neighbour] == records {
                throw FetchError(
                    place: place,
                    "page \(page) holds the same \(records.count) records as page \(neighbour): the server ignores pageIndex, "
                        + "so its pages would never end")
            }
        }
        if let last = lastPage[table], page > last {
            guard records.isEmpty else { throw changed(table, page: page, count: records.count, last: last) }
            return step  // a page asked for ahead, past the end: nothing to keep
        }
        if !full {
            // This page ends the list; pages after it must be empty.
            for (later, laterRecords) in pages[table, default: [:]] where later > page && !laterRecords.isEmpty {
                throw changed(table, page: later, count: laterRecords.count, last: page)
            }
            lastPage[table] = page
            pages[table] = pages[table, default: [:]].filter { $0.key <= page }
            for later in pendingPages[table]!.sorted() where later > page {
                pendingPages[table]!.remove(later)
                step.cancel.append(.listPage(table, page: later))
            }
        }
        pages[table, default: [:]][page] = records
        if full {
            let ahead = page == 0 ? 1 : page + lookahead
            let through = min(ahead, lastPage[table] ?? Int.max)
            var next = issuedThrough[table]! + 1
            while next <= through {
                pendingPages[table]!.insert(next)
                step.issue.append(.listPage(table, page: next))
                next += 1
            }
            issuedThrough[table] = max(issuedThrough[table]!, through)
        }
        if table.listSummaryFields != nil && !records.isEmpty {
            details[table, default: [:]][page] = Array(repeating: nil, count: records.count)
            missingDetails[table, default: 0] += records.count
            for slot in records.indices { step.issue.append(.query(table, page: page, slot: slot)) }
        }
        return step
    }

    private func changed(_ table: Table, page: Int, count: Int, last: Int) -> FetchError {
        FetchError(
            place: "\(table)/list",
            "page \(page) holds \(count) records, but page \(last) was short and so the last: "
                + "the table changed during the fetch; fetch again")
    }

    /// Whether a table has all its pages and details.
    public func isComplete(_ table: Table) -> Bool {
        if table.isSingleObject { return systemInfo != nil }
        guard let last = lastPage[table] else { return false }
        let pagesDone = (0...last).allSatisfy { pages[table]?[$0] != nil }
        return pagesDone && missingDetails[table, default: 0] == 0
    }

    /// Whether every answer the snapshot needs has arrived.
    public var isComplete: Bool { versionDone && tables.allSatisfy(isComplete) }

    /// The tables completed so far.
    public var completedTables: Int { tables.filter(isComplete).count }

    /// A table's records in list order, with the details of `query` where the list is a summary.
    public func records(of table: Table) -> [JSONValue] {
        if table.isSingleObject { return systemInfo.map { [$0] } ?? [] }
        guard let last = lastPage[table] else { return [] }
        var result: [JSONValue] = []
        for page in 0...last {
            guard let records = pages[table]?[page] else { continue }
            if let detailed = details[table]?[page] {
                result.append(contentsOf: detailed.enumerated().map { $0.element ?? records[$0.offset] })
            } else {
                result.append(contentsOf: records)
            }
        }
        return result
    }
}
