import Foundation
import ParcoursCore
import ParcoursStore

/// `intake add --operator O --first-name F [--last-name L] --on D --prescriber P [--info-session D]
/// [--diagnostic D] …` · `POST /intakes`: a first contact, before any journey.
public struct AddIntake: Action {
    public static let spec = ActionSpec(
        ["intake", "add"], "POST", "/intakes",
        fields: [
            "operator", "first_name", "last_name", "email", "phone", "commune", "prescriber", "on", "info_session", "diagnostic", "note",
            "allow_duplicate",
        ],
        creates: true)

    public var operatorReference: String?
    public var firstName: String
    public var lastName: String?
    public var email: String?
    public var phone: String?
    public var commune: String?
    public var prescriber: Prescriber
    public var contactedOn: LocalDate
    public var infoSessionOn: LocalDate?
    public var diagnosticOn: LocalDate?
    public var note: String?
    public var allowDuplicate: Bool

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        operatorReference = try fields.text("operator")
        firstName = try Input.text(try fields.required("first_name"), field: "first_name", maximum: FieldLimit.personName)
        lastName = try fields.words("last_name", maximum: FieldLimit.personName)
        email = try fields.words("email", maximum: FieldLimit.email)
        if let email, !isPlausibleEmail(email) { throw Refusal(.notAnEmail, field: "email", ["value": email]) }
        phone = try fields.words("phone", maximum: FieldLimit.phone)
        commune = try fields.text("commune")
        prescriber = try fields.requiredChoice("prescriber", as: Prescriber.self)
        contactedOn = try fields.date("on") ?? today
        infoSessionOn = try fields.date("info_session")
        diagnosticOn = try fields.date("diagnostic")
        note = try fields.words("note", maximum: FieldLimit.note)
        allowDuplicate = try fields.flag("allow_duplicate")
    }

    public func perform(in tx: Transaction) async throws -> IntakeListing {
        let operatorID = try await tx.operatorOrOwn(operatorReference)
        let communeID = try await commune.asyncMap { try await tx.resolveCommune($0, of: operatorID) }
        let new = NewIntake(
            operatorID: operatorID, firstName: firstName, lastName: lastName, email: email, phone: phone, commune: communeID,
            prescriber: prescriber, contactedOn: contactedOn, infoSessionOn: infoSessionOn, diagnosticOn: diagnosticOn, note: note)
        let name = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
        // The same person twice distorts the prescribers' figures: said, as for carriers, unless confirmed.
        switch allowDuplicate ? nil : try await tx.knownContact(of: new) {
        case .intake(let known, let contactedOn, let knownName):
            throw StoreError.duplicate(Refusal(.intakeKnownContact, field: "allow_duplicate", [
                "name": name, "intake": known.description, "date": contactedOn.iso, "known": knownName,
            ]))
        case .carrier(let known, let knownName):
            throw StoreError.duplicate(Refusal(
                .intakeKnownCarrier, field: "allow_duplicate", ["name": name, "carrier": known.description, "known": knownName]))
        case nil:
            return try await tx.intakeListing(try await tx.addIntake(new))
        }
    }
}

/// `intake admit ID --programme P [--cohort C] [--carrier-id K] [--on D]` · `POST /intakes/{id}/admit`:
/// the carrier (made from the intake, or the one already known) and the journey.
public struct AdmitIntake: Action {
    public static let spec = ActionSpec(
        ["intake", "admit"], "POST", "/intakes/{id}/admit", fields: ["programme", "cohort", "carrier_id", "on", "allow_duplicate"])

    public var intake: IntakeID
    public var programme: String
    public var cohort: String?
    public var carrier: CarrierID?
    public var on: LocalDate
    public var allowDuplicate: Bool

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        intake = try fields.requiredID("id", as: IntakeID.self)
        programme = try fields.required("programme")
        cohort = try fields.text("cohort")
        carrier = try fields.id("carrier_id", as: CarrierID.self)
        on = try fields.date("on") ?? today
        allowDuplicate = try fields.flag("allow_duplicate")
    }

    public func perform(in tx: Transaction) async throws -> IntakeListing {
        let operatorID = try await tx.intake(intake).operatorID
        let programme = try await tx.resolveProgramme(programme, operatorID: operatorID)
        let cohortID = try await cohort.asyncMap { try await tx.resolveCohort($0, programme: programme) }
        _ = try await tx.admitIntake(intake, programme: programme, cohort: cohortID, carrier: carrier, on: on, allowDuplicate: allowDuplicate)
        return try await tx.intakeListing(intake)
    }
}

/// `intake decline ID --reason R [--to-partner P] [--note N] [--on D]` · `POST /intakes/{id}/decline`.
public struct DeclineIntake: Action {
    public static let spec = ActionSpec(
        ["intake", "decline"], "POST", "/intakes/{id}/decline", fields: ["reason", "to_partner", "note", "on"])

    public var intake: IntakeID
    public var reason: DeclineReason
    public var partner: String?
    public var note: String?
    public var on: LocalDate

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        intake = try fields.requiredID("id", as: IntakeID.self)
        partner = try fields.text("to_partner")
        // Naming the partner says the person was redirected.
        guard let reason = try fields.choice("reason", as: DeclineReason.self) ?? (partner != nil ? .redirected : nil) else {
            throw Refusal(.required, field: "reason")
        }
        self.reason = reason
        note = try fields.words("note", maximum: FieldLimit.note)
        on = try fields.date("on") ?? today
    }

    public func perform(in tx: Transaction) async throws -> IntakeListing {
        let partnerListing = try await partner.asyncMap { try await tx.resolvePartner($0) }
        _ = try await tx.declineIntake(intake, reason: reason, redirectedTo: partnerListing, note: note, on: on)
        return try await tx.intakeListing(intake)
    }
}

