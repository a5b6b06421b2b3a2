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
            Route(.post, "/sessions") { request, context in
                let (bytes, body) = try await decode(NewSessionBody.self, request, context)
                let kind = try Body.choice(body.kind, "kind", as: SessionKind.self)
                let startsAt = try Body.dateTime(body.starts_at, "starts_at")
                return try await idempotent(request, context, bytes) { tx in
                    guard let programme = try await tx.programmes(id: ProgrammeID(body.programme_id)).first else {
                        throw StoreError.notFound("programme", body.programme_id)
                    }
                    let id = try await tx.addSession(
                        programme: programme, cohort: body.cohort_id.map(CohortID.init), kind: kind, title: body.title,
                        startsAt: startsAt, durationMinutes: body.duration_minutes, facilitator: body.facilitator)
                    return (.created, .of(try await tx.sessions(id: id)[0]))
                }
            },
            Route(.get, "/journeys/{id}/cape") { _, context in
                let id = try context.id(JourneyID.self)
                return .json(.array(try await read(context) { try await $0.capeContracts(journey: id) }.map { JSONValue.of($0.contract, id: $0.id) }))
            },
            Route(.post, "/journeys/{id}/cape") { request, context in
                let id = try context.id(JourneyID.self)
                let (bytes, body) = try await decode(CapeBody.self, request, context)
                let start = try Body.date(body.start, "start"), end = try Body.date(body.end, "end")
                return try await idempotent(request, context, bytes) { tx in
                    let couveuse = try await body.couveuse_partner_id.asyncMap { partner in
                        guard let found = try await tx.partners(id: partner).first else { throw StoreError.notFound("partner", partner) }
                        return found
                    }
                    _ = try await tx.addCape(journey: id, from: start, to: end, couveuse: couveuse)
                    return (.created, try await Self.cape(of: id, tx))
                }
            },
            Route(.post, "/journeys/{id}/cape/renew") { request, context in
                let id = try context.id(JourneyID.self)
                let (bytes, body) = try await decode(RenewBody.self, request, context)
                let until = try Body.date(body.until, "until")
                return try await idempotent(request, context, bytes) { tx in
                    _ = try await tx.renewCape(journey: id, until: until)
                    return (.ok, try await Self.cape(of: id, tx))
                }
            },
            Route(.post, "/journeys/{id}/cape/end") { request, context in
                let id = try context.id(JourneyID.self)
                let (bytes, body) = try await decode(EndCapeBody.self, request, context)
                let on = try Body.date(body.on, "on")
                return try await idempotent(request, context, bytes) { tx in
                    _ = try await tx.endCape(journey: id, on: on, reason: body.reason)
                    return (.ok, try await Self.cape(of: id, tx))
                }
            },
            Route(.post, "/journeys/{id}/jury") { request, context in
                let id = try context.id(JourneyID.self)
                let (bytes, body) = try await decode(JuryBody.self, request, context)
                let decision = try Body.choice(body.decision, "decision", as: JuryDecision.self)
                let on = try Body.optionalDate(body.on, "on")
                return try await idempotent(request, context, bytes) { tx in
                    _ = try await tx.decideJury(journey: id, decision: decision, on: on, note: body.note)
                    return (.ok, .of(try await tx.journey(id)))
                }
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
            Route(.post, "/partners") { request, context in
                let (bytes, body) = try await decode(PartnerBody.self, request, context)
                let kind = try Body.choice(body.kind, "kind", as: PartnerKind.self)
                return try await idempotent(request, context, bytes) { tx in
                    let id = try await tx.addPartner(
                        name: body.name, kind: kind, contact: body.contact, operatorID: body.operator_id.map(OperatorID.init),
                        territories: (body.territory_ids ?? []).map(TerritoryID.init))
                    return (.created, .of(try await tx.partners(id: id)[0]))
                }
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
            Route(.post, "/journeys/{id}/referrals") { request, context in
                let id = try context.id(JourneyID.self)
                let (bytes, body) = try await decode(ReferralBody.self, request, context)
                let on = try Body.optionalDate(body.on, "on")
                return try await idempotent(request, context, bytes) { tx in
                    guard let partner = try await tx.partners(id: body.partner_id).first else {
                        throw StoreError.notFound("partner", body.partner_id)
                    }
                    let referral = try await tx.addReferral(
                        journey: id, partner: partner, reason: body.reason, consentToShare: body.consent_to_share ?? false, on: on)
                    return (.created, .of(try await tx.referrals(id: referral)[0]))
                }
            },
            Route(.post, "/referrals/{id}/answer") { request, context in
                let id = try context.rawID()
                let (bytes, body) = try await decode(AnswerBody.self, request, context)
                let status = try Body.choice(body.status, "status", as: ReferralStatus.self)
                let on = try Body.optionalDate(body.on, "on")
                return try await idempotent(request, context, bytes) { tx in
                    (.ok, .of(try await tx.updateReferral(id, status: status, note: body.note, on: on)))
                }
            },
            Route(.post, "/journeys/{id}/follow-ups") { request, context in
                let id = try context.id(JourneyID.self)
                let (bytes, body) = try await decode(FollowUpBody.self, request, context)
                let situation = try Body.choice(
                    body.situation, "situation", as: FollowUpSituation.self)
                let on = try Body.optionalDate(body.on, "on")
                return try await idempotent(request, context, bytes) { tx in
                    try await tx.recordFollowUp(journey: id, afterMonths: body.after_months, situation: situation, on: on, note: body.note)
                    return (.created, .object([
                        "journey_id": .id(id), "after_months": .int(body.after_months), "situation": .string(situation.rawValue),
                    ]))
                }
            },
        ]
    }

    static func cape(of journey: JourneyID, _ tx: Transaction) async throws -> JSONValue {
        guard let last = try await tx.capeContracts(journey: journey).last else { throw StoreError.refused(CapeError.noContract.refusal(journey: journey)) }
        return .of(last.contract, id: last.id)
    }
}

