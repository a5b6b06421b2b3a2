// The JSON contract of the CLI (--json) and of the HTTP API: one rendering per type, stable
// snake_case fields, explicit nulls, ISO dates (README, "JSON contract").

import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore


extension JSONValue {
    public static func of(_ listing: OperatorListing) -> JSONValue {
        .object([
            "id": .id(listing.op.id),
            "name": .string(listing.op.name),
            "territory_ids": .array(listing.op.territoryIDs.map { .id($0) }),
            "territories": .array(listing.territoryNames.map(JSONValue.string)),
            "referral_expiry_days": .int(listing.referralExpiryDays),
        ])
    }

    public static func of(_ territory: Territory, depth: Int) -> JSONValue {
        .object([
            "id": .id(territory.id),
            "code": .string(territory.code),
            "insee_code": territory.inseeCode.map(JSONValue.string) ?? .null,
            "name": .string(territory.name),
            "kind": .string(territory.kind.rawValue),
            "parent_id": .id(territory.parentID),
            "rural": .bool(territory.rural),
            "depth": .int(depth),
        ])
    }

    public static func of(_ listing: StaffListing) -> JSONValue {
        .object([
            "id": .id(listing.staff.id),
            "email": .string(listing.staff.email),
            "name": .string(listing.staff.displayName),
            "operator_id": .id(listing.staff.operatorID),
            "operator": .string(listing.operatorName),
            "role": .string(listing.staff.role.rawValue),
            "active": .bool(listing.active),
        ])
    }

    public static func of(_ programme: Programme) -> JSONValue {
        .object([
            "id": .id(programme.id),
            "operator_id": .id(programme.operatorID),
            "name": .string(programme.name),
            "phases": .array(programme.phases.map { .string($0.rawValue) }),
        ])
    }

    public static func of(_ listing: CohortListing) -> JSONValue {
        .object([
            "id": .id(listing.cohort.id),
            "operator_id": .id(listing.cohort.operatorID),
            "programme_id": .id(listing.cohort.programmeID),
            "programme": .string(listing.programmeName),
            "name": .string(listing.cohort.name),
            "starts_on": .date(listing.cohort.startsOn),
        ])
    }

    public static func of(_ listing: CarrierListing) -> JSONValue {
        let carrier = listing.carrier
        return .object([
            "id": .id(carrier.id),
            "operator_id": .id(carrier.operatorID),
            "operator": .string(listing.operatorName),
            "external_ref": .string(listing.externalRef),
            "first_name": .string(carrier.firstName),
            "last_name": .string(carrier.lastName),
            "gender": .string(carrier.gender?.rawValue),
            "birth_date": .date(carrier.birthDate),
            "commune_id": .id(carrier.communeID),
            "commune_code": .string(listing.communeCode),
            "commune": .string(listing.communeName),
            "email": .string(listing.email),
            "phone": .string(listing.phone),
        ])
    }

    public static func of(_ listing: IntakeListing) -> JSONValue {
        let intake = listing.intake
        return .object([
            "id": .id(intake.id),
            "operator_id": .id(intake.operatorID),
            "operator": .string(intake.operatorName),
            "first_name": .string(intake.firstName),
            "last_name": .string(intake.lastName),
            "email": .string(intake.email),
            "phone": .string(intake.phone),
            "commune_id": .id(intake.communeID),
            "commune": .string(listing.communeName),
            "prescriber": .string(intake.prescriber.rawValue),
            "merged_ids": .array(intake.mergedIDs.map { .id($0) }),
            "contacted_on": .date(intake.contactedOn),
            "info_session_on": .date(intake.infoSessionOn),
            "registered_at": .string(listing.registeredAt.map { ISO8601DateFormatter().string(from: $0) }),
            "diagnostic_on": .date(intake.diagnosticOn),
            "status": .string(intake.status.rawValue),
            "decided_on": .date(intake.decidedOn),
            "decline_reason": .string(intake.declineReason?.rawValue),
            "redirected_to": .string(listing.partnerName),
            "carrier_id": .id(intake.carrierID),
            "journey_id": .id(intake.journeyID),
            "note": .string(intake.note),
        ])
    }

    public static func of(_ listing: JourneyListing) -> JSONValue {
        let journey = listing.journey
        var pausedFrom: String?
        if case .paused(let phase) = journey.state { pausedFrom = phase.rawValue }
        return .object([
            "id": .id(journey.id),
            "carrier_id": .id(journey.carrierID),
            "carrier": .string(listing.carrierName),
            "operator_id": .id(journey.operatorID),
            "operator": .string(listing.operatorName),
            "programme_id": .id(journey.programme.id),
            "programme": .string(journey.programme.name),
            "cohort_id": .id(journey.cohortID),
            "cohort": .string(listing.cohortName),
            "phase": .string(journey.state.name),
            "paused_from": .string(pausedFrom),
            "version": .int(journey.version),
            "opened_on": .date(journey.openedOn),
            "last_change_on": .date(journey.lastChangeOn),
            "closed_on": .date(listing.closedOn),
        ])
    }

