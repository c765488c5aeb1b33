import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A large table decoded by two threads: the second half of its records is read on another
/// thread while this one reads the first, and used only when it is known to be exactly what
/// reading on would have given.
///
/// Where a record starts cannot be known without reading everything before it (a `},{` may sit
/// inside a string), so the second thread starts at a guess: the first `}` `,` `{` after the
/// middle of the bytes left. The guess is checked, not trusted: its records are taken only if this
/// thread, reading record by record, arrives at a record that starts exactly there (then both read
/// the same bytes from the same state: inside the table's array, before an element), and only if
/// the second thread read to the array's end without an error or an unknown field. Anything
/// else — the guess inside a string, past the array, an error, a warning to place — and this thread
/// reads on by itself, as if there had been no second thread: errors, warnings, lines and record
/// indices are then the serial reader's own, word for word (`SnapshotSplitTests`).
final class SplitDecode<Record: DialPlanRecord> {
    /// Where the second thread started: the `{` of the record it guessed.
    let start: Int
    private let task: Task

    /// The second thread's work and its answer.
    final class Task: @unchecked Sendable {
        // @unchecked: `answer` and `dropped` are written by the worker before `done` is left and
        // read only after `done.wait()`; `bytes` stays alive until then (`finish` waits in every
        // path); the worker reads and gives back only bytes of the file the first thread does
        // not read meanwhile (from `reading.filled` on).
        let done = DispatchGroup()
        let cancelled = Atomic<Bool>(false)
        var answer: Answer?
        var dropped = 0
        let bytes: UnsafeBufferPointer<UInt8>
        let reading: Reading?

        init(bytes: UnsafeBufferPointer<UInt8>, reading: Reading?) {
            self.bytes = bytes
            self.reading = reading
        }
    }

    /// The file the second thread reads just ahead of itself and gives back behind itself, when
    /// the first reads it so (`SnapshotDecoder.Stream`): its bytes before `filled` are read
    /// already, and `offset` is where the scanners' text starts in it.
    struct Reading {
        let file: FileBytes
        let offset: Int
        let margin: Int
        let filled: Int
    }

    /// The records from `start` to the end of the array, their lines counted from 1 at
    /// `start`, where the scanner stood after the array's `]`, and the file's bytes read by then.
    struct Answer {
        var records: Pieces
        var lines: [Int32]
        var end: JSONScanner.Mark
        var filled: Int?
    }

    /// Records read on the second thread, in chunks of memory of their own, so that the first
    /// thread moves them into its array (no copy, no reference counting) and gives each chunk
    /// back as it empties: the second half of a table is never held twice. Chunks are mapped
    /// from the system directly (`mmap`), not taken from the C library's heap, which keeps
    /// freed memory of its own resident (79 MB more at 1M rows with 12 MB chunks from it).
    final class Pieces: @unchecked Sendable {
        // @unchecked: written by the second thread, then read by the first after `done.wait()`.
        private var chunks: [UnsafeMutablePointer<Record>] = []
        private var counts: [Int] = []
        let chunk: Int
        private var bytesPerChunk: Int { max(1, chunk * MemoryLayout<Record>.stride) }

        init(chunk: Int) { self.chunk = chunk }

        /// The records held.
        var count: Int { counts.reduce(0, +) }

        /// A new record with its fields' defaults, at the end; nil when no memory is left.
        func append() -> UnsafeMutablePointer<Record>? {
            if counts.isEmpty || counts[counts.count - 1] == chunk {
                guard let memory = mmap(nil, bytesPerChunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                    memory != MAP_FAILED
                else { return nil }
                chunks.append(memory.bindMemory(to: Record.self, capacity: chunk))
                counts.append(0)
            }
            let last = counts.count - 1
            let record = chunks[last] + counts[last]
            record.initialize(to: Record())
            counts[last] += 1
            return record
        }

        /// Moves every record, in order, to the end of `records`.
        func move(into records: inout [Record]) {
            records.reserveCapacity(records.count + count)
            for i in chunks.indices {
                for k in 0..<counts[i] { records.append((chunks[i] + k).move()) }
                counts[i] = 0
                munmap(chunks[i], bytesPerChunk)
            }
            chunks = []
            counts = []
        }

        deinit {
            for i in chunks.indices {
                chunks[i].deinitialize(count: counts[i])
                munmap(chunks[i], bytesPerChunk)
            }
        }
    }

    /// Records per chunk: a megabyte of them (a chunk moved into the first thread's array is
    /// given back before the next is moved, so the two halves overlap by at most that much);
    /// 97 under a threshold of 0 (tests), so that small tables are chunked too.
    static func chunk(threshold: Int) -> Int { threshold == 0 ? 97 : max(1, (1 << 20) / MemoryLayout<Record>.stride) }

