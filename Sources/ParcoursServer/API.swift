import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// The request's context: who the bearer token stands for, once authenticated.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var acting: Acting?
    /// Whether the route serves funders (aggregates and exports of their agreements only).
    public var servesFunders = false
    /// The language of the request's answers (`Accept-Language`, else the service's).
    public var language: Language = .fr
    /// The client's address, as the connection says (the proxy's, behind one); nil in router tests.
    public var clientAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        acting = nil
        clientAddress = source.channel.remoteAddress.map { $0.ipAddress ?? $0.description }
    }
}

/// One route of the API, as the OpenAPI document names it (`/journeys/{id}`).
public struct Route: Sendable {
    public var method: HTTPRequest.Method
    public var path: String
    /// False for the health checks and the API's own description.
    public var authenticated: Bool
    /// Reports, exports and dashboards: aggregates a funder's staff may read.
    public var servesFunders = false
    var handler: @Sendable (Request, APIContext) async throws -> Response

    /// A route of the table: authenticated unless said otherwise.
    init(
        _ method: HTTPRequest.Method, _ path: String, authenticated: Bool = true, servesFunders: Bool = false,
        _ handler: @escaping @Sendable (Request, APIContext) async throws -> Response
    ) {
        self.method = method
        self.path = path
        self.authenticated = authenticated
        self.servesFunders = servesFunders
        self.handler = handler
    }
}

