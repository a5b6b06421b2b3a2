import Foundation
import ParcoursCore
import PostgresNIO

/// Journeys per operator and state, as the demo prints them.
public struct NetworkSummary: Sendable, Hashable {
    public var carriers: Int
    /// operator name → state name → journeys.
    public var journeys: [String: [String: Int]]
}

extension Store {
    /// Creates the demo network of `Demo` idempotently: what exists (by name, code, e-mail or
    /// carrier reference) is kept, the rest is added. Every journey change goes through the
    /// same rules as the CLI's, acting as the operator's coordinator.
    /// `progress` is told each step (the operator being loaded), for a terminal to show.
    public func loadDemo(progress: @Sendable (_ step: Int, _ of: Int, _ operatorName: String) -> Void = { _, _, _ in }) async throws -> NetworkSummary {
        try await transaction(as: .administrator) { tx in
            _ = try await tx.importTerritories(Demo.territories)
            for zoning in Demo.zoning {
                let rows = zoning.codes.enumerated().map { ZoningRow(line: $0.offset + 2, code: $0.element, name: nil, communeCode: nil) }
                _ = try await tx.importZoning(rows, kind: zoning.kind, from: zoning.from, to: zoning.to, source: "démo")
            }
            let neighbourhoods = Demo.priorityNeighbourhoods.enumerated().map {
                ZoningRow(line: $0.offset + 2, code: $0.element.code, name: $0.element.name, communeCode: $0.element.commune)
            }
            _ = try await tx.importZoning(neighbourhoods, kind: .qpv, from: LocalDate(year: 2024, month: 1, day: 1)!, to: nil, source: "démo")
            for seed in Demo.operators { try await tx.ensureDemoOperator(seed) }
            for partner in Demo.partners {
                try await tx.query(
                    """
                    INSERT INTO partner (name, kind, operator_id, email)
                    SELECT \(partner.name), \(partner.kind.rawValue), (SELECT id FROM operator WHERE name = \(partner.operatorName)), \(partner.email)
                    ON CONFLICT (name) DO NOTHING
                    """)
                try await tx.query(
                    """
                    INSERT INTO partner_territory (partner_id, territory_id)
                    SELECT p.id, t.id FROM partner AS p, territory AS t WHERE p.name = \(partner.name) AND t.code = ANY(\(partner.territories))
                    ON CONFLICT DO NOTHING
                    """)
            }
            try await tx.query(
                """
                INSERT INTO staff (email, display_name, role) VALUES (\(Demo.networkStaff.email), \(Demo.networkStaff.name), 'network')
                ON CONFLICT ((lower(email))) DO NOTHING
                """)
        }
        for (index, seed) in Demo.operators.enumerated() {
            progress(index + 1, Demo.operators.count, seed.name)
            try await transaction(as: .staff(email: seed.coordinator.email)) { tx in
                try await tx.loadDemoCarriers(of: seed, index: index)
            }
        }
        try await transaction(as: .administrator) { tx in
            for seed in Demo.fundings { try await tx.ensureDemoFunding(seed) }
        }
        return try await transaction(as: .administrator) { try await $0.networkSummary() }
    }
}

extension Transaction {
    func ensureDemoFunding(_ seed: Demo.FundingSeed) async throws {
        guard try await rows("SELECT FROM funding WHERE code = \(seed.code)").isEmpty else { return }
        let funder = try await rows("SELECT id FROM funder WHERE name = \(seed.funder)").first?.decode(Int64.self)
        let funderID: FunderID
        if let funder { funderID = FunderID(funder) } else { funderID = try await addFunder(name: seed.funder, kind: seed.funderKind).id }
        let operatorID = try await resolveOperator(seed.operatorName)
        var programmes: [ProgrammeID] = []
        for name in seed.programmes { programmes.append(try await resolveProgramme(name, operatorID: operatorID).id) }
        var territories: [TerritoryID] = []
        for code in seed.territories { territories.append(try await resolveTerritory(code)) }
        _ = try await addFunding(
            FundingDraft(
                operatorID: operatorID, funderID: funderID, code: seed.code, title: seed.title,
                startsOn: LocalDate(year: today.year - seed.yearsBack, month: 1, day: 1)!,
                endsOn: LocalDate(year: today.year, month: 12, day: 31)!, budget: seed.budget, sharePercent: seed.sharePercent,
                programmes: programmes, territories: territories))
    }