    public static func of(_ event: JourneyEvent) -> JSONValue {
        .object([
            "seq": .int(event.seq),
            "kind": .string(event.kind.rawValue),
            "from": .string(event.fromState),
            "to": .string(event.toState),
            "effective_on": .date(event.effectiveOn),
            "recorded_at": .string(event.recordedAt.formatted(.iso8601)),
            "staff": .string(event.staffEmail),
            "reason": .string(event.reason),
        ])
    }
}

extension JourneyState {
    /// "paused (modules)" for people; the JSON keeps `phase` and `paused_from` apart.
    public var display: String {
        if case .paused(let phase) = self { return "paused (\(phase.rawValue))" }
        return name
    }
}

extension JSONValue {
    public static func of(_ scan: AttendanceSheet.Scan) -> JSONValue {
        .object([
            "sha256": .string(scan.sha256), "file_name": .string(scan.fileName), "bytes": .int(Int(scan.bytes)),
            "recorded_by": .string(scan.recordedBy), "recorded_at": .string(scan.recordedAt.formatted(.iso8601)),
        ])
    }

    public static func of(_ session: SessionListing) -> JSONValue {
        .object([
            "id": .int(session.id),
            "programme_id": .id(session.programmeID),
            "programme": .string(session.programmeName),
            "cohort_id": .id(session.cohortID),
            "cohort": .string(session.cohortName),
            "kind": .string(session.kind.rawValue),
            "title": .string(session.title),
            "starts_at": .string(session.startsAt.formatted(.iso8601)),
            "duration_minutes": .int(session.durationMinutes),
            "facilitator": .string(session.facilitator),
            "attendance_recorded": .int(session.recorded),
            "present": .int(session.present),
        ])
    }

    public static func of(_ contract: CapeContract, id: Int64) -> JSONValue {
        .object([
            "id": .int(id),
            "journey_id": .id(contract.journeyID),
            "starts_on": .date(contract.startsOn),
            "ends_on": .date(contract.endsOn),
            "ended_on": .date(contract.endedOn),
            "renewals": .int(contract.renewals),
            "periods": .array(contract.periods.map { .object(["starts_on": .date($0.startsOn), "ends_on": .date($0.endsOn)]) }),
        ])
    }

    public static func of(_ partner: PartnerListing) -> JSONValue {
        .object([
            "id": .int(partner.id),
            "name": .string(partner.name),
            "kind": .string(partner.kind.rawValue),
            "contact": .string(partner.contact),
            "email": .string(partner.email),
            "operator_id": .id(partner.operatorID),
            "territories": .array(partner.territories.map(JSONValue.string)),
        ])
    }

    public static func of(_ referral: ReferralListing) -> JSONValue {
        .object([
            "id": .int(referral.id),
            "operator_id": .id(referral.operatorID),
            "journey_id": .id(referral.journeyID),
            "partner_id": .int(referral.partnerID),
            "partner": .string(referral.partnerName),
            "reason": .string(referral.reason),
            "status": .string(referral.status.rawValue),
            "proposed_on": .date(referral.proposedOn),
            "answered_on": .date(referral.answeredOn),
            "note": .string(referral.note),
            "decline_reason": .string(referral.declineReason?.rawValue),
            "proposed_action": .string(referral.proposedAction?.rawValue),
            "taken_charge_on": .date(referral.takenChargeOn),
            "consent_to_share": .bool(referral.consentToShare),
            "carrier_name": .string(referral.carrierName),
            "carrier_contact": .string(referral.carrierContact),
        ])
    }
}

extension JSONValue {
    public static func of(_ item: WorkItem, _ language: Language) -> JSONValue {
        .object(["kind": .string(item.kind.rawValue), "journey_id": .id(item.journeyID), "due": .date(item.due), "action": .string(item.action(language))])
    }
}

extension JSONValue {
    /// An audit entry: `id, at, staff, channel, action, carrier_id, detail`.
    public static func of(_ entry: AuditEntry) -> JSONValue {
        .object([
            "id": .int(Int(entry.id)), "at": .string(ISO8601DateFormatter().string(from: entry.at)), "staff": .string(entry.staffEmail),
            "channel": .string(entry.channel), "action": .string(entry.action), "carrier_id": .id(entry.carrierID),
            "detail": .string(entry.detail),
        ])
    }

