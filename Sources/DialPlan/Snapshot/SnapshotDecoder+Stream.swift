extension SnapshotDecoder {
    /// A plan file read from the disk just ahead of the reader, a few megabytes at a time
    /// (`FileBytes.fill`), while the bytes behind it are given back (`release`): its text is never
    /// all in memory at once. The scanner sees only what is read (`JSONScanner.see`), so that it
    /// never reads a byte that is not there yet: to it, the text ends there for now.
    struct Stream {
        /// The bytes read ahead of a record's or table's start, at least: a record longer than
        /// that runs into the end of what is read, fails, and has the whole file read again
        /// (`Snapshot.decode(file:)`).
        static let defaultMargin = 1 << 20

        let file: FileBytes
        let margin: Int
        /// The file's bytes read so far, from its start, without a gap.
        var filled = 0
        /// Where the scanner's text starts in the file (after a byte-order mark).
        var offset = 0
        /// The scanner's text, read or not.
        var text = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        /// A read failed, or the file changed since it was opened.
        var failed = false
        /// While a table's second half is read on another thread (`SplitDecode`): the file's
        /// bytes from `ahead` to `cap` are read already (its guess, and the margin after it),
        /// and this reader reads none from `cap` on: they are the other thread's.
        var split: (ahead: Int, cap: Int)?

        init(file: FileBytes, margin: Int) {
            self.file = file
            self.margin = margin
        }

        /// The file's bytes this reader may read: those before this.
        var visible: Int {
            guard let split else { return filled }
            return filled >= split.ahead ? split.cap : filled
        }

        /// The scanner position from which more is read (`Int.max`: none now).
        var fillAt: Int {
            if filled >= file.count { return .max }
            if let split, filled >= split.ahead { return .max }
            return filled - offset - margin
        }

        /// Reads on to byte `end` of the file (not past a split's `ahead`); false when the file
        /// cannot be read as it was opened (`failed`).
        mutating func read(upTo end: Int) -> Bool {
            var to = min(end, file.count)
            if let split { to = min(to, split.ahead) }
            guard to > filled else { return true }
            guard file.fill(filled..<to) else {
                failed = true
                return false
            }
            filled = to
            return true
        }

        /// Reads the file's bytes from `from` to `to`, ahead of the rest (a split's guess and the
        /// margin after it); false as `read(upTo:)`.
        mutating func read(from: Int, to: Int) -> Bool {
            let range = max(from, filled)..<min(to, file.count)
            guard range.isEmpty || file.fill(range) else {
                failed = true
                return false
            }
            return true
        }

        /// Ends a split: the bytes this reader could read are now read without a gap, and
        /// those the other thread read (to `otherFilled`) too when its records were taken.
        mutating func endSplit(otherFilled: Int?) {
            filled = max(visible, otherFilled ?? 0)
            split = nil
        }
    }

    /// Reads more of the file (`Stream`): the scanner came within the margin of the end of what
    /// is read.
    @inline(never)
    mutating func readAhead() throws(SnapshotError) {
        guard var ahead = stream else {
            fillAt = .max
            return
        }
        let read = ahead.read(upTo: ahead.offset + scanner.position + ahead.margin + ahead.file.step)
        stream = ahead
        guard read else { throw SnapshotError.changedWhileRead(source) }
        see(ahead)
    }

    /// Shows the scanner what `ahead` has read.
    mutating func see(_ ahead: Stream) {
        stream = ahead
        scanner.see(ahead.visible - ahead.offset, of: ahead.text)
        fillAt = ahead.fillAt
    }
}
