import Foundation
import ParcoursCore
import PostgresNIO

/// A correction of a person's record: only the fields given change.
public struct CarrierCorrection: Sendable, Hashable {
    public var firstName: String?
    public var lastName: String?
    public var gender: Gender?
    public var birthDate: LocalDate?
    public var commune: TerritoryID?
    public var externalRef: String?
    public var email: String?
    public var phone: String?
    /// The priority neighbourhood (QPV) the person's address is in; "" when it is in none any more.
    public var qpv: String?

    public init(
        firstName: String? = nil, lastName: String? = nil, gender: Gender? = nil, birthDate: LocalDate? = nil, commune: TerritoryID? = nil,
        externalRef: String? = nil, email: String? = nil, phone: String? = nil, qpv: String? = nil
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.gender = gender
        self.birthDate = birthDate
        self.commune = commune
        self.externalRef = externalRef
        self.email = email
        self.phone = phone
        self.qpv = qpv
    }

    /// The API names of the fields given.
    public var fields: [String] {
        [
            firstName.map { _ in "first_name" }, lastName.map { _ in "last_name" }, gender.map { _ in "gender" },
            birthDate.map { _ in "birth_date" }, commune.map { _ in "commune" }, externalRef.map { _ in "ref" },
            email.map { _ in "email" }, phone.map { _ in "phone" }, qpv.map { _ in "qpv" },
        ].compactMap { $0 }
    }
}

/// One entry of a person's own history: a correction or a merge.
public struct CarrierEvent: Sendable, Hashable {
    public enum Kind: String, Sendable { case update, merge, erase }
    public var kind: Kind
    public var fields: [String]
    public var mergedCarrierID: CarrierID?
    public var reason: String?
    public var staffEmail: String
    public var recordedAt: Date
}

extension Transaction {
    /// The records of the operator that are probably the same person as `new`: the same name
    /// (case, accents, spaces and hyphens aside) and birth date, or the same e-mail.
    public func probableDuplicates(of new: NewCarrier, excluding: CarrierID? = nil) async throws -> [CarrierID] {
        try await rows(
            """
            SELECT id FROM carrier
            WHERE operator_id = \(new.operatorID.rawValue)
              AND (\(excluding?.rawValue)::bigint IS NULL OR id <> \(excluding?.rawValue))
              AND ((parcours_name_key(first_name, last_name) = parcours_name_key(\(new.firstName), \(new.lastName))
                    AND birth_date IS NOT DISTINCT FROM \(new.birthDate?.iso)::date)
                   OR (\(new.email)::text IS NOT NULL AND lower(email) = lower(\(new.email))))
            ORDER BY id
            """
        ).map { CarrierID(try $0.decode(Int64.self)) }
    }

    /// Corrects a person's record (the fields given) and records which fields changed, by whom
    /// and why, in the person's history.
    public func updateCarrier(_ id: CarrierID, _ correction: CarrierCorrection, reason: String?) async throws {
        try requireWriter()
        guard !correction.fields.isEmpty else {
            throw StoreError.invalid(Refusal(.nothingGiven, fields: ["first_name", "last_name", "birth_date", "commune", "email", "phone", "qpv"]))
        }
        if let birthDate = correction.birthDate, let refusal = FieldLimit.refusal(with: birthDate, notAfter: today, field: "birth_date") {
            throw StoreError.invalid(refusal)
        }
        if let email = correction.email, !isPlausibleEmail(email) { throw StoreError.invalid(Refusal(.notAnEmail, field: "email", ["value": email])) }
        let qpv = try await correction.qpv.asyncMap { $0.isEmpty ? "" : try await requireKnownQPV($0) }
        let updated = try await rows(
            """
            UPDATE carrier
            SET first_name = coalesce(\(correction.firstName), first_name), last_name = coalesce(\(correction.lastName), last_name),
                gender = coalesce(\(correction.gender?.rawValue), gender), birth_date = coalesce(\(correction.birthDate?.iso)::date, birth_date),
                commune_id = coalesce(\(correction.commune?.rawValue), commune_id), external_ref = coalesce(\(correction.externalRef), external_ref),
                email = coalesce(\(correction.email), email), phone = coalesce(\(correction.phone), phone),
                qpv_code = CASE WHEN \(qpv)::text IS NULL THEN qpv_code ELSE nullif(\(qpv), '') END
            WHERE id = \(id.rawValue)
            RETURNING operator_id
            """)
        guard let operatorID = try updated.first?.decode(Int64.self) else { throw StoreError.notFound("carrier", id) }
        try await query(
            """
            INSERT INTO carrier_event (operator_id, carrier_id, kind, fields, reason, staff_id)
            VALUES (\(operatorID), \(id.rawValue), 'update', \(correction.fields)::text[], \(reason), 0)
            """)
        try await audit("change", carriers: [id], "carrier corrected: \(correction.fields.joined(separator: ", "))")
    }

