#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The machine's processors, as every layer that spreads work over threads counts them (the
/// decoder's second thread, the two-half file read, `ParallelWork`).
package enum Processors {
    /// The processors online (at least 1).
    package static var online: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
