import Foundation
import HTTPTypes
import Hummingbird
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

// The journey's content over HTTP: sessions and attendance, CAPE, jury, partners, referrals,
// follow-ups. Each handler decodes, then calls the same store method as the CLI.

extension ParcoursServer {
    var contentRoutes: [Route] {
        return [
            Route(.get, "/sessions") { request, context in
                let query = try Query(request)
                let programme = try query.id("programme_id", as: ProgrammeID.self), cohort = try query.id("cohort_id", as: CohortID.self)
                let page = Page(limit: try query.limit(), after: try query.cursor().map { (Date(timeIntervalSince1970: Double($0.key) ?? 0), $0.id) })
                let sessions = try await read(context) { try await $0.sessions(programme: programme, cohort: cohort, page: page) }
                return .json(.page(sessions.map(JSONValue.of), next: sessions.count < page.limit ? nil : sessions.last.map {
                    Cursor.encode(key: String($0.startsAt.timeIntervalSince1970), id: $0.id)
                }))
            },
            // The printable attendance sheet, as `session sheet` writes it.
            Route(.get, "/sessions/{id}/sheet") { _, context in
                let id = try context.id(SessionID.self)
                let sheet = try await read(context) { try await $0.attendanceSheet(session: id) }
                let html = AttendanceSheetRenderer(language: context.language).html(sheet, madeOn: store.today)
                return Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
            },
            Route(.get, "/journeys/{id}/cape") { _, context in
                let id = try context.id(JourneyID.self)
                return .json(.page(try await read(context) { try await $0.capeContracts(journey: id) }.map { JSONValue.of($0.contract, id: $0.id) }, next: nil))
            },
            Route(.get, "/intakes") { request, context in
                let query = try Query(request)
                let status = try query.text("status").map { text in
                    guard let status = Intake.Status(rawValue: text) else { throw Refusal(.badRequestBody, field: "status") }
                    return status
                }
                let limit = try query.limit()
                let listings = try await read(context) { tx in
                    var listings: [IntakeListing] = []
                    for intake in try await tx.intakes(status: status, limit: limit) { listings.append(try await tx.listing(intake)) }
                    return listings
                }
                return .json(.page(listings.map(JSONValue.of), next: nil))
            },
            Route(.get, "/intakes/{id}") { _, context in
                let id = try context.id(IntakeID.self)
                return .json(.of(try await read(context) { try await $0.intakeListing(id) }))
            },
            Route(.get, "/partners") { request, context in
                let query = try Query(request)
                let kind = try query.text("kind").map {
                    try Body.choice($0, "kind", as: PartnerKind.self)
                }
                let page = Page(limit: try query.limit(), after: try query.cursor())
                let partners = try await read(context) { try await $0.partners(kind: kind, page: page) }
                return .json(.page(partners.map(JSONValue.of), next: partners.count < page.limit ? nil : partners.last.map {
                    Cursor.encode(key: $0.name, id: $0.id)
                }))
            },
            Route(.get, "/referrals") { request, context in
                let query = try Query(request)
                let status = try query.text("status").map {
                    try Body.choice($0, "status", as: ReferralStatus.self)
                }
                let page = Page(limit: try query.limit(), after: try query.cursor())
                let referrals = try await read(context) { try await $0.referrals(status: status, page: page) }
                return .json(.page(referrals.map(JSONValue.of), next: referrals.count < page.limit ? nil : referrals.last.map {
                    Cursor.encode(key: $0.proposedOn.iso, id: $0.id)
                }))
            },
        ]
    }

    static func cape(of journey: JourneyID, _ tx: Transaction) async throws -> JSONValue {
        guard let last = try await tx.capeContracts(journey: journey).last else { throw StoreError.refused(CapeError.noContract.refusal(journey: journey)) }
        return .of(last.contract, id: last.id)
    }
}

// MARK: Request bodies (snake_case, as the JSON contract)

/// Reading typed values out of a body with the application layer's parsers, naming the field.
enum Body {
    static func choice<T: Choice>(_ text: String, _ field: String, as type: T.Type) throws -> T {
        try Input.choice(text, as: type, field: field)
    }

    static func optionalDate(_ text: String?, _ field: String) throws -> LocalDate? {
        try text.map { try Input.date($0, field: field) }
    }
}


/// An opaque position in a list ordered by (key, id): base64url of both, so any key (a name, a
/// time) travels safely in a query string.
enum Cursor {
    static func encode(key: String, id: Int64) -> String {
        Data("\(key)\u{1F}\(id)".utf8).base64URLEncoded
    }

    static func decode(_ text: String) -> (key: String, id: Int64)? {
        guard let data = Data(base64URLEncoded: text), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: "\u{1F}", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
        return (String(parts[0]), id)
    }
}

extension Query {
    /// A `cursor` made by `Cursor.encode` (the previous page's `next_cursor`).
    func cursor() throws -> (key: String, id: Int64)? {
        try text("cursor").map { text in
            guard let position = Cursor.decode(text) else { throw Refusal(.notACursor, field: "cursor", ["value": text]) }
            return position
        }
    }
}
