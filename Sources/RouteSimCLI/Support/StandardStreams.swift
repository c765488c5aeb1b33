// Linux only, as the whole package (libcurl, PCRE2 and the process calls are used through Glibc).
import DialPlan
import Glibc

/// Diagnostics go to stderr; data to stdout. Unbuffered writes keep the order with the exit.
enum StandardError {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Writes a message that may hold text from input (a name, a number, a path, a server's
    /// answer) as one line: every control character written out, newlines too, so that nothing
    /// in the input can drive the terminal or forge a line (a user name with a newline once
    /// printed the rest of the message as a line of its own).
    static func writeMessage(_ text: String) {
        write(text.escapingControlCharacters + "\n")
    }

    /// Writes text routesim composed of several lines (a summary, a banner, usage), each line
    /// with its control characters written out; ends it with a newline.
    static func writeLines(_ text: String) {
        write(
            text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).escapingControlCharacters }
                .joined(separator: "\n") + "\n")
    }

    /// Whether stderr is a terminal (progress lines are printed only then).
    static var isTerminal: Bool { isatty(2) == 1 }
}

enum StandardOutput {
    private static var stream: UnsafeMutablePointer<FILE> { fdopenStdout }

    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            _ = fwrite(buffer.baseAddress, 1, buffer.count, stream)
        }
    }

    /// Writes the text a builder made, from its bytes (no `String` is made of them).
    static func write(bytesOf text: TextBuilder) {
        text.withUTF8 { buffer in
            _ = fwrite(buffer.baseAddress, 1, buffer.count, stream)
        }
    }

    /// Writes a report that holds names from a plan (text, Markdown, CSV): each line with its
    /// control characters written out, as messages are, so that no name can drive the terminal
    /// or forge a line.
    static func writeReport(_ text: String) {
        // Line by line: a map of a large plan is tens of megabytes, and a copy of every line at
        // once would double it. The lines are found in the bytes, as splitting at the
        // character "\n" would: at every LF that does not follow a CR (a CR LF is one
        // character, kept in its line and written out), without walking the text character by
        // character.
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            func line(to end: Int) {
                if start > 0 { write("\n") }
                write(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).escapingControlCharacters)
            }
            for i in bytes.indices where bytes[i] == 0x0A && (i == 0 || bytes[i - 1] != 0x0D) {
                line(to: i)
                start = i + 1
            }
            line(to: bytes.count)
        }
    }

    static func flush() { fflush(stream) }
}

/// stdout as a buffered C stream; Glibc's `stdout` global is not concurrency-safe to name.
nonisolated(unsafe) private let fdopenStdout: UnsafeMutablePointer<FILE> = fdopen(1, "w")
