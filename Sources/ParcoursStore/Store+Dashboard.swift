import ParcoursCore
import PostgresNIO

extension Transaction {
    /// The pages of a dashboard site the acting staff member may see: the network, each operator,
    /// each region and département where carriers live and each Pays and Parc (the operators' own
    /// groupings) their communes belong to, each programme and cohort.
    public func dashboardPages(networkTitle: String) async throws -> [DashboardPage] {
        var pages = [DashboardPage.network(title: networkTitle)]
        for row in try await rows("SELECT id, name FROM operator ORDER BY name") {
            let (id, name) = try row.decode((Int64, String).self)
            pages.append(DashboardPage(kind: .operator, slug: "operator-\(id)", title: name, scope: ReportScope(operatorID: OperatorID(id))))
        }
        // Where the people the acting staff member may report on live (computed without reading them).
        let anyPeriod = try ReportPeriod(from: FieldLimit.earliestDate, to: today)
        for cells in try await reportRows("territories", ReportPages([ReportScope()], period: anyPeriod))[0] {
            guard cells.count == 6, let id = cells[0].flatMap({ Int64($0) }), let code = cells[1], let name = cells[2] else {
                throw StoreError.unexpected("dashboard territories: unexpected row shape")
            }
            let operators = Set((cells[5] ?? "").split(separator: ",").compactMap { Int64($0) }.map(OperatorID.init))
            pages.append(
                DashboardPage(
                    kind: .territory, slug: "territory-\(code)", title: "\(name) (\(code))", scope: ReportScope(territoryID: TerritoryID(id)),
                    operators: operators))
        }
        for row in try await rows(
            "SELECT p.id, p.name, o.name, o.id FROM programme AS p JOIN operator AS o ON o.id = p.operator_id ORDER BY p.name")
        {
            let (id, name, operatorName, operatorID) = try row.decode((Int64, String, String, Int64).self)
            pages.append(
                DashboardPage(
                    kind: .programme, slug: "programme-\(id)", title: "\(name) — \(operatorName)", scope: ReportScope(programmeID: ProgrammeID(id)),
                    operators: [OperatorID(operatorID)]))
        }
        for row in try await rows(
            "SELECT c.id, c.name, p.name, p.operator_id FROM cohort AS c JOIN programme AS p ON p.id = c.programme_id ORDER BY p.name, c.starts_on, c.name")
        {
            let (id, name, programme, operatorID) = try row.decode((Int64, String, String, Int64).self)
            pages.append(
                DashboardPage(
                    kind: .cohort, slug: "cohort-\(id)", title: "\(name) — \(programme)", scope: ReportScope(cohortID: CohortID(id)),
                    operators: [OperatorID(operatorID)]))
        }
        guard acting.role == .funder else { return pages }
        // A funder reads the programmes of the operators it funds, but its site shows only those
        // its agreements cover (a page of a programme it does not fund would count nobody).
        let covered = try await funderCoveredProgrammesAndCohorts()
        return pages.filter { page in
            switch page.kind {
            case .programme: page.scope.programmeID.map(covered.programmes.contains) ?? false
            case .cohort: page.scope.cohortID.map(covered.cohorts.contains) ?? false
            default: true
            }
        }
    }

