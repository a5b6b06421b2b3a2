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

/// `partner add NAME --kind K [--contact C] [--email E] [--operator O] [--territory T…]` · `POST /partners`.
public struct AddPartner: Action {
    public static let spec = ActionSpec(
        ["partner", "add"], "POST", "/partners", fields: ["name", "kind", "contact", "email", "operator", "territory"], arguments: ["name"],
        creates: true)
    public var name: String
    public var kind: PartnerKind
    public var contact: String?
    /// Where its referrals' links are e-mailed.
    public var email: String?
    public var operatorReference: String?
    public var territories: [String]

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        name = try Input.text(try fields.required("name"), field: "name", maximum: FieldLimit.title)
        kind = try fields.requiredChoice("kind", as: PartnerKind.self)
        contact = try fields.words("contact", maximum: FieldLimit.title)
        email = try fields.words("email", maximum: FieldLimit.email)
        // The database's rule for an address a message can be sent to (a domain with a dot).
        if let email, !MailAddress.isValid(email) { throw Refusal(.notAnEmail, field: "email", ["value": email]) }
        operatorReference = try fields.text("operator")
        territories = try fields.list("territory")
    }

    public func perform(in tx: Transaction) async throws -> PartnerListing {
        var ids: [TerritoryID] = []
        for reference in territories { ids.append(try await tx.resolveTerritory(reference)) }
        let operatorID = try await operatorReference.asyncMap { try await tx.resolveOperator($0) }
        let id = try await tx.addPartner(name: name, kind: kind, contact: contact, email: email, operatorID: operatorID, territories: ids)
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

    public func perform(in tx: Transaction) async throws -> (people: [RetentionItem], intakes: [IntakeID], answers: Int) {
        guard dryRun else { return try await tx.applyRetention(years: years) }
        return (try await tx.retentionDue(years: years), try await tx.retentionIntakesDue(years: years), 0)
    }
}

/// `carrier profile ID [--labour L] [--education E] [--consent-on D] [--disability oui|non|refus]…` ·
/// `POST /carriers/{id}/profile`: a new dated entry, the history kept. Every question takes
/// `refus` when the person declines to answer it.
public struct RecordProfile: Action {
    public static let spec = ActionSpec(
        ["carrier", "profile"], "POST", "/carriers/{id}/profile",
        fields: [
            "labour", "education", "consent_on", "disability", "third_country_national", "foreign_background", "minority", "homeless",
            "on",
        ],
        creates: true)
    public var carrier: CarrierID
    public var profile: CarrierProfile
    public var on: LocalDate?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        carrier = try fields.requiredID("id", as: CarrierID.self)
        var declined: Set<ProfileQuestion> = []
        /// The field's answer, or nil (and the question declined) when the person declined it.
        func answered(_ field: String, _ question: ProfileQuestion) throws(Refusal) -> Fields {
            guard case .text(let text) = fields[field], isDeclinedAnswer(text) else { return fields }
            declined.insert(question)
            var without = fields
            without[field] = nil
            return without
        }
        profile = CarrierProfile(
            labourStatus: try answered("labour", .labourStatus).choice("labour", as: LabourStatus.self),
            educationLevel: try answered("education", .educationLevel).choice("education", as: EducationLevel.self),
            consentOn: try fields.date("consent_on"), disability: try answered("disability", .disability).yesNo("disability"),
            thirdCountryNational: try answered("third_country_national", .thirdCountryNational).yesNo("third_country_national"),
            foreignBackground: try answered("foreign_background", .foreignBackground).yesNo("foreign_background"),
            minority: try answered("minority", .minority).yesNo("minority"),
            homeless: try answered("homeless", .homeless).yesNo("homeless"), declined: declined)
        if let consent = profile.consentOn, let refusal = FieldLimit.refusal(with: consent, notAfter: today, field: "consent_on") { throw refusal }
        on = try fields.date("on")
    }

    public func perform(in tx: Transaction) async throws -> CarrierID {
        try await tx.recordProfile(carrier: carrier, profile, on: on)
        return carrier
    }
}

/// `carrier assign ID [--counsellor EMAIL]` · `POST /carriers/{id}/assign`: who follows the person
/// (nobody in particular without a counsellor: the whole team).
public struct AssignCarrier: Action {
    public static let spec = ActionSpec(["carrier", "assign"], "POST", "/carriers/{id}/assign", fields: ["counsellor"])
    public var carrier: CarrierID
    public var counsellor: String?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        carrier = try fields.requiredID("id", as: CarrierID.self)
        counsellor = try fields.text("counsellor")
    }

    public func perform(in tx: Transaction) async throws -> CarrierListing {
        try await tx.assignCarrier(carrier, to: counsellor)
        return try await tx.carrier(carrier)
    }
}