    /// Folds the record `duplicate` into `keep` (sql/0013 `parcours_merge_carriers`).
    public func mergeCarriers(keep: CarrierID, duplicate: CarrierID, reason: String?) async throws {
        try requireDataManager()
        // Clear refusals before the database's own checks: both must exist and be visible.
        _ = try await carrier(keep)
        _ = try await carrier(duplicate)
        try await query(
            "SELECT parcours_merge_carriers(\(keep.rawValue), \(duplicate.rawValue), \(reason), \(channel.rawValue))")
    }

    /// The corrections and merges of a person's record, oldest first.
    public func carrierEvents(_ id: CarrierID) async throws -> [CarrierEvent] {
        try await rows(
            """
            SELECT kind, fields, merged_carrier_id, reason, parcours_staff_email(staff_id), recorded_at
            FROM carrier_event WHERE carrier_id = \(id.rawValue)
            ORDER BY id
            """
        ).map { row in
            let (kind, fields, merged, reason, email, at) = try row.decode((String, [String], Int64?, String?, String, Date).self)
            return CarrierEvent(
                kind: CarrierEvent.Kind(rawValue: kind) ?? .update, fields: fields, mergedCarrierID: merged.map(CarrierID.init), reason: reason,
                staffEmail: email, recordedAt: at)
        }
    }

    /// The record a merged duplicate became, if it was merged.
    public func mergedInto(_ duplicate: CarrierID) async throws -> CarrierID? {
        try await rows("SELECT carrier_id FROM carrier_event WHERE merged_carrier_id = \(duplicate.rawValue) ORDER BY id DESC LIMIT 1")
            .first.map { CarrierID(try $0.decode(Int64.self)) }
    }
}

extension Transaction {
    /// The person's latest profile entry and its date, if one was recorded.
    public func latestProfile(of id: CarrierID) async throws -> (profile: CarrierProfile, recordedOn: LocalDate)? {
        try requirePersonReader()
        guard let row = try await rows(
            """
            SELECT labour_status, education_level, to_char(consent_on, 'YYYY-MM-DD'), disability, third_country_national,
                   foreign_background, homeless, to_char(recorded_on, 'YYYY-MM-DD')
            FROM carrier_profile WHERE carrier_id = \(id.rawValue)
            ORDER BY recorded_on DESC, id DESC LIMIT 1
            """
        ).first else { return nil }
        let (labour, education, consent, disability, thirdCountry, foreign, homeless, recordedOn) =
            try row.decode((String?, String?, String?, Bool?, Bool?, Bool?, Bool?, String).self)
        return (
            CarrierProfile(
                labourStatus: labour.flatMap(LabourStatus.init(rawValue:)), educationLevel: education.flatMap(EducationLevel.init(rawValue:)),
                consentOn: try LocalDate.decoded(consent), disability: disability, thirdCountryNational: thirdCountry,
                foreignBackground: foreign, homeless: homeless),
            try LocalDate.decoded(recordedOn)
        )
    }
}