    /// The programmes and cohorts one of the acting funder's agreements covers: all the operator's
    /// when the agreement names none, else those it names (a cohort named covers its programme's page).
    private func funderCoveredProgrammesAndCohorts() async throws -> (programmes: Set<ProgrammeID>, cohorts: Set<CohortID>) {
        var covered: (programmes: Set<ProgrammeID>, cohorts: Set<CohortID>) = ([], [])
        for row in try await rows(
            """
            WITH agreement AS (
                SELECT f.id, f.operator_id,
                       NOT EXISTS (SELECT FROM funding_programme AS fp WHERE fp.funding_id = f.id)
                       AND NOT EXISTS (SELECT FROM funding_cohort AS fc WHERE fc.funding_id = f.id) AS whole
                FROM funding AS f WHERE f.funder_id = parcours_current_funder()
            )
            SELECT 'programme', p.id FROM programme AS p
            WHERE EXISTS (SELECT FROM agreement AS a WHERE a.operator_id = p.operator_id AND (a.whole
                OR EXISTS (SELECT FROM funding_programme AS fp WHERE fp.funding_id = a.id AND fp.programme_id = p.id)
                OR EXISTS (SELECT FROM funding_cohort AS fc JOIN cohort AS k ON k.id = fc.cohort_id
                           WHERE fc.funding_id = a.id AND k.programme_id = p.id)))
            UNION ALL
            SELECT 'cohort', k.id FROM cohort AS k
            WHERE EXISTS (SELECT FROM agreement AS a WHERE a.operator_id = k.operator_id AND (a.whole
                OR EXISTS (SELECT FROM funding_programme AS fp WHERE fp.funding_id = a.id AND fp.programme_id = k.programme_id)
                OR EXISTS (SELECT FROM funding_cohort AS fc WHERE fc.funding_id = a.id AND fc.cohort_id = k.id)))
            """)
        {
            let (kind, id) = try row.decode((String, Int64).self)
            if kind == "programme" { covered.programmes.insert(ProgrammeID(id)) } else { covered.cohorts.insert(CohortID(id)) }
        }
        return covered
    }

    /// The pages of a scope, its own page first and named `index` (the site's entry).
    public func dashboardPages(networkTitle: String, scope: DashboardScope) async throws -> [DashboardPage] {
        let all = try await dashboardPages(networkTitle: networkTitle)
        switch scope {
        case .network:
            return all
        case .operator(let id):
            let programmes = Set(try await programmes(operatorID: id).map(\.id))
            let cohorts = Set(try await cohorts().filter { programmes.contains($0.cohort.programmeID) }.map(\.cohort.id))
            var own = all.filter { page in
                page.scope.operatorID == id || page.scope.programmeID.map(programmes.contains) == true
                    || page.scope.cohortID.map(cohorts.contains) == true
            }
            guard !own.isEmpty else { throw StoreError.notFound("operator", id.rawValue) }
            own[0].slug = "index"
            return own
        case .territory(let id):
            let territories = try await territories(under: id).map(\.territory)
            let under = Set(territories.map(\.id))
            var own = all.filter { $0.scope.territoryID.map(under.contains) == true }
            guard let root = own.firstIndex(where: { $0.scope.territoryID == id }) else {
                let named = territories.first { $0.id == id }.map { "\($0.name) (\($0.code))" } ?? "\(id)"
                throw StoreError.notFound(Refusal(.noCarrierInTerritory, field: "scope", ["value": named]))
            }
            own.swapAt(0, root)
            own[0].slug = "index"
            return own
        }
    }

    /// The reports one page shows.
    public func dashboardData(for page: DashboardPage, period: ReportPeriod, comparison: ReportPeriod?) async throws -> DashboardData {
        try await dashboardData(for: [page], period: period, comparison: comparison)[0]
    }