// MARK: Request bodies (snake_case, as the JSON contract)

struct NewSessionBody: Decodable, Sendable {
    var programme_id: Int64
    var cohort_id: Int64?
    var kind: String
    var title: String
    var starts_at: String
    var duration_minutes: Int
    var facilitator: String?
}

struct CapeBody: Decodable, Sendable {
    var start: String
    var end: String
    var couveuse_partner_id: Int64?
}

struct RenewBody: Decodable, Sendable { var until: String }
struct EndCapeBody: Decodable, Sendable {
    var on: String
    var reason: String
}
struct JuryBody: Decodable, Sendable {
    var decision: String
    var on: String?
    var note: String?
}
struct PartnerBody: Decodable, Sendable {
    var name: String
    var kind: String
    var contact: String?
    var operator_id: Int64?
    var territory_ids: [Int64]?
}
struct ReferralBody: Decodable, Sendable {
    var partner_id: Int64
    var reason: String
    var consent_to_share: Bool?
    var on: String?
}
struct AnswerBody: Decodable, Sendable {
    var status: String
    var note: String?
    var on: String?
}
struct FollowUpBody: Decodable, Sendable {
    var after_months: Int
    var situation: String
    var on: String?
    var note: String?
}

/// Reading typed values out of a body with the application layer's parsers, naming the field.
enum Body {
    static func choice<T: Choice>(_ text: String, _ field: String, as type: T.Type) throws -> T {
        try Input.choice(text, as: type, field: field)
    }

    static func date(_ text: String, _ field: String) throws -> LocalDate {
        try Input.date(text, field: field)
    }

    static func optionalDate(_ text: String?, _ field: String) throws -> LocalDate? {
        try text.map { try Input.date($0, field: field) }
    }

    /// `2026-12-10T14:00`, Paris time (or with an explicit offset, ISO 8601).
    static func dateTime(_ text: String, _ field: String) throws -> Date {
        try Input.dateTime(text, field: field)
    }
}

extension APIContext {
    /// The `{id}` of the path as a plain number (sessions, referrals).
    func rawID() throws -> Int64 {
        guard let raw = parameters.get("id").flatMap(Int64.init), raw > 0 else { throw Problem(.notFound, .noSuchRoute) }
        return raw
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