    func ensureDemoOperator(_ seed: Demo.OperatorSeed) async throws {
        let id = try await rows(
            """
            WITH inserted AS (
                INSERT INTO operator (name) VALUES (\(seed.name)) ON CONFLICT (name) DO NOTHING RETURNING id
            )
            SELECT id FROM inserted UNION ALL SELECT id FROM operator WHERE name = \(seed.name)
            """
        ).first!.decode(Int64.self)
        try await query(
            """
            INSERT INTO operator_territory (operator_id, territory_id)
            SELECT \(id), id FROM territory WHERE code = ANY(\(seed.territories))
            ON CONFLICT DO NOTHING
            """)
        for (person, role) in [(seed.coordinator, "coordinator"), (seed.counsellor, "counsellor")] {
            try await query(
                """
                INSERT INTO staff (email, display_name, role, operator_id) VALUES (\(person.email), \(person.name), \(role), \(id))
                ON CONFLICT ((lower(email))) DO NOTHING
                """)
        }
        try await query(
            """
            INSERT INTO programme (operator_id, name, phases) VALUES (\(id), \(seed.programme), \(seed.phases.map(\.rawValue))::text[])
            ON CONFLICT (operator_id, name) DO NOTHING
            """)
        for cohort in seed.cohorts {
            try await query(
                """
                INSERT INTO cohort (operator_id, programme_id, name, starts_on)
                SELECT \(id), p.id, \(cohort.name), \(today.adding(days: -cohort.daysAgo).iso)::date
                FROM programme AS p WHERE p.operator_id = \(id) AND p.name = \(seed.programme)
                ON CONFLICT (programme_id, name, operator_id) DO NOTHING
                """)
        }
    }

    func loadDemoCarriers(of seed: Demo.OperatorSeed, index: Int) async throws {
        let operatorID = try await resolveOperator(seed.name)
        let programme = try await resolveProgramme(seed.programme, operatorID: operatorID)
        var communes: [String: TerritoryID] = [:]
        for code in seed.communes { communes[code] = try await resolveTerritory(code) }
        var cohorts: [String: CohortID] = [:]
        for listing in try await self.cohorts(programme: programme.id) { cohorts[listing.cohort.name] = listing.cohort.id }

        let partners = try await self.partners()
        var random = SplitMix64(seed: UInt64(index + 101))
        // The record keeping (contacts, profiles, situations at exit) draws apart: the journeys
        // stay those of the earlier demos.
        var records = SplitMix64(seed: UInt64(index + 701))
        let patchy = Demo.patchyRecords.contains(seed.name)
        var created: [(journey: Journey, plan: Demo.CarrierPlan)] = []
        for plan in Demo.carriers(of: seed, index: index, today: today) {
            let reachable = records.next(below: 10) < (patchy ? 7 : 9)
            let email = reachable ? Self.demoEmail(plan.firstName, plan.lastName) : nil
            let phone = reachable && records.next(below: 2) == 0 ? "06 \(10 + records.next(below: 89)) \(10 + records.next(below: 89)) \(10 + records.next(below: 89)) \(10 + records.next(below: 89))" : nil
            let new = NewCarrier(
                operatorID: operatorID, firstName: plan.firstName, lastName: plan.lastName, gender: plan.gender,
                birthDate: plan.birthDate, commune: communes[plan.communeCode], externalRef: plan.ref, email: email, phone: phone)
            // An existing reference means this carrier (and their journey) came from an earlier run.
            guard let carrier = try await addCarrier(new, skippingExisting: true) else { continue }
            if let neighbourhood = Demo.priorityNeighbourhoods.first(where: { $0.commune == plan.communeCode }), random.next(below: 4) == 0 {
                try await query("UPDATE carrier SET qpv_code = \(neighbourhood.code) WHERE id = \(carrier.rawValue)")
            }
            try await recordDemoProfile(carrier: carrier, on: plan.openedOn, patchy: patchy, random: &random, records: &records)
            var journey = try await openJourney(
                carrier: carrier, programme: programme, cohort: plan.cohort.flatMap { cohorts[$0] }, on: plan.openedOn)
            for (number, step) in plan.steps.enumerated() {
                journey = try await applyDemoStep(
                    step, to: journey, isLast: number == plan.steps.count - 1, partners: partners, random: &random)
            }
            try await recordDemoAppointments(journey, plan: plan, programme: programme)
            created.append((journey, plan))
        }
        try await recordDemoIntakes(operatorID: operatorID, created: created, partners: partners, random: &random)
        try await recordDemoSessions(programme: programme, cohorts: cohorts, journeys: created.map(\.journey), random: &random)
        try await recordDemoFollowUps(created.map(\.journey), random: &random)
        try await recordDemoExitSituations(created.map(\.journey), patchy: patchy, records: &records)
    }

