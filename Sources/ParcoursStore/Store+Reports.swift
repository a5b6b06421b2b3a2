import ParcoursCore
import PostgresNIO

// Reports, aggregated in SQL (DESIGN.md §5). Every query starts from the same two functions of
// sql/0005: `parcours_scope_carrier` (one row per person in scope, with the breakdown columns g_*)
// and `parcours_scope_journey` (the journeys in scope), and returns rows laid out as
//
//     section, g_operator, g_territory, g_gender, g_age, g_labour, g_education, is_total, <columns…>
//
// where is_total marks the whole scope's rows (GROUPING SETS with the empty set, so a person
// counts once in the total even when they appear in several groups' journeys).

extension Transaction {
    /// Computes a report; `only` restricts it to some of its sections (the dashboards need the
    /// exits alone of some outcomes reports).
    public func report(_ request: ReportRequest, only: Set<String>? = nil) async throws -> Report {
        let depth = try await territoryDepth(for: request)
        let scope = ScopeBinds(request: request, territoryDepth: depth)
        var exclusions: [Exclusion] = []
        if request.scope.territoryID != nil {
            exclusions.append(Exclusion(.noCommune, count: try await peopleWithoutCommune(scope)))
        }
        let sections: [ReportTable]
        switch request.kind {
        case .activity:
            sections = try await grouped(activityQuery(scope), request, sections: ["activity": ReportLayout.activity])
        case .funnel:
            sections = try await grouped(funnelQuery(scope), request, sections: ["funnel": ReportLayout.funnel])
        case .outcomes:
            var tables: [ReportTable] = []
            let wanted = { (name: String) in only?.contains(name) ?? true }
            if wanted("exits") { tables += try await grouped(exitsQuery(scope), request, sections: ["exits": ReportLayout.exits]) }
            if wanted("activities") {
                tables += try await grouped(activitiesQuery(scope), request, sections: ["activities": ReportLayout.activities])
            }
            if wanted("follow_up_6_months") {
                tables += try await grouped(followUpQuery(scope), request, sections: ["follow_up_6_months": ReportLayout.followUp])
                let missing = try await rows(followUpMissingQuery(scope)).first?.decode(Int.self) ?? 0
                exclusions.append(Exclusion(.followUpMissing, count: missing))
            }
            sections = tables
        case .durations:
            sections = try await grouped(durationsQuery(scope), request, sections: ["durations": ReportLayout.durations])
        case .referrals:
            sections = try await grouped(referralsQuery(scope), request, sections: ["referrals": ReportLayout.referrals])
        case .profile:
            sections = try await grouped(
                profileQuery(scope), request,
                sections: [
                    "gender": ReportLayout.profile(.gender), "age": ReportLayout.profile(.ageBand),
                    "labour": ReportLayout.profile(.labourStatus), "education": ReportLayout.profile(.educationLevel),
                    "disadvantage": ReportLayout.profile(.disadvantage),
                ])
            let (noProfile, noConsent) = try await rows(profileExclusionsQuery(scope)).first!.decode((Int, Int).self)
            exclusions += [Exclusion(.noProfile, count: noProfile), Exclusion(.noConsent, count: noConsent)]
        }
        return Report(request: request, sections: sections, exclusions: exclusions.filter { $0.count > 0 })
    }

    /// Where a breakdown by territory groups: the level asked for, else just below the scope's
    /// territory, else the départements.
    private func territoryDepth(for request: ReportRequest) async throws -> Int {
        if let level = request.territoryLevel { return level.depth }
        guard let territory = request.scope.territoryID else { return TerritoryLevel.department.depth }
        let kind = try await rows("SELECT kind FROM territory WHERE id = \(territory.rawValue)").first?.decode(String.self)
        return TerritoryLevel.below(kind.flatMap(TerritoryKind.init(rawValue:)) ?? .commune).depth
    }

