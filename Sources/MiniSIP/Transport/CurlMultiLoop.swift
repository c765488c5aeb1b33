import CCurl
import Foundation

/// One HTTP GET to run: `url` holds the syskey and is handed to libcurl only.
struct TransferJob {
    /// Chosen by the caller; identifies the job in `cancel` and in the completion.
    let id: Int
    let url: String
}

/// How one transfer ended: an HTTP answer (any status, with its `Retry-After` in seconds when
/// it has one) or a failure below HTTP.
enum TransferResult {
    case response(status: Int, body: [UInt8], retryAfter: Double?)
    case failure(TransferFailure)
}

/// Runs GET requests concurrently on the calling thread: one `curl_multi` loop, at most
/// `maxInFlight` transfers at once, easy handles reused (and with them the multi handle's
/// connection cache, so requests share keep-alive connections).
///
/// Jobs may be submitted, delayed (for back-off) and cancelled from the completion handler.
/// Not thread-safe: one loop belongs to one thread.
final class CurlMultiLoop {
    enum Priority { case high, normal }

    private let multi: UnsafeMutableRawPointer
    private let options: TransportOptions
    private let username: String?
    private let password: String?
    private let scrub: (String) -> String
    private var idle: [EasyHandle] = []
    private var active: [UnsafeMutableRawPointer: (EasyHandle, TransferJob)] = [:]
    private var activeByJob: [Int: UnsafeMutableRawPointer] = [:]
    private var high = JobQueue()
    private var normal = JobQueue()
    private var delayed: [(readyAt: Double, job: TransferJob, priority: Priority)] = []
    private var cancelled = Set<Int>()

    /// New connections opened so far (less than transfers when connections are reused).
    private(set) var connectionsOpened = 0
    /// Transfers completed so far (every attempt counts).
    private(set) var transfersCompleted = 0
    /// Transfers in flight at once at most: `maxInFlight` at first, lowered while a server is busy.
    var concurrency: Int

