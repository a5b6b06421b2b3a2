import ParcoursCore
import PostgresNIO

public struct PartnerListing: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var kind: PartnerKind
    public var contact: String?
    /// Where its referrals' links are e-mailed (issue 28), when the directory has it.
    public var email: String?
    /// The operator behind the partner, when it is on Parcours.
    public var operatorID: OperatorID?
    public var territories: [String]
}

public struct ReferralListing: Sendable, Hashable {
    public var id: Int64
    public var operatorID: OperatorID
    /// Nil when the reader is the receiving partner: the journey is not theirs to see.
    public var journeyID: JourneyID?
    public var partnerID: Int64
    public var partnerName: String
    public var reason: String
    public var status: ReferralStatus
    public var proposedOn: LocalDate
    public var answeredOn: LocalDate?
    public var note: String?
    /// A refusal's reason and what the partner proposes instead (since sql/0037; nil before).
    public var declineReason: ReferralDeclineReason?
    public var proposedAction: ReferralProposedAction?
    /// The day the partner took the person in charge (`completed`).
    public var takenChargeOn: LocalDate?
    public var consentToShare: Bool
    /// The minimum that crosses to the partner: name and contact.
    public var carrierName: String
    public var carrierContact: String?
}

extension Transaction {
    // MARK: Partners

    public func addPartner(
        name: String, kind: PartnerKind, contact: String?, email: String? = nil, operatorID: OperatorID?, territories: [TerritoryID]
    ) async throws -> Int64 {
        let name = try requireText(name, field: "name")
        let id = try await rows(
            """
            INSERT INTO partner (name, kind, contact, email, operator_id)
            VALUES (\(name), \(kind.rawValue), \(contact), \(email), \(operatorID?.rawValue))
            RETURNING id
            """
        ).first!.decode(Int64.self)
        try await query(
            """
            INSERT INTO partner_territory (partner_id, territory_id)
            SELECT \(id), t FROM unnest(\(territories.map(\.rawValue))::bigint[]) AS t ON CONFLICT DO NOTHING
            """)
        return id
    }

    /// By name; `page` continues after a (name, id) position (keyset pagination).
    public func partners(id: Int64? = nil, kind: PartnerKind? = nil, page: Page<String>? = nil) async throws -> [PartnerListing] {
        try await rows(
            """
            SELECT p.id, p.name, p.kind, p.contact, p.email, p.operator_id,
                   coalesce(array_agg(t.name ORDER BY t.name) FILTER (WHERE t.id IS NOT NULL), '{}')
            FROM partner AS p
            LEFT JOIN partner_territory AS pt ON pt.partner_id = p.id
            LEFT JOIN territory AS t ON t.id = pt.territory_id
            WHERE (\(id)::bigint IS NULL OR p.id = \(id)) AND (\(kind?.rawValue)::text IS NULL OR p.kind = \(kind?.rawValue))
              AND (\(page?.after?.id)::bigint IS NULL OR (p.name, p.id) > (\(page?.after?.key)::text, \(page?.after?.id)::bigint))
            GROUP BY p.id
            ORDER BY p.name, p.id
            LIMIT \(page?.limit)
            """
        ).map { row in
            let (id, name, kind, contact, email, operatorID, territories) = try row.decode((Int64, String, String, String?, String?, Int64?, [String]).self)
            return PartnerListing(
                id: id, name: name, kind: PartnerKind(rawValue: kind) ?? .support, contact: contact, email: email,
                operatorID: operatorID.map(OperatorID.init), territories: territories)
        }
    }

    /// A partner by id or exact name.
    public func resolvePartner(_ reference: String) async throws -> PartnerListing {
        let id = Int64(reference)
        let found = try await rows(
            "SELECT id FROM partner WHERE id = \(id) OR (\(id)::bigint IS NULL AND name = \(reference))"
        ).map { try $0.decode(Int64.self) }
        guard let first = found.first, let partner = try await partners(id: first).first else {
            throw StoreError.notFound(Refusal(.unknownName, field: "partner", ["record": "partner", "value": reference]))
        }
        return partner
    }

    // MARK: Referrals

    /// Orients a journey's carrier to a partner. Only the carrier's name and contact travel with
    /// the referral; their file is shared only with `consentToShare`.
    public func addReferral(
        journey id: JourneyID, partner: PartnerListing, reason: String, consentToShare: Bool, on date: LocalDate?
    ) async throws -> Int64 {
        let reason = try requireText(reason, field: "reason")
        let journey = try await self.journey(id)
        guard !journey.journey.state.isTerminal else {
            throw StoreError.refused(Refusal(.journeyNotRunning, ["journey": id.description]))
        }
        let proposedOn = date ?? today
        if let refusal = FieldLimit.refusal(with: proposedOn, notAfter: today, field: "on") { throw StoreError.invalid(refusal) }
        return try await rows(
            """
            INSERT INTO referral (operator_id, journey_id, partner_id, reason, proposed_on, consent_to_share,
                                  carrier_first_name, carrier_last_name, carrier_email, carrier_phone, staff_id)
            SELECT j.operator_id, j.id, \(partner.id), \(reason), \(proposedOn.iso)::date, \(consentToShare),
                   c.first_name, c.last_name, c.email, c.phone, 0
            FROM journey AS j JOIN carrier AS c ON c.id = j.carrier_id
            WHERE j.id = \(id.rawValue)
            RETURNING id
            """
        ).first!.decode(Int64.self)
    }

