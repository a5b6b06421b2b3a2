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
        var items: [WorkItem] = []
        var total = 0
        for row in try await rows(
            """
            SELECT w.*, count(*) OVER ()::integer FROM (
            -- idle: no change and no attendance for longer than the operator's threshold; each open
            -- journey's last session found by its key (a network's attendance was hashed whole,
            -- under row-level security, for one coordinator's 700 journeys: 0.56 s)
            SELECT 'idle' AS kind, j.id AS journey_id,
                   to_char(greatest(j.last_change_on, seen.at::date) + o.idle_days, 'YYYY-MM-DD') AS due,
                   \(today.iso)::date - greatest(j.last_change_on, seen.at::date) AS n,
                   c.first_name || ' ' || c.last_name AS label, j.phase AS detail, false AS incoming
            FROM journey AS j
            JOIN operator AS o ON o.id = j.operator_id
            JOIN carrier AS c ON c.id = j.carrier_id
            LEFT JOIN LATERAL (
                SELECT max(s.starts_at) AS at FROM attendance AS a JOIN session AS s ON s.id = a.session_id WHERE a.journey_id = j.id
            ) AS seen ON true
            WHERE j.closed_on IS NULL AND j.phase <> 'paused'
              AND greatest(j.last_change_on, seen.at::date) + o.idle_days <= \(today.iso)::date
            UNION ALL
            -- cape-ending: the running period of a CAPE ends within the horizon
            SELECT 'cape-ending', c.journey_id, to_char(p.ends_on, 'YYYY-MM-DD'), p.seq,
                   ca.first_name || ' ' || ca.last_name, NULL, false
            FROM cape_contract AS c
            JOIN cape_period AS p ON p.contract_id = c.id
              AND p.seq = (SELECT max(seq) FROM cape_period WHERE contract_id = c.id)
            JOIN journey AS j ON j.id = c.journey_id
            JOIN carrier AS ca ON ca.id = j.carrier_id
            WHERE c.ended_on IS NULL AND p.ends_on <= \(horizon.iso)::date
            UNION ALL
            -- follow-up-due: six months after an exit, no follow-up at 6 months recorded yet
            SELECT 'follow-up-due', j.id, to_char((j.closed_on + interval '6 months')::date, 'YYYY-MM-DD'), 6,
                   c.first_name || ' ' || c.last_name, to_char(j.closed_on, 'YYYY-MM-DD'), false
            FROM journey AS j JOIN carrier AS c ON c.id = j.carrier_id
            WHERE j.closed_on IS NOT NULL AND (j.closed_on + interval '6 months')::date <= \(horizon.iso)::date
              AND NOT EXISTS (SELECT FROM follow_up AS f WHERE f.journey_id = j.id AND f.after_months = 6)
            UNION ALL
            -- referral-waiting: not decided yet (ours awaiting the partner, or addressed to us): a
            -- reminder at ten days, until an unanswered one expires (below)
            SELECT 'referral-waiting', r.journey_id, to_char(r.proposed_on + 10, 'YYYY-MM-DD'), r.id::integer,
                   r.carrier_name, p.name,
                   -- addressed to the acting operator by another one
                   p.operator_id = (SELECT parcours_current_operator()) AND r.operator_id <> p.operator_id
            -- (a referral addressed to us by another operator: its delay is not ours to read, the default applies)
            FROM referral AS r JOIN partner AS p ON p.id = r.partner_id LEFT JOIN operator AS o ON o.id = r.operator_id
            WHERE r.status = 'studying' OR (r.status = 'proposed' AND r.proposed_on + coalesce(o.referral_expiry_days, 30) > \(today.iso)::date)
            UNION ALL
            -- referral-expired: no answer at all within the operator's delay, the person still in a
            -- journey of ours and not referred anywhere since: « réorienter »
            SELECT 'referral-expired', r.journey_id, to_char(r.proposed_on + o.referral_expiry_days, 'YYYY-MM-DD'), r.id::integer,
                   r.carrier_name, p.name, false
            FROM referral AS r
            JOIN partner AS p ON p.id = r.partner_id
            JOIN operator AS o ON o.id = r.operator_id
            JOIN journey AS j ON j.id = r.journey_id
            WHERE r.status = 'proposed' AND r.proposed_on + o.referral_expiry_days <= \(today.iso)::date AND j.closed_on IS NULL
              AND NOT EXISTS (SELECT FROM referral AS n WHERE n.journey_id = r.journey_id AND n.id <> r.id AND n.proposed_on > r.proposed_on)
            UNION ALL
            -- referral-declined: the partner said no (a reason given, sql/0037) to a person still in
            -- a journey of ours, not referred anywhere since: « réorienter »
            SELECT 'referral-declined', r.journey_id, to_char(r.answered_on, 'YYYY-MM-DD'), r.id::integer, r.carrier_name,
                   concat_ws(E'\\x1f', p.name, r.decline_reason, r.proposed_action), false
            FROM referral AS r
            JOIN partner AS p ON p.id = r.partner_id
            JOIN journey AS j ON j.id = r.journey_id
            WHERE r.status = 'declined' AND r.decline_reason IS NOT NULL AND j.closed_on IS NULL
              AND NOT EXISTS (SELECT FROM referral AS n WHERE n.journey_id = r.journey_id AND n.id <> r.id AND n.proposed_on >= r.answered_on)
            UNION ALL
            -- attendance-missing: a past session with no attendance recorded
            SELECT 'attendance-missing', NULL, to_char(s.starts_at::date, 'YYYY-MM-DD'), s.id::integer, s.title, NULL, false
            FROM session AS s
            WHERE s.starts_at < now() AND NOT EXISTS (SELECT FROM attendance AS a WHERE a.session_id = s.id)
            UNION ALL
            -- registration: a first contact made from the operator's page (sql/0041), not decided
            -- yet: before its information meeting, else within a week of registering
            SELECT 'registration', NULL, to_char(coalesce(i.info_session_on, i.contacted_on + 7), 'YYYY-MM-DD'), i.id::integer,
                   concat_ws(' ', i.first_name, i.last_name), to_char(i.info_session_on, 'YYYY-MM-DD'), false
            FROM intake AS i
            WHERE i.registration_page_id IS NOT NULL AND i.status = 'pending' AND i.first_name <> parcours_erased()
              AND coalesce(i.info_session_on, i.contacted_on + 7) <= \(horizon.iso)::date
            ) AS w
            ORDER BY 3, 1, 2
            LIMIT \(limit)
            """)
        {
            let (kind, journey, due, number, label, detail, incoming, count) =
                try row.decode((String, Int64?, String, Int, String, String?, Bool?, Int).self)
            total = count
            guard let kind = WorkItem.Kind(rawValue: kind) else { continue }
            // An incoming referral names the other operator's journey, which is not ours to open.
            let journeyID = incoming == true ? nil : journey.map(JourneyID.init)
            var values = ["name": label, "due": due, "number": "\(number)"]
            values["journey"] = journeyID?.description
            values["detail"] = detail
            if kind == .referralDeclined, let parts = detail?.split(separator: "\u{1F}", omittingEmptySubsequences: false), parts.count == 3 {
                (values["detail"], values["reason"], values["action"]) = (String(parts[0]), String(parts[1]), String(parts[2]))
            }
            items.append(WorkItem(kind: incoming == true ? .referralIncoming : kind, journeyID: journeyID, due: try LocalDate.decoded(due), values: values))
        }
        let quality = try await qualityItems()
        // The query's order (due, kind, journey), then the name: the same list whatever the limit.
        let sorted = (items + quality).sorted {
            ($0.due, $0.kind.rawValue, $0.journeyID?.rawValue ?? 0, $0.values["name"] ?? "")
                < ($1.due, $1.kind.rawValue, $1.journeyID?.rawValue ?? 0, $1.values["name"] ?? "")
        }
        return (limit.map { Array(sorted.prefix($0)) } ?? sorted, total + quality.count)
    }

    /// The ESF+ agreements the managing authority may still check (running, or ended within a
    /// year), with their data quality; only an operator's own when given.
    public func agreementsToCheck(operatorID: OperatorID? = nil) async throws -> [(funding: Funding, quality: DataQuality)] {
        let esf = Set(try await rows("SELECT f.id FROM funding AS f JOIN funder AS fu ON fu.id = f.funder_id WHERE fu.kind = 'esf_plus'")
            .map { FundingID(try $0.decode(Int64.self)) })
        var checked: [(Funding, DataQuality)] = []
        for funding in try await fundings()
        where esf.contains(funding.id) && funding.startsOn <= today && funding.endsOn >= today.adding(days: -365)
            && (operatorID == nil || funding.operatorID == operatorID)
        {
            checked.append((funding, DataQuality(try await participants(of: funding), today: today)))
        }
        return checked
    }

    /// What the ESF+ agreements need before the managing authority checks them: contacts for the
    /// six-month survey, and the incomplete share.
    private func qualityItems() async throws -> [WorkItem] {
        var items: [WorkItem] = []
        for (funding, quality) in try await agreementsToCheck() {
            let unreachable = quality.records.filter { ($0.overdue + $0.pending).contains(.contactMissing) }
            if let due = unreachable.map({ $0.participant.entryOn.adding(days: DataQuality.delayDays) }).min() {
                items.append(WorkItem(kind: .surveyContactMissing, journeyID: nil, due: due, values: [
                    "name": funding.code, "detail": funding.title, "number": "\(unreachable.count)",
                ]))
            }
            if quality.level != .ok {
                items.append(WorkItem(kind: .dataQuality, journeyID: nil, due: min(funding.endsOn, today), values: [
                    "name": funding.code, "detail": funding.title, "number": "\(quality.incompleteCount)",
                    "total": "\(quality.records.count)", "share": String(format: "%.1f", quality.incompleteShare),
                    "level": quality.level.rawValue,
                ]))
            }
        }
        return items
    }
}
