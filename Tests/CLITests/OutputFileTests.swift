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
        // child started from a test inherits the test thread's blocked signals: python3 clears
        // the mask (and restores SIGPIPE) before it becomes routesim, as a shell would start it.
        let unblocked = """
            import os, signal, sys
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
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