extension ParcoursServer {
    /// Every route the service answers; `buildRouter` registers exactly these, and a test checks
    /// that the OpenAPI document describes exactly these.
    public var routes: [Route] {
        return [
            Route(.get, "/healthz", authenticated: false) { _, _ in .text("ok\n") },
            Route(.get, "/readyz", authenticated: false) { _, _ in try await ready() },
            Route(.get, "/openapi.yaml", authenticated: false) { _, _ in
                Response(status: .ok, headers: [.contentType: "application/yaml"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
            },
            Route(.get, "/dashboards/", servesFunders: true) { request, context in
                // The pages link to each other relatively: the index must be read as a directory.
                guard request.uri.path.hasSuffix("/") else {
                    return Response(status: .seeOther, headers: [.location: "/dashboards/" + (request.uri.query.map { "?" + $0 } ?? "")])
                }
                return try await dashboard("index", request, context)
            },
            Route(.get, "/dashboards/{page}", servesFunders: true) { request, context in
                let file = try context.parameters.require("page")
                guard file.hasSuffix(".html") else { throw Problem(.notFound, .noSuchRoute) }
                return try await dashboard(String(file.dropLast(5)), request, context)
            },
            Route(.get, "/carriers") { request, context in
                let query = try Query(request)
                let limit = try query.limit()
                let before = try query.id("cursor", as: CarrierID.self)
                let carriers = try await read(context) { try await $0.carriers(limit: limit, before: before) }
                return .json(.page(carriers.map(JSONValue.of), next: carriers.count == limit ? carriers.last.map { "\($0.carrier.id)" } : nil))
            },
            Route(.get, "/carriers/{id}") { _, context in
                let id = try context.id(CarrierID.self)
                return .json(.of(try await read(context) { try await $0.carrier(id) }))
            },
            Route(.get, "/journeys") { request, context in
                let query = try Query(request)
                let filter = JourneyFilter(state: query.text("phase"), limit: try query.limit(), after: try query.id("cursor", as: JourneyID.self))
                let journeys = try await read(context) { try await $0.journeys(filter) }
                return .json(.page(journeys.map(JSONValue.of), next: journeys.count == filter.limit ? journeys.last.map { "\($0.journey.id)" } : nil))
            },
            Route(.get, "/journeys/{id}") { _, context in
                let id = try context.id(JourneyID.self)
                let listing = try await read(context) { try await $0.journey(id) }
                return .json(.of(listing), headers: [.eTag: "\"\(listing.journey.version)\""])
            },
            Route(.get, "/journeys/{id}/history") { _, context in
                let id = try context.id(JourneyID.self)
                // A page like every list; a journey's history is never long enough to need a second one.
                return .json(.page(try await read(context) { try await $0.history(of: id) }.map(JSONValue.of), next: nil))
            },
            Route(.get, "/worklist") { request, context in
                let query = try Query(request)
                let days = try query.int("within", in: 0...3660) ?? Defaults.worklistDays
                let limit = try query.int("limit", in: Defaults.worklistLimits) ?? Defaults.worklistLimit
                let (items, total) = try await read(context) { try await $0.worklist(within: days, limit: limit) }
                return .json(.worklist(items.map { .of($0, context.language) }, total: total))
            },
            Route(.get, "/reports/{name}", servesFunders: true) { request, context in try await report(request, context) },
            Route(.get, "/exports/fse", servesFunders: true) { request, context in try await export(request, context, indicators: false) },
            Route(.get, "/exports/indicators", servesFunders: true) { request, context in try await export(request, context, indicators: true) },
            // The audit pack holds attendance sheets with names: staff who read people only.
            Route(.get, "/exports/audit-pack") { request, context in
                let query = try Query(request)
                guard let code = query.text("funding") else { throw Refusal(.required, field: "funding") }
                let wantsNames = query.text("named") == "true"
                let pack = try await read(context) { tx in
                    let funding = try await tx.resolveFunding(code)
                    if wantsNames { try tx.requireNames(in: funding) }
                    return try await AuditPack.make(in: tx, funding: funding, named: wantsNames || funding.namesRequired, language: context.language)
                }
                return .download(Array(try pack.zip()), type: "application/zip", name: "dossier-controle-\(code).zip")
            },
        ] + actionRoutes + contentRoutes + personalDataRoutes + shareRoutes + referralLinkRoutes + registrationRoutes + questionnaireRoutes
    }

    // MARK: Handlers

    /// Runs `body` in a transaction as the token's staff member — on the replica, read-only,
    /// for reports, exports and dashboards (`fromReplica`).
    func read<T: Sendable>(
        _ context: APIContext, fromReplica: Bool = false, _ body: (Transaction) async throws -> T
    ) async throws -> T {
        guard let acting = context.acting else { throw Problem(.unauthorized, .tokenRequired) }
        let servesFunders = context.servesFunders
        let checked: (Transaction) async throws -> T = { tx in
            // A funder's staff read aggregates, never a person's record.
            if tx.acting.role == .funder, !servesFunders {
                throw Problem(.forbidden, .funderReadsAggregates, ["email": tx.acting.email])
            }
            return try await body(tx)
        }
        return try await fromReplica ? store.readTransaction(as: acting, checked) : store.transaction(as: acting, checked)
    }

    func ready() async throws -> Response {
        do {
            try await store.checkMigrated()
            return .text("ready\n")
        } catch let error as StoreError {
            throw Problem(.serviceUnavailable, error.refusal)
        } catch {
            // NB: never the driver's error itself: its description names internal types.
            logger.warning("not ready", metadata: ["error": "\(String(reflecting: error))"])
            throw Problem(.serviceUnavailable, .databaseUnavailable)
        }
    }

    /// Runs a change once per Idempotency-Key: the response is kept in the same transaction.
    func idempotent(
        _ request: Request, _ context: APIContext, _ body: [UInt8],
        _ perform: @Sendable (Transaction) async throws -> (HTTPResponse.Status, JSONValue)
    ) async throws -> Response {
        guard let key = request.headers[Self.idempotencyKey], !key.isEmpty, key.count <= 200 else {
            throw Problem(.badRequest, .idempotencyKeyMissing, field: "Idempotency-Key")
        }
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.uri.path)\n".utf8))
        hasher.update(data: Data(body))
        let fingerprint = Array(hasher.finalize())
        let (status, text, replayed) = try await read(context) { tx -> (Int, String, Bool) in
            // A read-only role is refused before anything is looked up, done or kept.
            try tx.requireWriter()
            try await tx.lockIdempotencyKey(key)
            if let stored = try await tx.storedResponse(key: key, request: fingerprint) { return (stored.status, stored.body, true) }
            let (status, value) = try await perform(tx)
            let text = try value.encoded()
            // Kept under the people it is about: an erasure finds it whatever names it quotes (sql/0024).
            var people = value.carrierIDs
            if request.uri.path.hasPrefix("/carriers/"), let id = Int64(request.uri.path.split(separator: "/").dropFirst().first ?? "") {
                people.insert(id)
            }
            try await tx.storeResponse(
                key: key, request: fingerprint, status: Int(status.code), body: text, people: Set(people.map(CarrierID.init)))
            return (Int(status.code), text, false)
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        if replayed { headers[Self.idempotentReplayed] = "true" }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    func report(_ request: Request, _ context: APIContext) async throws -> Response {
        let asked = try AskedReport(request, context, today: store.today)
        let computed = try await read(context, fromReplica: true) { tx in try await asked.run(in: tx) }
        return .json(ReportRenderer(language: context.language).json(computed))
    }

    func export(_ request: Request, _ context: APIContext, indicators: Bool) async throws -> Response {
        let query = try Query(request)
        guard let code = query.text("funding") else { throw Refusal(.required, field: "funding") }
        let period = try query.text("period").map { _ in try query.period(today: store.today) }
        let language = try query.text("locale").map { text -> Language in
            guard let language = Language(rawValue: text) else { throw Refusal(.unknownLocale, field: "locale", ["value": text]) }
            return language
        } ?? context.language
        let format = query.text("format") ?? "csv"
        let wantsNames = query.text("named") == "true"
        let (file, funding) = try await read(context, fromReplica: true) { tx in
            let funding = try await tx.resolveFunding(code)
            // Names go to a funder only where the agreement requires them.
            if wantsNames { try tx.requireNames(in: funding) }
            return (try await tx.participants(of: funding, period: period), funding)
        }
        let table = indicators ? file.indicators() : file.table(named: wantsNames || funding.namesRequired)
        let renderer = ExportRenderer(language: language)
        let name = "\(indicators ? "indicateurs" : "participants-fse")-\(funding.code)"
        switch format {
        case "csv":
            return .download(Array(renderer.csv(table).utf8), type: "text/csv; charset=utf-8", name: "\(name).csv")
        case "xlsx":
            return .download(Array(try renderer.xlsx(table, of: file, funding: funding, madeOn: store.today)), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "\(name).xlsx")
        case "json":
            return .json(renderer.json(table, of: file, kind: indicators ? "indicators" : "fse"))
        default:
            throw Refusal(.unknownFormat, field: "format", ["value": format, "expected": "csv, xlsx, json"])
        }
    }

    /// The largest body a route reads.
    static let bodyLimit = 64 * 1024

    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: APIContext) async throws -> ([UInt8], T) {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.bodyLimit)
        } catch {
            throw Problem(.contentTooLarge, .bodyTooLarge, field: "body", ["maximum": "\(Self.bodyLimit / 1024)"])
        }
        let bytes = Array(buffer.readableBytesView)
        let json = Data(bytes.isEmpty ? Array("{}".utf8) : bytes)
        if let field = JSONInput.firstUnacceptableString(in: json) {
            throw Problem(.badRequest, Refusal(field.problem, field: field.path, field.values))
        }
        do {
            return (bytes, try JSONDecoder().decode(T.self, from: json))
        } catch let error as DecodingError {
            throw Problem(.badRequest, Self.refusal(error))
        } catch {
            throw Problem(.badRequest, .badRequestBody, field: "body")
        }
    }

