import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization
import Logging
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// The HTTP service: the JSON API, the live dashboards and the health checks, over the same
/// store (and so the same rules and the same SQL) as the command line.
public struct ParcoursServer: Sendable {
    public var store: Store
    public var language: Language
    public var logger: Logger
    /// Wrong guesses of links' secrets, per client address (the service's whole life).
    let linkGuesses = LinkGuesses()
    /// Registrations from one address (a public form: a person registers once or twice, a script a thousand times).
    let registrations = LinkGuesses(allowed: 5, window: 600)

    public init(store: Store, language: Language, logger: Logger) {
        self.store = store
        self.language = language
        self.logger = logger
    }

    public func buildRouter() -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.middlewares.add(RequestLogContextMiddleware())
        router.middlewares.add(LanguageMiddleware(fallback: language))
        router.middlewares.add(ProblemMiddleware())
        let authentication = BearerAuthentication(store: store)
        for route in routes {
            let handler = route.handler, servesFunders = route.servesFunders
            let path = RouterPath(route.path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""))
            if route.authenticated {
                router.on(path, method: route.method) { request, context in
                    var context = context
                    context.servesFunders = servesFunders
                    return try await authentication.handle(request, context: context) { try await handler($0, $1) }
                }
            } else {
                router.on(path, method: route.method) { request, context in try await handler(request, context) }
            }
        }
        return router
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests under way.
    public func run(host: String, port: Int) async throws {
        let app = Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(host, port: port), serverName: "parcours"),
            services: [AuditWriter(store: store, logger: logger)],
            logger: logger)
        try await app.runService()
    }

    /// A page of the current year's dashboards (compared with last year), or of `?period=`.
    func dashboard(_ slug: String, _ request: Request, _ context: APIContext) async throws -> Response {
        let period = try Input.period(request.uri.queryParameters.get("period").map { String($0) } ?? "this-year", today: store.today)
        guard let acting = context.acting else { throw Problem(.unauthorized, .tokenRequired) }
        let language = context.language
        let (site, data) = try await store.readTransaction(as: acting) { tx in
            try await Self.dashboardPage(slug, of: .network, period: period, language: language, in: tx)
        }
        let html = DashboardRenderer(language: language).page(data, site: site, generatedOn: store.today)
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// The pages of `scope` and the figures of the one named `slug` (404 if it is not among them).
    static func dashboardPage(
        _ slug: String, of scope: DashboardScope, period: ReportPeriod, language: Language, in tx: Transaction
    ) async throws -> (site: [DashboardPage], data: DashboardData) {
        let site = try await tx.dashboardPages(networkTitle: language == .fr ? "Réseau" : "Network", scope: scope)
        guard let page = site.first(where: { $0.slug == slug }) else { throw Problem(.notFound, .noSuchRoute) }
        return (site, try await tx.dashboardData(for: page, period: period, comparison: period.previous))
    }
}

/// `Authorization: Bearer …` → the staff member the token stands for; 401 otherwise.
struct BearerAuthentication: Sendable {
    let store: Store

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count > 7 else {
            throw Problem(.unauthorized, .tokenRequired)
        }
        // The token is checked by the database itself, in the request's own transaction
        // (parcours_act_with_token): an unknown, revoked or expired one answers 401 there.
        var context = context
        context.acting = .token(String(header.dropFirst(7)))
        return try await next(request, context)
    }
}

/// Gives the request's task its log context — every line logged while serving it (the store's
/// too) carries the request id, then the staff id once the database established who acts — and
/// logs one line per request once answered: method, path (ids, never a query string: it may hold
/// an e-mail), status, duration.
struct RequestLogContextMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        try await LogContext.$current.withValue(LogContext(requestID: context.id)) {
            let start = ContinuousClock.now
            var status = "error"
            defer {
                context.logger.info(
                    "answered",
                    metadata: ["method": "\(request.method.rawValue)", "path": "\(Self.loggable(request.uri.path))", "status": "\(status)",
                               "ms": "\(Int((ContinuousClock.now - start) / .milliseconds(1)))"])
            }
            let response = try await next(request, context)
            status = "\(response.status.code)"
            return response
        }
    }

    /// The path without the secret a share link or a partner's link carries in it (`/share/…/index.html`, `/orientation/…`).
    static func loggable(_ path: String) -> String {
        for prefix in ["/share/", "/orientation/"] where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            return prefix + "…" + (rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "")
        }
        return path
    }
}

