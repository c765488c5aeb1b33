import Foundation
import RouteSimTestSupport
import Testing

/// Every command writes files through one writer (issue 16): regular files are replaced
/// atomically, with an unpredictable temporary name, keeping their mode; links are followed;
/// devices and FIFOs are written through, never replaced.
@Suite("output files, end to end")
struct OutputFileTests {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    /// The file type bits of `path` itself (links not followed): `S_IFCHR`, `S_IFIFO`, `S_IFREG`…
    func fileType(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    /// A null device of the test's own (`mknod c 1 3`, root only), so that a writer that
    /// replaces devices damages nothing but the scratch folder.
    @Test(
        "a character device (the null device) is written through and stays a device; as root the old writer replaced it",
        .enabled(if: geteuid() == 0, "mknod needs root (CI runs as root)"))
    func nullDevice() throws {
        let scratch = try ScratchDirectory()
        let device = scratch.path("null")
        try #require(mknod(device, S_IFCHR | 0o666, Self.nullDeviceNumber) == 0, "mknod: \(String(cString: strerror(errno)))")
        let run = try routesim(["generate", "--rows", "100", "--output", device])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(fileType(device) == S_IFCHR)
        #expect(scratch.temporaryFiles.isEmpty)
    }

    /// `makedev(1, 3)`: the null device's numbers (a C macro Swift cannot call).
    static let nullDeviceNumber: dev_t = 1 << 8 | 3

    @Test("--output /dev/null: the system's null device stays a device")
    func devNull() throws {
        // Under /dev the writer writes through by name: this holds for every user.
        let run = try routesim(["generate", "--rows", "100", "--output", "/dev/null"])
        let intact = fileType("/dev/null") == S_IFCHR
        if !intact && geteuid() == 0 {
            // A writer that replaced it must not leave the machine without a null device.
            unlink("/dev/null")
            mknod("/dev/null", S_IFCHR | 0o666, Self.nullDeviceNumber)
            chmod("/dev/null", 0o666)
        }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(intact)
    }

    @Test("a symlink to /dev/stdout: the report reaches standard output and the link stays")
    func symlinkToStdout() throws {
        let scratch = try ScratchDirectory()
        let link = scratch.path("report.xml")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/stdout")
        let run = try routesim(
            ["test", "--format", "junit", "--output", link, "corpus/cases/demo-office.yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        // The report, then the text summary: both on standard output, in that order.
        #expect(run.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"))
        #expect(run.stdout.contains("</testsuites>\n"))
        #expect(run.stdout.hasSuffix(" passed, 0 failed\n"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/dev/stdout")
        #expect(scratch.temporaryFiles.isEmpty)
    }

    @Test("a FIFO is written through: its reader gets the report, and it stays a FIFO")
    func fifo() throws {
        let scratch = try ScratchDirectory()
        let fifo = scratch.path("report.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader runs beside the writer; the open for writing waits for it, as a shell would.
        let received = scratch.path("received.xml")
        let reader = try ChildProcess(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "cat '\(fifo)' > '\(received)'"], environment: [:], in: scratch.url)
        let run = try routesim(["test", "--format", "junit", "--output", fifo, "corpus/cases/demo-office.yaml"])
        let readerRun = reader.wait(timeout: .seconds(30))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(readerRun.status == 0)
        let text = try String(contentsOfFile: received, encoding: .utf8)
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"))
        #expect(text.hasSuffix("</testsuites>\n"))
        #expect(fileType(fifo) == S_IFIFO)
        #expect(scratch.temporaryFiles.isEmpty)
    }

    @Test("a symlink to a regular file: the file is updated, the link stays a link, the mode is kept")
    func symlinkToAFile() throws {
        let scratch = try ScratchDirectory()
        let real = try scratch.write("old\n", to: "plans/real.json")
        #expect(chmod(real, 0o640) == 0)
        let link = scratch.path("plan.json")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "plans/real.json")
        let run = try routesim(["generate", "--rows", "100", "--output", link])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "plans/real.json")
        #expect(try String(contentsOfFile: real, encoding: .utf8).hasPrefix("{\n  \"sysinfo\""))
        #expect(try mode(real) == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("plans")) == ["real.json"])
    }

    @Test("a dangling symlink names the file to create")
    func danglingSymlink() throws {
        let scratch = try ScratchDirectory()
        let link = scratch.path("plan.json")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "made.json")
        let run = try routesim(["generate", "--rows", "100", "--output", link])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "made.json")
        #expect(FileManager.default.fileExists(atPath: scratch.path("made.json")))
    }

    @Test("a file's permissions survive a rewrite: a plan chmod 600 stays 600")
    func modeKept() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write("{}\n", to: "plan.json")
        #expect(chmod(plan, 0o600) == 0)
        let run = try routesim(["generate", "--rows", "100", "--output", plan])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try mode(plan) == 0o600)
    }

    @Test("a new file gets the usual mode (0666 less the umask), and no temporary file is left")
    func newFileMode() throws {
        let scratch = try ScratchDirectory()
        let plan = scratch.path("plan.json")
        let run = try routesim(["generate", "--rows", "100", "--output", plan])
        #expect(run.status == 0, "\(run.stderr)")
        let umaskNow = umask(0o022)
        umask(umaskNow)
        #expect(try mode(plan) == 0o666 & ~Int(umaskNow))
        #expect(scratch.temporaryFiles.isEmpty)
    }

    @Test("a link planted at the old predictable temporary name is not followed")
    func plantedLinksAreNotFollowed() throws {
        let scratch = try ScratchDirectory()
        let victim = try scratch.write("precious\n", to: "victim.txt")
        // The old writer used `.NAME.PID.tmp`; plant links for the next PIDs the system hands out.
        let last =
            (try? String(contentsOfFile: "/proc/sys/kernel/ns_last_pid", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? Int(getpid())
        for pid in (last + 1)...(last + 3000) {
            try FileManager.default.createSymbolicLink(atPath: scratch.path(".plan.json.\(pid).tmp"), withDestinationPath: victim)
        }
        let run = try routesim(["generate", "--rows", "100", "--output", scratch.path("plan.json")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(try String(contentsOfFile: scratch.path("plan.json"), encoding: .utf8).hasPrefix("{\n"))
    }

    @Test("SIGINT while the file is being written: the temporary file is removed and no file appears")
    func interruptedWrite() throws {
        let scratch = try ScratchDirectory()
        let plan = scratch.path("plan.json")
        // 500,000 rows are about 120 MB: written and flushed long enough to be caught at it. A
        // child started from a test inherits the test thread's blocked signals and whatever
        // the test process (with other suites running in it) ignores at that moment — and
        // routesim leaves an ignored SIGINT ignored, as `nohup` asks: python3 clears the mask
        // and puts the stop signals and SIGPIPE back to their defaults before it becomes
        // routesim, as a shell would start it.
        let unblocked = """
            import os, signal, sys
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
                signal.signal(stop, signal.SIG_DFL)
            os.execv(sys.argv[1], sys.argv[1:])
            """
        let child = try ChildProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", unblocked, RouteSimBinary.url.path, "generate", "--rows", "500000", "--output", plan],
            environment: RouteSimBinary.baseEnvironment, in: scratch.url)
        var sawTemporary = false
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(300)
        while child.isRunning, clock.now < deadline {
            if !scratch.temporaryFiles.isEmpty {
                sawTemporary = true
                _ = Glibc.kill(child.pid, SIGINT)
                break
            }
            usleep(1000)
        }
        let run = child.wait(timeout: .seconds(60), endedBy: SIGINT)
        try #require(sawTemporary, "the run ended before its temporary file was seen: \(run.stderr)")
        #expect(run.signal == SIGINT)
        #expect(scratch.temporaryFiles.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: plan))
    }

    @Test("an output that is a folder is refused before any work, naming the flag")
    func folderRefused() throws {
        let scratch = try ScratchDirectory()
        let run = try routesim(["test", "--format", "junit", "--output", scratch.url.path, "corpus/cases/demo-office.yaml"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "routesim: --output \(scratch.url.path): is a folder; give a file name\n")
    }

    @Test("fetch -o FOLDER fails at once, before it connects to anything")
    func fetchIntoAFolder() throws {
        let scratch = try ScratchDirectory()
        // Port 9 (discard) on loopback: nothing listens; the old fetch tried to connect first.
        let run = try routesim(
            ["fetch", "--url", "http://127.0.0.1:9", "--output", scratch.url.path, "--retries", "0"],
            environment: ["ROUTESIM_SYSKEY": "k"])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: --output \(scratch.url.path): is a folder; give a file name\n")
    }
}

/// `generate --cdr` and the spool of `replay --calibrate -` write their files as every other
/// writer does (issue 16): before, they opened `.NAME.PID.tmp` and `routesim-stdin-PID.csv`
/// themselves, following links, replacing FIFOs and links, dropping the mode.
@Suite("call detail records and the standard-input spool, end to end")
struct RecordFileTests {
    static let demo = Corpus.plan("demo-office").path

    func generate(_ output: String, _ extra: [String] = []) throws -> RunResult {
        try routesim(["generate", "--cdr", "--plan", Self.demo, "--calls", "200", "--seed", "3", "--output", output] + extra)
    }

    /// What `generate --cdr` writes to standard output for the same calls.
    func expectedRecords() throws -> String {
        let run = try routesim(["generate", "--cdr", "--plan", Self.demo, "--calls", "200", "--seed", "3"])
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("\r\n"))
        return run.stdout
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test("generate --cdr through a link: the linked file is updated, the link stays, the mode is kept")
    func linkAndMode() throws {
        let scratch = try ScratchDirectory()
        let real = try scratch.write("old\n", to: "archive/real.csv")
        #expect(chmod(real, 0o640) == 0)
        let link = scratch.path("cdr.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "archive/real.csv")
        let run = try generate(link)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "archive/real.csv")
        #expect(try String(contentsOfFile: real, encoding: .utf8) == (try expectedRecords()))
        #expect(try mode(real) == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("archive")) == ["real.csv"])
        #expect(scratch.temporaryFiles.isEmpty)
    }

    @Test("generate --cdr into a FIFO: the reader gets the records, compressed for a .gz name, and it stays a FIFO")
    func fifo() throws {
        let scratch = try ScratchDirectory()
        for name in ["cdr.fifo", "cdr.csv.gz"] {
            let fifo = scratch.path(name)
            #expect(mkfifo(fifo, 0o600) == 0)
            let received = scratch.path("received-\(name)")
            let reader = try ChildProcess(
                URL(fileURLWithPath: "/bin/sh"), ["-c", "exec cat '\(fifo)' > '\(received)'"], environment: [:], in: scratch.url)
            let run = try generate(fifo)
            #expect(reader.wait(timeout: .seconds(30)).status == 0)
            #expect(run.status == 0, "\(run.stderr)")
            var info = stat()
            #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: received))
            if name.hasSuffix(".gz") {
                #expect(bytes.prefix(2) == Data([0x1F, 0x8B]))
                let unzipped = try routesim(["replay", "--plan", Self.demo, received])
                #expect(unzipped.status == 0, "\(unzipped.stderr)")
            } else {
                #expect(String(decoding: bytes, as: UTF8.self) == (try expectedRecords()))
            }
        }
        #expect(scratch.temporaryFiles.isEmpty)
    }

    @Test("generate --cdr --output /dev/stdout writes to standard output, in order with the rest")
    func standardOutput() throws {
        let run = try routesim(["generate", "--cdr", "--plan", Self.demo, "--calls", "200", "--seed", "3", "--output", "/dev/stdout"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == (try expectedRecords()))
    }

    @Test("generate --cdr: links planted at the old predictable temporary name are not followed; a folder is refused first")
    func plantedLinks() throws {
        let scratch = try ScratchDirectory()
        let victim = try scratch.write("precious\n", to: "victim.txt")
        let last =
            (try? String(contentsOfFile: "/proc/sys/kernel/ns_last_pid", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? Int(getpid())
        for pid in (last + 1)...(last + 3000) {
            try FileManager.default.createSymbolicLink(atPath: scratch.path(".cdr.csv.\(pid).tmp"), withDestinationPath: victim)
        }
        let run = try generate(scratch.path("cdr.csv"))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(try String(contentsOfFile: scratch.path("cdr.csv"), encoding: .utf8) == (try expectedRecords()))

        let folder = try generate(scratch.url.path)
        #expect(folder.status == 2)
        #expect(folder.stderr == "routesim: --output \(scratch.url.path): is a folder; give a file name\n")
    }

    @Test("replay --calibrate -: standard input is kept in a file no planted link redirects, and none is left behind")
    func standardInputSpool() throws {
        let scratch = try ScratchDirectory()
        let temporary = scratch.path("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let victim = try scratch.write("precious\n", to: "victim.txt")
        let last =
            (try? String(contentsOfFile: "/proc/sys/kernel/ns_last_pid", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? Int(getpid())
        // The old spool was `routesim-stdin-PID.csv` in the temporary folder, opened for writing.
        for pid in (last + 1)...(last + 3000) {
            try FileManager.default.createSymbolicLink(atPath: temporary + "/routesim-stdin-\(pid).csv", withDestinationPath: victim)
        }
        let records = try expectedRecords()
        let run = try routesim(["replay", "--plan", Self.demo, "--calibrate", "-"], input: records, environment: ["TMPDIR": temporary])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(" records from 1 file against "))
        #expect(!run.allText.contains("/proc/self/fd/"))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).count == 3000)
    }
}