    /// People of the same scope but for the territory, active in the period, whose commune is not
    /// recorded: no territory scope can count them.
    private func peopleWithoutCommune(_ s: ScopeBinds) async throws -> Int {
        try await rows(
            """
            SELECT count(DISTINCT j.carrier_id)::int
            FROM parcours_scope_journey(\(s.operatorID), NULL, \(s.programmeID), \(s.cohortID), \(s.fundingID)) AS j
            JOIN carrier AS c ON c.id = j.carrier_id
            WHERE c.commune_id IS NULL AND j.opened_on <= \(s.to)::date AND (j.closed_on IS NULL OR j.closed_on >= \(s.from)::date)
            """
        ).first?.decode(Int.self) ?? 0
    }

    /// Decodes rows laid out as described at the top of this file into one table per section.
    private func grouped(
        _ query: PostgresQuery, _ request: ReportRequest, sections layouts: [String: [ReportColumn]]
    ) async throws -> [ReportTable] {
        let dimensionColumns = request.dimensions.map(ReportLayout.column(for:))
        var tables: [String: ReportTable] = [:]
        var order: [String] = []
        for (name, columns) in layouts {
            tables[name] = ReportTable(name: name, columns: dimensionColumns + columns)
        }
        for row in try await rows(query) {
            let cells = row.makeRandomAccess()
            let section = try cells[0].decode(String.self)
            guard let layout = layouts[section] else { continue }
            if !order.contains(section) { order.append(section) }
            var values: [ReportValue] = []
            for dimension in request.dimensions {
                let text = try cells[ReportLayout.gColumn(dimension)].decode(String?.self)
                values.append(dimension == .territory && text == "unknown" ? .none : text.map(ReportValue.text) ?? .none)
            }
            let isTotal = try cells[7].decode(Bool.self)
            for (offset, column) in layout.enumerated() {
                values.append(try Self.value(cells[8 + offset], as: column.kind))
            }
            if isTotal && !request.dimensions.isEmpty {
                tables[section]!.totals.append(values)
            } else if isTotal {
                // Without a breakdown the grouped rows already are the whole scope's; keep only a
                // total they do not repeat (the referrals' all-kinds row).
                if !tables[section]!.rows.contains(values) { tables[section]!.rows.append(values) }
            } else {
                tables[section]!.rows.append(values)
            }
        }
        // Sections in the layout's order of appearance in SQL, then the empty ones.
        let names = order + layouts.keys.filter { !order.contains($0) }.sorted()
        return names.map { tables[$0]! }
    }

    private static func value(_ cell: PostgresCell, as kind: ReportColumn.Kind) throws -> ReportValue {
        switch kind {
        case .text, .code: try cell.decode(String?.self).map(ReportValue.text) ?? .none
        case .count: try cell.decode(Int?.self).map(ReportValue.int) ?? .none
        case .decimal, .percent, .days: try cell.decode(Double?.self).map(ReportValue.decimal) ?? .none
        case .date: try cell.decode(String?.self).flatMap { LocalDate(iso: $0) }.map(ReportValue.date) ?? .none
        case .flag: try cell.decode(Bool?.self).map(ReportValue.bool) ?? .none
        }
    }
}

/// The bind values every report query uses.
struct ScopeBinds {
    var operatorID, territoryID, programmeID, cohortID, fundingID: Int64?
    var dimensions: [String]
    var territoryDepth: Int
    var from: String
    var to: String

    init(request: ReportRequest, territoryDepth: Int) {
        operatorID = request.scope.operatorID?.rawValue
        territoryID = request.scope.territoryID?.rawValue
        programmeID = request.scope.programmeID?.rawValue
        cohortID = request.scope.cohortID?.rawValue
        fundingID = request.scope.fundingID?.rawValue
        dimensions = request.dimensions.map(\.rawValue)
        self.territoryDepth = territoryDepth
        from = request.period.from.iso
        to = request.period.to.iso
    }
}