/// Every error leaves as problem+json: the store's with their meaning, anything else as a 500
/// whose detail goes to the log, not to the client.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as StoreError {
            return try Problem.from(error).response(from: request, context: context)
        } catch let refusal as Refusal {
            // A value the application layer could not read: bad input, named.
            return try Problem(.badRequest, refusal).response(from: request, context: context)
        } catch let error as HTTPError {
            let code: RefusalCode = switch error.status {
            case .notFound: .noSuchRoute
            case .methodNotAllowed: .methodNotAllowed
            default: .requestRefused
            }
            return try Problem(error.status, code, ["status": "\(error.status.code)"]).response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem(.internalServerError, .databaseUnexpected, ["detail": "-"]).response(from: request, context: context)
        }
    }
}

/// The request's language: the first of French and English its `Accept-Language` prefers, else
/// the service's own (`parcours serve --locale`).
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let fallback: Language

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var context = context
        context.language = Language.accepted(by: request.headers[.acceptLanguage], fallback: fallback)
        var response = try await next(request, context)
        if response.headers[.contentLanguage] == nil { response.headers[.contentLanguage] = context.language.rawValue }
        return response
    }
}

/// Writes the reads' receipts every tenth of a second — in small batches: 300 at once took
/// ≈ 15 ms of a core, and the requests under way waited for it — and chains the audit entries committed
/// since its last seal every second, while the service runs, and both once more when it stops —
/// after the last request was answered (the server stops first): requests write their entries,
/// or leave their receipts, and commit without waiting for anyone; SECURITY.md states the windows.
struct AuditWriter: Service {
    let store: Store
    let logger: Logger
    var interval: Duration = .milliseconds(100)
    /// Seals every this many passes.
    var sealEvery = 10
    /// What the last pass may take once the service stops: within the 10 s a supervisor gives
    /// between SIGTERM and SIGKILL, with the server's own stop.
    var lastPassTimeout: Duration = .seconds(5)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var pass = 0
            while !Task.isCancelled {
                await writeReceipts()
                if pass % sealEvery == 0 { await seal() }
                pass += 1
                try? await Task.sleep(for: interval)
            }
        }
        await lastPass()
    }

    /// The receipts left when the service stops are written, and the log sealed, before it exits:
    /// a loaded machine can miss one lease, so it tries again — until `lastPassTimeout`, and no
    /// longer even if a query is never answered — and says what it could not write.
    private func lastPass() async {
        let lastError = Mutex<(any Error)?>(nil)
        let ended = await Self.wait(atMost: lastPassTimeout) { [store, interval] in
            while (store.readReceipts?.count ?? 0) > 0, !Task.isCancelled {
                do {
                    try await store.writeReadReceipts()
                } catch {
                    lastError.withLock { $0 = error }
                }
                if (store.readReceipts?.count ?? 0) > 0 { try? await Task.sleep(for: interval) }
            }
            await seal()
        }
        if let left = store.readReceipts?.count, left > 0 {
            logger.error("read receipts not written before stopping", metadata: [
                "count": "\(left)", "error": "\(lastError.withLock { $0 }.map { String(reflecting: $0) } ?? "-")",
            ])
        } else if !ended {
            logger.error("audit not sealed before stopping: the next start seals it")
        }
    }

    /// Runs `operation` and waits for it at most `timeout`: left behind after that (the process is
    /// stopping), since a task group would wait for a query the database never answers.
    private static func wait(atMost timeout: Duration, _ operation: @escaping @Sendable () async -> Void) async -> Bool {
        let (ends, end) = AsyncStream.makeStream(of: Bool.self)
        let work = Task { await operation(); end.yield(true) }
        let timer = Task { try? await Task.sleep(for: timeout); end.yield(false) }
        var first = ends.makeAsyncIterator()
        let ended = await first.next() ?? false
        timer.cancel()
        if !ended { work.cancel() }
        return ended
    }

    private func writeReceipts() async {
        do {
            try await store.writeReadReceipts()
        } catch {
            // The database away: they wait for the next pass (reads wait too once the buffer is full).
            logger.debug("read receipts not written", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    private func seal() async {
        do {
            try await store.sealAudit()
        } catch {
            // The database away: the next pass seals what this one could not.
            logger.debug("audit not sealed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