    /// - Parameter scrub: applied to every message that comes from libcurl (removes the syskey).
    init(options: TransportOptions, username: String?, password: String?, scrub: @escaping (String) -> String)
        throws(FetchError)
    {
        CurlGlobal.ensureInitialized()
        guard let multi = curl_multi_init() else { throw FetchError("libcurl: cannot create a multi handle") }
        self.multi = multi
        self.options = options
        self.username = username
        self.password = password
        self.scrub = scrub
        let limit = max(1, options.maxInFlight)
        self.concurrency = limit
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limit)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, limit)
    }

    deinit {
        for (pointer, _) in active { curl_multi_remove_handle(multi, pointer) }
        active.removeAll()
        idle.removeAll()
        curl_multi_cleanup(multi)
    }

    /// Queues a job; `delay` seconds from now at the earliest (back-off).
    func submit(_ job: TransferJob, priority: Priority = .normal, delay: Double = 0) {
        cancelled.remove(job.id)
        if delay > 0 {
            delayed.append((monotonicSeconds() + delay, job, priority))
        } else if priority == .high {
            high.push(job)
        } else {
            normal.push(job)
        }
    }

    /// Drops a job wherever it is: queued, waiting for back-off, or in flight (aborted).
    func cancel(_ jobID: Int) {
        if let pointer = activeByJob.removeValue(forKey: jobID), let (easy, _) = active.removeValue(forKey: pointer) {
            curl_multi_remove_handle(multi, pointer)
            idle.append(easy)
            return
        }
        cancelled.insert(jobID)
        delayed.removeAll { $0.job.id == jobID }
    }

    /// Drops every job.
    func cancelAll() {
        for (pointer, (easy, _)) in active {
            curl_multi_remove_handle(multi, pointer)
            idle.append(easy)
        }
        active.removeAll()
        activeByJob.removeAll()
        high = JobQueue()
        normal = JobQueue()
        delayed.removeAll()
        cancelled.removeAll()
    }

    /// Runs until no job is left, calling `onComplete` once per finished transfer; returns false
    /// when it stopped at `deadline` (monotonic seconds) with jobs left (they are dropped).
    @discardableResult
    func run(until deadline: Double = .infinity, _ onComplete: (TransferJob, TransferResult) -> Void) -> Bool {
        var running: Int32 = 0
        while true {
            if monotonicSeconds() >= deadline {
                cancelAll()
                return false
            }
            promoteDelayed()
            startReady()
            if active.isEmpty && high.isEmpty && normal.isEmpty && delayed.isEmpty { return true }
            curl_multi_perform(multi, &running)
            var messagesLeft: Int32 = 0
            var finished: [(TransferJob, TransferResult)] = []
            while let message = curl_multi_info_read(multi, &messagesLeft) {
                guard message.pointee.msg == CURLMSG_DONE, let pointer = message.pointee.easy_handle,
                    let (easy, job) = active.removeValue(forKey: pointer)
                else { continue }
                activeByJob.removeValue(forKey: job.id)
                curl_multi_remove_handle(multi, pointer)
                finished.append((job, easy.result(of: message.pointee.data.result, scrub: scrub)))
                connectionsOpened += easy.newConnections()
                transfersCompleted += 1
                idle.append(easy)
            }
            for (job, result) in finished where !cancelled.contains(job.id) {
                onComplete(job, result)
            }
            // New work, or none left at all: go round again without waiting.
            if !finished.isEmpty && (!high.isEmpty || !normal.isEmpty) { continue }
            if active.isEmpty && high.isEmpty && normal.isEmpty && delayed.isEmpty { return true }
            var timeoutMs: Int32 = 1000
            if let next = delayed.map(\.readyAt).min() {
                let wait = max(0, (next - monotonicSeconds()) * 1000)
                timeoutMs = Int32(min(1000, wait.rounded(.up)))
            }
            curl_multi_poll(multi, nil, 0, timeoutMs, nil)
        }
    }

    private func promoteDelayed() {
        guard !delayed.isEmpty else { return }
        let now = monotonicSeconds()
        var waiting: [(readyAt: Double, job: TransferJob, priority: Priority)] = []
        for entry in delayed {
            if entry.readyAt <= now {
                if entry.priority == .high { high.push(entry.job) } else { normal.push(entry.job) }
            } else {
                waiting.append(entry)
            }
        }
        delayed = waiting
    }

    private func startReady() {
        let limit = min(max(1, concurrency), max(1, options.maxInFlight))
        while active.count < limit {
            guard let job = high.pop(skipping: cancelled) ?? normal.pop(skipping: cancelled) else { return }
            let easy: EasyHandle
            if let reused = idle.popLast() {
                easy = reused
            } else if let created = EasyHandle(options: options, username: username, password: password) {
                easy = created
            } else {
                // Cannot allocate a handle: report it as the job's failure rather than spin.
                high.pushFront(job)
                return
            }
            easy.prepare(url: job.url)
            active[easy.pointer] = (easy, job)
            activeByJob[job.id] = easy.pointer
            curl_multi_add_handle(multi, easy.pointer)
        }
    }
}

/// Seconds on a clock that never jumps.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// A FIFO of jobs with O(1) pops.
private struct JobQueue {
    private var items: [TransferJob] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func push(_ job: TransferJob) { items.append(job) }

    mutating func pushFront(_ job: TransferJob) {
        if head > 0 {
            head -= 1
            items[head] = job
        } else {
            items.insert(job, at: 0)
        }
    }

    mutating func pop(skipping cancelled: Set<Int>) -> TransferJob? {
        while head < items.count {
            let job = items[head]
            head += 1
            if head > 1024 && head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            if !cancelled.contains(job.id) { return job }
        }
        return nil
    }
}

/// The bytes of one answer, filled by libcurl's write callback.
private final class ResponseBuffer {
    var bytes: [UInt8] = []
    let limit: Int
    var overflowed = false

    init(limit: Int) { self.limit = limit }
}

private let writeCallback: ccurl_write_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let buffer = Unmanaged<ResponseBuffer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    if buffer.bytes.count + length > buffer.limit {
        buffer.overflowed = true
        return 0
    }
    if let data, length > 0 {
        buffer.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    }
    return length
}

/// A libcurl easy handle with its error buffer and answer buffer; owns and frees all three.
private final class EasyHandle {
    let pointer: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let buffer: ResponseBuffer

