// swift-tools-version: 6.1
// routesim — offline dial-plan simulator and linter for miniSIPServer.
import Foundation
import PackageDescription

let package = Package(
    name: "routesim",
    products: [
        .library(name: "RouteSim", targets: ["DialPlan", "RouteSim", "RouteSimLint"]),
        .library(name: "RouteSimCases", targets: ["RouteSimCases"]),
        .library(name: "RouteSimGraph", targets: ["RouteSimGraph"]),
        .executable(name: "routesim", targets: ["RouteSimCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // YAML case files (`routesim test`); adds ~15 s to a clean debug build (libyaml in C).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The emulator's HTTP server: NIOPosix + NIOHTTP1 directly, whose byte-level writes its fault
        // injection (truncated and malformed answers, stalls) needs. Hummingbird runs on it.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The web page and HTTP API of `routesim serve`. Its traits are off: no swift-configuration,
        // no full Foundation (docs/architecture.md has the clean-build time it adds).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Hummingbird's own dependencies, named for the two types the server's host uses.
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0", traits: []),
    ],
    targets: [
        // C shims: system libraries installed by .ci/run (and `scripts/setup`).
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]),
        // Gzip CDR files (`routesim replay`): zlib through a two-line shim, no package to build.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // The dial plan at rest: typed records, the snapshot, its JSON form.
        .target(name: "DialPlan"),
        // The prefix index: a flat trie over the dial alphabet that builds it, and the compact
        // trie (bitmap nodes) lookups use, many roots in each.
        .target(name: "DigitTrie", dependencies: ["CPrefetch"]),
        // Software prefetch (`__builtin_prefetch`), which Swift cannot spell: one static inline function.
        .target(name: "CPrefetch"),
        // The project's seeded pseudo-random generator, the same draws on every platform.
        .target(name: "RouteSimRandom"),
        // The core: routing model, assumptions, simulator, trace.
        .target(name: "RouteSim", dependencies: ["DialPlan", "DigitTrie"]),
        // The linter: checks over the routing model, findings, suppressions, text/JSON/SARIF reports.
        .target(name: "RouteSimLint", dependencies: ["DialPlan", "DigitTrie", "RouteSim"]),
        // Whole number spaces (map, reach, diff): the simulator run symbolically over regions of numbers.
        .target(name: "RouteSimSpaces", dependencies: ["DialPlan", "DigitTrie", "RouteSim"]),
        // Regular expressions (case-file expectations, the regex baseline): the one owner of PCRE2 handles.
        .target(name: "RouteSimPatterns", dependencies: ["CPCRE2"]),
        // Expected-outcome case files: the model, YAML/JSON parsing, the runner, coverage, JUnit.
        .target(
            name: "RouteSimCases",
            dependencies: [
                "DialPlan", "RouteSim", "RouteSimPatterns",
                .product(name: "Yams", package: "Yams"),
            ]),
        // The miniSIPServer OpenAPI client: requests, paging, retries, redaction (libcurl).
        .target(name: "MiniSIP", dependencies: ["DialPlan", "CCurl"]),
        // A miniSIPServer OpenAPI served from a snapshot, with fault injection for testing clients.
        .target(
            name: "MiniSIPEmulator",
            dependencies: [
                "DialPlan", "RouteSimRandom",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // Synthetic plans of any size and call workloads drawn from a plan (generate, bench).
        .target(name: "RouteSimGenerator", dependencies: ["DialPlan", "RouteSim", "RouteSimRandom"]),
        // Call detail records replayed against a plan: CSV reading, pairing, agreement, calibration,
        // coverage, plan comparison; and vendor-shaped CDRs generated from simulated traffic.
        .target(
            name: "RouteSimReplay",
            dependencies: ["DialPlan", "RouteSim", "RouteSimCases", "RouteSimRandom", "CZlib"]),
        // How people match numbers today, for the benchmarks to compare with: a linear scan,
        // one PCRE2 regex per row (Kamailio dialplan), a hash table per prefix length (Kamailio lcr).
        // The compact trie's lookup in plain C over the same words: the benchmarks' "physical bound".
        .target(name: "RouteSimBaselines", dependencies: ["DialPlan", "DigitTrie", "RouteSimPatterns", "CCompactTrie"]),
        .target(name: "CCompactTrie"),
        // Pictures of the routing: the plan as a graph (DOT, Mermaid), one call's path highlighted.
        .target(name: "RouteSimGraph", dependencies: ["DialPlan", "RouteSim"]),
        // `routesim serve`: the route page, the plan pages, the HTTP API, reload, security headers.
        // Hummingbird is imported by one file (Hosting/); the pages and assets are in the binary.
        .target(
            name: "RouteSimServer",
            dependencies: [
                "DialPlan", "RouteSim", "RouteSimLint", "RouteSimCases", "RouteSimGraph",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Assets"]),
        // Compiled plans: a loaded plan written to a versioned, checksummed binary file that is
        // mapped and read back without JSON decoding, and the cache of them (no Foundation).
        .target(name: "CompiledPlan", dependencies: ["DialPlan"]),
        // The command-line tool: argument parsing, formatting, exit codes.
        .executableTarget(
            name: "RouteSimCLI",
            dependencies: [
                "DialPlan", "DigitTrie", "RouteSim", "RouteSimLint", "RouteSimCases", "MiniSIP", "MiniSIPEmulator",
                "RouteSimGenerator", "RouteSimSpaces", "RouteSimReplay", "RouteSimGraph", "RouteSimServer",
                "CompiledPlan", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "DialPlanTests", dependencies: ["DialPlan", "RouteSimGenerator"]),
        // The trie against the linear scan (the naive reference), and its invariants.
        .testTarget(name: "DigitTrieTests", dependencies: ["DigitTrie", "RouteSimBaselines", "RouteSimRandom"]),
        .testTarget(name: "RouteSimTests", dependencies: ["DialPlan", "RouteSim", "RouteSimLint", "RouteSimGenerator"]),
        .testTarget(name: "RouteSimPatternsTests", dependencies: ["RouteSimPatterns"]),
        .testTarget(name: "RouteSimSpacesTests", dependencies: ["DialPlan", "RouteSim", "RouteSimSpaces", "RouteSimGenerator"]),
        .testTarget(
            name: "RouteSimCasesTests",
            dependencies: ["DialPlan", "RouteSim", "RouteSimCases", "RouteSimGenerator"],
            exclude: ["Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["RouteSimCLI"]),
        .testTarget(
            name: "CompiledPlanTests", dependencies: ["CompiledPlan", "DialPlan", "RouteSim", "RouteSimLint", "RouteSimGenerator"]),
        .testTarget(name: "MiniSIPTests", dependencies: ["DialPlan", "MiniSIP", "MiniSIPEmulator"]),
        .testTarget(name: "RouteSimGeneratorTests", dependencies: ["DialPlan", "RouteSim", "RouteSimGenerator"]),
        .testTarget(name: "RouteSimGraphTests", dependencies: ["DialPlan", "RouteSim", "RouteSimGraph"]),
        .testTarget(
            name: "RouteSimServerTests",
            dependencies: ["DialPlan", "RouteSim", "RouteSimLint", "RouteSimCases", "RouteSimGraph", "RouteSimServer"]),
        .testTarget(
            name: "RouteSimReplayTests", dependencies: ["DialPlan", "RouteSim", "RouteSimCases", "RouteSimGenerator", "RouteSimReplay"]),
        .testTarget(
            name: "RouteSimBaselinesTests",
            dependencies: ["DialPlan", "DigitTrie", "RouteSim", "RouteSimGenerator", "RouteSimBaselines"]),
        // The fuzz targets' corpora and kept crashers (Fuzz/), through the same readers.
        .testTarget(
            name: "FuzzRegressionTests",
            dependencies: [
                "DialPlan", "RouteSim", "RouteSimCases", "RouteSimLint", "MiniSIPEmulator",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
    ]
)

// What every test target shares: the routesim binary and a process runner that cannot deadlock,
// corpus paths, scratch folders, seeded property trials, invariant and snapshot reports. A
// regular target only test targets use, as swift-argument-parser keeps ArgumentParserTestHelpers.
package.targets += [
    .target(name: "RouteSimTestSupport", dependencies: ["DialPlan", "RouteSimGenerator"], path: "Tests/RouteSimTestSupport"),
    .testTarget(name: "RouteSimTestSupportTests", dependencies: ["DialPlan", "RouteSimGenerator"]),
]
for target in package.targets where target.type == .test {
    target.dependencies.append("RouteSimTestSupport")
}

// Fuzz targets (libFuzzer, `scripts/fuzz`) join the graph only when ROUTESIM_FUZZ is set: each is
// an executable whose `LLVMFuzzerTestOneInput` feeds one reader arbitrary bytes.
if ProcessInfo.processInfo.environment["ROUTESIM_FUZZ"] != nil {
    let fuzzTargets: [(String, [Target.Dependency])] = [
        ("FuzzSnapshot", ["DialPlan", "RouteSim"]),
        ("FuzzCaseFile", ["RouteSimCases"]),
        ("FuzzBatch", ["RouteSimCases"]),
        ("FuzzLintConfiguration", ["RouteSimLint"]),
        (
            "FuzzEmulator",
            [
                "DialPlan", "MiniSIPEmulator", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
    ]
    for (name, dependencies) in fuzzTargets {
        package.targets.append(.executableTarget(name: name, dependencies: dependencies, path: "Fuzz/Targets/\(name)"))
    }
}

// Benchmarks stay out of the default build graph (package-benchmark adds ~1 min to a clean
// build): `ROUTESIM_BENCHMARKS=1 swift package benchmark`.
if ProcessInfo.processInfo.environment["ROUTESIM_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]))
    package.targets.append(
        .executableTarget(
            name: "RouteSimBenchmarks",
            dependencies: [
                "DialPlan", "RouteSim", "RouteSimLint", "RouteSimGenerator", "RouteSimBaselines", "RouteSimReplay",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RouteSimBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]))
}
