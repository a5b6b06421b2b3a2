import ParcoursCore
import PostgresNIO

extension Transaction {
    /// The acting staff member's worklist: journeys idle past their operator's threshold, CAPE
    /// periods ending within `within` days, follow-ups due, referrals awaiting an answer, past
    /// sessions without attendance, people who registered online and wait for a call. Sorted by due date.
    public func worklist(within days: Int) async throws -> [WorkItem] {
        try await worklist(within: days, limit: nil).items
    }

    /// The `limit` soonest items of the worklist, and how many there are in all (a network's
    /// administrator has hundreds of thousands: the list a person reads starts with the soonest).
    public func worklist(within days: Int, limit: Int?) async throws -> (items: [WorkItem], total: Int) {
        try requirePersonReader()
        guard (0...3660).contains(days) else { throw StoreError.invalid(Refusal(.outOfRange, field: "within", ["value": "\(days)", "minimum": "0", "maximum": "3660"])) }
        let horizon = today.adding(days: days)
        // Exits whose six months end by the horizon end by this day: the horizon's six months back,
        // and up to three days more (six months after 28–31 August end on 28 February).
        let exitsUpTo = horizon.adding(months: -6).adding(days: 3)
        var items: [WorkItem] = []
        var total = 0
        // Each kind's soonest `limit` items and how many there are, each from an index over what is
        // due (the day each journey was last seen, each CAPE's running period, each session's
        // attendance: sql/0050), never every open journey's sessions nor every exit sorted.
        for row in try await rows(
            """
            WITH idle AS MATERIALIZED (
                -- no change and no session for longer than the operator's threshold
                -- (each operator's own, from its index: joined, the planner read every open journey)
                SELECT j.id, j.carrier_id, j.phase, j.seen_on, o.idle_days
                FROM operator AS o
                CROSS JOIN LATERAL (
                    SELECT j.id, j.carrier_id, j.phase, j.seen_on FROM journey AS j
                    WHERE j.operator_id = o.id AND j.closed_on IS NULL AND j.phase <> 'paused' AND j.seen_on <= \(today.iso)::date - o.idle_days
                    OFFSET 0
                ) AS j
            ), cape_ending AS NOT MATERIALIZED (
                -- the running period of a CAPE ends within the horizon
                SELECT c.id, c.journey_id, c.period_ends_on FROM cape_contract AS c
                WHERE c.ended_on IS NULL AND c.period_ends_on <= \(horizon.iso)::date
            ), exit_due AS NOT MATERIALIZED (
                -- six months after an exit: the exits by the horizon's day six months back surely,
                -- then the three days a month's end may add, day by day
                SELECT j.id, j.carrier_id, j.closed_on FROM journey AS j
                WHERE j.closed_on <= \(exitsUpTo.iso)::date
                  AND (j.closed_on <= \(exitsUpTo.adding(days: -3).iso)::date OR (j.closed_on + interval '6 months')::date <= \(horizon.iso)::date)
            ), follow_up_due AS NOT MATERIALIZED (
                -- no follow-up at 6 months recorded yet
                SELECT d.* FROM exit_due AS d WHERE NOT EXISTS (SELECT FROM follow_up AS f WHERE f.journey_id = d.id AND f.after_months = 6)
            ), follow_up_first AS MATERIALIZED (
                SELECT * FROM follow_up_due ORDER BY closed_on, id LIMIT \(limit)
            ), follow_up_tied AS (
                -- the exits after those whose six months end the same day, the last of a shorter
                -- month (31 August and 28 February): their number may come first
                SELECT d.* FROM (
                    SELECT max(f.closed_on) AS last_on, (max(f.closed_on) + interval '6 months')::date AS due FROM follow_up_first AS f
                    HAVING (max(f.closed_on) + interval '6 months')::date
                           = (date_trunc('month', max(f.closed_on) + interval '6 months') + interval '1 month - 1 day')::date
                ) AS l
                JOIN follow_up_due AS d ON d.closed_on > l.last_on AND d.closed_on <= (date_trunc('month', l.last_on) + interval '1 month - 1 day')::date
                 AND (d.closed_on + interval '6 months')::date = l.due
            ), open_journey AS MATERIALIZED (
                -- hashed once against the referrals below (probed one by one: 29,000 look-ups)
                SELECT j.id FROM journey AS j WHERE j.closed_on IS NULL
            ), pending AS MATERIALIZED (
                -- the referrals not decided yet, from their index alone, with the day they expire
                -- (their operator's delay; one addressed to us by another operator: its delay is not
                -- ours to read, the default applies)
                SELECT r.id, r.status, r.journey_id, r.proposed_on, r.proposed_on + coalesce(o.referral_expiry_days, 30) AS expires_on,
                       o.referral_expiry_days IS NOT NULL AS ours
                FROM referral AS r LEFT JOIN operator AS o ON o.id = r.operator_id
                WHERE r.status IN ('proposed', 'studying')
            ), referral_waiting AS MATERIALIZED (
                -- not decided yet (ours awaiting the partner, or addressed to us): a reminder at ten
                -- days, until an unanswered one expires (below)
                SELECT r.id, r.journey_id, r.proposed_on, r.carrier_name, p.name AS partner_name,
                       -- addressed to the acting operator by another one
                       p.operator_id = (SELECT parcours_current_operator()) AND r.operator_id <> p.operator_id AS incoming
                FROM pending AS x
                JOIN referral AS r ON r.id = x.id
                JOIN partner AS p ON p.id = r.partner_id
                WHERE x.status = 'studying' OR x.expires_on > \(today.iso)::date
            ), expired AS MATERIALIZED (
                -- no answer at all within the operator's delay, the person still in a journey of ours…
                SELECT x.id, x.expires_on FROM pending AS x JOIN open_journey AS j ON j.id = x.journey_id
                WHERE x.status = 'proposed' AND x.ours AND x.expires_on <= \(today.iso)::date
            ), referral_expired AS MATERIALIZED (
                -- …and not referred anywhere since: « réorienter »
                SELECT r.id, r.journey_id, x.expires_on AS due, r.carrier_name, p.name AS partner_name
                FROM expired AS x
                JOIN referral AS r ON r.id = x.id
                JOIN partner AS p ON p.id = r.partner_id
                WHERE NOT EXISTS (SELECT FROM referral AS n WHERE n.journey_id = r.journey_id AND n.id <> r.id AND n.proposed_on > r.proposed_on)
            ), referral_declined AS MATERIALIZED (
                -- the partner said no (a reason given, sql/0037) to a person still in a journey of
                -- ours, not referred anywhere since: « réorienter »
                SELECT r.id, r.journey_id, r.answered_on, r.carrier_name, concat_ws(E'\\x1f', p.name, r.decline_reason, r.proposed_action) AS detail
                FROM referral AS r
                JOIN partner AS p ON p.id = r.partner_id
                JOIN open_journey AS j ON j.id = r.journey_id
                WHERE r.status = 'declined' AND r.decline_reason IS NOT NULL
                  AND NOT EXISTS (SELECT FROM referral AS n WHERE n.journey_id = r.journey_id AND n.id <> r.id AND n.proposed_on >= r.answered_on)
            ), attendance_missing AS MATERIALIZED (
                -- a past session with no attendance recorded
                SELECT s.id, s.starts_at, s.title FROM session AS s WHERE s.starts_at < now() AND NOT s.attendance_recorded
            ), registration AS MATERIALIZED (
                -- a first contact made from the operator's page (sql/0041), not decided yet: before
                -- its information meeting, else within a week of registering
                SELECT i.id, coalesce(i.info_session_on, i.contacted_on + 7) AS due, concat_ws(' ', i.first_name, i.last_name) AS name,
                       i.info_session_on
                FROM intake AS i
                WHERE i.registration_page_id IS NOT NULL AND i.status = 'pending' AND i.first_name <> parcours_erased()
                  AND coalesce(i.info_session_on, i.contacted_on + 7) <= \(horizon.iso)::date
            ), counted AS (
                -- the follow-ups due: the exits by the horizon, less those followed up (each from an index)
                SELECT (SELECT count(*) FROM idle) + (SELECT count(*) FROM cape_ending)
                     + (SELECT count(*) FROM exit_due)
                     - (SELECT count(*) FROM follow_up AS f JOIN exit_due AS d ON d.id = f.journey_id WHERE f.after_months = 6)
                     + (SELECT count(*) FROM referral_waiting) + (SELECT count(*) FROM referral_expired)
                     + (SELECT count(*) FROM referral_declined) + (SELECT count(*) FROM attendance_missing)
                     + (SELECT count(*) FROM registration) AS total
            )
            SELECT w.kind, w.journey_id, to_char(w.due, 'YYYY-MM-DD'), w.n, w.label, w.detail, (SELECT total FROM counted)::integer
            FROM (
                -- each kind's soonest first, then their names
                SELECT 'idle' AS kind, i.id AS journey_id, i.due, \(today.iso)::date - i.seen_on AS n,
                       c.first_name || ' ' || c.last_name AS label, i.phase AS detail
                FROM (SELECT i.*, i.seen_on + i.idle_days AS due FROM idle AS i ORDER BY due, id LIMIT \(limit)) AS i
                JOIN carrier AS c ON c.id = i.carrier_id
                UNION ALL
                SELECT 'cape-ending', e.journey_id, e.period_ends_on, (SELECT max(p.seq) FROM cape_period AS p WHERE p.contract_id = e.id),
                       c.first_name || ' ' || c.last_name, NULL
                FROM (SELECT * FROM cape_ending ORDER BY period_ends_on, journey_id LIMIT \(limit)) AS e
                JOIN journey AS j ON j.id = e.journey_id JOIN carrier AS c ON c.id = j.carrier_id
                UNION ALL
                SELECT 'follow-up-due', d.id, (d.closed_on + interval '6 months')::date, 6, c.first_name || ' ' || c.last_name,
                       to_char(d.closed_on, 'YYYY-MM-DD')
                FROM (SELECT * FROM follow_up_first UNION ALL SELECT * FROM follow_up_tied) AS d JOIN carrier AS c ON c.id = d.carrier_id
                UNION ALL
                -- (one addressed to us names another operator's journey, not ours to open)
                (SELECT CASE WHEN r.incoming THEN 'referral-incoming' ELSE 'referral-waiting' END, CASE WHEN r.incoming THEN NULL ELSE r.journey_id END,
                        r.proposed_on + 10, r.id::integer, r.carrier_name, r.partner_name
                 FROM referral_waiting AS r ORDER BY 3, 1, 2, 5, 4 LIMIT \(limit))
                UNION ALL
                (SELECT 'referral-expired', r.journey_id, r.due, r.id::integer, r.carrier_name, r.partner_name
                 FROM referral_expired AS r ORDER BY 3, 2, 5, 4 LIMIT \(limit))
                UNION ALL
                (SELECT 'referral-declined', r.journey_id, r.answered_on, r.id::integer, r.carrier_name, r.detail
                 FROM referral_declined AS r ORDER BY 3, 2, 5, 4 LIMIT \(limit))
                UNION ALL
                (SELECT 'attendance-missing', NULL, s.starts_at::date, s.id::integer, s.title, NULL
                 FROM attendance_missing AS s ORDER BY 3, 5, 4 LIMIT \(limit))
                UNION ALL
                (SELECT 'registration', NULL, r.due, r.id::integer, r.name, to_char(r.info_session_on, 'YYYY-MM-DD')
                 FROM registration AS r ORDER BY 3, 5, 4 LIMIT \(limit))
            ) AS w
            ORDER BY w.due, w.kind, w.journey_id, w.label, w.n
            LIMIT \(limit)
            """)
        {
            let (kind, journey, due, number, label, detail, count) = try row.decode((String, Int64?, String, Int, String, String?, Int).self)
            total = count
            guard let kind = WorkItem.Kind(rawValue: kind) else { continue }
            let journeyID = journey.map(JourneyID.init)
            var values = ["name": label, "due": due, "number": "\(number)"]
            values["journey"] = journeyID?.description
            values["detail"] = detail
            if kind == .referralDeclined, let parts = detail?.split(separator: "\u{1F}", omittingEmptySubsequences: false), parts.count == 3 {
                (values["detail"], values["reason"], values["action"]) = (String(parts[0]), String(parts[1]), String(parts[2]))
            }
            items.append(WorkItem(kind: kind, journeyID: journeyID, due: try LocalDate.decoded(due), values: values))
        }
        let quality = try await qualityItems()
        // The query's order (due, kind, journey, name, number): the same list whatever the limit.
        let order = { (item: WorkItem) in
            (item.due, item.kind.rawValue, item.journeyID?.rawValue ?? 0, item.values["name"] ?? "", Int(item.values["number"] ?? "") ?? 0)
        }
        let sorted = (items + quality).sorted { order($0) < order($1) }
        return (limit.map { Array(sorted.prefix($0)) } ?? sorted, total + quality.count)
    }

