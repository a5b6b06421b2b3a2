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

    public init(kind: Kind, slug: String, title: String, scope: ReportScope) {
        self.kind = kind
        self.slug = slug
        self.title = title
        self.scope = scope
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
