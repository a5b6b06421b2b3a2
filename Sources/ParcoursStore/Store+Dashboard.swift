import ParcoursCore
import PostgresNIO

extension Transaction {
    /// The pages of a dashboard site the acting staff member may see: the network, each operator,
    /// each region and département where carriers live, each programme and cohort.
    public func dashboardPages(networkTitle: String) async throws -> [DashboardPage] {
        var pages = [DashboardPage.network(title: networkTitle)]
        for row in try await rows("SELECT id, name FROM operator ORDER BY name") {
            let (id, name) = try row.decode((Int64, String).self)
            pages.append(DashboardPage(kind: .operator, slug: "operator-\(id)", title: name, scope: ReportScope(operatorID: OperatorID(id))))
        }
        for row in try await rows(
            """
            SELECT DISTINCT l.id, l.code, l.name, l.kind
            FROM (SELECT DISTINCT commune_id FROM carrier WHERE commune_id IS NOT NULL) AS c
            CROSS JOIN LATERAL parcours_territory_lineage(c.commune_id) AS l
            WHERE l.kind IN ('region', 'department')
            ORDER BY l.kind DESC, l.name
            """)
        {
            let (id, code, name, _) = try row.decode((Int64, String, String, String).self)
            pages.append(
                DashboardPage(kind: .territory, slug: "territory-\(code)", title: "\(name) (\(code))", scope: ReportScope(territoryID: TerritoryID(id))))
        }
        for row in try await rows("SELECT p.id, p.name, o.name FROM programme AS p JOIN operator AS o ON o.id = p.operator_id ORDER BY p.name") {
            let (id, name, operatorName) = try row.decode((Int64, String, String).self)
            pages.append(
                DashboardPage(kind: .programme, slug: "programme-\(id)", title: "\(name) — \(operatorName)", scope: ReportScope(programmeID: ProgrammeID(id))))
        }
        for row in try await rows(
            "SELECT c.id, c.name, p.name FROM cohort AS c JOIN programme AS p ON p.id = c.programme_id ORDER BY p.name, c.starts_on, c.name")
        {
            let (id, name, programme) = try row.decode((Int64, String, String).self)
            pages.append(
                DashboardPage(kind: .cohort, slug: "cohort-\(id)", title: "\(name) — \(programme)", scope: ReportScope(cohortID: CohortID(id))))
        }
        return pages
    }

    /// The reports one page shows.
    public func dashboardData(for page: DashboardPage, period: ReportPeriod, comparison: ReportPeriod?) async throws -> DashboardData {
        func run(
            _ kind: ReportKind, _ period: ReportPeriod, by dimensions: [ReportDimension] = [], only: Set<String>? = nil
        ) async throws -> Report {
            try await report(ReportRequest(kind: kind, period: period, scope: page.scope, dimensions: dimensions), only: only)
        }
        var previous: (activity: Report, outcomes: Report)?
        if let comparison { previous = (try await run(.activity, comparison), try await run(.outcomes, comparison, only: ["exits"])) }
        return DashboardData(
            page: page, period: period, comparison: comparison,
            activity: try await run(.activity, period), outcomes: try await run(.outcomes, period),
            previousActivity: previous?.activity, previousOutcomes: previous?.outcomes,
            outcomesByTerritory: try await run(.outcomes, period, by: [.territory], only: ["exits"]),
            funnel: try await run(.funnel, period), durations: try await run(.durations, period),
            referrals: try await run(.referrals, period), profile: try await run(.profile, period),
            monthlyExits: try await monthlyExits(page.scope, period), cohorts: try await cohortSummary(page.scope, period))
    }

