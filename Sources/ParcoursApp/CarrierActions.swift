import Foundation
import ParcoursCore
import ParcoursStore

extension Transaction {
    /// The operator a record belongs to: the one named, else the acting staff member's own.
    public func operatorOrOwn(_ reference: String?) async throws -> OperatorID {
        if let reference { return try await resolveOperator(reference) }
        guard let own = acting.operatorID else { throw StoreError.invalid(Refusal(.required, field: "operator")) }
        return own
    }
}

/// `carrier add --first-name … --last-name … [--operator O] …` · `POST /carriers`. A probable
/// duplicate (same operator, same name and birth date, or same e-mail) is refused naming the
/// existing record, unless `--allow-duplicate`.
public struct AddCarrier: Action {
    public static let spec = ActionSpec(
        ["carrier", "add"], "POST", "/carriers",
        fields: ["operator", "first_name", "last_name", "gender", "birth_date", "commune", "ref", "email", "phone", "allow_duplicate"],
        creates: true)

    public var operatorReference: String?
    public var firstName: String
    public var lastName: String
    public var gender: Gender?
    public var birthDate: LocalDate?
    public var commune: String?
    public var ref: String?
    public var email: String?
    public var phone: String?
    public var allowDuplicate: Bool

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        operatorReference = try fields.text("operator")
        firstName = try Input.text(try fields.required("first_name"), field: "first_name", maximum: FieldLimit.personName)
        lastName = try Input.text(try fields.required("last_name"), field: "last_name", maximum: FieldLimit.personName)
        gender = try fields.choice("gender", as: Gender.self)
        birthDate = try fields.date("birth_date")
        if let birthDate, let refusal = FieldLimit.refusal(with: birthDate, notAfter: today, field: "birth_date") { throw refusal }
        commune = try fields.text("commune")
        ref = try fields.words("ref", maximum: FieldLimit.reference)
        email = try fields.words("email", maximum: FieldLimit.email)
        if let email, !isPlausibleEmail(email) { throw Refusal(.notAnEmail, field: "email", ["value": email]) }
        phone = try fields.words("phone", maximum: FieldLimit.phone)
        allowDuplicate = try fields.flag("allow_duplicate")
    }

    public func perform(in tx: Transaction) async throws -> CarrierListing {
        let operatorID = try await tx.operatorOrOwn(operatorReference)
        let communeID = try await commune.asyncMap { try await tx.resolveCommune($0, of: operatorID) }
        let new = NewCarrier(
            operatorID: operatorID, firstName: firstName, lastName: lastName, gender: gender, birthDate: birthDate, commune: communeID,
            externalRef: ref, email: email, phone: phone)
        if !allowDuplicate, let existing = try await tx.probableDuplicates(of: new).first {
            throw StoreError.duplicate(Refusal(.probableDuplicate, field: "allow_duplicate", [
                "carrier": existing.description, "name": "\(firstName) \(lastName)",
            ]))
        }
        return try await tx.carrier(try await tx.addCarrier(new)!)
    }
}

/// `carrier update ID [--first-name …] …` · `PATCH /carriers/{id}`: corrects the fields given;
/// the correction is in the person's history.
public struct UpdateCarrier: Action {
    public static let spec = ActionSpec(
        ["carrier", "update"], "PATCH", "/carriers/{id}",
        fields: ["first_name", "last_name", "gender", "birth_date", "commune", "ref", "email", "phone", "qpv", "reason"])