    /// The ESF+ agreements the managing authority may still check (running, or ended within a
    /// year), with their data quality; only an operator's own when given. Staff read it from the
    /// facts the writes keep (participant_quality); a funder, who reads no person's facts, and
    /// `fromFiles` (the tests' reference) from each agreement's participant file.
    public func agreementsToCheck(operatorID: OperatorID? = nil, fromFiles: Bool = false) async throws -> [AgreementCheck] {
        let esf = Set(try await rows("SELECT f.id FROM funding AS f JOIN funder AS fu ON fu.id = f.funder_id WHERE fu.kind = 'esf_plus'")
            .map { FundingID(try $0.decode(Int64.self)) })
        let checked = try await fundings().filter {
            esf.contains($0.id) && $0.startsOn <= today && $0.endsOn >= today.adding(days: -365) && (operatorID == nil || $0.operatorID == operatorID)
        }
        if fromFiles || acting.role == .funder {
            var files: [AgreementCheck] = []
            for funding in checked {
                let quality = DataQuality(try await participants(of: funding), today: today)
                files.append(AgreementCheck(funding: funding, quality: quality.summary(title: funding.title), contactDue: quality.contactDue))
            }
            return files
        }
        guard !checked.isEmpty else { return [] }
        var counted: [FundingID: (participants: Int, incomplete: Int, unreachable: Int, contactDue: String?)] = [:]
        for row in try await rows(
            """
            SELECT q.funding_id, count(*)::integer, count(*) FILTER (WHERE q.incomplete_from <= \(today.iso)::date)::integer,
                   count(*) FILTER (WHERE NOT q.reachable)::integer,
                   to_char(min(q.entry_on) FILTER (WHERE NOT q.reachable) + \(DataQuality.delayDays)::integer, 'YYYY-MM-DD')
            FROM participant_quality AS q
            WHERE q.funding_id = ANY (\(checked.map(\.id.rawValue)))
            GROUP BY q.funding_id
            """)
        {
            let (id, participants, incomplete, unreachable, contactDue) = try row.decode((Int64, Int, Int, Int, String?).self)
            counted[FundingID(id)] = (participants, incomplete, unreachable, contactDue)
        }
        return try checked.map { funding in
            let counts = counted[funding.id] ?? (0, 0, 0, nil)
            return AgreementCheck(
                funding: funding,
                quality: DataQuality.summary(
                    code: funding.code, title: funding.title, participants: counts.participants, incomplete: counts.incomplete,
                    contactMissing: counts.unreachable),
                contactDue: try counts.contactDue.map(LocalDate.decoded))
        }
    }