/// `cape turnover ID --month MM/AAAA --amount 1234,50` · `POST /journeys/{id}/cape/turnover`.
public struct RecordCapeTurnover: Action {
    public static let spec = ActionSpec(["cape", "turnover"], "POST", "/journeys/{id}/cape/turnover", fields: ["month", "amount"])
    public var journey: JourneyID
    public var month: LocalDate
    public var cents: Int64

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        journey = try fields.requiredID("id", as: JourneyID.self)
        let text = try fields.required("month")
        guard let month = Input.month(text) else { throw Refusal(.notAMonth, field: "month", ["value": text]) }
        // A month's turnover is known once the month has begun, never before.
        if let refusal = FieldLimit.refusal(with: month, notAfter: today, field: "month") { throw refusal }
        self.month = month
        let euros = try Input.decimal(try fields.required("amount"), field: "amount")
        guard euros >= 0, euros < 1e12 else { throw Refusal(.negative, field: "amount", ["value": "\(euros)"]) }
        cents = Int64((euros * 100).rounded())
    }

    public func perform(in tx: Transaction) async throws -> RecordCapeTurnover {
        try await tx.recordCapeTurnover(journey: journey, month: month, cents: cents)
        return self
    }
}

/// The entry questionnaire a person fills in and signs from their link (`/questionnaire/{secret}`):
/// the fields, words and refusals of `carrier update` (sex, birth date, contact) and `carrier
/// profile` (situation, education, the sensitive questions with their consent, `refus` for a
/// question declined), and what a signature needs — the sex and the birth date answered, a name typed.
public struct SignEntryQuestionnaire {
    public var answers: EntryAnswers

    public init(_ fields: Fields, carrier: CarrierID, today: LocalDate) throws(Refusal) {
        func only(_ names: [String]) -> Fields {
            var picked = Fields(texts: ["id": carrier.description])
            for name in names { picked[name] = fields[name] }
            return picked
        }
        guard fields["gender"] != nil else { throw Refusal(.required, field: "gender") }
        guard fields["birth_date"] != nil else { throw Refusal(.required, field: "birth_date") }
        let person = try UpdateCarrier(only(["gender", "birth_date", "email", "phone"]), today: today).correction
        var profileFields = only(["labour", "education", "disability", "third_country_national", "foreign_background", "minority", "homeless"])
        if try fields.flag("consent") { profileFields["consent_on"] = .text(today.iso) }
        let profile = try RecordProfile(profileFields, today: today).profile
        // Said to the person in their words: the box to tick, or the questions to leave blank.
        let withoutConsent = profile.sensitiveFieldsWithoutConsent
        if !withoutConsent.isEmpty { throw Refusal(.questionnaireConsentNeeded, fields: ["consent"] + withoutConsent) }
        guard let signedName = try fields.words("signed_name", maximum: FieldLimit.reference), signedName.count >= 2 else {
            throw Refusal(.signatureNeeded, field: "signed_name")
        }
        guard let gender = person.gender, let birthDate = person.birthDate else { throw Refusal(.required, fields: ["gender", "birth_date"]) }
        answers = EntryAnswers(gender: gender, birthDate: birthDate, email: person.email, phone: person.phone, profile: profile, signedName: signedName)
    }
}

/// The situation a person signs from their exit or six-month link: the fields, words and refusals
/// of `followup record` (the situation, and for the exit whether they gained a qualification,
/// which the person must answer), and a name typed.
public struct SignFollowUpQuestionnaire {
    public var situation: FollowUpSituation
    public var qualificationGained: Bool?
    public var signedName: String

    public init(_ fields: Fields, journey: JourneyID, afterMonths: Int, today: LocalDate) throws(Refusal) {
        var followUp = Fields(texts: ["id": journey.description, "after_months": "\(afterMonths)"])
        for name in ["situation", "qualification"] { followUp[name] = fields[name] }
        let parsed = try RecordFollowUp(followUp, today: today)
        // At exit the person answers the qualification question too (ESF+ EECR03): staff may not know it, they do.
        if afterMonths == 0, parsed.qualificationGained == nil { throw Refusal(.required, field: "qualification") }
        guard let signedName = try fields.words("signed_name", maximum: FieldLimit.reference), signedName.count >= 2 else {
            throw Refusal(.signatureNeeded, field: "signed_name")
        }
        situation = parsed.situation
        qualificationGained = parsed.qualificationGained
        self.signedName = signedName
    }
}