    /// Whether `left` bytes of a table are worth two threads: from `threshold` bytes on, when
    /// there are two processors (a threshold of 0 splits regardless, for tests).
    static func worthSplitting(left: Int, threshold: Int) -> Bool {
        left >= threshold && left >= 2 && (threshold == 0 || Processors.online > 1)
    }

    /// How far after the middle a guess is looked for.
    static var guessWindow: Int { 1 << 20 }

    /// Starts the second thread at `start` (a guess) in `bytes`.
    init(start: Int, bytes: UnsafeBufferPointer<UInt8>, table: Table, source: String, threshold: Int, reading: Reading?) {
        self.start = start
        task = Task(bytes: bytes, reading: reading)
        let task = self.task
        task.done.enter()
        DispatchQueue.global().async {
            defer { task.done.leave() }
            task.answer = SplitDecode.read(task, from: start, table: table, source: source, chunk: SplitDecode.chunk(threshold: threshold))
        }
    }

    /// The `{` of the first `}` `,` `{` (with any whitespace between) at or after `from`, within
    /// a megabyte; nil when there is none.
    static func guess(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let end = min(bytes.count, from + guessWindow)
        var i = from
        while i < end {
            if bytes[i] == UInt8(ascii: "}") {
                var j = i + 1
                while j < end, isSpace(bytes[j]) { j += 1 }
                if j < end, bytes[j] == UInt8(ascii: ",") {
                    j += 1
                    while j < end, isSpace(bytes[j]) { j += 1 }
                    if j < end, bytes[j] == UInt8(ascii: "{") { return j }
                }
            }
            i += 1
        }
        return nil
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// The second thread: records from `start` to the array's `]`; nil on any error, any unknown
    /// field, or when cancelled (this thread then reads those records itself).
    static func read(_ task: Task, from start: Int, table: Table, source: String, chunk: Int) -> Answer? {
        var decoder = SnapshotDecoder(scanner: JSONScanner(task.bytes, at: start), source: source)
        let schema = RecordSchema<Record>()
        let records = Pieces(chunk: chunk)
        var lines: [Int32] = []
        // Reading the file ahead and giving it back behind (`Reading`): to the scanner, the text
        // ends where the file is read to.
        var filled = task.reading?.filled ?? task.bytes.count
        var givenBack = filled
        if let reading = task.reading { decoder.scanner.see(filled - reading.offset, of: task.bytes) }
        do throws(SnapshotError) {
            var first = true
            while true {
                if task.cancelled.load(ordering: .relaxed) { return nil }
                if let reading = task.reading {
                    let here = reading.offset + decoder.scanner.position
                    if here + reading.margin > filled, filled < reading.file.count {
                        let to = min(reading.file.count, here + reading.margin + reading.file.step)
                        guard reading.file.fill(filled..<to) else { return nil }
                        filled = to
                        decoder.scanner.see(filled - reading.offset, of: task.bytes)
                    }
                    if here - givenBack >= reading.file.step {
                        let dropped = reading.file.drop(from: givenBack, upTo: here)
                        task.dropped += dropped.count
                        if !dropped.isEmpty { givenBack = dropped.upperBound }
                    }
                }
                let more: Bool
                do { more = try decoder.scanner.nextElement(first: first) } catch { return nil }
                guard more else { break }
                first = false
                decoder.scanner.skipWhitespace()
                lines.append(Int32(decoder.scanner.line))
                // The index only places errors, and an error sends the records to the first thread.
                let index = lines.count - 1
                guard let record = records.append() else { return nil }
                try decoder.decodeRecord(&record.pointee, table: table, index: index, schema: schema)
            }
        } catch {
            return nil
        }
        guard decoder.unknownFields.entries.isEmpty else { return nil }
        return Answer(records: records, lines: lines, end: decoder.scanner.mark, filled: task.reading == nil ? nil : filled)
    }

    /// The bytes the second thread gave back behind it; read after `finish`.
    var dropped: Int { task.dropped }

    /// The second thread's records when the first reached `start` at a record's start; nil when
    /// it did not (the second thread is stopped) or the second thread gave up. Waits for it.
    func finish(reached: Bool) -> Answer? {
        if !reached { task.cancelled.store(true, ordering: .relaxed) }
        task.done.wait()
        guard reached else { return nil }
        // Taken out of the task: the first thread owns the records now.
        defer { task.answer = nil }
        return task.answer
    }

    deinit {
        // Never leave the thread reading bytes the caller may free.
        task.cancelled.store(true, ordering: .relaxed)
        task.done.wait()
    }
}
