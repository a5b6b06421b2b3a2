import Foundation
import Hummingbird
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// An error as RFC 9457 problem details (`application/problem+json`): the refusal's stable `code`,
/// the field it concerns and a `detail` in the request's language (`Accept-Language`).
public struct Problem: HTTPResponseError, Equatable {
    public var status: HTTPResponse.Status
    public var refusal: Refusal

    public init(_ status: HTTPResponse.Status, _ refusal: Refusal) {
        self.status = status
        self.refusal = refusal
    }

    public init(_ status: HTTPResponse.Status, _ code: RefusalCode, field: String? = nil, _ values: [String: String] = [:]) {
        self.init(status, Refusal(code, field: field, values))
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let language = (context as? APIContext)?.language ?? .fr
        guard case .object(var body) = JSONValue.of(refusal, language) else { throw HTTPError(.internalServerError) }
        body["type"] = .string("about:blank")
        // The status's name in the request's language; the code stays the machine's.
        body["title"] = .string(Messages.template("http.status.\(status.code)", language) ?? status.reasonPhrase)
        body["status"] = .int(status.code)
        body["instance"] = .string(request.uri.path)
        var headers: HTTPFields = [.contentType: "application/problem+json", .contentLanguage: language.rawValue]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"parcours\"" }
        // The database is away: clients retry shortly rather than hammer it.
        if status == .serviceUnavailable { headers[.retryAfter] = "2" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: try JSONValue.object(body).encoded())))
    }

    /// The store's errors, each with its HTTP meaning.
    static func from(_ error: StoreError) -> Problem {
        switch error {
        case .invalid(let refusal): Problem(.badRequest, refusal)
        case .notFound(let refusal): Problem(.notFound, refusal)
        // A rule of the field said no (a refused transition, a missing guard).
        case .refused(let refusal) where refusal.code == .carrierErased: Problem(.gone, refusal)
        case .refused(let refusal): Problem(.unprocessableContent, refusal)
        case .conflict(let refusal): Problem(.conflict, refusal)
        case .forbidden(let refusal): Problem(.forbidden, refusal)
        case .unauthenticated(let refusal): Problem(.unauthorized, refusal)
        case .duplicate(let refusal): Problem(.conflict, refusal)
        case .unavailable(let refusal): Problem(.serviceUnavailable, refusal)
        case .database(let refusal): Problem(.internalServerError, refusal)
        }
    }
}

extension Language {
    /// The first of French and English the client accepts (`Accept-Language: en-GB,en;q=0.9`),
    /// by preference; `fallback` when it names neither.
    static func accepted(by header: String?, fallback: Language) -> Language {
        guard let header else { return fallback }
        let ranked = header.split(separator: ",").compactMap { part -> (Language, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmed }
            guard let tag = pieces.first, let language = Language(rawValue: String(tag.lowercased().prefix(2))) else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0 ? (language, quality) : nil
        }
        return ranked.max { $0.1 < $1.1 }?.0 ?? fallback
    }
}