/// `intake update ID [--first-name …] …` · `PATCH /intakes/{id}`: corrects a first contact still pending.
public struct UpdateIntake: Action {
    public static let spec = ActionSpec(
        ["intake", "update"], "PATCH", "/intakes/{id}",
        fields: ["first_name", "last_name", "email", "phone", "commune", "prescriber", "on", "info_session", "diagnostic", "note"])

    public var intake: IntakeID
    public var correction = IntakeCorrection()
    public var commune: String?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        intake = try fields.requiredID("id", as: IntakeID.self)
        correction.firstName = try fields.words("first_name", maximum: FieldLimit.personName)
        correction.lastName = try fields.words("last_name", maximum: FieldLimit.personName)
        correction.email = try fields.words("email", maximum: FieldLimit.email)
        correction.phone = try fields.words("phone", maximum: FieldLimit.phone)
        commune = try fields.text("commune")
        correction.prescriber = try fields.choice("prescriber", as: Prescriber.self)
        correction.contactedOn = try fields.date("on")
        correction.infoSessionOn = try fields.date("info_session")
        correction.diagnosticOn = try fields.date("diagnostic")
        correction.note = try fields.words("note", maximum: FieldLimit.note)
    }

    public func perform(in tx: Transaction) async throws -> IntakeListing {
        var correction = self.correction
        let operatorID = try await tx.intake(intake).operatorID
        correction.commune = try await commune.asyncMap { try await tx.resolveCommune($0, of: operatorID) }
        try await tx.updateIntake(intake, correction)
        return try await tx.intakeListing(intake)
    }
}

/// `intake merge KEEP DUPLICATE` · `POST /intakes/{id}/merge`: the same person's two first contacts become one.
public struct MergeIntakes: Action {
    public static let spec = ActionSpec(["intake", "merge"], "POST", "/intakes/{id}/merge", fields: ["duplicate"], arguments: ["duplicate"])

    public var keep: IntakeID
    public var duplicate: IntakeID

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        keep = try fields.requiredID("id", as: IntakeID.self)
        duplicate = try fields.requiredID("duplicate", as: IntakeID.self)
        guard keep != duplicate else { throw Refusal(.intakeMergeSame, field: "duplicate", ["intake": keep.description]) }
    }

    public func perform(in tx: Transaction) async throws -> IntakeListing {
        try await tx.mergeIntakes(keep: keep, duplicate: duplicate)
        return try await tx.intakeListing(keep)
    }
}

/// `intake erase ID` · `POST /intakes/{id}/erase`: the person's names, contact and note go; the counts stay.
public struct EraseIntake: Action {
    public static let spec = ActionSpec(["intake", "erase"], "POST", "/intakes/{id}/erase", fields: [])
    public var intake: IntakeID

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        intake = try fields.requiredID("id", as: IntakeID.self)
    }

    public func perform(in tx: Transaction) async throws -> IntakeListing {
        try await tx.eraseIntake(intake)
        return try await tx.intakeListing(intake)
    }
}

/// An intake with the names a reader needs (the commune, the partner, the programme).
public struct IntakeListing: Sendable, Hashable {
    public var intake: Intake
    public var communeName: String?
    public var partnerName: String?
    /// When the person registered from the operator's page and agreed to be contacted (nil when staff recorded it).
    public var registeredAt: Date?
}

extension Transaction {
    public func intakeListing(_ id: IntakeID) async throws -> IntakeListing {
        try await listing(try await intake(id))
    }

    public func listing(_ intake: Intake) async throws -> IntakeListing {
        let commune = try await intake.communeID.asyncMap { try await territory($0).name }
        let partner = try await intake.redirectedTo.asyncMap { try await partners(id: $0).first?.name }
        return IntakeListing(intake: intake, communeName: commune, partnerName: partner ?? nil, registeredAt: try await registration(of: intake.id))
    }
}

/// A registration from an operator's page (`/inscription/{secret}`): the fields, words and refusals
/// of `intake add`, and what a stranger must give that staff may leave out — a last name, a way to
/// be contacted, the agreement to be recorded. The meeting is checked by the database (one its page lists).
public struct RegisterFromPage {
    public var registration: Registration

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        var intakeFields = fields
        for extra in ["session", "consent"] { intakeFields[extra] = nil }
        let intake = try AddIntake(intakeFields, today: today)
        guard let lastName = intake.lastName else { throw Refusal(.required, field: "last_name") }
        guard intake.email != nil || intake.phone != nil else { throw Refusal(.registrationContactNeeded, fields: ["email", "phone"]) }
        guard try fields.flag("consent") else { throw Refusal(.registrationConsentNeeded, field: "consent") }
        registration = Registration(
            firstName: intake.firstName, lastName: lastName, email: intake.email, phone: intake.phone, commune: intake.commune,
            prescriber: intake.prescriber, session: try fields.id("session", as: SessionID.self))
    }
}
