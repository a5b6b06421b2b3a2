import ParcoursCore
import PostgresNIO

/// A first contact as recorded at the intake desk.
public struct NewIntake: Sendable, Hashable {
    public var operatorID: OperatorID
    public var firstName: String
    public var lastName: String?
    public var email: String?
    public var phone: String?
    public var commune: TerritoryID?
    public var prescriber: Prescriber
    public var contactedOn: LocalDate
    public var infoSessionOn: LocalDate?
    public var diagnosticOn: LocalDate?
    public var note: String?

    public init(
        operatorID: OperatorID, firstName: String, lastName: String?, email: String?, phone: String?, commune: TerritoryID?,
        prescriber: Prescriber, contactedOn: LocalDate, infoSessionOn: LocalDate?, diagnosticOn: LocalDate?, note: String?
    ) {
        self.operatorID = operatorID
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.commune = commune
        self.prescriber = prescriber
        self.contactedOn = contactedOn
        self.infoSessionOn = infoSessionOn
        self.diagnosticOn = diagnosticOn
        self.note = note
    }
}

/// A correction of a first contact still pending: only the fields given change.
public struct IntakeCorrection: Sendable, Hashable {
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var phone: String?
    public var commune: TerritoryID?
    public var prescriber: Prescriber?
    public var contactedOn: LocalDate?
    public var infoSessionOn: LocalDate?
    public var diagnosticOn: LocalDate?
    public var note: String?

    public init(
        firstName: String? = nil, lastName: String? = nil, email: String? = nil, phone: String? = nil, commune: TerritoryID? = nil,
        prescriber: Prescriber? = nil, contactedOn: LocalDate? = nil, infoSessionOn: LocalDate? = nil, diagnosticOn: LocalDate? = nil,
        note: String? = nil
    ) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.commune = commune
        self.prescriber = prescriber
        self.contactedOn = contactedOn
        self.infoSessionOn = infoSessionOn
        self.diagnosticOn = diagnosticOn
        self.note = note
    }

    public var isEmpty: Bool { self == IntakeCorrection() }
}

/// Who a new first contact probably is already: another first contact of the operator, or one of
/// its carriers, with the name it holds (a match by phone or e-mail may be someone else's).
public enum KnownContact: Sendable, Hashable {
    case intake(IntakeID, contactedOn: LocalDate, name: String)
    case carrier(CarrierID, name: String)
}

extension Transaction {
    /// The person `new` probably is already, at the same operator: a first contact with the same
    /// name (first and last, folded), e-mail or phone number — the latest — else a carrier with
    /// the same name, e-mail or phone number. Erased records match nothing.
    public func knownContact(of new: NewIntake, excluding: IntakeID? = nil) async throws -> KnownContact? {
        let found = try await rows(
            """
            SELECT kind, id, to_char(contacted_on, 'YYYY-MM-DD'), name
            FROM parcours_known_contact(\(new.operatorID.rawValue)::bigint, \(new.firstName), \(new.lastName), \(new.email), \(new.phone),
                                        \(excluding?.rawValue)::bigint)
            """
        ).map { try $0.decode((String, Int64, String?, String).self) }
        guard let first = found.first else { return nil }
        if first.0 == "intake", let day = first.2 { return .intake(IntakeID(first.1), contactedOn: try LocalDate.decoded(day), name: first.3) }
        return .carrier(CarrierID(first.1), name: first.3)
    }

    /// Corrects a first contact still pending (a decided one is final: a new contact is a new intake).
    public func updateIntake(_ id: IntakeID, _ correction: IntakeCorrection) async throws {
        try requireWriter()
        guard !correction.isEmpty else {
            throw StoreError.invalid(Refusal(.nothingGiven, fields: [
                "first_name", "last_name", "email", "phone", "commune", "prescriber", "on", "info_session", "diagnostic", "note",
            ]))
        }
        let intake = try await self.intake(id)
        guard intake.status == .pending else {
            throw StoreError.refused(Refusal(.intakeDecided, ["intake": id.description, "status": intake.status.rawValue]))
        }
        if let email = correction.email, !isPlausibleEmail(email) { throw StoreError.invalid(Refusal(.notAnEmail, field: "email", ["value": email])) }
        let contactedOn = correction.contactedOn ?? intake.contactedOn
        try checkIntakeDates(
            contactedOn: contactedOn, [(correction.contactedOn, "on"), (correction.infoSessionOn ?? intake.infoSessionOn, "info_session"),
                                       (correction.diagnosticOn ?? intake.diagnosticOn, "diagnostic")])
        try await query(
            """
            UPDATE intake
            SET first_name = coalesce(\(correction.firstName), first_name), last_name = coalesce(\(correction.lastName), last_name),
                email = coalesce(\(correction.email), email), phone = coalesce(\(correction.phone), phone),
                commune_id = coalesce(\(correction.commune?.rawValue), commune_id), prescriber = coalesce(\(correction.prescriber?.rawValue), prescriber),
                contacted_on = coalesce(\(correction.contactedOn?.iso)::date, contacted_on),
                info_session_on = coalesce(\(correction.infoSessionOn?.iso)::date, info_session_on),
                diagnostic_on = coalesce(\(correction.diagnosticOn?.iso)::date, diagnostic_on), note = coalesce(\(correction.note), note)
            WHERE id = \(id.rawValue)
            """)
    }