    /// What the ESF+ agreements need before the managing authority checks them: contacts for the
    /// six-month survey, and the incomplete share.
    private func qualityItems() async throws -> [WorkItem] {
        var items: [WorkItem] = []
        for check in try await agreementsToCheck() {
            let (funding, quality) = (check.funding, check.quality)
            if let due = check.contactDue {
                items.append(WorkItem(kind: .surveyContactMissing, journeyID: nil, due: due, values: [
                    "name": funding.code, "detail": funding.title, "number": "\(quality.contactMissing)",
                ]))
            }
            if quality.level != .ok {
                items.append(WorkItem(kind: .dataQuality, journeyID: nil, due: min(funding.endsOn, today), values: [
                    "name": funding.code, "detail": funding.title, "number": "\(quality.incomplete)",
                    "total": "\(quality.participants)", "share": String(format: "%.1f", quality.share),
                    "level": quality.level.rawValue,
                ]))
            }
        }
        return items
    }
}

/// An ESF+ agreement the managing authority may still check, and the state of its participants' data.
public struct AgreementCheck: Hashable, Sendable {
    public var funding: Funding
    public var quality: DataQuality.Summary
    /// The earliest day a participant the six-month survey cannot reach was due a contact (their
    /// entry and four weeks); nil when every participant can be reached.
    public var contactDue: LocalDate?
}