/// The columns of each report section after its breakdown columns: the JSON contract.
enum ReportLayout {
    static func column(for dimension: ReportDimension) -> ReportColumn {
        switch dimension {
        case .operator: ReportColumn("operator", .text)
        case .territory: ReportColumn("territory", .text)
        case .gender: ReportColumn("gender", .code(.gender))
        case .age: ReportColumn("age_band", .code(.ageBand))
        case .labour: ReportColumn("labour_status", .code(.labourStatus))
        case .education: ReportColumn("education_level", .code(.educationLevel))
        }
    }

    /// The position of a dimension's g_* column in every report row.
    static func gColumn(_ dimension: ReportDimension) -> Int {
        switch dimension {
        case .operator: 1
        case .territory: 2
        case .gender: 3
        case .age: 4
        case .labour: 5
        case .education: 6
        }
    }

    static let activity = [
        ReportColumn("carriers_welcomed", .count), ReportColumn("carriers_active", .count),
        ReportColumn("journeys_active", .count), ReportColumn("sessions_held", .count),
        ReportColumn("hours_of_accompaniment", .decimal), ReportColumn("attendance_records", .count),
        ReportColumn("attendance_rate_pct", .percent),
    ]
    static let funnel = [
        ReportColumn("programme", .text), ReportColumn("phase", .code(.phase)), ReportColumn("carriers", .count),
        ReportColumn("share_of_entries_pct", .percent), ReportColumn("conversion_pct", .percent),
    ]
    static let exits = [
        ReportColumn("exits", .count), ReportColumn("activity_created", .count), ReportColumn("employed", .count),
        ReportColumn("training", .count), ReportColumn("handed_on", .count), ReportColumn("withdrawn", .count),
        ReportColumn("positive_exits", .count), ReportColumn("positive_exit_rate_pct", .percent),
        ReportColumn("jobs_fte", .decimal),
    ]
    static let activities = [
        ReportColumn("legal_form", .code(.legalForm)), ReportColumn("activities", .count), ReportColumn("jobs_fte", .decimal),
    ]
    static let followUp = [
        ReportColumn("situation", .code(.situation)), ReportColumn("carriers", .count), ReportColumn("share_pct", .percent),
    ]
    static let durations = [
        ReportColumn("stage", .code(.stage)), ReportColumn("carriers", .count), ReportColumn("median_days", .days),
        ReportColumn("p75_days", .days),
    ]
    static let referrals = [
        ReportColumn("partner_kind", .code(.partnerKind)), ReportColumn("referrals", .count),
        ReportColumn("carriers", .count), ReportColumn("proposed", .count), ReportColumn("accepted", .count),
        ReportColumn("declined", .count), ReportColumn("completed", .count), ReportColumn("take_up_pct", .percent),
        ReportColumn("median_days_to_answer", .days),
    ]
    static func profile(_ vocabulary: Vocabulary) -> [ReportColumn] {
        [
            ReportColumn("category", .code(vocabulary)), ReportColumn("carriers", .count), ReportColumn("share_pct", .percent),
            ReportColumn("women", .count), ReportColumn("men", .count), ReportColumn("non_binary", .count),
        ]
    }
}

// MARK: - The queries

