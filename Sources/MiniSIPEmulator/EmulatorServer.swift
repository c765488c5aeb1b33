import DialPlan
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP server (swift-nio) that answers the miniSIPServer OpenAPI from an `OpenAPIService`,
/// with the faults of `FaultOptions`. Keep-alive and pipelined requests are handled by NIO.
public final class EmulatorServer: Sendable {
    private let service: OpenAPIService
    private let faults: FaultInjector
    private let group: MultiThreadedEventLoopGroup
    private let channel: Channel

    /// Binds `host:port` (port 0: any free port) and starts answering.
    public init(service: OpenAPIService, faults: FaultOptions, host: String, port: Int, threads: Int = 2) throws {
        self.service = service
        let injector = FaultInjector(options: faults)
        self.faults = injector
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        self.group = group
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.addHandlers(to: channel.pipeline.syncOperations, service: service, faults: injector)
                }
            }
        do {
            self.channel = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// The handlers of one connection: NIO's HTTP/1 server codec (with its error handling), then
    /// the OpenAPI handler. `package` so that the emulator's fuzz target feeds them raw bytes.
    package static func addHandlers(
        to pipeline: ChannelPipeline.SynchronousOperations, service: OpenAPIService, faults: FaultOptions
    ) throws {
        try addHandlers(to: pipeline, service: service, faults: FaultInjector(options: faults))
    }

    private static func addHandlers(
        to pipeline: ChannelPipeline.SynchronousOperations, service: OpenAPIService, faults: FaultInjector
    ) throws {
        try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
        try pipeline.addHandler(OpenAPIHandler(service: service, faults: faults))
    }

    /// The port the server listens on.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Stops listening and closes every connection (stalled ones included).
    public func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Reads one request, answers it (after the configured latency), or misbehaves as told.
private final class OpenAPIHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let service: OpenAPIService
    private let faults: FaultInjector
    private var head: HTTPRequestHead?

    init(service: OpenAPIService, faults: FaultInjector) {
        self.service = service
        self.faults = faults
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let uri = head.uri
        let path: String
        let query: String?
        if let mark = uri.firstIndex(of: "?") {
            path = String(uri[..<mark])
            query = String(uri[uri.index(after: mark)...])
        } else {
            path = uri
            query = nil
        }
        let (parsed, queryError) = OpenAPICall.parse(path: path, query: query)
        let fault = faults.fault(for: parsed)
        if fault == .stall { return }

        var answer: OpenAPIAnswer
        var call = parsed
        if fault == .ignorePage, var list = call, list.pageIndex != nil {
            list.parameters = list.parameters.setting("pageIndex", to: .int(0))
            call = list
        }
        if head.method != .GET {
            answer = .error(405, "the OpenAPI takes GET requests only")
        } else if let call {
            answer = queryError.map { .error(400, $0) } ?? service.answer(call)
            if queryError != nil, call.parameters["syskey"] == nil { answer = .error(403, "wrong or missing syskey") }
            if fault == .endless, answer.status == 200, let page = call.pageIndex, let table = Table(rawValue: call.object) {
                answer = OpenAPIAnswer(status: 200, body: Self.madeUpPage(page, of: table))
            }
        } else {
            answer = .error(404, "not an OpenAPI path; use /openapi/OBJECT[/OPERATION]?{JSON}")
        }

        var status = answer.status
        var body = Array(answer.body.compactText.utf8)
        var announcedLength = body.count
        var closeAfter = !head.isKeepAlive
        var extraHeaders: [(String, String)] = []
        switch fault {
        case .busy:
            status = 503
            body = Array(#"{"error":"injected fault: the server is busy"}"#.utf8)
            announcedLength = body.count
            extraHeaders.append(("Retry-After", String(faults.options.retryAfterSeconds)))
        case .echo:
            status = 500
            body = Array(Self.echo(query ?? "").utf8)
            announcedLength = body.count
        case .error:
            status = 500
            body = Array(#"{"error":"injected fault: internal server error"}"#.utf8)
            announcedLength = body.count
        case .malformed:
            body = Array(body.prefix(max(1, body.count / 2)))
            if (try? JSONValue(parsing: body)) != nil { body = Array("<html>not JSON</html>".utf8) }
            announcedLength = body.count
        case .truncate:
            body = Array(body.prefix(body.count / 2))
            closeAfter = true
        case .shape:
            if case .array = answer.body {
                body = Array(#"{"result":"ok"}"#.utf8)
            } else {
                body = Array(#"[{"result":"ok"}]"#.utf8)
            }
            announcedLength = body.count
        case .stall, .ignorePage, .endless, nil:
            break
        }

        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        headers.add(name: "Content-Length", value: String(announcedLength))
        if closeAfter { headers.add(name: "Connection", value: "close") }
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        let responseHead = HTTPResponseHead(
            version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headers)
        let truncated = fault == .truncate

        let send: () -> Void = { [self] in
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: body.count)
            buffer.writeBytes(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            if truncated {
                // Send what there is and close without ending the message: the answer is cut short.
                context.flush()
                context.close(promise: nil)
                return
            }
            if closeAfter {
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            } else {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
        let latency = min(faults.options.latencyMilliseconds, FaultOptions.maxLatencyMilliseconds)
        if latency > 0 {
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(latency))) { send() }
        } else {
            send()
        }
    }

    /// An error body that echoes `query` four ways (see `FaultKind.echo`).
    static func echo(_ query: String) -> String {
        let decoded = query.removingPercentEncoding ?? query
        var lower = ""
        var pending = 0
        for c in query {
            if c == "%" {
                pending = 2; lower.append(c)
            } else if pending > 0 {
                pending -= 1; lower += c.lowercased()
            } else {
                lower.append(c)
            }
        }
        let plus = query.replacingOccurrences(of: "%20", with: "+")
        var json = ""
        for unit in decoded.utf16 {
            switch unit {
            case 0x2F: json += "\\/"
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: json.unicodeScalars.append(Unicode.Scalar(unit)!)
            default:
                let hex = String(unit, radix: 16)
                json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        var html = ""
        for c in decoded {
            switch c {
            case "&": html += "&amp;"
            case "<": html += "&lt;"
            case ">": html += "&gt;"
            case "\"": html += "&quot;"
            default: html.append(c)
            }
        }
        html = html.replacingOccurrences(of: "\\", with: "&#92;")
        return #"{"error":"cannot parse \#(json)","request":"\#(lower)","form":"\#(plus)","page":"<p>\#(html)</p>"}"#
    }

    /// Twenty records no plan holds, with the table's key fields: page `page` of an endless list.
    static func madeUpPage(_ page: Int, of table: Table) -> JSONValue {
        .array(
            (0..<20).map { slot in
                .object(
                    table.keyFields.map { name in
                        let integer = table.documentedFields.first { $0.name == name }?.kind == .integer
                        let text = "\(page)\(slot < 10 ? "0" : "")\(slot)"
                        return (name, integer ? .number(text) : .string("endless-" + text))
                    })
            })
    }
}