    init?(options: TransportOptions, username: String?, password: String?) {
        guard let pointer = curl_easy_init() else { return nil }
        self.pointer = pointer
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        self.buffer = ResponseBuffer(limit: options.maxResponseBytes)

        _ = ccurl_easy_setopt_long(pointer, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_easy_setopt_long(pointer, CURLOPT_HTTPGET, 1)
        _ = ccurl_easy_setopt_long(pointer, CURLOPT_FOLLOWLOCATION, 0)
        _ = ccurl_easy_setopt_long(pointer, CURLOPT_TCP_KEEPALIVE, 1)
        _ = ccurl_easy_setopt_long(pointer, CURLOPT_CONNECTTIMEOUT_MS, TransportOptions.milliseconds(options.connectTimeout))
        _ = ccurl_easy_setopt_long(pointer, CURLOPT_TIMEOUT_MS, TransportOptions.milliseconds(options.requestTimeout))
        _ = ccurl_easy_setopt_string(pointer, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_easy_setopt_string(pointer, CURLOPT_USERAGENT, "routesim-fetch")
        _ = ccurl_easy_setopt_pointer(pointer, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = ccurl_easy_setopt_write_callback(pointer, CURLOPT_WRITEFUNCTION, writeCallback)
        _ = ccurl_easy_setopt_pointer(pointer, CURLOPT_WRITEDATA, Unmanaged.passUnretained(buffer).toOpaque())
        // Certificate verification stays on unless the user opts out.
        _ = ccurl_easy_setopt_long(pointer, CURLOPT_SSL_VERIFYPEER, options.insecure ? 0 : 1)
        _ = ccurl_easy_setopt_long(pointer, CURLOPT_SSL_VERIFYHOST, options.insecure ? 0 : 2)
        if let caCertificatePath = options.caCertificatePath {
            _ = ccurl_easy_setopt_string(pointer, CURLOPT_CAINFO, caCertificatePath)
        }
        if let username {
            _ = ccurl_easy_setopt_string(pointer, CURLOPT_USERNAME, username)
            _ = ccurl_easy_setopt_string(pointer, CURLOPT_PASSWORD, password ?? "")
        }
    }

    deinit {
        curl_easy_cleanup(pointer)
        errorBuffer.deallocate()
    }

    func prepare(url: String) {
        buffer.bytes.removeAll(keepingCapacity: true)
        buffer.overflowed = false
        errorBuffer[0] = 0
        _ = ccurl_easy_setopt_string(pointer, CURLOPT_URL, url)
    }

    func newConnections() -> Int {
        var count = 0
        _ = ccurl_easy_getinfo_long(pointer, CURLINFO_NUM_CONNECTS, &count)
        return count
    }

    func result(of code: CURLcode, scrub: (String) -> String) -> TransferResult {
        if code == CURLE_OK {
            var status = 0
            _ = ccurl_easy_getinfo_long(pointer, CURLINFO_RESPONSE_CODE, &status)
            let body = buffer.bytes
            buffer.bytes = []
            var retryAfter: curl_off_t = -1
            // libcurl says 0 when the answer had no Retry-After.
            let known = ccurl_easy_getinfo_off_t(pointer, CURLINFO_RETRY_AFTER, &retryAfter) == CURLE_OK && retryAfter > 0
            return .response(status: status, body: body, retryAfter: known ? Double(retryAfter) : nil)
        }
        if code == CURLE_WRITE_ERROR && buffer.overflowed { return .failure(.tooLarge(buffer.limit)) }
        var text = String(cString: errorBuffer)
        if text.isEmpty { text = String(cString: curl_easy_strerror(code)) }
        text = scrub(text)
        switch code {
        case CURLE_COULDNT_CONNECT: return .failure(.connectionRefused(text))
        case CURLE_OPERATION_TIMEDOUT: return .failure(.timedOut(text))
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR: return .failure(.connectionLost(text))
        case CURLE_PARTIAL_FILE: return .failure(.truncated(text))
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .failure(.nameResolution(text))
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            return .failure(.tls(text))
        default: return .failure(.other(text))
        }
    }
}