extension Transaction {
    private func activityQuery(_ s: ScopeBinds) -> PostgresQuery {
        """
        WITH person AS (
            SELECT * FROM parcours_scope_carrier(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID),
                                                 \(s.fundingID), \(s.dimensions)::text[], \(s.territoryDepth)::int)
        ), scoped AS (
            SELECT * FROM parcours_scope_journey(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID))
        ), fact AS (
            -- journeys active at some point of the period
            SELECT j.carrier_id, j.journey_id, NULL::bigint AS session_id, NULL::text AS status, 0 AS minutes
            FROM scoped AS j
            WHERE j.opened_on <= \(s.to)::date AND (j.closed_on IS NULL OR j.closed_on >= \(s.from)::date)
            UNION ALL
            -- attendance at the sessions held in the period (their day in France)
            SELECT j.carrier_id, NULL, a.session_id, a.status, a.minutes
            FROM scoped AS j
            JOIN attendance AS a ON a.journey_id = j.journey_id
            JOIN session AS se ON se.id = a.session_id
            WHERE (se.starts_at AT TIME ZONE 'Europe/Paris')::date BETWEEN \(s.from)::date AND \(s.to)::date
        )
        SELECT 'activity', p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
               GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0,
               count(DISTINCT p.carrier_id) FILTER (WHERE p.entry_on BETWEEN \(s.from)::date AND \(s.to)::date),
               count(DISTINCT f.carrier_id) FILTER (WHERE f.journey_id IS NOT NULL),
               count(f.journey_id),
               count(DISTINCT f.session_id) FILTER (WHERE f.status = 'present'),
               round(sum(f.minutes) / 60.0, 2)::float8,
               count(f.session_id),
               round(100.0 * count(*) FILTER (WHERE f.status = 'present') / nullif(count(f.session_id), 0), 1)::float8
        FROM person AS p
        JOIN fact AS f ON f.carrier_id = p.carrier_id
        GROUP BY GROUPING SETS ((p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education), ())
        ORDER BY 8, 2, 3, 4, 5, 6, 7
        """
    }

    /// People who entered a programme in the period, and how far they went (to this day).
    private func funnelQuery(_ s: ScopeBinds) -> PostgresQuery {
        """
        WITH person AS (
            SELECT * FROM parcours_scope_carrier(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID),
                                                 \(s.fundingID), \(s.dimensions)::text[], \(s.territoryDepth)::int)
        ), scoped AS (
            SELECT * FROM parcours_scope_journey(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID))
        ), reached AS (
            -- every phase of the programme, reached or not, for every person who entered it
            SELECT pr.id AS programme_id, pr.name AS programme, p.g_operator, p.g_territory, p.g_gender, p.g_age,
                   p.g_labour, p.g_education, ph.phase, ph.ord,
                   count(DISTINCT j.carrier_id) FILTER (WHERE EXISTS (
                       SELECT FROM journey_event AS ev WHERE ev.journey_id = j.journey_id AND ev.to_state = ph.phase
                   )) AS carriers
            FROM scoped AS j
            JOIN person AS p ON p.carrier_id = j.carrier_id
            JOIN programme AS pr ON pr.id = j.programme_id
            CROSS JOIN LATERAL unnest(pr.phases) WITH ORDINALITY AS ph (phase, ord)
            WHERE j.opened_on BETWEEN \(s.from)::date AND \(s.to)::date
            GROUP BY pr.id, pr.name, p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, ph.phase, ph.ord
        )
        SELECT 'funnel', g_operator, g_territory, g_gender, g_age, g_labour, g_education, false,
               programme, phase, carriers,
               round(100.0 * carriers / nullif(first_value(carriers) OVER w, 0), 1)::float8,
               round(100.0 * carriers / nullif(lag(carriers) OVER w, 0), 1)::float8
        FROM reached
        WINDOW w AS (PARTITION BY programme_id, g_operator, g_territory, g_gender, g_age, g_labour, g_education ORDER BY ord)
        ORDER BY programme, programme_id, 2, 3, 4, 5, 6, 7, ord
        """
    }

