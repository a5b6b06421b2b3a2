import Foundation
import Hummingbird
import Logging
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// The HTTP service: for now the live dashboards and a health check, over the same store (and
/// the same report queries) as the command line.
public struct ParcoursServer: Sendable {
    public var store: Store
    /// Who the pages are computed as: row-level security scopes every figure to what they may see.
    public var acting: Acting
    public var language: Language
    public var logger: Logger

    public init(store: Store, acting: Acting, language: Language, logger: Logger) {
        self.store = store
        self.acting = acting
        self.language = language
        self.logger = logger
    }

    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(LogRequestsMiddleware(.info))
        router.get("healthz") { _, _ in "ok\n" }
        router.get("dashboards") { request, _ in
            // The pages link to each other relatively: the index must be read as a directory.
            guard request.uri.path.hasSuffix("/") else {
                return Response(status: .seeOther, headers: [.location: "/dashboards/" + (request.uri.query.map { "?" + $0 } ?? "")])
            }
            return try await dashboard("index", request)
        }
        router.get("dashboards/:page") { request, context in
            let file = try context.parameters.require("page")
            guard file.hasSuffix(".html") else { throw HTTPError(.notFound) }
            return try await dashboard(String(file.dropLast(5)), request)
        }
        return router
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests under way.
    public func run(host: String, port: Int) async throws {
        let app = Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(host, port: port), serverName: "parcours"),
            logger: logger)
        try await app.runService()
    }

    /// A page of the current year's dashboards (compared with last year), or of `?period=`.
    private func dashboard(_ slug: String, _ request: Request) async throws -> Response {
        let period: ReportPeriod
        do {
            period = try ReportPeriod(parsing: request.uri.queryParameters.get("period") ?? "this-year", today: store.today)
        } catch {
            throw HTTPError(.badRequest, message: "period: \(error)")
        }
        let networkTitle = language == .fr ? "Réseau" : "Network"
        let site = try await store.transaction(as: acting) { try await $0.dashboardPages(networkTitle: networkTitle) }
        guard let page = site.first(where: { $0.slug == slug }) else { throw HTTPError(.notFound) }
        let data = try await store.dashboardData(as: acting, pages: [page], period: period, comparison: period.previous)[0]
        let html = DashboardRenderer(language: language).page(data, site: site, generatedOn: store.today)
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