    /// Records the partner's answer (or the referring counsellor's update), in the allowed order: a
    /// refusal with its reason (and what the partner proposes instead), a take-charge with its day.
    public func updateReferral(
        _ id: Int64, status: ReferralStatus, note: String?, on date: LocalDate?,
        declineReason: ReferralDeclineReason? = nil, proposedAction: ReferralProposedAction? = nil
    ) async throws -> ReferralListing {
        try requireWriter()
        guard let current = try await referrals(id: id).first else { throw StoreError.notFound("referral", id) }
        guard current.status.mayBecome(status) else {
            throw StoreError.refused(Refusal(.referralTransition, field: "status", ["referral": "\(id)", "from": current.status.rawValue, "to": status.rawValue]))
        }
        if status == .declined, declineReason == nil { throw StoreError.invalid(Refusal(.declineReasonNeeded, field: "decline_reason")) }
        if status != .declined, declineReason != nil || proposedAction != nil {
            throw StoreError.invalid(Refusal(.declineDetailsWithoutDecline, field: declineReason != nil ? "decline_reason" : "proposed_action"))
        }
        let answeredOn = date ?? today
        guard answeredOn >= current.proposedOn, answeredOn <= today else {
            throw StoreError.invalid(Refusal(.dateOutsideWindow, field: "on", ["from": current.proposedOn.iso, "to": today.iso]))
        }
        try await updateOne(
            """
            UPDATE referral SET status = \(status.rawValue), answered_on = coalesce(answered_on, \(answeredOn.iso)::date),
                                note = coalesce(\(note), note), decline_reason = \(declineReason?.rawValue),
                                proposed_action = \(status == .declined ? (proposedAction ?? ReferralProposedAction.none).rawValue : nil),
                                taken_charge_on = \(status == .completed ? answeredOn.iso : nil)::date
            WHERE id = \(id)
            RETURNING id
            """, notFound: .notFound("referral", id))
        return try await referrals(id: id).first!
    }

    /// Referrals the acting staff member sees: their operator's, and those addressed to it.
    /// In order of proposal; `page` continues after a (date, id) position (keyset pagination).
    public func referrals(
        id: Int64? = nil, journey: JourneyID? = nil, status: ReferralStatus? = nil, page: Page<String>? = nil
    ) async throws -> [ReferralListing] {
        try requirePersonReader()
        return try await rows(
            """
            SELECT r.id, r.operator_id, j.id, r.partner_id, p.name, r.reason, r.status,
                   to_char(r.proposed_on, 'YYYY-MM-DD'), to_char(r.answered_on, 'YYYY-MM-DD'), r.note, r.consent_to_share,
                   r.carrier_name, r.carrier_contact, r.decline_reason, r.proposed_action, to_char(r.taken_charge_on, 'YYYY-MM-DD')
            FROM referral AS r
            JOIN partner AS p ON p.id = r.partner_id
            LEFT JOIN journey AS j ON j.id = r.journey_id
            WHERE (\(id)::bigint IS NULL OR r.id = \(id))
              AND (\(journey?.rawValue)::bigint IS NULL OR r.journey_id = \(journey?.rawValue))
              AND (\(status?.rawValue)::text IS NULL OR r.status = \(status?.rawValue))
              AND (\(page?.after?.id)::bigint IS NULL OR (r.proposed_on, r.id) > (\(page?.after?.key)::date, \(page?.after?.id)::bigint))
            ORDER BY r.proposed_on, r.id
            LIMIT \(page?.limit)
            """
        ).map { row in
            let cells = row.makeRandomAccess()
            let (id, operatorID, journeyID, partnerID, partnerName, reason, status) = (
                try cells[0].decode(Int64.self), try cells[1].decode(Int64.self), try cells[2].decode(Int64?.self), try cells[3].decode(Int64.self),
                try cells[4].decode(String.self), try cells[5].decode(String.self), try cells[6].decode(String.self))
            return ReferralListing(
                id: id, operatorID: OperatorID(operatorID), journeyID: journeyID.map(JourneyID.init), partnerID: partnerID,
                partnerName: partnerName, reason: reason, status: ReferralStatus(rawValue: status) ?? .proposed,
                proposedOn: try LocalDate.decoded(try cells[7].decode(String.self)), answeredOn: try LocalDate.decoded(try cells[8].decode(String?.self)),
                note: try cells[9].decode(String?.self),
                declineReason: try cells[13].decode(String?.self).flatMap(ReferralDeclineReason.init(rawValue:)),
                proposedAction: try cells[14].decode(String?.self).flatMap(ReferralProposedAction.init(rawValue:)),
                takenChargeOn: try LocalDate.decoded(try cells[15].decode(String?.self)),
                consentToShare: try cells[10].decode(Bool.self), carrierName: try cells[11].decode(String.self),
                carrierContact: try cells[12].decode(String?.self))
        }
    }

