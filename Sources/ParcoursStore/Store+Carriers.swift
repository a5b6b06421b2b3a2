import ParcoursCore
import PostgresNIO

/// What is typed to register a carrier.
public struct NewCarrier: Sendable, Hashable {
    public var operatorID: OperatorID
    public var firstName: String
    public var lastName: String
    public var gender: Gender?
    public var birthDate: LocalDate?
    public var commune: TerritoryID?
    /// The operator's own reference (spreadsheet row, file number).
    public var externalRef: String?
    public var email: String?
    public var phone: String?

    public init(
        operatorID: OperatorID, firstName: String, lastName: String, gender: Gender? = nil,
        birthDate: LocalDate? = nil, commune: TerritoryID? = nil, externalRef: String? = nil, email: String? = nil, phone: String? = nil
    ) {
        self.email = email
        self.phone = phone
        self.operatorID = operatorID
        self.firstName = firstName
        self.lastName = lastName
        self.gender = gender
        self.birthDate = birthDate
        self.commune = commune
        self.externalRef = externalRef
    }
}

/// A carrier with the names a person reads, as listed.
public struct CarrierListing: Sendable, Hashable {
    public var carrier: Carrier
    public var operatorName: String
    public var externalRef: String?
    public var communeCode: String?
    public var communeName: String?
    public var email: String?
    public var phone: String?
}

extension Transaction {
    /// Registers a carrier; with an `externalRef` already used by the operator, returns `nil`
    /// instead of a duplicate (imports and the demo are idempotent).
    public func addCarrier(_ new: NewCarrier, skippingExisting: Bool = false) async throws -> CarrierID? {
        let firstName = try requireText(new.firstName, field: "first_name")
        let lastName = try requireText(new.lastName, field: "last_name")
        if let birthDate = new.birthDate {
            if let refusal = FieldLimit.refusal(with: birthDate, notAfter: today, field: "birth_date") { throw StoreError.invalid(refusal) }
        }
        if let email = new.email, !isPlausibleEmail(email) {
            throw StoreError.invalid(Refusal(.notAnEmail, field: "email", ["value": email]))
        }
        for (field, value, maximum) in [
            ("first_name", firstName, FieldLimit.personName), ("last_name", lastName, FieldLimit.personName),
            ("ref", new.externalRef ?? "", FieldLimit.reference), ("email", new.email ?? "", FieldLimit.email),
            ("phone", new.phone ?? "", FieldLimit.phone),
        ] {
            if let refusal = FieldLimit.refusal(with: value, maximum: maximum, field: field) { throw StoreError.invalid(refusal) }
        }
        // One statement for both uses: a known reference inserts nothing, then it is either skipped or refused.
        let inserted = try await rows(
            """
            INSERT INTO carrier (operator_id, external_ref, first_name, last_name, gender, birth_date, commune_id, email, phone)
            VALUES (\(new.operatorID.rawValue), \(new.externalRef), \(firstName), \(lastName), \(new.gender?.rawValue),
                    \(new.birthDate?.iso)::date, \(new.commune?.rawValue), \(new.email), \(new.phone))
            ON CONFLICT (operator_id, external_ref) DO NOTHING
            RETURNING id
            """)
        if inserted.isEmpty, !skippingExisting {
            throw StoreError.duplicate(Refusal(.alreadyExists, field: "ref", ["value": new.externalRef ?? ""]))
        }
        let id = try inserted.first.map { CarrierID(try $0.decode(Int64.self)) }
        if let id { try await audit("change", carriers: [id], "carrier added") }
        return id
    }