    /// Exits of the period by outcome: each person's last exit counts (`parcours_scope_exit`).
    private func exitsQuery(_ s: ScopeBinds) -> PostgresQuery {
        """
        WITH person AS (
            SELECT * FROM parcours_scope_carrier(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID),
                                                 \(s.fundingID), \(s.dimensions)::text[], \(s.territoryDepth)::int)
        ), exited AS (
            SELECT * FROM parcours_scope_exit(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID),
                                              \(s.from)::date, \(s.to)::date)
        )
        SELECT 'exits', p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
               GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0,
               count(*),
               count(*) FILTER (WHERE x.outcome = 'activity_created'),
               count(*) FILTER (WHERE x.outcome = 'employed'),
               count(*) FILTER (WHERE x.outcome = 'training'),
               count(*) FILTER (WHERE x.outcome = 'handed_on'),
               count(*) FILTER (WHERE x.outcome = 'withdrawn'),
               -- positive as the ESF+ counts it: in work (including their own activity) or in training
               count(*) FILTER (WHERE x.outcome IN ('activity_created', 'employed', 'training')),
               round(100.0 * count(*) FILTER (WHERE x.outcome IN ('activity_created', 'employed', 'training'))
                     / nullif(count(*), 0), 1)::float8,
               coalesce(sum(a.jobs_fte), 0)::float8
        FROM exited AS x
        JOIN person AS p ON p.carrier_id = x.carrier_id
        LEFT JOIN activity AS a ON a.journey_id = x.journey_id
        GROUP BY GROUPING SETS ((p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education), ())
        ORDER BY 8, 2, 3, 4, 5, 6, 7
        """
    }

    /// The activities those exits created, by legal form.
    private func activitiesQuery(_ s: ScopeBinds) -> PostgresQuery {
        """
        WITH person AS (
            SELECT * FROM parcours_scope_carrier(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID),
                                                 \(s.fundingID), \(s.dimensions)::text[], \(s.territoryDepth)::int)
        ), exited AS (
            SELECT * FROM parcours_scope_exit(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID),
                                              \(s.from)::date, \(s.to)::date)
        )
        SELECT 'activities', p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
               GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0,
               a.legal_form, count(*), sum(a.jobs_fte)::float8
        FROM exited AS x
        JOIN person AS p ON p.carrier_id = x.carrier_id
        JOIN activity AS a ON a.journey_id = x.journey_id
        GROUP BY GROUPING SETS ((p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, a.legal_form),
                                (a.legal_form))
        ORDER BY 8, 2, 3, 4, 5, 6, 7, 9
        """
    }

    /// Where those people stood at the 6-month follow-up, among the follow-ups recorded.
    private func followUpQuery(_ s: ScopeBinds) -> PostgresQuery {
        """
        WITH person AS (
            SELECT * FROM parcours_scope_carrier(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID),
                                                 \(s.fundingID), \(s.dimensions)::text[], \(s.territoryDepth)::int)
        ), exited AS (
            SELECT * FROM parcours_scope_exit(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID),
                                              \(s.from)::date, \(s.to)::date)
        )
        SELECT 'follow_up_6_months', p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
               GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0,
               f.situation, count(*),
               round(100.0 * count(*) / sum(count(*)) OVER (
                   PARTITION BY p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
                                GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education)), 1)::float8
        FROM exited AS x
        JOIN person AS p ON p.carrier_id = x.carrier_id
        JOIN follow_up AS f ON f.journey_id = x.journey_id AND f.after_months = 6
        GROUP BY GROUPING SETS ((p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, f.situation),
                                (f.situation))
        ORDER BY 8, 2, 3, 4, 5, 6, 7,
                 array_position(ARRAY['employed', 'self_employed', 'training', 'job_seeking', 'inactive', 'unknown'], f.situation)
        """
    }

    private func followUpMissingQuery(_ s: ScopeBinds) -> PostgresQuery {
        """
        SELECT count(*)::int
        FROM parcours_scope_exit(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID),
                                 \(s.from)::date, \(s.to)::date) AS x
        WHERE NOT EXISTS (SELECT FROM follow_up AS f WHERE f.journey_id = x.journey_id AND f.after_months = 6)
        """
    }