    /// `prenom.nom@example.fr`, accents and spaces aside.
    static func demoEmail(_ first: String, _ last: String) -> String {
        let local = "\(first).\(last)".folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
            .map { $0.isLetter || $0 == "." ? String($0) : "-" }.joined()
        return local + "@example.fr"
    }

    /// Every journey came through the intake desk: a first contact some days before it opened,
    /// an information session for most, a diagnostic for some; and about one contact in three was
    /// not admitted (not eligible, redirected to a partner, withdrew, no answer), a few still wait.
    private func recordDemoIntakes(
        operatorID: OperatorID, created: [(journey: Journey, plan: Demo.CarrierPlan)], partners: [PartnerListing], random: inout SplitMix64
    ) async throws {
        guard !created.isEmpty else { return }
        for (journey, plan) in created {
            let prescriber = Demo.prescriber(random.next(below: 100))
            let contacted = plan.openedOn.adding(days: -(7 + random.next(below: 35)))
            let session = random.next(below: 4) > 0 ? contacted.adding(days: 2 + random.next(below: 4)) : nil
            let diagnostic = random.next(below: 2) == 0 ? min(plan.openedOn, contacted.adding(days: 6 + random.next(below: 3))) : nil
            try await query(
                """
                INSERT INTO intake (operator_id, first_name, last_name, commune_id, prescriber, contacted_on, info_session_on, diagnostic_on,
                                    status, decided_on, carrier_id, journey_id, staff_id)
                SELECT \(operatorID.rawValue), c.first_name, c.last_name, c.commune_id, \(prescriber.rawValue), \(contacted.iso)::date,
                       \(session?.iso)::date, \(diagnostic?.iso)::date, 'admitted', \(plan.openedOn.iso)::date, c.id, \(journey.id.rawValue), \(acting.id.rawValue)
                FROM carrier AS c WHERE c.id = \(journey.carrierID.rawValue)
                """)
            try await query("UPDATE carrier SET prescriber = \(prescriber.rawValue) WHERE id = \(journey.carrierID.rawValue)")
        }
        let redirections = partners.filter { [.support, .cae, .couveuse, .financing].contains($0.kind) }
        let firstNames = ["Inès", "Hugo", "Manon", "Yanis", "Chloé", "Théo", "Sarah", "Nathan", "Léna", "Adam", "Jade", "Lucas"]
        let lastNames = ["Girard", "Bonnet", "Dupuis", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefevre", "Faure"]
        let communes = Array(Set(created.map(\.plan.communeCode))).sorted()
        for number in 0..<(created.count / 2) {
            let prescriber = Demo.prescriber(random.next(below: 100))
            let contacted = today.adding(days: -(10 + random.next(below: 700)))
            let reason = [DeclineReason.notEligible, .redirected, .redirected, .withdrew, .noAnswer, .other][random.next(below: 6)]
            let pending = number % 8 == 0 && contacted > today.adding(days: -60)
            let partner = reason == .redirected && !redirections.isEmpty ? redirections[random.next(below: redirections.count)] : nil
            try await query(
                """
                INSERT INTO intake (operator_id, first_name, last_name, commune_id, prescriber, contacted_on, info_session_on,
                                    status, decided_on, decline_reason, redirected_to, staff_id)
                SELECT \(operatorID.rawValue), \(firstNames[random.next(below: firstNames.count)]), \(lastNames[random.next(below: lastNames.count)]),
                       (SELECT id FROM territory WHERE code = \(communes[random.next(below: communes.count)])), \(prescriber.rawValue),
                       \(contacted.iso)::date, \(min(today, contacted.adding(days: 3)).iso)::date,
                       \(pending ? "pending" : "declined"), \(pending ? nil : min(today, contacted.adding(days: 5 + random.next(below: 20))).iso)::date,
                       \(pending ? nil : reason.rawValue), \(pending ? nil : partner?.id), \(acting.id.rawValue)
                """)
        }
        // The operator's registration page, and someone who registered from it three days ago and
        // waits for a call (no draw: the demo's other records stay as they were).
        let page = try await publishRegistrationPage(for: operatorID, expiresAt: now.addingTimeInterval(183 * 86_400)).id
        try await query(
            """
            INSERT INTO intake (operator_id, first_name, last_name, email, commune_id, prescriber, contacted_on, status, registration_page_id,
                                consent_at, staff_id)
            SELECT \(operatorID.rawValue), 'Camille', 'Renaud', 'camille.renaud@example.fr', (SELECT id FROM territory WHERE code = \(communes[0])),
                   'bouche_a_oreille', \(today.adding(days: -3).iso)::date, 'pending', \(page), \(now.addingTimeInterval(-3 * 86_400)), \(acting.id.rawValue)
            """)
    }

    /// Records what a step's guard needs (CAPE, jury, referral, activity), then the step itself.
    private func applyDemoStep(
        _ step: Demo.CarrierPlan.Step, to journey: Journey, isLast: Bool, partners: [PartnerListing], random: inout SplitMix64
    ) async throws -> Journey {
        let id = journey.id
        func refer(_ kinds: [PartnerKind]) async throws {
            let candidates = partners.filter { kinds.contains($0.kind) }
            let partner = candidates[random.next(below: candidates.count)]
            let referral = try await addReferral(
                journey: id, partner: partner, reason: "Orientation vers \(partner.name)", consentToShare: random.next(below: 3) > 0, on: step.on)
            // Most partners answered; a few proposals still wait.
            let answer = random.next(below: 10)
            if answer < 8, step.on.adding(days: 12) <= today {
                // A refusal gives its reason (taken from the referral's number: the demo's draws stay as they were).
                let reasons = ReferralDeclineReason.allCases, actions = ReferralProposedAction.allCases
                _ = try await updateReferral(
                    referral, status: answer < 7 ? .accepted : .declined, note: nil, on: step.on.adding(days: 3 + answer),
                    declineReason: answer < 7 ? nil : reasons[Int(referral) % reasons.count],
                    proposedAction: answer < 7 ? nil : actions[Int(referral) % actions.count])
            }
        }
        switch step.change {
        case .advance(to: .incubation):
            // A CAPE of 6 to 12 months; a journey still in incubation today has one ending within
            // two weeks (or overdue): the worklist's cape-ending.
            let months = 6 + random.next(below: 7)
            let planned = isLast ? max(step.on, today.adding(days: 15)) : step.on.adding(months: months).adding(days: -1)
            let end = min(planned, CapeRules.latestEnd(startingOn: step.on))
            let couveuse = partners.first { $0.kind == .couveuse }
            _ = try await addCape(journey: id, from: step.on, to: end, couveuse: couveuse)
        case .advance(to: .orientation):
            if journey.state == .active(.pitch) { _ = try await decideJury(journey: id, decision: .go, on: step.on, note: "Projet prêt") }
            try await refer([.cae, .financing, .incubator, .nursery, .support, .cluster])
        case .rework where journey.state == .active(.pitch):
            return try await decideJury(journey: id, decision: .rework, on: step.on, note: step.reason)
        case .exit(.handedOn):
            try await refer([.cae, .incubator, .couveuse])
        case .exit(.activityCreated):
            let form = [LegalForm.association, .scic, .scop, .cae, .microEnterprise, .company][random.next(below: 6)]
            return try await exitWithActivity(
                journey: id, legalForm: form, createdOn: step.on, jobsFTE: Double(random.next(below: 5)) / 2, name: step.reason,
                on: step.on, reason: step.reason, expectedVersion: nil)
        default:
            break
        }
        return try await change(journey: id, step.change, on: step.on, reason: step.reason, expectedVersion: nil)
    }

    /// The profile at entry; minorities only with consent, a declined question now and then; a
    /// patchy operator skips a third of its profiles and records a quarter past the four weeks.
    private func recordDemoProfile(
        carrier: CarrierID, on date: LocalDate, patchy: Bool, random: inout SplitMix64, records: inout SplitMix64
    ) async throws {
        let consent = random.next(below: 10) < 8
        var profile = CarrierProfile(
            labourStatus: LabourStatus.allCases[random.next(below: LabourStatus.allCases.count)],
            educationLevel: EducationLevel.allCases[random.next(below: EducationLevel.allCases.count)],
            consentOn: consent ? date : nil,
            disability: consent ? random.next(below: 12) == 0 : nil,
            thirdCountryNational: consent ? random.next(below: 15) == 0 : nil,
            foreignBackground: consent ? random.next(below: 6) == 0 : nil,
            homeless: consent ? random.next(below: 30) == 0 : nil)
        if consent { profile.minority = records.next(below: 25) == 0 }
        if records.next(below: 15) == 0 {
            profile.educationLevel = nil
            profile.declined.insert(.educationLevel)
        }
        if patchy, records.next(below: 4) == 0 { return }
        let late = patchy && records.next(below: 4) == 0
        try await recordProfile(carrier: carrier, profile, on: min(late ? date.adding(days: 45) : date, today))
    }

    /// The situation at exit (a follow-up "after 0 months"), with a qualification gained now and
    /// then: for most exits, within the four weeks; a patchy operator misses or delays some.
    private func recordDemoExitSituations(_ journeys: [Journey], patchy: Bool, records: inout SplitMix64) async throws {
        let situations: [Outcome: FollowUpSituation] = [
            .activityCreated: .selfEmployed, .employed: .employed, .training: .training, .handedOn: .selfEmployed, .withdrawn: .jobSeeking,
        ]
        for journey in journeys {
            guard case .exited(let outcome) = journey.state else { continue }
            let roll = records.next(below: 10)
            if roll < (patchy ? 4 : 1) { continue }
            let delay = patchy && roll == 9 ? 40 : records.next(below: 21)
            let qualification = outcome == .training ? records.next(below: 3) > 0 : records.next(below: 6) == 0
            try await recordFollowUp(
                journey: journey.id, afterMonths: 0, situation: situations[outcome]!, qualificationGained: qualification,
                on: min(journey.lastChangeOn.adding(days: delay), today), note: nil)
        }
    }

    /// Each cohort's sessions, with attendance of its journeys — except the latest past session of
    /// some cohorts, left to record (the worklist's attendance-missing).
    private func recordDemoSessions(
        programme: Programme, cohorts: [String: CohortID], journeys: [Journey], random: inout SplitMix64
    ) async throws {
        let plan = Demo.sessionPlan(for: programme.phases)
        let newest = try await self.cohorts(programme: programme.id).max { ($0.cohort.startsOn ?? today) < ($1.cohort.startsOn ?? today) }?.cohort.id
        for (name, cohort) in cohorts.sorted(by: { $0.key < $1.key }) {
            guard try await sessions(programme: programme.id, cohort: cohort).isEmpty else { continue }
            let members = journeys.filter { $0.cohortID == cohort }
            let start = try await self.cohorts(programme: programme.id).first { $0.cohort.id == cohort }?.cohort.startsOn ?? today
            for (number, (kind, title, minutes)) in plan.enumerated() {
                let day = start.adding(days: 10 + 14 * number)
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = .paris
                let startsAt = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 14))!
                let id = try await addSession(
                    programme: programme, cohort: cohort, kind: kind, title: title, startsAt: startsAt, durationMinutes: minutes,
                    facilitator: "Équipe \(name.prefix(12))")
                guard day < today, !members.isEmpty else { continue }
                // The newest cohort's latest past session is still to record (the worklist's attendance-missing).
                if cohort == newest, day.adding(days: 14) >= today { continue }
                // Only those whose journey was open that day attend (an exit ends the attendance).
                let entries = members.filter { $0.openedOn <= day && !($0.state.isTerminal && $0.lastChangeOn < day) }.map { member -> AttendanceEntry in
                    let roll = random.next(below: 10)
                    let status: AttendanceStatus = roll < 8 ? .present : (roll == 8 ? .excused : .absent)
                    return AttendanceEntry(carrierID: member.carrierID, status: status, minutes: status == .present && roll == 7 ? minutes / 2 : nil)
                }
                if !entries.isEmpty { _ = try await attend(session: id, entries) }
            }
        }
    }

    /// Individual appointments: the intake interview the day the journey opened, and the one that
    /// decided its latest step (so most carriers are accompanied on two days or more: ESF+ participants).
    private func recordDemoAppointments(_ journey: Journey, plan: Demo.CarrierPlan, programme: Programme) async throws {
        var appointments = [(plan.openedOn, "Entretien d'accueil", 60)]
        if let last = plan.steps.last, last.on > plan.openedOn { appointments.append((last.on, "Entretien de suivi", 45)) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        for (day, title, minutes) in appointments {
            let startsAt = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 10))!
            let session = try await addSession(
                programme: programme, cohort: nil, kind: .appointment, title: title, startsAt: startsAt, durationMinutes: minutes,
                facilitator: nil)
            // An appointment later today is not attended yet.
            guard startsAt <= now else { continue }
            _ = try await attend(session: session, [AttendanceEntry(carrierID: journey.carrierID, status: .present, minutes: nil)])
        }
    }

    /// Six-month follow-ups for most exits old enough; the rest stay due in the worklist.
    private func recordDemoFollowUps(_ journeys: [Journey], random: inout SplitMix64) async throws {
        let situations: [Outcome: [FollowUpSituation]] = [
            .activityCreated: [.selfEmployed, .selfEmployed, .employed], .employed: [.employed, .employed, .jobSeeking],
            .training: [.training, .employed, .jobSeeking], .handedOn: [.selfEmployed, .training, .unknown],
            .withdrawn: [.jobSeeking, .inactive, .unknown],
        ]
        for (number, journey) in journeys.enumerated() {
            guard case .exited(let outcome) = journey.state else { continue }
            let due = journey.lastChangeOn.adding(months: 6)
            // One exit in four is still waiting for its follow-up (the worklist's follow-up-due).
            guard due <= today, number % 4 != 0 else { continue }
            let options = situations[outcome]!
            try await recordFollowUp(
                journey: journey.id, afterMonths: 6, situation: options[random.next(below: options.count)], on: due, note: nil)
        }
    }

    /// Carriers and journeys per operator and state, over what the acting staff member sees.
    public func networkSummary() async throws -> NetworkSummary {
        var journeys: [String: [String: Int]] = [:]
        for row in try await rows(
            """
            SELECT o.name, j.phase, count(*)::integer
            FROM journey AS j JOIN operator AS o ON o.id = j.operator_id
            GROUP BY o.name, j.phase
            """)
        {
            let (name, phase, count) = try row.decode((String, String, Int).self)
            journeys[name, default: [:]][phase] = count
        }
        let carriers = try await rows("SELECT count(*)::integer FROM carrier").first!.decode(Int.self)
        return NetworkSummary(carriers: carriers, journeys: journeys)
    }
}
