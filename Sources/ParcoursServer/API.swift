import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// The request's context: who the bearer token stands for, once authenticated.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var acting: Acting?
    /// Whether the route serves funders (aggregates and exports of their agreements only).
    public var servesFunders = false

    public init(source: Source) {
        coreContext = .init(source: source)
        acting = nil
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
                guard file.hasSuffix(".html") else { throw Problem(.notFound, "no dashboard page '\(file)'") }
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
            Route(.post, "/journeys") { request, context in try await openJourney(request, context) },
            Route(.get, "/journeys/{id}") { _, context in
                let id = try context.id(JourneyID.self)
                let listing = try await read(context) { try await $0.journey(id) }
                return .json(.of(listing), headers: [.eTag: "\"\(listing.journey.version)\""])
            },
            Route(.get, "/journeys/{id}/history") { _, context in
                let id = try context.id(JourneyID.self)
                return .json(.array(try await read(context) { try await $0.history(of: id) }.map(JSONValue.of)))
            },
            Route(.post, "/journeys/{id}/advance") { request, context in
                try await change(request, context) { body in .advance(to: try body.phase("to")) }
            },
            Route(.post, "/journeys/{id}/rework") { request, context in
                try await change(request, context) { body in .rework(to: try body.phase("to")) }
            },
            Route(.post, "/journeys/{id}/pause") { request, context in try await change(request, context) { _ in .pause } },
            Route(.post, "/journeys/{id}/resume") { request, context in try await change(request, context) { _ in .resume } },
            Route(.post, "/journeys/{id}/exit") { request, context in
                try await change(request, context) { body in
                    guard let name = body.outcome, let outcome = Outcome(name: name) else {
                        throw Problem(.badRequest, "outcome: one of \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return .exit(outcome)
                }
            },
            Route(.get, "/worklist") { request, context in
                let days = try Query(request).int("within") ?? 14
                let items = try await read(context) { try await $0.worklist(within: days) }
                return .json(.array(items.map(JSONValue.of)))
            },
            Route(.get, "/reports/{name}", servesFunders: true) { request, context in try await report(request, context) },
            Route(.get, "/exports/fse", servesFunders: true) { request, context in try await export(request, context, indicators: false) },
            Route(.get, "/exports/indicators", servesFunders: true) { request, context in try await export(request, context, indicators: true) },
        ] + contentRoutes + personalDataRoutes
    }

    // MARK: Handlers

    /// Runs `body` in a transaction as the token's staff member.
    func read<T: Sendable>(_ context: APIContext, _ body: (Transaction) async throws -> T) async throws -> T {
        guard let acting = context.acting else { throw Problem(.unauthorized, "a bearer token is required") }
        let servesFunders = context.servesFunders
        return try await store.transaction(as: acting) { tx in
            // A funder's staff read aggregates, never a person's record.
            if tx.acting.role == .funder, !servesFunders {
                throw Problem(.forbidden, "a funder's staff read the reports and exports of their agreements only")
            }
            return try await body(tx)
        }
    }

    func ready() async throws -> Response {
        do {
            try await store.checkMigrated()
            return .text("ready\n")
        } catch let error as StoreError {
            throw Problem(.serviceUnavailable, error.description)
        } catch {
            // NB: never the driver's error itself: its description names internal types.
            logger.warning("not ready", metadata: ["error": "\(String(reflecting: error))"])
            throw Problem(.serviceUnavailable, "the database is not available")
        }
    }

    /// `POST /journeys/{id}/…`: `If-Match` carries the version the client saw (409 when stale);
    /// `Idempotency-Key` makes a retry return the first answer instead of changing twice.
    func change(
        _ request: Request, _ context: APIContext, _ make: @Sendable (ChangeBody) throws -> JourneyChange
    ) async throws -> Response {
        let id = try context.id(JourneyID.self)
        let expectedVersion = try request.headers[.ifMatch].map { match -> Int in
            guard let version = Int(match.trimmingCharacters(in: CharacterSet(charactersIn: "\"W/ "))) else {
                throw Problem(.badRequest, "If-Match: '\(match)' is not a journey version (its ETag, e.g. \"3\")")
            }
            return version
        }
        let (bytes, body) = try await decode(ChangeBody.self, request, context)
        let change = try make(body)
        let on = try body.date()
        return try await idempotent(request, context, bytes) { tx in
            _ = try await tx.change(journey: id, change, on: on, reason: body.reason, expectedVersion: expectedVersion)
            let listing = try await tx.journey(id)
            return (.ok, .of(listing))
        }
    }

    func openJourney(_ request: Request, _ context: APIContext) async throws -> Response {
        let (bytes, body) = try await decode(OpenBody.self, request, context)
        let on = try Fields.optionalDate(body.on, "on")
        return try await idempotent(request, context, bytes) { tx in
            let programmes = try await tx.programmes(id: ProgrammeID(body.programme_id))
            guard let programme = programmes.first else { throw StoreError.notFound("programme \(body.programme_id) not found") }
            let journey = try await tx.openJourney(
                carrier: CarrierID(body.carrier_id), programme: programme, cohort: body.cohort_id.map(CohortID.init), on: on,
                reason: body.reason)
            return (.created, .of(try await tx.journey(journey.id)))
        }
    }

    /// Runs a change once per Idempotency-Key: the response is kept in the same transaction.
    func idempotent(
        _ request: Request, _ context: APIContext, _ body: [UInt8],
        _ perform: @Sendable (Transaction) async throws -> (HTTPResponse.Status, JSONValue)
    ) async throws -> Response {
        guard let key = request.headers[Self.idempotencyKey], !key.isEmpty, key.count <= 200 else {
            throw Problem(.badRequest, "Idempotency-Key: every state-changing request needs one (a UUID per intended change)")
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
            try await tx.storeResponse(key: key, request: fingerprint, status: Int(status.code), body: text)
            return (Int(status.code), text, false)
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        if replayed { headers[Self.idempotentReplayed] = "true" }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    func report(_ request: Request, _ context: APIContext) async throws -> Response {
        let query = try Query(request)
        guard let kind = ReportKind(rawValue: try context.parameters.require("name")) else {
            throw Problem(.notFound, "no report '\(context.parameters.get("name") ?? "")' (activity, funnel, outcomes, durations, referrals, profile)")
        }
        let period = try query.period(today: store.today)
        var dimensions: [ReportDimension] = []
        for name in (query.text("by") ?? "").split(separator: ",") {
            guard let dimension = ReportDimension(rawValue: String(name)) else {
                throw Problem(.badRequest, "by: unknown breakdown '\(name)' (operator, territory, gender, age, labour, education)")
            }
            if !dimensions.contains(dimension) { dimensions.append(dimension) }
        }
        let scope = ReportScope(
            operatorID: try query.id("operator_id", as: OperatorID.self), territoryID: try query.id("territory_id", as: TerritoryID.self),
            programmeID: try query.id("programme_id", as: ProgrammeID.self), cohortID: try query.id("cohort_id", as: CohortID.self))
        let computed = try await read(context) { tx in
            var scope = scope
            if let code = query.text("funding") { scope.fundingID = try await tx.resolveFunding(code).id }
            return try await tx.report(ReportRequest(kind: kind, period: period, scope: scope, dimensions: dimensions))
        }
        return .json(ReportRenderer(language: language).json(computed))
    }

    func export(_ request: Request, _ context: APIContext, indicators: Bool) async throws -> Response {
        let query = try Query(request)
        guard let code = query.text("funding") else { throw Problem(.badRequest, "funding: the agreement's code is required") }
        let period = try query.text("period").map { _ in try query.period(today: store.today) }
        let language = try query.text("locale").map { text -> Language in
            guard let language = Language(rawValue: text) else { throw Problem(.badRequest, "locale: fr or en") }
            return language
        } ?? self.language
        let format = query.text("format") ?? "csv"
        let wantsNames = query.text("named") == "true"
        let (file, funding) = try await read(context) { tx in
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
            return .download(Array(try renderer.xlsx(table)), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "\(name).xlsx")
        case "json":
            return .json(renderer.json(table, of: file, kind: indicators ? "indicators" : "fse"))
        default:
            throw Problem(.badRequest, "format: csv, xlsx or json")
        }
    }

    /// The largest body a route reads.
    static let bodyLimit = 64 * 1024

    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: APIContext) async throws -> ([UInt8], T) {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.bodyLimit)
        } catch {
            throw Problem(.contentTooLarge, "body: at most \(Self.bodyLimit / 1024) KB")
        }
        let bytes = Array(buffer.readableBytesView)
        let json = Data(bytes.isEmpty ? Array("{}".utf8) : bytes)
        if let field = JSONInput.firstUnacceptableString(in: json) {
            throw Problem(.badRequest, "\(field.path): \(field.problem)")
        }
        do {
            return (bytes, try JSONDecoder().decode(T.self, from: json))
        } catch let error as DecodingError {
            throw Problem(.badRequest, "body: \(Self.describe(error))")
        } catch {
            throw Problem(.badRequest, "body: not JSON")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "'\(key.stringValue)' is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "unreadable"
        }
    }

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}