    /// A person due for anonymisation: `carrier_id, operator_id, last_closed_on, kept_until`.
    public static func of(_ item: RetentionItem) -> JSONValue {
        .object([
            "carrier_id": .int(Int(item.carrierID.rawValue)), "operator_id": .int(Int(item.operatorID.rawValue)),
            "last_closed_on": .string(item.lastClosedOn.iso), "kept_until": .string(item.keptUntil.iso),
        ])
    }

    /// The result of a retention run (or of its dry run).
    public static func retention(_ people: [RetentionItem], intakes: [IntakeID], answersDropped: Int, dryRun: Bool) -> JSONValue {
        .object([
            "dry_run": .bool(dryRun), "carriers": .array(people.map(JSONValue.of)), "intakes": .array(intakes.map { .id($0) }),
            "api_answers_dropped": .int(answersDropped),
        ])
    }
}

extension JSONValue {
    public static func of(_ profile: CarrierProfile, recordedOn: LocalDate) -> JSONValue {
        .object([
            "recorded_on": .date(recordedOn),
            "labour_status": .string(profile.labourStatus?.rawValue),
            "education_level": .string(profile.educationLevel?.rawValue),
            "consent_on": .date(profile.consentOn),
            "disability": profile.disability.map(JSONValue.bool) ?? .null,
            "third_country_national": profile.thirdCountryNational.map(JSONValue.bool) ?? .null,
            "foreign_background": profile.foreignBackground.map(JSONValue.bool) ?? .null,
            "homeless": profile.homeless.map(JSONValue.bool) ?? .null,
        ])
    }

    public static func of(_ entry: TimelineEntry) -> JSONValue {
        .object([
            "date": .date(entry.date), "kind": .string(entry.kind.rawValue), "subject": .string(entry.subject),
            "detail": .string(entry.detail), "note": .string(entry.note), "staff": .string(entry.staffEmail),
        ])
    }

    /// A refusal as the API says it (RFC 9457 members besides type, title, status and instance).
    public static func of(_ refusal: Refusal, _ language: Language) -> JSONValue {
        .object([
            "code": .string(refusal.code.apiCode),
            "field": .string(refusal.field),
            "fields": .array(refusal.fields.map(JSONValue.string)),
            "values": .object(refusal.values.mapValues(JSONValue.string)),
            "detail": .string(refusal.detail(language)),
            "problems": .array(refusal.problems.map { problem in
                .object([
                    "line": problem.line.map { .int($0) } ?? .null, "code": .string(problem.refusal.code.apiCode),
                    "field": .string(problem.refusal.field), "values": .object(problem.refusal.values.mapValues(JSONValue.string)),
                    "detail": .string(problem.refusal.detail(language)),
                ])
            }),
        ])
    }
}

extension WorkItem {
    /// What to do, in `language`.
    public func action(_ language: Language) -> String {
        Messages.text("worklist.\(kind.rawValue)", language, values)
    }
}

extension JSONValue {
    public static func of(_ line: AttendanceLine) -> JSONValue {
        .object([
            "carrier_id": .id(line.carrierID), "carrier": .string(line.carrierName), "journey_id": .id(line.journeyID),
            "status": .string(line.status.rawValue), "minutes": .int(line.minutes),
        ])
    }
}

extension JSONValue {
    /// A page of a list: the items and the cursor of the next page (null on the last).
    public static func page(_ items: [JSONValue], next: String?) -> JSONValue {
        .object(["items": .array(items), "next_cursor": .string(next)])
    }

    /// The worklist's soonest items, and how many there are in all.
    public static func worklist(_ items: [JSONValue], total: Int) -> JSONValue {
        .object(["items": .array(items), "next_cursor": .string(nil), "total": .int(total)])
    }
}

extension JSONValue {
    public static func of(_ funder: Funder) -> JSONValue {
        .object(["id": .id(funder.id), "name": .string(funder.name), "kind": .string(funder.kind.rawValue)])
    }

    public static func of(_ funding: Funding) -> JSONValue {
        .object([
            "id": .id(funding.id), "operator_id": .id(funding.operatorID), "funder": .string(funding.funderName),
            "code": .string(funding.code), "title": .string(funding.title), "from": .date(funding.startsOn),
            "to": .date(funding.endsOn), "budget": funding.budget.map(JSONValue.double) ?? .null,
            "share_percent": funding.sharePercent.map(JSONValue.double) ?? .null,
            "names_required": .bool(funding.namesRequired),
            "programmes": .array(funding.programmes.map(JSONValue.string)), "cohorts": .array(funding.cohorts.map(JSONValue.string)),
            "territories": .array(funding.territories.map(JSONValue.string)),
        ])
    }
}