    /// Days per phase: each person's total days in a phase over the stays that ended in the
    /// period; entry to exit: each person's last exit of the period.
    private func durationsQuery(_ s: ScopeBinds) -> PostgresQuery {
        """
        WITH person AS (
            SELECT * FROM parcours_scope_carrier(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID),
                                                 \(s.fundingID), \(s.dimensions)::text[], \(s.territoryDepth)::int)
        ), scoped AS (
            SELECT * FROM parcours_scope_journey(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID))
        ), stay AS (
            SELECT j.carrier_id, ev.to_state AS stage, ev.effective_on AS began,
                   lead(ev.effective_on) OVER (PARTITION BY ev.journey_id ORDER BY ev.seq) AS ended
            FROM scoped AS j
            JOIN journey_event AS ev ON ev.journey_id = j.journey_id
        ), measured AS (
            SELECT carrier_id, stage, sum(ended - began) AS days
            FROM stay
            WHERE ended BETWEEN \(s.from)::date AND \(s.to)::date
              AND stage IN ('idea', 'workshops', 'modules', 'incubation', 'pitch', 'orientation', 'paused')
            GROUP BY carrier_id, stage
            UNION ALL
            SELECT x.carrier_id, 'entry_to_exit', x.closed_on - x.opened_on
            FROM parcours_scope_exit(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID),
                                     \(s.from)::date, \(s.to)::date) AS x
        )
        SELECT 'durations', p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
               GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0,
               m.stage, count(*),
               round(percentile_cont(0.5) WITHIN GROUP (ORDER BY m.days)::numeric, 1)::float8,
               round(percentile_cont(0.75) WITHIN GROUP (ORDER BY m.days)::numeric, 1)::float8
        FROM measured AS m
        JOIN person AS p ON p.carrier_id = m.carrier_id
        GROUP BY GROUPING SETS ((p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, m.stage), (m.stage))
        ORDER BY 8, 2, 3, 4, 5, 6, 7,
                 array_position(ARRAY['idea', 'workshops', 'modules', 'incubation', 'pitch', 'orientation', 'paused',
                                      'entry_to_exit'], m.stage)
        """
    }

    /// Referrals proposed in the period, by partner kind: status, take-up and days to answer.
    private func referralsQuery(_ s: ScopeBinds) -> PostgresQuery {
        """
        WITH person AS (
            SELECT * FROM parcours_scope_carrier(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID),
                                                 \(s.fundingID), \(s.dimensions)::text[], \(s.territoryDepth)::int)
        ), scoped AS (
            SELECT * FROM parcours_scope_journey(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID))
        )
        SELECT 'referrals', p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education,
               GROUPING(p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education) <> 0,
               coalesce(pa.kind, 'all'), count(*), count(DISTINCT j.carrier_id),
               count(*) FILTER (WHERE r.status = 'proposed'), count(*) FILTER (WHERE r.status = 'accepted'),
               count(*) FILTER (WHERE r.status = 'declined'), count(*) FILTER (WHERE r.status = 'completed'),
               -- taken up: the partner accepted the carrier (and perhaps already completed)
               round(100.0 * count(*) FILTER (WHERE r.status IN ('accepted', 'completed')) / nullif(count(*), 0), 1)::float8,
               round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r.answered_on - r.proposed_on)::numeric, 1)::float8
        FROM scoped AS j
        JOIN person AS p ON p.carrier_id = j.carrier_id
        JOIN referral AS r ON r.journey_id = j.journey_id
        JOIN partner AS pa ON pa.id = r.partner_id
        WHERE r.proposed_on BETWEEN \(s.from)::date AND \(s.to)::date
        GROUP BY GROUPING SETS ((p.g_operator, p.g_territory, p.g_gender, p.g_age, p.g_labour, p.g_education, pa.kind),
                                (pa.kind), ())
        -- the empty grouping set yields a row even without any referral
        HAVING count(*) > 0
        ORDER BY 8, 2, 3, 4, 5, 6, 7, pa.kind NULLS LAST
        """
    }

