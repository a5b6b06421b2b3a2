import ParcoursCore
import PostgresNIO

extension Transaction {
    /// The people an agreement covers over `period` (its own dates when nil): ESF+ participants,
    /// i.e. present on at least two distinct days under the agreement, and how many were not.
    public func participants(of funding: Funding, period: ReportPeriod? = nil) async throws -> ParticipantFile {
        let period = period ?? funding.period
        // Only days inside both the agreement and the period count.
        let from = max(period.from, funding.startsOn).iso
        let to = min(period.to, funding.endsOn).iso
        let fundingID = funding.id.rawValue
        var participants: [Participant] = []
        var oneDayOnly = 0
        for row in try await rows(
            """
            WITH person AS (
                SELECT * FROM parcours_scope_carrier(NULL, NULL, NULL, NULL, \(fundingID), '{}'::text[], 1)
            ), covered AS (
                SELECT j.journey_id, j.carrier_id, j.closed_on, j.phase
                FROM parcours_scope_journey(NULL, NULL, NULL, NULL, \(fundingID)) AS j
                WHERE j.opened_on <= \(to)::date AND (j.closed_on IS NULL OR j.closed_on >= \(from)::date)
            ), presence AS (
                SELECT c.carrier_id, count(DISTINCT (se.starts_at AT TIME ZONE 'Europe/Paris')::date)::int AS days,
                       sum(a.minutes)::int AS minutes
                FROM covered AS c
                JOIN attendance AS a ON a.journey_id = c.journey_id AND a.status = 'present'
                JOIN session AS se ON se.id = a.session_id
                WHERE (se.starts_at AT TIME ZONE 'Europe/Paris')::date BETWEEN \(from)::date AND \(to)::date
                GROUP BY c.carrier_id
            ), last_journey AS (
                -- the person's exit is that of their last journey; one still open means no exit yet
                SELECT DISTINCT ON (c.carrier_id) c.carrier_id, c.journey_id,
                       CASE WHEN c.closed_on <= \(to)::date THEN c.closed_on END AS exit_on,
                       CASE WHEN c.closed_on <= \(to)::date THEN c.phase END AS outcome
                FROM covered AS c
                ORDER BY c.carrier_id, c.closed_on DESC NULLS FIRST, c.journey_id DESC
            )
            SELECT parcours_participant_pseudonym(f.id, c.id),
                   c.first_name, c.last_name, to_char(c.birth_date, 'YYYY-MM-DD'), c.email, c.phone, o.name,
                   to_char(p.entry_on, 'YYYY-MM-DD'), c.gender, extract(year FROM age(p.entry_on, c.birth_date))::int,
                   nullif(p.labour_status, 'unknown'), nullif(p.education_level, 'unknown'), p.consented,
                   p.disability, p.third_country_national, p.foreign_background, p.homeless,
                   t.code, t.zrr, t.qpv, coalesce(pr.days, 0), coalesce(pr.minutes, 0),
                   to_char(lj.exit_on, 'YYYY-MM-DD'), lj.outcome, f0.situation, f6.situation
            FROM person AS p
            JOIN last_journey AS lj ON lj.carrier_id = p.carrier_id
            JOIN carrier AS c ON c.id = p.carrier_id
            JOIN operator AS o ON o.id = c.operator_id
            JOIN funding AS f ON f.id = \(fundingID)
            LEFT JOIN territory AS t ON t.id = c.commune_id
            LEFT JOIN presence AS pr ON pr.carrier_id = p.carrier_id
            LEFT JOIN follow_up AS f0 ON f0.journey_id = lj.journey_id AND f0.after_months = 0 AND lj.exit_on IS NOT NULL
            LEFT JOIN follow_up AS f6 ON f6.journey_id = lj.journey_id AND f6.after_months = 6 AND lj.exit_on IS NOT NULL
            ORDER BY p.entry_on, 1
            """)
        {
            let cells = row.makeRandomAccess()
            let days = try cells[20].decode(Int.self)
            guard days >= Participant.minimumDays else {
                oneDayOnly += 1
                continue
            }
            let consented = try cells[12].decode(Bool.self)
            participants.append(
                Participant(
                    pseudonym: try cells[0].decode(String.self),
                    identity: Participant.Identity(
                        firstName: try cells[1].decode(String.self), lastName: try cells[2].decode(String.self),
                        birthDate: try LocalDate.decoded(cells[3].decode(String?.self)),
                        email: try cells[4].decode(String?.self), phone: try cells[5].decode(String?.self)),
                    operatorName: try cells[6].decode(String.self),
                    entryOn: try LocalDate.decoded(cells[7].decode(String.self)),
                    gender: try cells[8].decode(String?.self).flatMap(Gender.init(rawValue:)),
                    ageAtEntry: try cells[9].decode(Int?.self),
                    labourStatus: try cells[10].decode(String?.self).flatMap(LabourStatus.init(rawValue:)),
                    educationLevel: try cells[11].decode(String?.self).flatMap(EducationLevel.init(rawValue:)),
                    disadvantages: consented
                        ? Participant.Disadvantages(
                            disability: try cells[13].decode(Bool?.self), thirdCountryNational: try cells[14].decode(Bool?.self),
                            foreignBackground: try cells[15].decode(Bool?.self), homeless: try cells[16].decode(Bool?.self))
                        : nil,
                    communeCode: try cells[17].decode(String?.self), zrr: try cells[18].decode(Bool?.self),
                    qpv: try cells[19].decode(Bool?.self), daysAccompanied: days,
                    minutesAccompanied: try cells[21].decode(Int.self),
                    exitOn: try LocalDate.decoded(cells[22].decode(String?.self)),
                    exitSituation: ExitSituation(
                        outcome: try cells[23].decode(String?.self).flatMap(Outcome.init(rawValue:)),
                        recordedAtExit: try cells[24].decode(String?.self).flatMap(FollowUpSituation.init(rawValue:))),
                    followUpAt6Months: try cells[25].decode(String?.self).flatMap(FollowUpSituation.init(rawValue:))))
        }
        return ParticipantFile(
            fundingCode: funding.code, period: try ReportPeriod(from: LocalDate.decoded(from), to: LocalDate.decoded(to)),
            participants: participants, oneDayOnly: oneDayOnly)
    }
}
