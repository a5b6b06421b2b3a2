import Foundation
import Hummingbird
import ParcoursReports
import ParcoursStore

/// An error as RFC 9457 problem details (`application/problem+json`) with a `detail` a person
/// can act on.
public struct Problem: HTTPResponseError, Equatable {
    public var status: HTTPResponse.Status
    public var detail: String

    public init(_ status: HTTPResponse.Status, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: JSONValue = .object([
            "type": .string("about:blank"), "title": .string(status.reasonPhrase), "status": .int(status.code),
            "detail": .string(detail), "instance": .string(request.uri.path),
        ])
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"parcours\"" }
        // The database is away: clients retry shortly rather than hammer it.
        if status == .serviceUnavailable { headers[.retryAfter] = "2" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: try body.encoded())))
    }

    /// The store's errors, each with its HTTP meaning.
    static func from(_ error: StoreError) -> Problem {
        switch error {
        case .invalid(let detail): Problem(.badRequest, detail)
        case .notFound(let detail): Problem(.notFound, detail)
        // A rule of the field said no (a refused transition, a missing guard).
        case .refused(let detail): Problem(.unprocessableContent, detail)
        case .conflict(let detail): Problem(.conflict, detail)
        case .forbidden(let detail): Problem(.forbidden, detail)
        case .unauthenticated(let detail): Problem(.unauthorized, detail)
        case .duplicate(let detail): Problem(.conflict, detail)
        case .unavailable(let detail): Problem(.serviceUnavailable, detail)
        case .database(let detail): Problem(.internalServerError, detail)
        }
    }
}
