import Foundation
import HTTPTypes
import Hummingbird
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// Share links (`parcours dashboard share`): `/share/{secret}/` opens the live pages of the
/// link's scope in any browser, without a bearer header. The database checks the secret,
/// establishes the link's maker and turns the transaction read-only (sql/0018).
extension ParcoursServer {
    var shareRoutes: [Route] {
        [
            Route(.get, "/share/{token}/", authenticated: false) { request, context in
                // The pages link to each other relatively: the index must be read as a directory.
                guard request.uri.path.hasSuffix("/") else {
                    let token = try context.parameters.require("token")
                    return Response(status: .seeOther, headers: [.location: "/share/\(token)/" + (request.uri.query.map { "?" + $0 } ?? "")])
                }
                return try await limitingGuesses(context) { try await sharedDashboard("index", request, context) }
            },
            Route(.get, "/share/{token}/{page}", authenticated: false) { request, context in
                let file = try context.parameters.require("page")
                guard file.hasSuffix(".html") else { throw Problem(.notFound, .noSuchRoute) }
                return try await limitingGuesses(context) { try await sharedDashboard(String(file.dropLast(5)), request, context) }
            },
        ]
    }

    /// A page of the link's scope, for the current year (or `?period=`), masked if the link is public.
    func sharedDashboard(_ slug: String, _ request: Request, _ context: APIContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let period = try Input.period(request.uri.queryParameters.get("period").map { String($0) } ?? "this-year", today: store.today)
        let language = context.language
        do {
            let (site, data, isPublic) = try await store.transaction(as: .share(token)) { tx in
                guard let grant = tx.acting.share else { throw StoreError.unauthenticated(Refusal(.shareUnknown)) }
                let (site, data) = try await Self.dashboardPage(slug, of: grant.scope, period: period, language: language, in: tx)
                return (site, data, grant.isPublic)
            }
            let html = DashboardRenderer(language: language, isPublic: isPublic).page(data, site: site, generatedOn: store.today)
            return Self.sharedPage(.ok, html)
        } catch StoreError.unauthenticated(let refusal) where [.shareUnknown, .shareWithdrawn].contains(refusal.code) {
            // A person followed a link: they get a page in words, not a problem document.
            let withdrawn = refusal.code == .shareWithdrawn
            let sentence = Messages.text(withdrawn ? "share.page.withdrawn" : "share.page.unknown", language)
            let html = """
                <!DOCTYPE html>
                <html lang="\(language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>\(HTML.escape(Messages.text("share.page.title", language)))</title>
                <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style></head>
                <body><h1>\(HTML.escape(Messages.text("share.page.title", language)))</h1><p>\(HTML.escape(sentence))</p></body></html>
                """
            return Self.sharedPage(withdrawn ? .gone : .notFound, html)
        }
    }

    /// A shared page: never cached, never indexed, and its address (the secret) never sent on as a referrer.
    static func sharedPage(_ status: HTTPResponse.Status, _ html: String) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", HTTPField.Name("Referrer-Policy")!: "no-referrer",
                HTTPField.Name("X-Robots-Tag")!: "noindex, nofollow",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