    /// A first contact's dates: none in the future, none before the contact itself.
    private func checkIntakeDates(contactedOn: LocalDate, _ dates: [(LocalDate?, String)]) throws {
        for case let (date?, field) in dates {
            if date > today { throw StoreError.invalid(Refusal(.dateInFuture, field: field, ["date": date.iso, "today": today.iso])) }
            if date < contactedOn {
                throw StoreError.invalid(Refusal(.intakeDateBeforeContact, field: field, ["date": date.iso, "contact": contactedOn.iso]))
            }
        }
    }

    /// Makes the same person's two first contacts one (`parcours_merge_intakes`): coordinators and the administrator.
    public func mergeIntakes(keep: IntakeID, duplicate: IntakeID) async throws {
        try requireDataManager()
        try await query("SELECT parcours_merge_intakes(\(keep.rawValue), \(duplicate.rawValue))")
    }

    /// Right to erasure for a first contact (`parcours_erase_intake`): coordinators and the administrator.
    public func eraseIntake(_ id: IntakeID) async throws {
        try requireDataManager()
        try await query("SELECT parcours_erase_intake(\(id.rawValue))")
    }

    public func addIntake(_ new: NewIntake) async throws -> IntakeID {
        try requireWriter()
        let firstName = try requireText(new.firstName, field: "first_name")
        try checkIntakeDates(
            contactedOn: new.contactedOn, [(new.contactedOn, "on"), (new.infoSessionOn, "info_session"), (new.diagnosticOn, "diagnostic")])
        let id = try await rows(
            """
            INSERT INTO intake (operator_id, first_name, last_name, email, phone, commune_id, prescriber, contacted_on,
                                info_session_on, diagnostic_on, note, staff_id)
            VALUES (\(new.operatorID.rawValue), \(firstName), \(new.lastName), \(new.email), \(new.phone), \(new.commune?.rawValue),
                    \(new.prescriber.rawValue), \(new.contactedOn.iso)::date, \(new.infoSessionOn?.iso)::date, \(new.diagnosticOn?.iso)::date,
                    \(new.note), \(acting.id.rawValue))
            RETURNING id
            """
        ).first!.decode(Int64.self)
        return IntakeID(id)
    }

    public func intake(_ id: IntakeID) async throws -> Intake {
        guard let found = try await intakes(id: id).first else { throw StoreError.notFound("intake", id) }
        return found
    }

    /// The intakes the acting staff member may read, newest contact first; `status` filters.
    public func intakes(id: IntakeID? = nil, operatorID: OperatorID? = nil, status: Intake.Status? = nil, limit: Int = 500) async throws -> [Intake] {
        // First contacts are people: a funder's staff are refused, as over HTTP, not shown an empty list.
        try requirePersonReader()
        return try await rows(
            """
            SELECT i.id, i.operator_id, o.name, i.first_name, i.last_name, i.email, i.phone, i.commune_id, i.prescriber,
                   to_char(i.contacted_on, 'YYYY-MM-DD'), to_char(i.info_session_on, 'YYYY-MM-DD'), to_char(i.diagnostic_on, 'YYYY-MM-DD'),
                   i.status, to_char(i.decided_on, 'YYYY-MM-DD'), i.decline_reason, i.redirected_to, i.carrier_id, i.journey_id, i.note,
                   i.merged_ids
            FROM intake AS i JOIN operator AS o ON o.id = i.operator_id
            WHERE (\(id?.rawValue)::bigint IS NULL OR i.id = \(id?.rawValue))
              AND (\(operatorID?.rawValue)::bigint IS NULL OR i.operator_id = \(operatorID?.rawValue))
              AND (\(status?.rawValue)::text IS NULL OR i.status = \(status?.rawValue))
            ORDER BY i.contacted_on DESC, i.id DESC
            LIMIT \(limit)
            """
        ).map { row in
            let r = try row.decode((Int64, Int64, String, String, String?, String?, String?, Int64?, String,
                                    String, String?, String?, String, String?, String?, Int64?, Int64?, Int64?, String?).self)
            var intake = Intake(
                id: IntakeID(r.0), operatorID: OperatorID(r.1), operatorName: r.2, firstName: r.3, lastName: r.4, email: r.5, phone: r.6,
                communeID: r.7.map(TerritoryID.init), prescriber: Prescriber(rawValue: r.8) ?? .other, contactedOn: try LocalDate.decoded(r.9),
                infoSessionOn: try r.10.map(LocalDate.decoded), diagnosticOn: try r.11.map(LocalDate.decoded),
                status: Intake.Status(rawValue: r.12) ?? .pending, decidedOn: try r.13.map(LocalDate.decoded),
                declineReason: r.14.flatMap(DeclineReason.init(rawValue:)), redirectedTo: r.15,
                carrierID: r.16.map(CarrierID.init), journeyID: r.17.map(JourneyID.init), note: r.18)
            intake.mergedIDs = try row.makeRandomAccess()[19].decode([Int64].self).map(IntakeID.init)
            return intake
        }
    }