/// The body of a journey change.
struct ChangeBody: Decodable, Sendable {
    var to: String?
    var outcome: String?
    var on: String?
    var reason: String?

    func phase(_ field: String) throws -> Phase {
        guard let to, let phase = Phase(name: to) else {
            throw Problem(.badRequest, "\(field): one of \(Phase.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return phase
    }

    func date() throws -> LocalDate? {
        try Fields.optionalDate(on, "on")
    }
}

/// The body of `POST /journeys`.
struct OpenBody: Decodable, Sendable {
    var carrier_id: Int64
    var programme_id: Int64
    var cohort_id: Int64?
    var on: String?
    var reason: String?
}

/// Query parameters, read with the field named in every error.
struct Query {
    let parameters: [String: String]

    init(_ request: Request) throws {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            let (key, value) = (String(key), String(value))
            if let problem = JSONInput.problem(with: value) { throw Problem(.badRequest, "\(key): \(problem)") }
            parameters[key] = value
        }
        self.parameters = parameters
    }

    func text(_ name: String) -> String? { parameters[name].flatMap { $0.isEmpty ? nil : $0 } }

    func int(_ name: String) throws -> Int? {
        try text(name).map { text in
            guard let value = Int(text) else { throw Problem(.badRequest, "\(name): '\(text)' is not a number") }
            return value
        }
    }

    func id<ID: EntityID>(_ name: String, as: ID.Type) throws -> ID? {
        try text(name).map { text in
            guard let raw = Int64(text), raw > 0 else { throw Problem(.badRequest, "\(name): '\(text)' is not an id") }
            return ID(raw)
        }
    }

    /// `limit`, 1 to 500, default 50.
    func limit() throws -> Int {
        let limit = try int("limit") ?? 50
        guard (1...500).contains(limit) else { throw Problem(.badRequest, "limit: between 1 and 500") }
        return limit
    }

    func period(today: LocalDate) throws -> ReportPeriod {
        guard let text = text("period") else { throw Problem(.badRequest, "period: required (2026, 2026-Q3, 2026-09, FROM..TO)") }
        do { return try ReportPeriod(parsing: text, today: today) } catch { throw Problem(.badRequest, "period: \(error)") }
    }
}

extension APIContext {
    /// The `{id}` of the path, as a typed id.
    func id<ID: EntityID>(_: ID.Type) throws -> ID {
        guard let raw = parameters.get("id").flatMap(Int64.init), raw > 0 else { throw Problem(.notFound, "no such id") }
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

extension JSONValue {
    /// A page of a list: the items and the cursor of the next page (null on the last).
    static func page(_ items: [JSONValue], next: String?) -> JSONValue {
        .object(["items": .array(items), "next_cursor": .string(next)])
    }
}
