import Foundation
import ParcoursCore
import ParcoursStore

/// `journey open CARRIER_ID --programme P [--cohort C] [--on D] [--reason R]` · `POST /journeys`.
public struct OpenJourney: Action {
    public static let spec = ActionSpec(
        ["journey", "open"], "POST", "/journeys", fields: ["carrier_id", "programme", "cohort", "on", "reason"], arguments: ["carrier_id"],
        creates: true)

    public var carrier: CarrierID
    public var programme: String
    public var cohort: String?
    public var on: LocalDate?
    public var reason: String?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        carrier = try fields.requiredID("carrier_id", as: CarrierID.self)
        programme = try fields.required("programme")
        cohort = try fields.text("cohort")
        on = try fields.date("on")
        reason = try fields.words("reason", maximum: FieldLimit.note)
    }

    public func perform(in tx: Transaction) async throws -> JourneyListing {
        let carrierOperator = try await tx.carrier(carrier).carrier.operatorID
        let programme = try await tx.resolveProgramme(programme, operatorID: carrierOperator)
        let cohortID = try await cohort.asyncMap { try await tx.resolveCohort($0, programme: programme) }
        let journey = try await tx.openJourney(carrier: carrier, programme: programme, cohort: cohortID, on: on, reason: reason)
        return try await tx.journey(journey.id)
    }
}

/// What every change of a journey reads besides its target: when, why, and the version last seen.
public struct JourneyChangeFields: Sendable, Hashable {
    public static let names = ["on", "reason", "expect_version"]

    public var journey: JourneyID
    public var on: LocalDate?
    public var reason: String?
    public var expectedVersion: Int?

    /// Reads them, after refusing any field `spec` does not take.
    init(_ fields: Fields, of spec: ActionSpec) throws(Refusal) {
        try spec.checkKnown(fields)
        journey = try fields.requiredID("id", as: JourneyID.self)
        on = try fields.date("on")
        reason = try fields.words("reason", maximum: FieldLimit.note)
        expectedVersion = try fields.integer("expect_version", in: 1...Int(Int32.max))
    }

    func record(_ change: JourneyChange, in tx: Transaction) async throws -> JourneyListing {
        try await tx.changeListed(journey: journey, change, on: on, reason: reason, expectedVersion: expectedVersion)
    }
}

/// `journey advance ID --to PHASE` · `POST /journeys/{id}/advance`.
public struct AdvanceJourney: Action {
    public static let spec = ActionSpec(["journey", "advance"], "POST", "/journeys/{id}/advance", fields: ["to"] + JourneyChangeFields.names)
    public var change: JourneyChangeFields
    public var to: Phase

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        change = try JourneyChangeFields(fields, of: Self.spec)
        to = try fields.requiredChoice("to", as: Phase.self)
    }

    public func perform(in tx: Transaction) async throws -> JourneyListing { try await change.record(.advance(to: to), in: tx) }
}

/// `journey rework ID --to PHASE --reason R` · `POST /journeys/{id}/rework`.
public struct ReworkJourney: Action {
    public static let spec = ActionSpec(["journey", "rework"], "POST", "/journeys/{id}/rework", fields: ["to"] + JourneyChangeFields.names)
    public var change: JourneyChangeFields
    public var to: Phase

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        change = try JourneyChangeFields(fields, of: Self.spec)
        to = try fields.requiredChoice("to", as: Phase.self)
    }

    public func perform(in tx: Transaction) async throws -> JourneyListing { try await change.record(.rework(to: to), in: tx) }
}

/// `journey pause ID` · `POST /journeys/{id}/pause`.
public struct PauseJourney: Action {
    public static let spec = ActionSpec(["journey", "pause"], "POST", "/journeys/{id}/pause", fields: JourneyChangeFields.names)
    public var change: JourneyChangeFields

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        change = try JourneyChangeFields(fields, of: Self.spec)
    }

    public func perform(in tx: Transaction) async throws -> JourneyListing { try await change.record(.pause, in: tx) }
}

/// `journey resume ID` · `POST /journeys/{id}/resume`.
public struct ResumeJourney: Action {
    public static let spec = ActionSpec(["journey", "resume"], "POST", "/journeys/{id}/resume", fields: JourneyChangeFields.names)
    public var change: JourneyChangeFields

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        change = try JourneyChangeFields(fields, of: Self.spec)
    }

    public func perform(in tx: Transaction) async throws -> JourneyListing { try await change.record(.resume, in: tx) }
}