    public var id: CarrierID
    public var correction = CarrierCorrection()
    public var commune: String?
    public var reason: String?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        id = try fields.requiredID("id", as: CarrierID.self)
        correction.firstName = try fields.words("first_name", maximum: FieldLimit.personName)
        correction.lastName = try fields.words("last_name", maximum: FieldLimit.personName)
        correction.gender = try fields.choice("gender", as: Gender.self)
        correction.birthDate = try fields.date("birth_date")
        if let birthDate = correction.birthDate, let refusal = FieldLimit.refusal(with: birthDate, notAfter: today, field: "birth_date") {
            throw refusal
        }
        commune = try fields.text("commune")
        correction.externalRef = try fields.words("ref", maximum: FieldLimit.reference)
        correction.email = try fields.words("email", maximum: FieldLimit.email)
        if let email = correction.email, !isPlausibleEmail(email) { throw Refusal(.notAnEmail, field: "email", ["value": email]) }
        correction.phone = try fields.words("phone", maximum: FieldLimit.phone)
        // A QPV code, or "aucun" / "non" when the person's address is in none (any more).
        correction.qpv = try fields.words("qpv", maximum: FieldLimit.reference).map { ["aucun", "none", "non", "no"].contains(Input.folded($0)) ? "" : $0 }
        reason = try fields.words("reason", maximum: FieldLimit.note)
        if correction.fields.isEmpty, commune == nil {
            throw Refusal(.nothingGiven, fields: ["first_name", "last_name", "gender", "birth_date", "commune", "ref", "email", "phone", "qpv"])
        }
    }

    public func perform(in tx: Transaction) async throws -> CarrierListing {
        var correction = correction
        let operatorID = try await tx.carrier(id).carrier.operatorID
        correction.commune = try await commune.asyncMap { try await tx.resolveCommune($0, of: operatorID) }
        try await tx.updateCarrier(id, correction, reason: reason)
        return try await tx.carrier(id)
    }
}

/// `carrier merge KEEP DUPLICATE --reason R` · `POST /carriers/{id}/merge` with
/// `{"duplicate": …, "reason": …}`: the duplicate's journeys, attendance, profile and referrals
/// move to the record kept.
public struct MergeCarriers: Action {
    public static let spec = ActionSpec(
        ["carrier", "merge"], "POST", "/carriers/{id}/merge", fields: ["duplicate", "reason"], arguments: ["duplicate"])

    public var keep: CarrierID
    public var duplicate: CarrierID
    public var reason: String?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        keep = try fields.requiredID("id", as: CarrierID.self)
        duplicate = try fields.requiredID("duplicate", as: CarrierID.self)
        guard keep != duplicate else { throw Refusal(.mergeSameCarrier, field: "duplicate", ["carrier": keep.description]) }
        reason = try fields.words("reason", maximum: FieldLimit.note)
    }

    public func perform(in tx: Transaction) async throws -> CarrierListing {
        try await tx.mergeCarriers(keep: keep, duplicate: duplicate, reason: reason)
        return try await tx.carrier(keep)
    }
}

/// `session attend ID --present 12,14 --excused 15 --absent 16` · `POST /sessions/{id}/attendance`
/// with the same lists (or `entries` with minutes, as the CLI's `--file`). All of it, or none.
public struct RecordAttendance: Action {
    public static let spec = ActionSpec(
        ["session", "attend"], "POST", "/sessions/{id}/attendance", fields: ["present", "excused", "absent", "minutes", "file"],
        structured: ["file": "entries"])

    public var session: Int64
    public var entries: [AttendanceEntry]
    /// A file's bad lines, answered with what the database finds of its good ones.
    public var fileProblems: [Refusal.Problem] = []

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        session = try fields.requiredID("id", as: SessionID.self).rawValue
        let minutes = try fields.integer("minutes", in: 0...1440)
        var entries: [AttendanceEntry] = []
        for status in AttendanceStatus.allCases {
            for text in try fields.list(status.code) where !text.isEmpty {
                let carrier = try Input.id(text, as: CarrierID.self, field: status.code)
                entries.append(AttendanceEntry(carrierID: carrier, status: status, minutes: status == .present ? minutes : nil))
            }
        }
        self.entries = entries
    }

    /// Entries read from a file (the CLI's `--file`, the API's `entries`), added to the lists.
    public init(session: Int64, entries: [AttendanceEntry]) {
        self.session = session
        self.entries = entries
    }

    public func perform(in tx: Transaction) async throws -> Int {
        try await tx.attend(session: session, entries, alongside: fileProblems)
    }
}

/// `session signed ID --file SCAN` · `POST /sessions/{id}/signed` with `scan {sha256, file_name, bytes}`
/// (the CLI computes them from its `--file`): the signed attendance sheet, recorded by its hash.
public struct RecordSignedSheet: Action {
    public static let spec = ActionSpec(
        ["session", "signed"], "POST", "/sessions/{id}/signed", fields: ["file"], creates: true, structured: ["file": "scan"])

    public var session: SessionID
    public var scan: SheetScan?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        session = try fields.requiredID("id", as: SessionID.self)
    }

    public func perform(in tx: Transaction) async throws -> AttendanceSheet.Scan {
        guard let scan else { throw Refusal(.required, field: "file") }
        return try await tx.recordSignedSheet(session: session, scan)
    }
}
