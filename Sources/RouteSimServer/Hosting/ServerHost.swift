import Dispatch
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Serves a `RouteSimService` over HTTP/1.1 with Hummingbird: the one file that knows the
/// framework. Requests are turned into `ServerRequest`s, answered by the service (slow ones on a
/// queue of their own, so the fast ones never wait behind a drawing), and written back.
public struct ServerHost: Sendable {
    public let service: RouteSimService
    public let host: String
    public let port: Int

    public init(service: RouteSimService, host: String, port: Int) {
        self.service = service
        self.host = host
        self.port = port
    }

    /// Runs until SIGINT or SIGTERM; `onListening` gets the port once the socket is bound.
    public func run(onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let service = self.service
        let slowWork = DispatchQueue(label: "routesim.serve.slow", attributes: .concurrent)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: RouteSimService.maxBodyBytes)
            } catch {
                return Self.response(
                    RouteSimService.errorResponse(
                        RequestError(status: 413, message: "the body is larger than \(RouteSimService.maxBodyBytes) bytes"),
                        path: request.uri.path))
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            // HTTP types keep the Host header as the request's authority.
            if let authority = request.head.authority { headers["host"] = authority }
            let exchange = ServerRequest(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers,
                body: Array(buffer: body))
            if RouteSimService.isSlow(path: exchange.path, query: exchange.query) {
                let answer = await withCheckedContinuation { continuation in
                    slowWork.async { continuation.resume(returning: service.respond(to: exchange)) }
                }
                return Self.response(answer)
            }
            return Self.response(service.respond(to: exchange))
        }
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "routesim"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "routesim.serve", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.runService()
    }

    static func response(_ answer: ServerResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
