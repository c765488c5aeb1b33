import DialPlan
import Foundation
import RouteSim
import RouteSimCases

/// `routesim route --batch FILE`: many calls, one result per line, streamed.
///
/// Two passes over the batch's text: the first reads every line and places every call (reads
/// its numbers and finds its origin, `Simulator.place`), keeping only the first window's calls,
/// so a bad line or a call the plan cannot place (an unknown user, a bad number) stops the
/// batch — named by file and line — before anything is printed; the second simulates each call
/// and prints its result, reading each line again after the first window.
///
/// Both passes take the call lines in windows of eight chunks of 1,024 per thread, and read the
/// chunks and place or simulate their calls on up to `threads` threads (nil: one per core), each
/// thread taking the next chunk when it is done (so that a slow chunk holds up one thread, not
/// the window); a window's lines are printed in input order before the next window is read.
/// Without steps, a chunk's calls are simulated through the batch path
/// (`Simulator.routeFast(_:each:)`). Memory holds the batch's text and two windows, however many
/// lines and steps there are; the output is the same for any number of threads, and the error is
/// the first bad line's.
struct BatchRun {
    let simulator: Simulator
    let path: String
    let format: RouteCommand.RouteFormat
    let withSteps: Bool
    let threads: Int?
    /// The live state every call meets (`--state`), checked against the plan already.
    let state: LiveState

    /// Calls per chunk: enough to keep a thread busy, few enough to share a small batch out.
    static let chunk = 1_024
    /// Chunks per thread in a window: with one chunk per thread, the threads waited at the end
    /// of every window for the slowest chunk.
    static let chunksPerThread = 8

    /// Reads and checks the whole batch file: every call (`test --record`), or the first bad line.
    func entries() throws(CLIError) -> [CallBatch.Entry] {
        let batch = try read()
        var entries: [CallBatch.Entry] = []
        do throws(CallBatch.ReadError) {
            try batch.forEachCall { (entry) throws(CallBatch.ReadError) in entries.append(entry) }
        } catch {
            throw CLIError.usage(error.description)
        }
        return entries
    }

    private func read() throws(CLIError) -> CallBatch {
        let bytes: [UInt8]
        if path == "-" {
            do throws(FileContents.ReadError) { bytes = try FileContents.readStandardInput(what: "batch") } catch {
                throw CLIError.usage(error.description)
            }
        } else {
            bytes = try PlanFile.readBytes(path, what: "batch")
        }
        return CallBatch(bytes: bytes, source: path)
    }

    func run() throws(CLIError) {
        let batch = try read()
        let threads = max(1, self.threads ?? ParallelWork.defaultThreads)
        do throws(CallBatch.ReadError) {
            // The first window's calls, read and placed, are kept for the second pass: a batch of
            // one window (8,192 lines a thread) is read once, and memory holds one window more.
            var kept: [[CallBatch.Entry]]?
            try forEachWindow(of: batch, threads: threads) { (window) throws(CallBatch.ReadError) in
                let chunks = place(window, of: batch, threads: threads, keeping: kept == nil)
                var entries: [[CallBatch.Entry]] = []
                for chunk in chunks { entries.append(try chunk.get()) }
                if kept == nil { kept = entries }
            }
            try forEachWindow(of: batch, threads: threads) { (window) throws(CallBatch.ReadError) in
                let readAlready = kept.take()
                for chunk in simulate(window, of: batch, threads: threads, traced: withSteps, readAlready: readAlready, render) {
                    StandardOutput.write(bytesOf: try chunk.get())
                }
            }
        } catch {
            StandardOutput.flush()
            throw CLIError.usage(error.description)
        }
        StandardOutput.flush()
    }

    /// The batch's call lines in windows of `chunksPerThread` chunks per thread, in input order; the lines are
    /// read where they are simulated (`simulate`), on every thread. A scan error (the encoding,
    /// the header) ends the batch after the calls before it (whose errors come first).
    func forEachWindow(
        of batch: CallBatch, threads: Int, _ body: ([CallBatch.CallLine]) throws(CallBatch.ReadError) -> Void
    ) throws(CallBatch.ReadError) {
        try batch.forEachLineWindow(size: threads * Self.chunksPerThread * Self.chunk, body)
    }

