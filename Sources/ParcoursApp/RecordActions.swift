import Foundation
import ParcoursCore
import ParcoursStore

// Sessions, the partners' directory and the personal data lifecycle, as actions both edges adapt.

/// `session add --programme P [--cohort C] --kind K --title T --at "JJ/MM/AAAA HH:MM" --duration MIN` · `POST /sessions`.
public struct AddSession: Action {
    public static let spec = ActionSpec(
        ["session", "add"], "POST", "/sessions", fields: ["programme", "cohort", "kind", "title", "at", "duration", "facilitator"], creates: true)
    public var programme: String
    public var cohort: String?
    public var kind: SessionKind
    public var title: String
    public var at: Date
    public var duration: Int
    public var facilitator: String?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        programme = try fields.required("programme")
        cohort = try fields.text("cohort")
        kind = try fields.requiredChoice("kind", as: SessionKind.self)
        title = try Input.text(try fields.required("title"), field: "title", maximum: FieldLimit.title)
        at = try Input.dateTime(try fields.required("at"), field: "at")
        duration = try Input.integer(try fields.required("duration"), field: "duration", in: 1...1440)
        facilitator = try fields.words("facilitator", maximum: FieldLimit.title)
    }

    public func perform(in tx: Transaction) async throws -> SessionListing {
        let programme = try await tx.resolveProgramme(programme)
        let cohortID = try await cohort.asyncMap { try await tx.resolveCohort($0, programme: programme) }
        let id = try await tx.addSession(
            programme: programme, cohort: cohortID, kind: kind, title: title, startsAt: at, durationMinutes: duration, facilitator: facilitator)
        return try await tx.sessions(id: id)[0]
    }
}

/// `partner add NAME --kind K [--contact C] [--operator O] [--territory T…]` · `POST /partners`.
public struct AddPartner: Action {
    public static let spec = ActionSpec(
        ["partner", "add"], "POST", "/partners", fields: ["name", "kind", "contact", "operator", "territory"], arguments: ["name"], creates: true)
    public var name: String
    public var kind: PartnerKind
    public var contact: String?
    public var operatorReference: String?
    public var territories: [String]

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        name = try Input.text(try fields.required("name"), field: "name", maximum: FieldLimit.title)
        kind = try fields.requiredChoice("kind", as: PartnerKind.self)
        contact = try fields.words("contact", maximum: FieldLimit.title)
        operatorReference = try fields.text("operator")
        territories = try fields.list("territory")
    }

    public func perform(in tx: Transaction) async throws -> PartnerListing {
        var ids: [TerritoryID] = []
        for reference in territories { ids.append(try await tx.resolveTerritory(reference)) }
        let operatorID = try await operatorReference.asyncMap { try await tx.resolveOperator($0) }
        let id = try await tx.addPartner(name: name, kind: kind, contact: contact, operatorID: operatorID, territories: ids)
        return try await tx.partners(id: id)[0]
    }
}

/// `carrier erase ID --reason R` · `POST /carriers/{id}/erase`: the right to erasure.
public struct EraseCarrier: Action {
    public static let spec = ActionSpec(["carrier", "erase"], "POST", "/carriers/{id}/erase", fields: ["reason"])
    public var carrier: CarrierID
    public var reason: String

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        carrier = try fields.requiredID("id", as: CarrierID.self)
        reason = try Input.text(try fields.required("reason"), field: "reason", maximum: 200)
    }

    public func perform(in tx: Transaction) async throws -> CarrierID {
        try await tx.eraseCarrier(carrier, reason: reason)
        return carrier
    }
}

/// `carrier withdraw-consent ID` · `POST /carriers/{id}/withdraw-consent`: the sensitive fields go.
public struct WithdrawConsent: Action {
    public static let spec = ActionSpec(["carrier", "withdraw-consent"], "POST", "/carriers/{id}/withdraw-consent", fields: [])
    public var carrier: CarrierID

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        carrier = try fields.requiredID("id", as: CarrierID.self)
    }

    /// How many profiles changed.
    public func perform(in tx: Transaction) async throws -> Int { try await tx.withdrawConsent(carrier) }
}

/// `retention apply [--years 5] [--dry-run]` · `POST /retention/apply`.
public struct ApplyRetention: Action {
    public static let spec = ActionSpec(["retention", "apply"], "POST", "/retention/apply", fields: ["years", "dry_run"])
    public var years: Int
    public var dryRun: Bool

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        years = try fields.integer("years", in: 1...50) ?? Defaults.retentionYears
        dryRun = try fields.flag("dry_run")
    }

    public func perform(in tx: Transaction) async throws -> (people: [RetentionItem], answers: Int) {
        dryRun ? (try await tx.retentionDue(years: years), 0) : try await tx.applyRetention(years: years)
    }
}