    /// The operator behind a partner takes an accepted referral on: it registers the carrier (their
    /// file if they consented to share it, else only name and contact) and opens its own journey.
    public func takeReferral(_ id: Int64, programme: Programme, cohort: CohortID?, on date: LocalDate?) async throws -> Journey {
        guard let operatorID = acting.operatorID, programme.operatorID == operatorID else {
            throw StoreError.invalid(Refusal(.referralIntoOwnProgramme, field: "programme"))
        }
        let (first, last, gender, birthDate, commune, email, phone) = try await rows(
            """
            SELECT first_name, last_name, gender, to_char(birth_date, 'YYYY-MM-DD'), commune_id, email, phone
            FROM parcours_referred_carrier(\(id))
            """
        ).first!.decode((String, String, String?, String?, Int64?, String?, String?).self)
        let new = NewCarrier(
            operatorID: operatorID, firstName: first, lastName: last, gender: gender.flatMap(Gender.init(rawValue:)),
            birthDate: try LocalDate.decoded(birthDate), commune: commune.map(TerritoryID.init), externalRef: "referral-\(id)",
            email: email, phone: phone)
        guard let carrier = try await addCarrier(new, skippingExisting: true) else {
            throw StoreError.refused(Refusal(.referralAlreadyTakenOn, ["referral": "\(id)"]))
        }
        return try await openJourney(carrier: carrier, programme: programme, cohort: cohort, on: date, reason: "referral \(id)")
    }

    // MARK: Activity and follow-ups

    /// Exits a journey with outcome `activity-created`, recording the activity first (the guard needs it).
    public func exitWithActivity(
        journey id: JourneyID, legalForm: LegalForm, createdOn: LocalDate, jobsFTE: Double, name: String?,
        on date: LocalDate?, reason: String?, expectedVersion: Int?
    ) async throws -> Journey {
        if let refusal = FieldLimit.refusal(with: createdOn, notAfter: today, field: "activity_date") { throw StoreError.invalid(refusal) }
        guard jobsFTE >= 0, jobsFTE < 10_000 else { throw StoreError.invalid(Refusal(.outOfRange, field: "jobs", ["value": "\(jobsFTE)", "minimum": "0", "maximum": "10000"])) }
        try await query(
            """
            INSERT INTO activity (journey_id, operator_id, legal_form, created_on, jobs_fte, name)
            SELECT id, operator_id, \(legalForm.rawValue), \(createdOn.iso)::date, \(jobsFTE)::numeric, \(name)
            FROM journey WHERE id = \(id.rawValue)
            ON CONFLICT (journey_id, operator_id) DO UPDATE
                SET legal_form = excluded.legal_form, created_on = excluded.created_on, jobs_fte = excluded.jobs_fte, name = excluded.name
            """)
        return try await change(journey: id, .exit(.activityCreated), on: date, reason: reason, expectedVersion: expectedVersion)
    }

    /// Records the carrier's situation `afterMonths` after the journey's exit (0: the situation at exit).
    public func recordFollowUp(
        journey id: JourneyID, afterMonths: Int, situation: FollowUpSituation, qualificationGained: Bool? = nil, on date: LocalDate?,
        note: String?
    ) async throws {
        let listing = try await journey(id)
        guard let closedOn = listing.closedOn else {
            throw StoreError.refused(Refusal(.journeyNotExited, ["journey": id.description]))
        }
        guard (0...60).contains(afterMonths) else { throw StoreError.invalid(Refusal(.outOfRange, field: "after_months", ["value": "\(afterMonths)", "minimum": "0", "maximum": "60"])) }
        let recordedOn = date ?? today
        guard recordedOn >= closedOn, recordedOn <= today else {
            throw StoreError.invalid(Refusal(.dateOutsideWindow, field: "on", ["from": closedOn.iso, "to": today.iso]))
        }
        try await query(
            """
            INSERT INTO follow_up (operator_id, journey_id, after_months, situation, qualification_gained, recorded_on, note, staff_id)
            VALUES (\(listing.journey.operatorID.rawValue), \(id.rawValue), \(afterMonths), \(situation.rawValue), \(qualificationGained),
                    \(recordedOn.iso)::date, \(note), 0)
            ON CONFLICT (journey_id, after_months, operator_id) DO UPDATE
                SET situation = excluded.situation, qualification_gained = excluded.qualification_gained,
                    recorded_on = excluded.recorded_on, note = excluded.note
            """)
    }
}