    /// Admits a first contact: the carrier given (the same person, already known) or a new one
    /// made from the intake, then a journey in `programme` opened `on`; the carrier keeps the
    /// prescriber, the intake its dates and the journey it led to.
    public func admitIntake(
        _ id: IntakeID, programme: Programme, cohort: CohortID?, carrier existing: CarrierID?, on date: LocalDate, allowDuplicate: Bool
    ) async throws -> (intake: Intake, journey: Journey) {
        let intake = try await pendingIntake(id, on: date)
        let carrierID: CarrierID
        if let existing {
            let carrier = try await self.carrier(existing).carrier
            guard carrier.operatorID == intake.operatorID else {
                throw StoreError.invalid(Refusal(.intakeOtherOperator, field: "carrier_id", ["carrier": existing.description]))
            }
            carrierID = existing
        } else {
            guard let lastName = intake.lastName else { throw StoreError.invalid(Refusal(.intakeNeedsLastName, field: "carrier_id")) }
            let new = NewCarrier(
                operatorID: intake.operatorID, firstName: intake.firstName, lastName: lastName, commune: intake.communeID,
                email: intake.email, phone: intake.phone)
            if !allowDuplicate, let known = try await probableDuplicates(of: new).first {
                throw StoreError.duplicate(Refusal(.intakeKnownPerson, field: "carrier_id", ["carrier": known.description]))
            }
            guard let created = try await addCarrier(new) else { throw StoreError.unexpected("carrier not created") }
            carrierID = created
        }
        try await query("UPDATE carrier SET prescriber = \(intake.prescriber.rawValue) WHERE id = \(carrierID.rawValue) AND prescriber IS NULL")
        let journey = try await openJourney(carrier: carrierID, programme: programme, cohort: cohort, on: date, reason: nil)
        try await query(
            """
            UPDATE intake SET status = 'admitted', decided_on = \(date.iso)::date, carrier_id = \(carrierID.rawValue),
                              journey_id = \(journey.id.rawValue)
            WHERE id = \(id.rawValue)
            """)
        return (try await self.intake(id), journey)
    }

    /// Records that a first contact was not admitted, why, and to whom it was redirected.
    public func declineIntake(
        _ id: IntakeID, reason: DeclineReason, redirectedTo partner: PartnerListing?, note: String?, on date: LocalDate
    ) async throws -> Intake {
        _ = try await pendingIntake(id, on: date)
        if partner != nil, reason != .redirected {
            throw StoreError.invalid(Refusal(.intakePartnerOnlyRedirected, field: "to_partner"))
        }
        try await query(
            """
            UPDATE intake SET status = 'declined', decided_on = \(date.iso)::date, decline_reason = \(reason.rawValue),
                              redirected_to = \(partner?.id), note = coalesce(\(note), note)
            WHERE id = \(id.rawValue)
            """)
        return try await intake(id)
    }

    /// The intake, still waiting for a decision that `date` may record.
    private func pendingIntake(_ id: IntakeID, on date: LocalDate) async throws -> Intake {
        try requireWriter()
        let intake = try await self.intake(id)
        guard intake.status == .pending else {
            throw StoreError.refused(Refusal(.intakeDecided, ["intake": id.description, "status": intake.status.rawValue]))
        }
        if date > today { throw StoreError.invalid(Refusal(.dateInFuture, field: "on", ["date": date.iso, "today": today.iso])) }
        if date < intake.contactedOn {
            throw StoreError.invalid(Refusal(.intakeDateBeforeContact, field: "on", ["date": date.iso, "contact": intake.contactedOn.iso]))
        }
        return intake
    }
}