    /// Carriers visible to the acting staff member, optionally of one operator, by id, most recent first.
    /// Newest first; `before` pages on (keyset pagination).
    public func carriers(
        id: CarrierID? = nil, operatorID: OperatorID? = nil, limit: Int? = nil, before: CarrierID? = nil, name: String? = nil
    ) async throws -> [CarrierListing] {
        // A name searched as people type it: part of the first and last names in either order, or
        // the reference; case, accents, spaces and hyphens aside (« lefevre », « Noémie Lef »).
        let search = name?.trimmed.isEmpty == false ? name?.trimmed : nil
        try requirePersonReader()
        // The read and its audit entry (or receipt) in one statement (people already audited by this transaction left out).
        let detail = id == nil ? "carrier list" : "carrier"
        let listings = try await rows(
            """
            WITH listed AS (
                SELECT c.id, c.operator_id, c.first_name, c.last_name, c.gender, to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date,
                       c.commune_id, c.external_ref, t.code, t.name AS commune_name, o.name AS operator_name, c.email, c.phone
                FROM carrier AS c
                JOIN operator AS o ON o.id = c.operator_id
                LEFT JOIN territory AS t ON t.id = c.commune_id
                WHERE (\(id?.rawValue)::bigint IS NULL OR c.id = \(id?.rawValue))
                  AND (\(operatorID?.rawValue)::bigint IS NULL OR c.operator_id = \(operatorID?.rawValue))
                  AND (\(before?.rawValue)::bigint IS NULL OR c.id < \(before?.rawValue))
                  AND (\(search)::text IS NULL
                       OR strpos(parcours_name_key(c.first_name, c.last_name), parcours_name_key(\(search), '')) > 0
                       OR strpos(parcours_name_key(c.last_name, c.first_name), parcours_name_key(\(search), '')) > 0
                       OR c.external_ref = \(search))
                ORDER BY c.id DESC
                LIMIT \(limit)
            ), audited AS (
                SELECT parcours_audit_read(array_agg(l.id) FILTER (WHERE l.id <> ALL (\(audited.audited("read"))::bigint[])),
                                           \(channel.rawValue), \(detail), \(readsByReceipt)) AS receipt
                FROM listed AS l
            )
            SELECT l.id, l.operator_id, l.first_name, l.last_name, l.gender, l.birth_date,
                   l.commune_id, l.external_ref, l.code, l.commune_name, l.operator_name, l.email, l.phone, audited.receipt
            FROM listed AS l CROSS JOIN audited
            ORDER BY l.id DESC
            """
        ).enumerated().map { index, row in
            let (id, operatorID, firstName, lastName, gender, birthDate, communeID, externalRef, communeCode, communeName, operatorName, email, phone, receipt) =
                try row.decode((Int64, Int64, String, String, String?, String?, Int64?, String?, String?, String?, String, String?, String?, String?).self)
            // Every row carries the statement's one receipt.
            if index == 0 { keep(receipt: receipt) }
            let carrier = Carrier(
                id: CarrierID(id), operatorID: OperatorID(operatorID), firstName: firstName, lastName: lastName,
                gender: gender.flatMap(Gender.init(rawValue:)), birthDate: try LocalDate.decoded(birthDate),
                communeID: communeID.map(TerritoryID.init))
            return CarrierListing(
                carrier: carrier, operatorName: operatorName, externalRef: externalRef, communeCode: communeCode, communeName: communeName,
                email: email, phone: phone)
        }
        audited("read", carriers: listings.map(\.carrier.id))
        return listings
    }

    public func carrier(_ id: CarrierID) async throws -> CarrierListing {
        try requirePersonReader()
        guard let found = try await carriers(id: id).first else { throw StoreError.notFound("carrier", id) }
        return found
    }
}

extension Transaction {
    /// Gives a carrier to a counsellor of its operator (nil: to nobody, so every counsellor of the
    /// operator follows it). Coordinators and the administrator do this.
    public func assignCarrier(_ id: CarrierID, to counsellorEmail: String?) async throws {
        var counsellor: Int64?
        if let counsellorEmail {
            guard let row = try await rows("SELECT id FROM staff WHERE lower(email) = lower(\(counsellorEmail))").first else {
                throw StoreError.notFound(Refusal(.staffNotFound, field: "counsellor", ["email": counsellorEmail]))
            }
            counsellor = try row.decode(Int64.self)
        }
        let updated = try await rows("UPDATE carrier SET counsellor_id = \(counsellor) WHERE id = \(id.rawValue) RETURNING id")
        guard !updated.isEmpty else { throw StoreError.notFound("carrier", id) }
        try await audit("change", carriers: [id], "counsellor assigned")
    }
}
