import DialPlan
import Foundation
import RouteSim
import RouteSimCases

/// `routesim route --batch FILE`: many calls, one result per line, streamed.
///
/// Two passes over the batch's text: the first reads every line and places every call (reads
/// its numbers and finds its origin, `Simulator.place`), keeping nothing, so a bad line or a
/// call the plan cannot place (an unknown user, a bad number) stops the batch — named by file
/// and line — before anything is printed; the second simulates each call and prints its result.
///
/// Both passes take the call lines in windows of eight chunks of 1,024 per thread, and read the
/// chunks and place or simulate their calls on up to `threads` threads (nil: one per core), each
/// thread taking the next chunk when it is done (so that a slow chunk holds up one thread, not
/// the window); a window's lines are printed in input order before the next window is read.
/// Without steps, a chunk's calls are simulated through the batch path
/// (`Simulator.routeFast(_:each:)`). Memory holds the batch's text and one window, however many
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
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            bytes = try PlanFile.readBytes(path, what: "batch")
        }
        return CallBatch(bytes: bytes, source: path)
    }

    func run() throws(CLIError) {
        let batch = try read()
        let threads = max(1, self.threads ?? ParallelWork.defaultThreads)
        do throws(CallBatch.ReadError) {
            try forEachWindow(of: batch, threads: threads) { (window) throws(CallBatch.ReadError) in
                for chunk in place(window, of: batch, threads: threads) { try chunk.get() }
            }
            try forEachWindow(of: batch, threads: threads) { (window) throws(CallBatch.ReadError) in
                for chunk in simulate(window, of: batch, threads: threads, traced: withSteps, render) {
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

    /// Each chunk of `window` read and its calls placed (`Simulator.place`) on its thread: the
    /// error of its first line that cannot be read or whose call cannot be simulated, if any.
    func place(_ window: [CallBatch.CallLine], of batch: CallBatch, threads: Int) -> [Result<Void, CallBatch.ReadError>] {
        let chunks = (window.count + Self.chunk - 1) / Self.chunk
        return ParallelWork.map(count: chunks, threads: threads) { c in
            for line in window[(c * Self.chunk)..<min(window.count, (c + 1) * Self.chunk)] {
                let entry: CallBatch.Entry
                do throws(CallBatch.ReadError) { entry = try batch.entry(line) } catch { return .failure(error) }
                do throws(CallError) { try simulator.place(call(entry)) } catch {
                    return .failure(batch.error(line: entry.line, error.message))
                }
            }
            return .success(())
        }
    }

    /// The lines of a chunk, written one after another into one buffer.
    typealias Render = (CallBatch.Entry, RouteResult, inout TextBuilder) -> Void

    /// Room made at once for a chunk's lines (grown by doubling).
    static let chunkBytes = 64 * 1024

    /// Each chunk of `window` read and simulated on its thread (with the trace when `traced`),
    /// with its calls' lines rendered in order into one buffer, or the error of its first line
    /// that cannot be read or simulated.
    func simulate(
        _ window: [CallBatch.CallLine], of batch: CallBatch, threads: Int, traced: Bool, _ render: @escaping Render
    ) -> [Result<TextBuilder, CallBatch.ReadError>] {
        let chunks = (window.count + Self.chunk - 1) / Self.chunk
        return ParallelWork.map(count: chunks, threads: threads) { c in
            let lines = window[(c * Self.chunk)..<min(window.count, (c + 1) * Self.chunk)]
            if !traced { return simulateFast(lines, of: batch, render) }
            var out = TextBuilder(capacity: Self.chunkBytes)
            for line in lines {
                let entry: CallBatch.Entry
                do throws(CallBatch.ReadError) { entry = try batch.entry(line) } catch { return .failure(error) }
                do throws(CallError) {
                    render(entry, try simulator.route(call(entry)), &out)
                } catch {
                    return .failure(batch.error(line: entry.line, error.message))
                }
            }
            return .success(out)
        }
    }

    /// One chunk on the fast path: its lines read up to the first that cannot be, and those
    /// calls simulated through the batch path (`Simulator.routeFast(_:each:)`, which walks the
    /// first lookups of calls together on a large plan), rendered in order; or the first error
    /// in line order.
    func simulateFast(
        _ lines: ArraySlice<CallBatch.CallLine>, of batch: CallBatch, _ render: Render
    ) -> Result<TextBuilder, CallBatch.ReadError> {
        var entries: [CallBatch.Entry] = []
        entries.reserveCapacity(lines.count)
        var unreadable: CallBatch.ReadError?
        for line in lines {
            do throws(CallBatch.ReadError) { entries.append(try batch.entry(line)) } catch {
                unreadable = error
                break
            }
        }
        var out = TextBuilder(capacity: Self.chunkBytes)
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
        if let error = failed ?? unreadable { return .failure(error) }
        return .success(out)
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