    /// The people who entered in the period, by gender, age band, labour status and education at
    /// entry, and the disadvantages of those who consented to say.
    private func profileQuery(_ s: ScopeBinds) -> PostgresQuery {
        """
        WITH person AS (
            SELECT * FROM parcours_scope_carrier(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID),
                                                 \(s.fundingID), \(s.dimensions)::text[], \(s.territoryDepth)::int)
            WHERE entry_on BETWEEN \(s.from)::date AND \(s.to)::date
        ), trait AS (
            SELECT p.*, t.section, t.category, t.ord, t.counted
            FROM person AS p
            CROSS JOIN LATERAL (VALUES
                ('gender', p.gender, array_position(ARRAY['woman', 'man', 'non_binary', 'unknown'], p.gender), true),
                ('age', p.age_band, array_position(ARRAY['under_18', '18_29', '30_54', '55_plus', 'unknown'], p.age_band), true),
                ('labour', p.labour_status, array_position(ARRAY['unemployed', 'long_term_unemployed', 'inactive', 'employed',
                                                                 'self_employed', 'unknown'], p.labour_status), true),
                ('education', p.education_level, array_position(ARRAY['isced_0_2', 'isced_3_4', 'isced_5_8', 'unknown'],
                                                                p.education_level), true),
                -- sensitive: only people who consented count, in the denominator too
                ('disadvantage', 'disability', 1, p.consented AND p.disability),
                ('disadvantage', 'third_country_national', 2, p.consented AND p.third_country_national),
                ('disadvantage', 'foreign_background', 3, p.consented AND p.foreign_background),
                ('disadvantage', 'homeless', 4, p.consented AND p.homeless)
            ) AS t (section, category, ord, counted)
            WHERE t.section <> 'disadvantage' OR p.consented
        ), counted AS (
            SELECT t.section, t.g_operator, t.g_territory, t.g_gender, t.g_age, t.g_labour, t.g_education,
                   GROUPING(t.g_operator, t.g_territory, t.g_gender, t.g_age, t.g_labour, t.g_education) <> 0 AS is_total,
                   t.category, min(t.ord) AS ord,
                   count(*) FILTER (WHERE t.counted) AS carriers,
                   count(*) AS population,
                   count(*) FILTER (WHERE t.counted AND t.gender = 'woman') AS women,
                   count(*) FILTER (WHERE t.counted AND t.gender = 'man') AS men,
                   count(*) FILTER (WHERE t.counted AND t.gender = 'non_binary') AS non_binary
            FROM trait AS t
            GROUP BY GROUPING SETS ((t.section, t.g_operator, t.g_territory, t.g_gender, t.g_age, t.g_labour, t.g_education,
                                     t.category),
                                    (t.section, t.category))
        )
        SELECT section, g_operator, g_territory, g_gender, g_age, g_labour, g_education, is_total, category, carriers,
               -- a share of the group's people; for disadvantages, of those who consented
               round(100.0 * carriers / nullif(CASE WHEN section = 'disadvantage' THEN population
                     ELSE sum(carriers) OVER (PARTITION BY section, g_operator, g_territory, g_gender, g_age, g_labour,
                                                           g_education, is_total) END, 0), 1)::float8,
               women, men, non_binary
        FROM counted
        ORDER BY array_position(ARRAY['gender', 'age', 'labour', 'education', 'disadvantage'], section), 8, 2, 3, 4, 5, 6, 7, ord
        """
    }

    private func profileExclusionsQuery(_ s: ScopeBinds) -> PostgresQuery {
        """
        SELECT (count(*) FILTER (WHERE NOT has_profile))::int, (count(*) FILTER (WHERE has_profile AND NOT consented))::int
        FROM parcours_scope_carrier(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID),
                                    \(s.fundingID), '{}'::text[], 1)
        WHERE entry_on BETWEEN \(s.from)::date AND \(s.to)::date
        """
    }
}