    /// The reports each page shows, each report computed once for all the pages that show it (a
    /// dashboard's pages are report scopes: `reports(…, scopes:)`), so that a site costs as many
    /// statements as one page.
    ///
    /// - Parameter checkingAgreements: whether to check the agreements' data quality for the
    ///   network's and the operators' pages here (`Store.dashboardData(as:…)` checks them apart).
    public func dashboardData(
        for pages: [DashboardPage], period: ReportPeriod, comparison: ReportPeriod?, checkingAgreements: Bool = true
    ) async throws -> [DashboardData] {
        guard !pages.isEmpty else { return [] }
        let scopes = pages.map(\.scope)
        func run(
            _ kind: ReportKind, _ period: ReportPeriod, by dimensions: [ReportDimension] = [], only: Set<String>? = nil
        ) async throws -> [Report] {
            try await reports(kind, period: period, scopes: scopes, dimensions: dimensions, only: only)
        }
        let activity = try await run(.activity, period), outcomes = try await run(.outcomes, period)
        var previous: (activity: [Report], outcomes: [Report])?
        if let comparison { previous = (try await run(.activity, comparison), try await run(.outcomes, comparison, only: ["exits"])) }
        let outcomesByTerritory = try await run(.outcomes, period, by: [.territory], only: ["exits"])
        let funnel = try await run(.funnel, period), durations = try await run(.durations, period)
        let referrals = try await run(.referrals, period), profile = try await run(.profile, period)
        let monthlyExits = try await monthlyExits(scopes, period), cohorts = try await cohortSummary(scopes, period)
        let intake = try await run(.intake, period)
        var data = pages.indices.map { index in
            DashboardData(
                page: pages[index], period: period, comparison: comparison, activity: activity[index], outcomes: outcomes[index],
                previousActivity: previous?.activity[index], previousOutcomes: previous?.outcomes[index],
                outcomesByTerritory: outcomesByTerritory[index], funnel: funnel[index], durations: durations[index],
                referrals: referrals[index], profile: profile[index], monthlyExits: monthlyExits[index], cohorts: cohorts[index],
                intake: intake[index])
        }
        if checkingAgreements, let shown = DashboardData.agreementsShown(on: pages) {
            DashboardData.show(try await agreementsToCheck(operatorID: shown.operatorID), on: &data)
        }
        // The operators' own territories, Pays and Parcs, compared on the network's and the operators' pages.
        let zonal = pages.indices.filter { pages[$0].kind == .network || pages[$0].kind == .operator }
        if !zonal.isEmpty {
            for level in [TerritoryLevel.pays, .park] {
                let exits = try await reports(
                    .outcomes, period: period, scopes: zonal.map { pages[$0].scope }, dimensions: [.territory], territoryLevel: level,
                    only: ["exits"])
                for (position, index) in zonal.enumerated() {
                    // Only where the page's people live in one (a row that names a zone).
                    guard let section = exits[position].section("exits"), let column = section.column("territory"),
                          section.rows.contains(where: { $0[column].text != nil }) else { continue }
                    data[index].outcomesByZone.append((level, exits[position]))
                }
            }
        }
        // Operators side by side: on the network's and the territories' pages.
        let compared = pages.indices.filter { pages[$0].kind == .network || pages[$0].kind == .territory }
        if !compared.isEmpty {
            let scopes = compared.map { pages[$0].scope }
            let activity = try await reports(.activity, period: period, scopes: scopes, dimensions: [.operator])
            let exits = try await reports(.outcomes, period: period, scopes: scopes, dimensions: [.operator], only: ["exits"])
            let profile = try await reports(.profile, period: period, scopes: scopes, dimensions: [.operator])
            for (position, index) in compared.enumerated() {
                data[index].operators = OperatorComparison(activity: activity[position], outcomes: exits[position], profile: profile[position])
            }
        }
        // The three periods before this one, and this one: the trend.
        var periods = [period]
        for _ in 0..<3 { periods.insert(periods[0].previous, at: 0) }
        for each in periods {
            let activity = each == period ? activity : try await run(.activity, each)
            let exits = try await run(.outcomes, each, only: ["exits"])
            for index in pages.indices { data[index].trend.append((each, activity[index], exits[index])) }
        }
        return data
    }

    /// Exits per month and outcome, for each scope; within a month a person counts once (their last exit).
    func monthlyExits(_ scopes: [ReportScope], _ period: ReportPeriod) async throws -> [ReportTable] {
        return try await reportRows("monthly_exits", ReportPages(scopes, period: period)).map { rows in
            let values = try rows.map { cells -> [ReportValue] in
                guard cells.count == 3, let month = cells[0], let outcome = cells[1], let exits = cells[2].flatMap({ Int($0) }) else {
                    throw StoreError.unexpected("monthly exits: unexpected row shape")
                }
                return [.text(month), .text(outcome), .int(exits)]
            }
            return ReportTable(
                name: "monthly_exits",
                columns: [ReportColumn("month", .text), ReportColumn("outcome", .code(.outcome)), ReportColumn("exits", .count)],
                rows: values)
        }
    }