    /// Each chunk of `window` read and its calls placed (`Simulator.place`) on its thread: its
    /// calls when `keeping` (else none), or the error of its first line that cannot be read or
    /// whose call cannot be simulated.
    func place(
        _ window: [CallBatch.CallLine], of batch: CallBatch, threads: Int, keeping: Bool
    ) -> [Result<[CallBatch.Entry], CallBatch.ReadError>] {
        let chunks = (window.count + Self.chunk - 1) / Self.chunk
        return ParallelWork.map(count: chunks, threads: threads) { c in
            var kept: [CallBatch.Entry] = []
            for line in window[(c * Self.chunk)..<min(window.count, (c + 1) * Self.chunk)] {
                let entry: CallBatch.Entry
                do throws(CallBatch.ReadError) { entry = try batch.entry(line) } catch { return .failure(error) }
                do throws(CallError) { try simulator.place(call(entry)) } catch {
                    return .failure(batch.error(line: entry.line, error.message))
                }
                if keeping { kept.append(entry) }
            }
            return .success(kept)
        }
    }

    /// The lines of a chunk, written one after another into one buffer.
    typealias Render = (CallBatch.Entry, RouteResult, inout TextBuilder) -> Void

    /// Room made at once for a chunk's lines (grown by doubling).
    static let chunkBytes = 64 * 1024

    /// Each chunk of `window` read (or taken from `readAlready`, the window's calls read in the
    /// first pass, a list per chunk) and simulated on its thread (with the trace when `traced`), with its
    /// calls' lines rendered in order into one buffer, or the error of its first line that cannot
    /// be read or simulated.
    func simulate(
        _ window: [CallBatch.CallLine], of batch: CallBatch, threads: Int, traced: Bool,
        readAlready: [[CallBatch.Entry]]? = nil,
        _ render: @escaping Render
    ) -> [Result<TextBuilder, CallBatch.ReadError>] {
        let chunks = (window.count + Self.chunk - 1) / Self.chunk
        return ParallelWork.map(count: chunks, threads: threads) { c in
            let lines = window[(c * Self.chunk)..<min(window.count, (c + 1) * Self.chunk)]
            let (entries, unreadable) = readAlready.map { ($0[c], nil) } ?? readCalls(lines, of: batch)
            var out = TextBuilder(capacity: Self.chunkBytes)
            let failed =
                traced
                ? simulateTraced(entries, of: batch, render, into: &out) : simulateFast(entries, of: batch, render, into: &out)
            if let error = failed ?? unreadable { return .failure(error) }
            return .success(out)
        }
    }

    /// A chunk's calls, read up to its first line that cannot be, and that line's error.
    func readCalls(_ lines: ArraySlice<CallBatch.CallLine>, of batch: CallBatch) -> ([CallBatch.Entry], CallBatch.ReadError?) {
        var entries: [CallBatch.Entry] = []
        entries.reserveCapacity(lines.count)
        for line in lines {
            do throws(CallBatch.ReadError) { entries.append(try batch.entry(line)) } catch { return (entries, error) }
        }
        return (entries, nil)
    }

    /// A chunk's calls with their traces, rendered in order; the first call that cannot be
    /// simulated ends it, with its error.
    func simulateTraced(
        _ entries: [CallBatch.Entry], of batch: CallBatch, _ render: Render, into out: inout TextBuilder
    ) -> CallBatch.ReadError? {
        for entry in entries {
            do throws(CallError) {
                render(entry, try simulator.route(call(entry)), &out)
            } catch {
                return batch.error(line: entry.line, error.message)
            }
        }
        return nil
    }

    /// A chunk's calls on the fast path, through the batch path (`Simulator.routeFast(_:each:)`,
    /// which walks the first lookups of calls together on a large plan), rendered in order; the
    /// first call that cannot be simulated ends it, with its error.
    func simulateFast(
        _ entries: [CallBatch.Entry], of batch: CallBatch, _ render: Render, into out: inout TextBuilder
    ) -> CallBatch.ReadError? {
        var failed: CallBatch.ReadError?
        var k = 0
        simulator.routeFast(entries.map(call)[...]) { result in
            defer { k += 1 }
            guard failed == nil else { return }
            switch result {
            case .success(let routed): render(entries[k], routed, &out)
            case .failure(let error): failed = batch.error(line: entries[k].line, error.message)
            }
        }
        return failed
    }

    /// The batch line's call, meeting the command's live state.
    func call(_ entry: CallBatch.Entry) -> Call {
        var call = entry.call
        call.state = state
        return call
    }

    /// The call's line and its newline, written after the chunk's lines before it.
    func render(_ entry: CallBatch.Entry, _ result: RouteResult, to out: inout TextBuilder) {
        switch format {
        case .json: entry.appendJSONLine(result, withSteps: withSteps, to: &out)
        case .text: entry.appendTextLine(result, source: path, to: &out)
        }
    }
}
