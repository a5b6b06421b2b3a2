/// The reports Parcours computes from the journey history (DESIGN.md §5).
public enum ReportKind: String, CaseIterable, Sendable {
    /// Carriers welcomed, journeys active, sessions held, hours of accompaniment, attendance rate.
    case activity
    /// How many people reached each phase of each programme, and the conversion between phases.
    case funnel
    /// Exits by outcome, activities created, jobs, situations at the 6-month follow-up.
    case outcomes
    /// Median and third quartile of days per phase and from entry to exit.
    case durations
    /// Referrals by partner kind and status, take-up, days to answer.
    case referrals
    /// Who was accompanied: the ESF+ breakdown at entry.
    case profile
    /// First contacts and what became of them: admitted, declined (why, redirected to whom), the
    /// prescriber mix, days from first contact to admission.
    case intake
    /// An agreement's ESF+ data quality: the share of participants with incomplete data against
    /// the 35 % rule, and what is missing, person by person (`--funding` required).
    case quality

    /// The breakdowns a report can take: the intake's people are not carriers yet (no gender,
    /// age or profile recorded), the prescriber is the intake's.
    public var dimensions: [ReportDimension] {
        switch self {
        case .intake: [.operator, .territory, .prescriber]
        // Person by person already.
        case .quality: []
        default: [.operator, .territory, .gender, .age, .labour, .education]
        }
    }
}

/// What a report can break its rows down by. Each is a property of the person (at entry), so a
/// person counts once in a row and once in the total.
public enum ReportDimension: String, CaseIterable, Sendable {
    case `operator`, territory, gender, age, labour, education, prescriber
}

/// The levels of the territory tree a breakdown by territory can group at.
public enum TerritoryLevel: String, CaseIterable, Sendable {
    case region, department, epci, commune
    /// The operators' own groupings: a commune may belong to several, or to none.
    case pays, park

    /// How SQL names the level (`territory_place.level`): the official tree's depth (`parcours_territory_depth`),
    /// 4 and 5 for the Pays and the Parcs.
    public var sqlLevel: Int {
        switch self {
        case .region: 0
        case .department: 1
        case .epci: 2
        case .commune: 3
        case .pays: 4
        case .park: 5
        }
    }

    /// The level just below a territory of this kind (a département's EPCIs…), a commune's own.
    public static func below(_ kind: TerritoryKind) -> TerritoryLevel {
        switch kind {
        case .region: .department
        case .department: .epci
        case .epci, .pays, .park, .commune: .commune
        }
    }
}

/// Which journeys (and so which people) a report counts. Nil: not restricted.
public struct ReportScope: Hashable, Sendable {
    public var operatorID: OperatorID?
    /// The territory's whole subtree: where the carrier lives.
    public var territoryID: TerritoryID?
    public var programmeID: ProgrammeID?
    public var cohortID: CohortID?
    public var fundingID: FundingID?

    public init(
        operatorID: OperatorID? = nil, territoryID: TerritoryID? = nil, programmeID: ProgrammeID? = nil,
        cohortID: CohortID? = nil, fundingID: FundingID? = nil
    ) {
        self.operatorID = operatorID
        self.territoryID = territoryID
        self.programmeID = programmeID
        self.cohortID = cohortID
        self.fundingID = fundingID
    }

    /// The same scope, restricted to an agreement's participants when one is given.
    public func with(funding: FundingID?) -> ReportScope {
        var scope = self
        scope.fundingID = funding ?? fundingID
        return scope
    }
}

public struct ReportRequest: Hashable, Sendable {
    public var kind: ReportKind
    public var period: ReportPeriod
    public var scope: ReportScope
    public var dimensions: [ReportDimension]
    /// Where a breakdown by territory groups; nil: below the scope's territory, else départements.
    public var territoryLevel: TerritoryLevel?

    public init(
        kind: ReportKind, period: ReportPeriod, scope: ReportScope = ReportScope(), dimensions: [ReportDimension] = [],
        territoryLevel: TerritoryLevel? = nil
    ) {
        self.kind = kind
        self.period = period
        self.scope = scope
        self.dimensions = dimensions
        self.territoryLevel = territoryLevel
    }
}

/// A computed report: one or more tables, and what was left out of them and why.
public struct Report: Sendable {
    public var request: ReportRequest
    public var sections: [ReportTable]
    public var exclusions: [Exclusion]

    public init(request: ReportRequest, sections: [ReportTable], exclusions: [Exclusion] = []) {
        self.request = request
        self.sections = sections
        self.exclusions = exclusions
    }