    static func refusal(_ error: DecodingError) -> Refusal {
        switch error {
        case .keyNotFound(let key, let context): Refusal(.required, field: fieldPath(context.codingPath + [key]))
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            Refusal(.badRequestBody, field: context.codingPath.isEmpty ? "body" : fieldPath(context.codingPath))
        @unknown default: Refusal(.badRequestBody, field: "body")
        }
    }

    /// `entries[2].status`, as a client reads its own body.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { text, key in
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
    }

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}

/// Query parameters, read with the field named in every error.
struct Query {
    let parameters: [String: String]

    init(_ request: Request) throws {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            let (key, value) = (String(key), String(value))
            if let refusal = FieldLimit.refusal(with: value, maximum: FieldLimit.longText, field: key) { throw refusal }
            parameters[key] = value
        }
        self.parameters = parameters
    }

    func text(_ name: String) -> String? { parameters[name].flatMap { $0.isEmpty ? nil : $0 } }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        try text(name).map { try Input.integer($0, field: name, in: range) }
    }

    func id<ID: EntityID>(_ name: String, as type: ID.Type) throws -> ID? {
        try text(name).map { try Input.id($0, as: type, field: name) }
    }

    /// `limit`, as the CLI's defaults say.
    func limit() throws -> Int {
        try int("limit", in: 1...Defaults.maximumPageSize) ?? Defaults.pageSize
    }

    func period(today: LocalDate) throws -> ReportPeriod {
        guard let text = text("period") else { throw Refusal(.required, field: "period") }
        return try Input.period(text, today: today)
    }
}

extension APIContext {
    /// The `{id}` of the path, as a typed id.
    func id<ID: EntityID>(_: ID.Type) throws -> ID {
        guard let raw = parameters.get("id").flatMap(Int64.init), raw > 0 else { throw Problem(.notFound, .noSuchRoute) }
        return ID(raw)
    }
}

extension Response {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: (try? value.encoded()) ?? "null")))
    }

    static func text(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func download(_ bytes: [UInt8], type: String, name: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// `GET /reports/{name}?period=…&by=…&operator_id=…&funding=…`, read before any transaction.
/// (Synchronous on purpose: Swift 6.3's optimiser crashed splitting the async handler that parsed it.)
struct AskedReport: Sendable {
    var kind: ReportKind
    var period: ReportPeriod?
    var dimensions: [ReportDimension]
    /// Where a breakdown by territory groups, as `--level` says it.
    var level: TerritoryLevel?
    var scope: ReportScope
    var fundingCode: String?

    init(_ request: Request, _ context: APIContext, today: LocalDate) throws {
        let query = try Query(request)
        let name = try context.parameters.require("name")
        guard let kind = ReportKind(rawValue: name) ?? ReportKind(spelling: name) else {
            throw Problem(.notFound, .unknownReport, ["value": name, "expected": ReportKind.allCases.map(\.code).joined(separator: ", ")])
        }
        self.kind = kind
        period = try query.text("period").map { _ in try query.period(today: today) }
        dimensions = try Input.choices(query.text("by") ?? "", as: ReportDimension.self, field: "by")
        level = try query.text("level").map { try Input.choice($0, as: TerritoryLevel.self, field: "level") }
        scope = ReportScope(
            operatorID: try query.id("operator_id", as: OperatorID.self), territoryID: try query.id("territory_id", as: TerritoryID.self),
            programmeID: try query.id("programme_id", as: ProgrammeID.self), cohortID: try query.id("cohort_id", as: CohortID.self))
        fundingCode = query.text("funding")
    }

    func run(in tx: Transaction) async throws -> Report {
        var funding: FundingID?
        if let fundingCode { funding = try await tx.resolveFunding(fundingCode).id }
        return try await tx.report(kind, period: period, scope: scope.with(funding: funding), dimensions: dimensions, territoryLevel: level)
    }
}
