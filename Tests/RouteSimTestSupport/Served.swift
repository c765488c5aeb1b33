import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `routesim serve` on a free loopback port, as a long-running child, until `stop()` (or until
/// the last reference goes away). Suites that start one must be `.serialized`.
public final class RouteSimServer {
    public let child: ChildProcess
    /// `http://127.0.0.1:PORT`.
    public let url: String

    /// Starts `routesim serve ARGUMENTS --port 0` in `directory` and waits until it listens.
    public init(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL = repositoryRoot, scratch: ScratchDirectory,
        startTimeout: Duration = .seconds(30)
    ) throws {
        let ready = scratch.path("ready-\(UUID().uuidString)")
        child = try startRouteSim(["serve", "--port", "0", "--ready-file", ready] + arguments, environment: environment, in: directory)
        url = try child.awaitReadyFile(ready, within: startTimeout)
    }

    public func stop() { child.kill() }

    deinit { child.kill() }
}

/// One HTTP answer as a test reads it.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: String

    /// A header by name, any case.
    public func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
}

/// A plain HTTP client for tests (no cookies, no cache, no redirects followed), with a timeout.
public enum HTTP {
    private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest,
            completionHandler: @escaping (URLRequest?) -> Void
        ) { completionHandler(nil) }
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = 30
        configuration.httpMaximumConnectionsPerHost = 8
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    /// Sends a request and waits for the answer; a transport failure throws.
    public static func send(
        _ url: String, method: String = "GET", body: String? = nil, headers: [String: String] = [:]
    ) throws -> HTTPAnswer {
        guard let target = URL(string: url) else { throw TestSupportError("not a URL: \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<HTTPAnswer, any Error> = .failure(TestSupportError("no answer"))
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                outcome = .failure(TestSupportError("\(method) \(url): \(error.localizedDescription)"))
            } else if let response = response as? HTTPURLResponse {
                var fields: [String: String] = [:]
                for (name, value) in response.allHeaderFields { fields["\(name)"] = "\(value)" }
                outcome = .success(
                    HTTPAnswer(status: response.statusCode, headers: fields, body: String(decoding: data ?? Data(), as: UTF8.self)))
            }
            done.signal()
        }
        task.resume()
        guard done.wait(timeout: .now() + 60) == .success else { throw TestSupportError("\(method) \(url): no answer within 60 s") }
        return try outcome.get()
    }
}