    /// The cohorts with journeys active in the period, for each scope: people, still accompanied,
    /// exited, positive exits.
    func cohortSummary(_ scopes: [ReportScope], _ period: ReportPeriod) async throws -> [ReportTable] {
        return try await reportRows("cohorts", ReportPages(scopes, period: period)).map { rows in
            let values = try rows.map { cells -> [ReportValue] in
                let counts = cells.dropFirst(3).compactMap { $0.flatMap { Int($0) } }
                guard cells.count == 7, let name = cells[0], let programme = cells[1], counts.count == 4 else {
                    throw StoreError.unexpected("cohort summary: unexpected row shape")
                }
                let startsOn = cells[2]
                let (carriers, active, exited, positive) = (counts[0], counts[1], counts[2], counts[3])
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
                rows: values)
        }
    }
}

extension Store {
    /// Each page's reports, as `acting` (so row-level security scopes every figure): the pages in
    /// three groups of about the same weight — the network and its operators, the territories, the
    /// programmes and cohorts — each computed in its own transaction, the three at once, and the
    /// agreements' data quality the network's and operators' pages show in a fourth.
    public func dashboardData(
        as acting: Acting, pages: [DashboardPage], period: ReportPeriod, comparison: ReportPeriod?
    ) async throws -> [DashboardData] {
        let groups: [Set<DashboardPage.Kind>] = [[.network, .operator], [.territory], [.programme, .cohort]]
        enum Computed: Sendable {
            case pages([Int], [DashboardData])
            case agreements([AgreementCheck])
        }
        return try await withThrowingTaskGroup(of: Computed.self) { tasks in
            for kinds in groups {
                let indices = pages.indices.filter { kinds.contains(pages[$0].kind) }
                guard !indices.isEmpty else { continue }
                tasks.addTask {
                    let data = try await self.transaction(as: acting) {
                        try await $0.dashboardData(
                            for: indices.map { pages[$0] }, period: period, comparison: comparison, checkingAgreements: false)
                    }
                    return .pages(indices, data)
                }
            }
            // The agreements' data quality, beside the reports.
            if let shown = DashboardData.agreementsShown(on: pages) {
                tasks.addTask {
                    .agreements(try await self.transaction(as: acting) { try await $0.agreementsToCheck(operatorID: shown.operatorID) })
                }
            }
            var results = [DashboardData?](repeating: nil, count: pages.count)
            var checked: [AgreementCheck] = []
            for try await computed in tasks {
                switch computed {
                case .pages(let indices, let data): for (index, each) in zip(indices, data) { results[index] = each }
                case .agreements(let agreements): checked = agreements
                }
            }
            var data = results.map { $0! }
            DashboardData.show(checked, on: &data)
            return data
        }
    }
}

extension DashboardData {
    /// Whose agreements' data quality the pages show (on the network's and the operators' pages):
    /// nil when no page shows any; else the operator whose pages alone are asked, or `.all`.
    static func agreementsShown(on pages: [DashboardPage]) -> AgreementsShown? {
        let operators = Set(pages.filter { $0.kind == .network || $0.kind == .operator }.map(\.scope.operatorID))
        guard !operators.isEmpty else { return nil }
        if operators.count == 1, let only = operators.first! { return .operator(only) }
        return .all
    }

    enum AgreementsShown: Sendable {
        case all, `operator`(OperatorID)
        var operatorID: OperatorID? { if case .operator(let id) = self { id } else { nil } }
    }

    /// Each agreement checked once, shown on the network's page and its operator's.
    static func show(_ checked: [AgreementCheck], on data: inout [DashboardData]) {
        for index in data.indices where data[index].page.kind == .network || data[index].page.kind == .operator {
            let operatorID = data[index].page.scope.operatorID
            data[index].quality = checked.filter { operatorID == nil || $0.funding.operatorID == operatorID }.map(\.quality)
        }
    }
}
