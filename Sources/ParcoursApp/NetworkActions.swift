import Foundation
import ParcoursCore
import ParcoursStore

// Programmes, cohorts, funders and the referrals another operator hands on, as actions both
// edges adapt.

/// `programme add NAME --operator O --phases idée,modules,pitch,orientation` · `POST /programmes`.
public struct AddProgramme: Action {
    public static let spec = ActionSpec(
        ["programme", "add"], "POST", "/programmes", fields: ["name", "operator", "phases"], arguments: ["name"], creates: true)
    public var name: String
    public var operatorReference: String?
    /// Codes, whatever the spelling typed; unknown ones are the store's to refuse, with the order rules.
    public var phases: [String]

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        name = try Input.text(try fields.required("name"), field: "name", maximum: FieldLimit.title)
        operatorReference = try fields.text("operator")
        phases = try fields.list("phases").map { Phase(spelling: $0)?.code ?? $0 }
        if phases.isEmpty { throw Refusal(.required, field: "phases") }
    }

    public func perform(in tx: Transaction) async throws -> Programme {
        try await tx.addProgramme(name: name, operatorID: try await tx.operatorOrOwn(operatorReference), phases: phases)
    }
}

/// `cohort add NAME --programme P [--starts-on D]` · `POST /cohorts`.
public struct AddCohort: Action {
    public static let spec = ActionSpec(
        ["cohort", "add"], "POST", "/cohorts", fields: ["name", "programme", "starts_on"], arguments: ["name"], creates: true)
    public var name: String
    public var programme: String
    public var startsOn: LocalDate?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        name = try Input.text(try fields.required("name"), field: "name", maximum: FieldLimit.title)
        programme = try fields.required("programme")
        startsOn = try fields.date("starts_on")
    }

    public func perform(in tx: Transaction) async throws -> CohortListing {
        let programme = try await tx.resolveProgramme(programme)
        let id = try await tx.addCohort(name: name, programme: programme, startsOn: startsOn)
        return try await tx.cohorts(programme: programme.id).first { $0.cohort.id == id }!
    }
}

/// `funder add NAME [--kind fse+|leader|région…]` · `POST /funders`.
public struct AddFunder: Action {
    public static let spec = ActionSpec(["funder", "add"], "POST", "/funders", fields: ["name", "kind"], arguments: ["name"], creates: true)
    public var name: String
    public var kind: FunderKind

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        name = try Input.text(try fields.required("name"), field: "name", maximum: FieldLimit.title)
        kind = try fields.choice("kind", as: FunderKind.self) ?? .other
    }

    public func perform(in tx: Transaction) async throws -> Funder { try await tx.addFunder(name: name, kind: kind) }
}

/// `referral take ID --programme P [--cohort C] [--on D]` · `POST /referrals/{id}/take`: the
/// receiving operator registers the person and opens their journey.
public struct TakeReferral: Action {
    public static let spec = ActionSpec(["referral", "take"], "POST", "/referrals/{id}/take", fields: ["programme", "cohort", "on"], creates: true)
    public var referral: Int64
    public var programme: String
    public var cohort: String?
    public var on: LocalDate?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        referral = try fields.requiredID("id", as: ReferralID.self).rawValue
        programme = try fields.required("programme")
        cohort = try fields.text("cohort")
        on = try fields.date("on")
    }

    public func perform(in tx: Transaction) async throws -> JourneyListing {
        let programme = try await tx.resolveProgramme(programme, operatorID: tx.acting.operatorID)
        let cohortID = try await cohort.asyncMap { try await tx.resolveCohort($0, programme: programme) }
        let journey = try await tx.takeReferral(referral, programme: programme, cohort: cohortID, on: on)
        return try await tx.journey(journey.id)
    }
}