    public func section(_ name: String) -> ReportTable? { sections.first { $0.name == name } }
}

/// Records a report could not count, with the reason (a stable code, labelled by the renderer).
public struct Exclusion: Hashable, Sendable {
    public enum Reason: String, CaseIterable, Sendable {
        /// People without a recorded commune: outside every territory scope.
        case noCommune = "no_commune"
        /// People without a profile: labour status and education counted as unknown.
        case noProfile = "no_profile"
        /// People who did not consent to sensitive data: left out of the disadvantage counts.
        case noConsent = "no_consent"
        /// Exits without a recorded 6-month follow-up (yet).
        case followUpMissing = "follow_up_missing"
        /// People accompanied on a single day: not ESF+ participants.
        case oneDayOnly = "one_day_only"
    }

    public var reason: Reason
    public var count: Int

    public init(_ reason: Reason, count: Int) {
        self.reason = reason
        self.count = count
    }
}

/// A table of typed values: what every renderer (text, CSV, XLSX, JSON, HTML) starts from.
public struct ReportTable: Sendable {
    /// Stable key (`exits`, `follow_up_6_months`): the JSON contract and the label's key.
    public var name: String
    public var columns: [ReportColumn]
    /// One row per group (and category); without a breakdown, the whole scope's rows.
    public var rows: [[ReportValue]]
    /// With a breakdown, the whole scope's rows (one per category), every person once: the
    /// dimension cells are `.none`. Empty without a breakdown, or when a total means nothing.
    public var totals: [[ReportValue]]

    public init(name: String, columns: [ReportColumn], rows: [[ReportValue]] = [], totals: [[ReportValue]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.totals = totals
    }

    public func column(_ key: String) -> Int? { columns.firstIndex { $0.key == key } }

    /// The same table without the columns `keys` name (a person's names, in a pack that names nobody).
    public func without(_ keys: Set<String>) -> ReportTable {
        let kept = columns.indices.filter { !keys.contains(columns[$0].key) }
        var table = self
        table.columns = kept.map { columns[$0] }
        table.rows = rows.map { row in kept.map { row[$0] } }
        table.totals = totals.map { row in kept.map { row[$0] } }
        return table
    }

    /// The value of `key` in the first row whose values match `filter` (tests, dashboards);
    /// `inTotals` reads the whole scope's rows instead.
    public func value(_ key: String, where filter: [String: ReportValue] = [:], inTotals: Bool = false) -> ReportValue? {
        guard let index = column(key) else { return nil }
        let row = (inTotals ? totals : rows).first { row in
            filter.allSatisfy { key, value in column(key).map { row[$0] == value } ?? false }
        }
        return row?[index]
    }
}

public struct ReportColumn: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Free text (a name).
        case text
        /// A code of a closed vocabulary, shown by its label in the reader's language.
        case code(Vocabulary)
        /// Codes of a closed vocabulary, comma-separated in the value, shown as their labels.
        case codes(Vocabulary)
        case count
        /// A decimal quantity (hours, full-time equivalents).
        case decimal
        /// A percentage, 0–100, one decimal.
        case percent
        /// A number of days (medians may be fractional).
        case days
        case date
        case flag
    }

    /// Stable snake_case key (the JSON field and the label's key).
    public var key: String
    public var kind: Kind
    /// The ESF+ indicator codes this column feeds (a participant file's), shown with its label.
    public var feeds: [String]

    public init(_ key: String, _ kind: Kind, feeds: [String] = []) {
        self.key = key
        self.kind = kind
        self.feeds = feeds
    }
}

/// The closed vocabularies a report cell can hold a code of.
public enum Vocabulary: String, Hashable, Sendable {
    case phase, stage, outcome, gender, ageBand, labourStatus, educationLevel, legalForm, situation
    case partnerKind, referralStatus, disadvantage, indicator, territory, ruralZoning, prescriber, declineReason, profileQuestion, qualityGap, qualityLevel
    /// Why a partner declined a referral (sql/0037), not why a first contact was not admitted (`declineReason`).
    case referralDeclineReason
}

public enum ReportValue: Hashable, Sendable {
    case text(String)
    case int(Int)
    case decimal(Double)
    case date(LocalDate)
    case bool(Bool)
    /// Unknown or not applicable: an empty cell, JSON null.
    case none

    public var int: Int? { if case .int(let value) = self { value } else { nil } }
    public var decimal: Double? {
        switch self {
        case .decimal(let value): value
        case .int(let value): Double(value)
        default: nil
        }
    }
    public var text: String? { if case .text(let value) = self { value } else { nil } }
}

extension ReportValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .decimal(value) }
}