    /// Exits per month and outcome; within a month a person counts once (their last exit).
    func monthlyExits(_ scope: ReportScope, _ period: ReportPeriod) async throws -> ReportTable {
        let s = ScopeBinds(request: ReportRequest(kind: .outcomes, period: period, scope: scope), territoryDepth: 1)
        let rows = try await rows(
            """
            WITH exit_by_month AS (
                SELECT DISTINCT ON (j.carrier_id, date_trunc('month', j.closed_on)) j.closed_on, j.phase AS outcome
                FROM parcours_scope_journey(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID)) AS j
                WHERE j.closed_on BETWEEN \(s.from)::date AND \(s.to)::date
                ORDER BY j.carrier_id, date_trunc('month', j.closed_on), j.closed_on DESC, j.journey_id DESC
            )
            SELECT to_char(m.month, 'YYYY-MM'), o.outcome, count(x.outcome)::int
            FROM generate_series(date_trunc('month', \(s.from)::date), \(s.to)::date, interval '1 month') AS m (month)
            CROSS JOIN unnest(ARRAY['activity_created', 'employed', 'training', 'handed_on', 'withdrawn']) WITH ORDINALITY AS o (outcome, ord)
            LEFT JOIN exit_by_month AS x ON date_trunc('month', x.closed_on) = m.month AND x.outcome = o.outcome
            GROUP BY m.month, o.outcome, o.ord
            ORDER BY m.month, o.ord
            """
        ).map { row -> [ReportValue] in
            let (month, outcome, exits) = try row.decode((String, String, Int).self)
            return [.text(month), .text(outcome), .int(exits)]
        }
        return ReportTable(
            name: "monthly_exits", columns: [ReportColumn("month", .text), ReportColumn("outcome", .code(.outcome)), ReportColumn("exits", .count)],
            rows: rows)
    }

    /// The cohorts with journeys active in the period: people, still accompanied, exited, positive exits.
    func cohortSummary(_ scope: ReportScope, _ period: ReportPeriod) async throws -> ReportTable {
        let s = ScopeBinds(request: ReportRequest(kind: .activity, period: period, scope: scope), territoryDepth: 1)
        let rows = try await rows(
            """
            SELECT c.name, p.name, to_char(c.starts_on, 'YYYY-MM-DD'),
                   count(DISTINCT j.carrier_id)::int,
                   (count(DISTINCT j.carrier_id) FILTER (WHERE j.closed_on IS NULL OR j.closed_on > \(s.to)::date))::int,
                   (count(DISTINCT j.carrier_id) FILTER (WHERE j.closed_on <= \(s.to)::date))::int,
                   (count(DISTINCT j.carrier_id) FILTER (
                       WHERE j.closed_on <= \(s.to)::date AND j.phase IN ('activity_created', 'employed', 'training')))::int
            FROM parcours_scope_journey(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID)) AS j
            JOIN cohort AS c ON c.id = j.cohort_id
            JOIN programme AS p ON p.id = c.programme_id
            WHERE j.opened_on <= \(s.to)::date AND (j.closed_on IS NULL OR j.closed_on >= \(s.from)::date)
            GROUP BY c.id, c.name, p.name, c.starts_on
            ORDER BY c.starts_on NULLS LAST, c.name
            """
        ).map { row -> [ReportValue] in
            let (name, programme, startsOn, carriers, active, exited, positive) = try row.decode((String, String, String?, Int, Int, Int, Int).self)
            return [.text(name), .text(programme), startsOn.flatMap { LocalDate(iso: $0) }.map(ReportValue.date) ?? .none,
                    .int(carriers), .int(active), .int(exited), .int(positive)]
        }
        return ReportTable(
            name: "cohorts",
            columns: [
                ReportColumn("cohort", .text), ReportColumn("programme", .text), ReportColumn("starts_on", .date),
                ReportColumn("carriers", .count), ReportColumn("still_accompanied", .count), ReportColumn("exits", .count),
                ReportColumn("positive_exits", .count),
            ],
            rows: rows)
    }
}

extension Store {
    /// Each page's reports, `concurrency` pages at a time, each page in its own transaction as
    /// `acting` (so row-level security scopes every figure).
    public func dashboardData(
        as acting: Acting, pages: [DashboardPage], period: ReportPeriod, comparison: ReportPeriod?, concurrency: Int = 3
    ) async throws -> [DashboardData] {
        try await withThrowingTaskGroup(of: (Int, DashboardData).self) { group in
            var results = [DashboardData?](repeating: nil, count: pages.count)
            var next = 0
            while next < pages.count || !group.isEmpty {
                while next < pages.count, next - results.lazy.compactMap({ $0 }).count < concurrency {
                    let index = next
                    group.addTask {
                        (index, try await self.transaction(as: acting) { try await $0.dashboardData(for: pages[index], period: period, comparison: comparison) })
                    }
                    next += 1
                }
                if let (index, data) = try await group.next() { results[index] = data }
            }
            return results.map { $0! }
        }
    }
}
