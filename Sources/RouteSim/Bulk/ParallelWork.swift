import DialPlan
import Dispatch
import Synchronization

/// Independent pieces of work spread over the machine's cores, with the results in input order.
///
/// What bulk work (`route --batch`, `test`, `lint`) runs on: `map(count:threads:_:)` calls its
/// body once per index on up to `threads` threads, each thread taking the next unclaimed index,
/// and returns the results as a serial loop would. The body may only read what the threads share
/// (a routing model, a snapshot) and must not depend on the order pieces run in; given that, the
/// output is the same for any number of threads (the tests compare them).
package enum ParallelWork {
    /// The threads bulk work uses unless told otherwise: the processors online.
    package static var defaultThreads: Int { Processors.online }

    /// `(0..<count).map(body)`, run on up to `threads` threads (1: in the caller's thread).
    package static func map<T>(count: Int, threads: Int = defaultThreads, _ body: (Int) -> T) -> [T] {
        let workers = min(max(threads, 1), count)
        if workers <= 1 { return (0..<count).map(body) }
        return withoutActuallyEscaping(body) { body in
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                let results = SendableBuffer(buffer)
                let work = SendableBody(body)
                let next = Atomic<Int>(0)
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    while true {
                        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                        if i >= count { return }
                        (results.buffer.baseAddress! + i).initialize(to: work.body(i))
                    }
                }
                initialized = count
            }
        }
    }
}

extension ParallelWork {
    /// `(first(), second())`, the two run at once on two threads (one after the other with one
    /// thread). Neither may write what the other reads.
    package static func both<A, B>(threads: Int = defaultThreads, _ first: () -> A, _ second: () -> B) -> (A, B) {
        if threads <= 1 { return (first(), second()) }
        var a: A?
        var b: B?
        withUnsafeMutablePointer(to: &a) { pa in
            withUnsafeMutablePointer(to: &b) { pb in
                withoutActuallyEscaping(first) { first in
                    withoutActuallyEscaping(second) { second in
                        let slots = SendableSlots(first: pa, second: pb)
                        let work = SendablePair(first: first, second: second)
                        DispatchQueue.concurrentPerform(iterations: 2) { i in
                            if i == 0 { slots.first.pointee = work.first() } else { slots.second.pointee = work.second() }
                        }
                    }
                }
            }
        }
        return (a!, b!)
    }
}

/// Where `both` puts its two results, one written by each thread.
private struct SendableSlots<A, B>: @unchecked Sendable {
    let first: UnsafeMutablePointer<A?>
    let second: UnsafeMutablePointer<B?>
}

/// The two pieces of work of `both`.
private struct SendablePair<A, B>: @unchecked Sendable {
    let first: () -> A
    let second: () -> B
}

/// The results buffer, written by one thread per index.
private struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

/// The body, called from several threads: callers pass work that only reads shared state.
private struct SendableBody<T>: @unchecked Sendable {
    let body: (Int) -> T
    init(_ body: @escaping (Int) -> T) { self.body = body }
}
