/// One page of the evaluation dashboards: a scope and what it is called.
public struct DashboardPage: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case network, `operator`, territory, programme, cohort
    }

    public var kind: Kind
    /// The file name without extension (`index`, `operator-3`, `territory-53`…).
    public var slug: String
    public var title: String
    public var scope: ReportScope
    /// The operators whose work the page shows: a programme's or a cohort's own, those whose
    /// people live in a territory. Their pages link to it.
    public var operators: Set<OperatorID>

    public init(kind: Kind, slug: String, title: String, scope: ReportScope, operators: Set<OperatorID> = []) {
        self.kind = kind
        self.slug = slug
        self.title = title
        self.scope = scope
        self.operators = operators
    }

    public static func network(title: String) -> DashboardPage {
        DashboardPage(kind: .network, slug: "index", title: title, scope: ReportScope())
    }
}

/// Everything a dashboard page shows, computed by the store's report queries for one scope and
/// period (and the period it is compared with).
public struct DashboardData: Sendable {
    public var page: DashboardPage
    public var period: ReportPeriod
    public var comparison: ReportPeriod?
    public var activity: Report
    public var outcomes: Report
    public var previousActivity: Report?
    public var previousOutcomes: Report?
    /// Outcomes broken down by territory (one level below the page's territory, else départements).
    public var outcomesByTerritory: Report
    /// On the network's and the operators' pages, the same by the operators' own territories —
    /// Pays, then Parcs — when the page's people live in any (one report a kind).
    public var outcomesByZone: [(level: TerritoryLevel, report: Report)] = []
    public var funnel: Report
    public var durations: Report
    public var referrals: Report
    public var profile: Report
    /// Exits per month and outcome over the period (a person once a month).
    public var monthlyExits: ReportTable
    /// The cohorts of the scope active in the period.
    public var cohorts: ReportTable
    /// First contacts of the period and what became of them (nil: not computed).
    public var intake: Report?
    /// The data quality of the ESF+ agreements of the page's scope (network and operator pages).
    public var quality: [DataQuality.Summary] = []
    /// Operators side by side (network and territory pages): activity, exits and profile by operator.
    public var operators: OperatorComparison?
    /// The page's key figures over the last four periods of the same kind, oldest first.
    public var trend: [(period: ReportPeriod, activity: Report, exits: Report)] = []

    public init(
        page: DashboardPage, period: ReportPeriod, comparison: ReportPeriod?, activity: Report, outcomes: Report,
        previousActivity: Report?, previousOutcomes: Report?, outcomesByTerritory: Report, funnel: Report, durations: Report,
        referrals: Report, profile: Report, monthlyExits: ReportTable, cohorts: ReportTable, intake: Report? = nil
    ) {
        self.intake = intake
        self.page = page
        self.period = period
        self.comparison = comparison
        self.activity = activity
        self.outcomes = outcomes
        self.previousActivity = previousActivity
        self.previousOutcomes = previousOutcomes
        self.outcomesByTerritory = outcomesByTerritory
        self.funnel = funnel
        self.durations = durations
        self.referrals = referrals
        self.profile = profile
        self.monthlyExits = monthlyExits
        self.cohorts = cohorts
    }
}

/// The reports that put operators side by side on one page.
public struct OperatorComparison: Sendable {
    public var activity: Report
    public var outcomes: Report
    public var profile: Report

    public init(activity: Report, outcomes: Report, profile: Report) {
        self.activity = activity
        self.outcomes = outcomes
        self.profile = profile
    }

    /// One line per operator: welcomed, accompanied, hours, exits, positive-exit rate, and the
    /// shares of women and of job seekers at entry.
    public var table: ReportTable {
        let activity = activity.sections.first, exits = outcomes.section("exits")
        let gender = profile.section("gender"), labour = profile.section("labour")
        let names = (activity?.rows ?? []).compactMap { $0.first?.text }
        func share(_ table: ReportTable?, of operatorName: String, _ categories: Set<String>) -> ReportValue {
            guard let table, let op = table.column("operator"), let category = table.column("category"), let share = table.column("share_pct") else {
                return .none
            }
            let values = table.rows.filter { $0[op].text == operatorName && categories.contains($0[category].text ?? "") }
                .compactMap { $0[share].decimal }
            return values.isEmpty ? .decimal(0) : .decimal((values.reduce(0, +) * 10).rounded() / 10)
        }
        let rows = names.map { name -> [ReportValue] in
            let match: [String: ReportValue] = ["operator": .text(name)]
            return [
                .text(name), activity?.value("carriers_welcomed", where: match) ?? .none, activity?.value("carriers_active", where: match) ?? .none,
                activity?.value("hours_of_accompaniment", where: match) ?? .none, exits?.value("exits", where: match) ?? .int(0),
                exits?.value("positive_exit_rate_pct", where: match) ?? .none, share(gender, of: name, ["woman"]),
                share(labour, of: name, ["unemployed", "long_term_unemployed"]),
            ]
        }
        return ReportTable(
            name: "operators",
            columns: [
                ReportColumn("operator", .text), ReportColumn("carriers_welcomed", .count), ReportColumn("carriers_active", .count),
                ReportColumn("hours_of_accompaniment", .decimal), ReportColumn("exits", .count), ReportColumn("positive_exit_rate_pct", .percent),
                ReportColumn("women_pct", .percent), ReportColumn("job_seekers_pct", .percent),
            ],
            rows: rows)
    }
}

/// What part of the network a dashboard site or a share link covers: the whole network, an
/// operator's pages (with its programmes and cohorts), or a territory's (with those under it).
public enum DashboardScope: Hashable, Sendable {
    case network
    case `operator`(OperatorID)
    case territory(TerritoryID)

    /// How the database keeps it (`dashboard_share.scope_kind`, `scope_id`).
    public var stored: (kind: String, id: Int64?) {
        switch self {
        case .network: ("network", nil)
        case .operator(let id): ("operator", id.rawValue)
        case .territory(let id): ("territory", id.rawValue)
        }
    }

    public init?(kind: String, id: Int64?) {
        switch (kind, id) {
        case ("network", nil): self = .network
        case ("operator", let id?): self = .operator(OperatorID(id))
        case ("territory", let id?): self = .territory(TerritoryID(id))
        default: return nil
        }
    }
}