/// `journey exit ID --outcome O [--legal-form F --activity-date D --jobs N --activity-name A]` ·
/// `POST /journeys/{id}/exit`. An activity created is recorded with the exit, in one transaction.
public struct ExitJourney: Action {
    public static let spec = ActionSpec(
        ["journey", "exit"], "POST", "/journeys/{id}/exit",
        fields: ["outcome", "legal_form", "activity_date", "jobs", "activity_name"] + JourneyChangeFields.names)

    public struct Activity: Sendable, Hashable {
        public var legalForm: LegalForm
        public var createdOn: LocalDate
        public var jobsFTE: Double
        public var name: String?
    }

    public var change: JourneyChangeFields
    public var outcome: Outcome
    public var activity: Activity?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        change = try JourneyChangeFields(fields, of: Self.spec)
        outcome = try fields.requiredChoice("outcome", as: Outcome.self)
        let activityFields = ["legal_form", "activity_date", "jobs", "activity_name"].filter { fields.names.contains($0) }
        guard outcome == .activityCreated else {
            if !activityFields.isEmpty { throw Refusal(.onlyWith, fields: activityFields, ["with": "outcome", "value": Outcome.activityCreated.code]) }
            return
        }
        guard fields.names.contains("legal_form") else {
            throw Refusal(.requiredWith, field: "legal_form", ["with": "outcome", "value": outcome.code, "expected": LegalForm.expected, "vocabulary": LegalForm.vocabulary])
        }
        guard let createdOn = try fields.date("activity_date") else {
            throw Refusal(.requiredWith, field: "activity_date", ["with": "outcome", "value": outcome.code, "expected": "", "vocabulary": "-"])
        }
        if let refusal = FieldLimit.refusal(with: createdOn, notAfter: today, field: "activity_date") { throw refusal }
        let jobs = try fields.decimal("jobs") ?? 0
        guard jobs >= 0, jobs < 10_000 else { throw Refusal(.outOfRange, field: "jobs", ["value": "\(jobs)", "minimum": "0", "maximum": "10000"]) }
        activity = Activity(
            legalForm: try fields.requiredChoice("legal_form", as: LegalForm.self), createdOn: createdOn, jobsFTE: jobs,
            name: try fields.words("activity_name", maximum: FieldLimit.title))
    }

    public func perform(in tx: Transaction) async throws -> JourneyListing {
        guard let activity else { return try await change.record(.exit(outcome), in: tx) }
        _ = try await tx.exitWithActivity(
            journey: change.journey, legalForm: activity.legalForm, createdOn: activity.createdOn, jobsFTE: activity.jobsFTE,
            name: activity.name, on: change.on, reason: change.reason, expectedVersion: change.expectedVersion)
        return try await tx.journey(change.journey)
    }
}

/// `journey correct ID [--on D] [--outcome O …] [--cancel] --reason R` · `POST /journeys/{id}/correct`.
/// Replaces the last recorded step's date, outcome or activity, or cancels it; the history keeps
/// the step as it was recorded, with the correction's reason.
public struct CorrectJourney: Action {
    public static let spec = ActionSpec(
        ["journey", "correct"], "POST", "/journeys/{id}/correct",
        fields: ["on", "outcome", "legal_form", "activity_date", "jobs", "activity_name", "cancel", "reason", "expect_version"])

    public var journey: JourneyID
    public var correction: StepCorrection
    public var expectedVersion: Int?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        journey = try fields.requiredID("id", as: JourneyID.self)
        guard let reason = try fields.words("reason", maximum: FieldLimit.note) else { throw Refusal(.required, field: "reason") }
        let jobs = try fields.decimal("jobs")
        if let jobs, !(0..<10_000).contains(jobs) {
            throw Refusal(.outOfRange, field: "jobs", ["value": "\(jobs)", "minimum": "0", "maximum": "10000"])
        }
        correction = StepCorrection(
            on: try fields.date("on"), outcome: try fields.choice("outcome", as: Outcome.self),
            legalForm: try fields.choice("legal_form", as: LegalForm.self), activityDate: try fields.date("activity_date"), jobsFTE: jobs,
            activityName: try fields.words("activity_name", maximum: FieldLimit.title), cancel: try fields.flag("cancel"),
            reason: reason)
        expectedVersion = try fields.integer("expect_version", in: 1...Int(Int32.max))
    }

    public func perform(in tx: Transaction) async throws -> JourneyListing {
        try await tx.correctLastStep(journey: journey, correction, expectedVersion: expectedVersion)
    }
}
