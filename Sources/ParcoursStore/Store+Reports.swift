import Foundation
import Synchronization
import ParcoursCore
import PostgresNIO

// Reports, aggregated in SQL (DESIGN.md §5). The queries live in `parcours_report_rows` (sql/definitions),
// run as the owner over the journeys the caller may report on, so that a funder reads aggregates
// without any row access to people. A query runs for a set of pages — report scopes, one for the
// command line, every page of a dashboard at once — and starts from the same two functions:
// `parcours_scope_period` (each page's journeys that the period's facts name: closed, open, opened,
// referred or changed in it, with each person's entry and the columns a breakdown groups by) and
// `parcours_scope_carrier` (one row per page and person it counts, with the breakdown columns g_*,
// labelled from what the first one read). It returns rows, as text, laid out as
//
//     page, section, g_operator, g_territory, g_gender, g_age, g_labour, g_education, is_total, <columns…>
//
// where is_total marks the whole scope's rows (GROUPING SETS with the page alone, so a person
// counts once in the total even when they appear in several groups' journeys).

extension Transaction {
    /// Computes a report; `only` restricts it to some of its sections (the dashboards need the
    /// exits alone of some outcomes reports).
    public func report(_ request: ReportRequest, only: Set<String>? = nil) async throws -> Report {
        try await reports(request.kind, period: request.period, scopes: [request.scope], dimensions: request.dimensions,
                          territoryLevel: request.territoryLevel, only: only)[0]
    }

    /// The same report for several scopes — a dashboard's pages — each query run once for all of
    /// them (`parcours_report_rows` groups by page): as many statements as for one scope.
    public func reports(
        _ kind: ReportKind, period: ReportPeriod, scopes: [ReportScope], dimensions: [ReportDimension] = [],
        territoryLevel: TerritoryLevel? = nil, only: Set<String>? = nil
    ) async throws -> [Report] {
        if let unsupported = dimensions.first(where: { !kind.dimensions.contains($0) }) {
            throw StoreError.invalid(Refusal(.dimensionNotInReport, field: "by", [
                "value": unsupported.rawValue, "report": kind.rawValue, "expected": kind.dimensions.map(\.rawValue).joined(separator: ", "),
            ]))
        }
        let requests = scopes.map {
            ReportRequest(kind: kind, period: period, scope: $0, dimensions: dimensions, territoryLevel: territoryLevel)
        }
        if kind == .quality {
            var reports: [Report] = []
            for request in requests { reports.append(try await qualityReport(request)) }
            return reports
        }
        let pages = ReportPages(requests, depths: try await territoryDepths(for: requests))
        var exclusions = [[Exclusion]](repeating: [], count: scopes.count)
        let territorial = pages.only { $0.territory != nil }
        if !territorial.pages.isEmpty {
            // People of the same scope but for the territory, active in the period, whose commune
            // is not recorded: no territory scope can count them. The same for every report of a
            // dashboard's territories: computed once a transaction.
            for (page, count) in try await counts("no_commune", territorial.withoutTerritory) {
                exclusions[page].append(Exclusion(.noCommune, count: count[0]))
            }
        }
        var sections = [[ReportTable]](repeating: [], count: scopes.count)
        func add(_ tables: [[ReportTable]]) { for page in sections.indices { sections[page] += tables[page] } }
        switch kind {
        case .activity:
            add(try await grouped("activity", pages, sections: ["activity": ReportLayout.activity]))
        case .funnel:
            add(try await grouped("funnel", pages, sections: ["funnel": ReportLayout.funnel]))
        case .outcomes:
            // One statement reads the exits once for every part; the exits alone when that is all that is asked.
            let wanted = { (name: String) in only?.contains(name) ?? true }
            let parts = only == ["exits"]
                ? ["exits": ReportLayout.exits]
                : ["exits": ReportLayout.exits, "activities": ReportLayout.activities, "follow_up_6_months": ReportLayout.followUp,
                   "follow_up_missing": ReportLayout.followUpMissing]
            for (page, tables) in try await grouped(only == ["exits"] ? "exits" : "outcomes", pages, sections: parts).enumerated() {
                let table = { (name: String) in tables.first { $0.name == name } }
                if wanted("follow_up_6_months"), let missing = table("follow_up_missing") {
                    // one total row: the page's count, after the breakdown's empty cells
                    let count = (missing.totals.first ?? missing.rows.first)?.last?.int ?? 0
                    exclusions[page].append(Exclusion(.followUpMissing, count: count))
                }
                sections[page] += ["exits", "activities", "follow_up_6_months"].filter(wanted).compactMap(table)
            }
        case .durations:
            add(try await grouped("durations", pages, sections: ["durations": ReportLayout.durations]))
        case .referrals:
            // Per partner and per reason: the scope's whole, never broken down (a partner is its own row).
            let whole = Set(ReportDimension.allCases)
            add(try await grouped(
                "referrals", pages,
                sections: [
                    "referrals": ReportLayout.referrals, "referral_partners": ReportLayout.referralPartners,
                    "referral_declines": ReportLayout.referralDeclines,
                ],
                omitting: ["referral_partners": whole, "referral_declines": whole]))
            // Each partner's service level against the period before and the same period a year
            // before (the partner networks' question); not for the earlier periods themselves.
            if only == nil {
                let before = try await reports(.referrals, period: period.previous, scopes: scopes, only: ["referral_partners"])
                let yearBefore = try await reports(.referrals, period: period.yearBefore, scopes: scopes, only: ["referral_partners"])
                for page in sections.indices {
                    let partners = { (tables: [ReportTable]) in tables.first { $0.name == "referral_partners" } }
                    if let now = partners(sections[page]) {
                        sections[page].append(ReportLayout.referralPartnersCompared(
                            now, previous: partners(before[page].sections), yearBefore: partners(yearBefore[page].sections)))
                    }
                }
            }
        case .intake:
            add(try await grouped(
                "intake", pages,
                sections: [
                    "intake": ReportLayout.intake, "declines": ReportLayout.declines, "redirections": ReportLayout.redirections,
                    "prescribers": ReportLayout.prescribers,
                ],
                omitting: ["prescribers": [.prescriber]]))
        case .profile:
            add(try await grouped(
                "profile", pages,
                sections: [
                    "gender": ReportLayout.profile(.gender), "age": ReportLayout.profile(.ageBand),
                    "labour": ReportLayout.profile(.labourStatus), "education": ReportLayout.profile(.educationLevel),
                    "disadvantage": ReportLayout.profile(.disadvantage),
                ]))
            let counted = try await counts("profile_exclusions", pages)
            for page in exclusions.indices {
                let (noProfile, noConsent) = (counted[page]?[0] ?? 0, counted[page]?[1] ?? 0)
                exclusions[page] += [Exclusion(.noProfile, count: noProfile), Exclusion(.noConsent, count: noConsent)]
            }
        case .quality:
            preconditionFailure("answered above")
        }
        return requests.indices.map { Report(request: requests[$0], sections: sections[$0], exclusions: exclusions[$0].filter { $0.count > 0 }) }
    }

    /// A report over the period given, or the default one (`reportPeriod`): what the CLI and the API both ask.
    public func report(
        _ kind: ReportKind, period given: ReportPeriod?, scope: ReportScope, dimensions: [ReportDimension],
        territoryLevel: TerritoryLevel? = nil
    ) async throws -> Report {
        let period = try await reportPeriod(given, of: kind, scope: scope)
        return try await report(ReportRequest(kind: kind, period: period, scope: scope, dimensions: dimensions, territoryLevel: territoryLevel))
    }

    /// The period a report covers: the one given; for the quality of an agreement, by default the
    /// agreement's own dates. Every other report needs one.
    func reportPeriod(_ given: ReportPeriod?, of kind: ReportKind, scope: ReportScope) async throws -> ReportPeriod {
        if let given { return given }
        guard kind == .quality else { throw StoreError.invalid(Refusal(.required, field: "period")) }
        guard let fundingID = scope.fundingID, let funding = try await fundings(id: fundingID).first else {
            throw StoreError.invalid(Refusal(.required, field: "funding"))
        }
        return funding.period
    }

    /// The data quality of one agreement's participants over the period (the participant file's
    /// own lines, so the report and the file never disagree).
    private func qualityReport(_ request: ReportRequest) async throws -> Report {
        guard let fundingID = request.scope.fundingID, let funding = try await fundings(id: fundingID).first else {
            throw StoreError.invalid(Refusal(.required, field: "funding"))
        }
        let file = try await participants(of: funding, period: request.period)
        let quality = DataQuality(file, today: today)
        return Report(
            request: request, sections: quality.sections(named: file.participants.contains { $0.identity != nil }),
            exclusions: file.exclusions)
    }

    /// Where each request's breakdown by territory groups: the level asked for, else just below
    /// the scope's territory, else the départements.
    private func territoryDepths(for requests: [ReportRequest]) async throws -> [Int] {
        let territories = Set(requests.compactMap { $0.territoryLevel == nil ? $0.scope.territoryID?.rawValue : nil })
        var kinds: [Int64: TerritoryKind] = [:]
        if !territories.isEmpty {
            for row in try await rows("SELECT id, kind FROM territory WHERE id = ANY (\(Array(territories)))") {
                let (id, kind) = try row.decode((Int64, String).self)
                kinds[id] = TerritoryKind(rawValue: kind)
            }
        }
        return requests.map { request in
            if let level = request.territoryLevel { return level.sqlLevel }
            guard let territory = request.scope.territoryID else { return TerritoryLevel.department.sqlLevel }
            return TerritoryLevel.below(kinds[territory.rawValue] ?? .commune).sqlLevel
        }
    }

    /// The rows of one of the report queries (`parcours_report_rows`, `parcours_intake_rows`), as
    /// text cells, each page's apart (the page number, their first cell, removed).
    func reportRows(_ name: String, _ pages: ReportPages) async throws -> [[[String?]]] {
        // Pages with the same scope are computed once (every territory's page is the whole
        // network's when the territory is set aside, as for the people without a commune).
        var first: [ReportPages.Page: Int] = [:]
        for page in pages.pages where first[page.scope] == nil { first[page.scope] = page.page }
        var distinct = pages
        distinct.pages = pages.pages.filter { first[$0.scope] == $0.page }
        var byPage = try await distinctRows(name, distinct, count: pages.count)
        for page in pages.pages {
            if let computed = first[page.scope], computed != page.page { byPage[page.page] = byPage[computed] }
        }
        return byPage
    }

    /// Each page's rows of one query; in a READ ONLY transaction, computed once for the same pages,
    /// breakdown and period (a site's previous quarter is both its comparison and a quarter of its
    /// trend).
    private func distinctRows(_ name: String, _ pages: ReportPages, count: Int) async throws -> [[[String?]]] {
        let key = [name, pages.json, pages.dimensions.joined(separator: ","), pages.from, pages.to].joined(separator: "|")
        let rows: [(page: Int, cells: [String?])]
        if let computed = computedReports?.rows(key) {
            rows = computed
        } else {
            // The intake report counts first contacts, not journeys: its own definer function.
            let query: PostgresQuery = name == "intake"
                ? "SELECT parcours_intake_rows(\(pages.json)::jsonb, \(pages.dimensions)::text[], \(pages.from)::date, \(pages.to)::date)"
                : "SELECT parcours_report_rows(\(name), \(pages.json)::jsonb, \(pages.dimensions)::text[], \(pages.from)::date, \(pages.to)::date)"
            rows = try await self.rows(query).map { row in
                let cells = try Self.cells(try row.decode(String.self))
                guard let page = cells.first.flatMap({ $0.flatMap { Int($0) } }) else {
                    throw StoreError.unexpected("report \(name): a row without its page")
                }
                return (page, Array(cells.dropFirst()))
            }
            computedReports?.keep(rows, as: key)
        }
        var byPage = [[[String?]]](repeating: [], count: count)
        for row in rows {
            guard byPage.indices.contains(row.page) else { throw StoreError.unexpected("report \(name): a row without its page") }
            byPage[row.page].append(row.cells)
        }
        return byPage
    }

    /// A query answering counts, one row a page (none for a page with nothing to count).
    private func counts(_ name: String, _ pages: ReportPages) async throws -> [Int: [Int]] {
        var counts: [Int: [Int]] = [:]
        for (page, rows) in try await reportRows(name, pages).enumerated() {
            guard let row = rows.first else { continue }
            counts[page] = row.map { $0.flatMap { Int($0) } ?? 0 }
        }
        return counts
    }

    /// The cells of a row the report functions write: a JSON array of texts and nulls.
    static func cells(_ json: String) throws -> [String?] {
        do { return try JSONCells.parse(json) } catch { throw StoreError.unexpected("report row is not a JSON array") }
    }

    /// Decodes rows laid out as described at the top of this file into one table per section, for each page.
    ///
    /// - Parameter omitting: per section, breakdowns it does not take (the prescribers section of
    ///   the intake report is itself the breakdown by prescriber).
    private func grouped(
        _ query: String, _ pages: ReportPages, sections layouts: [String: [ReportColumn]],
        omitting: [String: Set<ReportDimension>] = [:]
    ) async throws -> [[ReportTable]] {
        let requested = pages.requestedDimensions
        func dimensions(_ section: String) -> [ReportDimension] { requested.filter { !(omitting[section]?.contains($0) ?? false) } }
        return try await reportRows(query, pages).map { rows in
            var tables: [String: ReportTable] = [:]
            var order: [String] = []
            for (name, columns) in layouts {
                tables[name] = ReportTable(name: name, columns: dimensions(name).map(ReportLayout.column(for:)) + columns)
            }
            for cells in rows {
                // The intake and referrals reports' sections share one row width: the cells a section does not use are trailing nulls.
                guard cells.count >= 8, let section = cells[0], let layout = layouts[section],
                      cells.count == 8 + layout.count || (["intake", "referrals"].contains(query) && cells.count > 8 + layout.count) else {
                    throw StoreError.unexpected("report \(query): unexpected row shape")
                }
                if !order.contains(section) { order.append(section) }
                var values: [ReportValue] = []
                for dimension in dimensions(section) {
                    let text = cells[ReportLayout.gColumn(dimension)]
                    values.append(dimension == .territory && text == "unknown" ? .none : text.map(ReportValue.text) ?? .none)
                }
                let isTotal = cells[7] == "true"
                for (offset, column) in layout.enumerated() {
                    values.append(try Self.value(cells[8 + offset], as: column.kind))
                }
                if isTotal && !dimensions(section).isEmpty {
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
    }

    /// A cell as the report functions write it (JSON's numbers, `true`/`false`, ISO dates).
    static func value(_ cell: String?, as kind: ReportColumn.Kind) throws -> ReportValue {
        guard let cell else { return .none }
        func parsed<T>(_ value: T?) throws -> T {
            guard let value else { throw StoreError.unexpected("report cell '\(cell)' is not a \(kind)") }
            return value
        }
        switch kind {
        case .text, .code, .codes: return .text(cell)
        case .count: return .int(try parsed(Int(cell)))
        case .decimal, .percent, .days: return .decimal(try parsed(Double(cell)))
        case .date: return .date(try parsed(LocalDate(iso: cell)))
        case .flag: return .bool(cell == "true")
        }
    }
}

/// The report rows a READ ONLY transaction already computed (`Transaction.reportRows`), by query,
/// pages, breakdown and period: it writes nothing that would change them, and every page built in
/// it shows the same figures for the same question (a quarter as a comparison and in a trend),
/// even if another transaction commits meanwhile.
final class ComputedReports: Sendable {
    private let computed = Mutex<[String: [(page: Int, cells: [String?])]]>([:])

    func rows(_ key: String) -> [(page: Int, cells: [String?])]? { computed.withLock { $0[key] } }
    func keep(_ rows: [(page: Int, cells: [String?])], as key: String) { computed.withLock { $0[key] = rows } }
}

/// The pages a report query runs for, with what every page shares (breakdown, period): bound as
/// the JSON array `parcours_scope_journey` reads, `{"page": n, "operator": …, "depth": …}`, the
/// page being the request's position.
struct ReportPages {
    struct Page: Encodable, Hashable {
        var page: Int
        var operatorID, territory, programme, cohort, funding: Int64?
        /// The level a breakdown by territory groups at (`territory_place.level`).
        var depth: Int

        enum CodingKeys: String, CodingKey { case page, operatorID = "operator", territory, programme, cohort, funding, depth }

        /// What the page counts: the page without its number.
        var scope: Page {
            var scope = self
            scope.page = 0
            return scope
        }
    }

    var pages: [Page]
    /// How many pages the caller asked for (some queries run for some of them).
    var count: Int
    var requestedDimensions: [ReportDimension]
    var from: String
    var to: String

    init(_ requests: [ReportRequest], depths: [Int]) {
        pages = requests.indices.map { index in
            let scope = requests[index].scope
            return Page(
                page: index, operatorID: scope.operatorID?.rawValue, territory: scope.territoryID?.rawValue,
                programme: scope.programmeID?.rawValue, cohort: scope.cohortID?.rawValue, funding: scope.fundingID?.rawValue,
                depth: depths[index])
        }
        count = requests.count
        requestedDimensions = requests.first?.dimensions ?? []
        from = requests.first?.period.from.iso ?? ""
        to = requests.first?.period.to.iso ?? ""
    }

    /// Scopes over a period, without a breakdown.
    init(_ scopes: [ReportScope], period: ReportPeriod) {
        self.init(scopes.map { ReportRequest(kind: .activity, period: period, scope: $0) },
                  depths: scopes.map { _ in TerritoryLevel.department.sqlLevel })
    }

    var dimensions: [String] { requestedDimensions.map(\.rawValue) }

    var json: String {
        // Encoding integers and optionals cannot fail; sorted, the same pages are the same text
        // (the key of the reports a transaction already computed).
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try! encoder.encode(pages), as: UTF8.self)
    }

    func only(_ included: (Page) -> Bool) -> ReportPages {
        var subset = self
        subset.pages = pages.filter(included)
        return subset
    }

    /// The pages without their territory, nor what only a territory's breakdown needs (its level,
    /// the breakdown itself): the pages for which they count the same people are one.
    var withoutTerritory: ReportPages {
        var copy = self
        for index in copy.pages.indices {
            copy.pages[index].territory = nil
            copy.pages[index].depth = 0
        }
        copy.requestedDimensions = []
        return copy
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
        case .prescriber: ReportColumn("prescriber", .code(.prescriber))
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
        // Only the intake report breaks down by prescriber; its rows carry it in the third column.
        case .prescriber: 3
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
    /// A page's exits without a six-month situation: not a table of the report but its exclusion.
    static let followUpMissing = [ReportColumn("exits", .count)]
    static let durations = [
        ReportColumn("stage", .code(.stage)), ReportColumn("carriers", .count), ReportColumn("median_days", .days),
        ReportColumn("p75_days", .days),
    ]
    static let referrals = [
        ReportColumn("partner_kind", .code(.partnerKind)), ReportColumn("referrals", .count),
        ReportColumn("carriers", .count), ReportColumn("proposed", .count), ReportColumn("studying", .count), ReportColumn("accepted", .count),
        ReportColumn("declined", .count), ReportColumn("completed", .count), ReportColumn("take_up_pct", .percent),
        ReportColumn("answered_within_3_days_pct", .percent), ReportColumn("answered_within_5_days_pct", .percent),
        ReportColumn("median_days_to_answer", .days),
    ]
    /// Each partner's service level: its answers within 3 and 5 days, what it took up and declined.
    static let referralPartners = [
        ReportColumn("partner", .text), ReportColumn("partner_kind", .code(.partnerKind)), ReportColumn("referrals", .count),
        ReportColumn("declined", .count), ReportColumn("take_up_pct", .percent), ReportColumn("answered_within_3_days_pct", .percent),
        ReportColumn("answered_within_5_days_pct", .percent), ReportColumn("median_days_to_answer", .days),
    ]
    /// Each partner of `now` with its answers within 3 and 5 days and its take-up, beside the same
    /// figures in the period before and the same period a year before (empty cells when it had no referral then).
    static func referralPartnersCompared(_ now: ReportTable, previous: ReportTable?, yearBefore: ReportTable?) -> ReportTable {
        let figures = ["answered_within_3_days_pct", "answered_within_5_days_pct", "take_up_pct"]
        func lookup(_ table: ReportTable?) -> [String: [ReportValue]] {
            guard let table, let partner = table.column("partner"), let kind = table.column("partner_kind") else { return [:] }
            let columns = figures.map { table.column($0)! }
            return Dictionary(table.rows.map { row in
                ("\(row[partner].text ?? "")\u{1F}\(row[kind].text ?? "")", columns.map { row[$0] })
            }, uniquingKeysWith: { first, _ in first })
        }
        let (earlier, yearAgo) = (lookup(previous), lookup(yearBefore))
        let current = lookup(now)
        let partner = now.column("partner")!, kind = now.column("partner_kind")!
        let rows = now.rows.map { row -> [ReportValue] in
            let key = "\(row[partner].text ?? "")\u{1F}\(row[kind].text ?? "")"
            var cells = [row[partner], row[kind]]
            for index in figures.indices {
                cells += [current[key]?[index] ?? .none, earlier[key]?[index] ?? .none, yearAgo[key]?[index] ?? .none]
            }
            return cells
        }
        var columns = [ReportColumn("partner", .text), ReportColumn("partner_kind", .code(.partnerKind))]
        for figure in figures {
            columns += [ReportColumn(figure, .percent), ReportColumn(figure + "_previous", .percent), ReportColumn(figure + "_year_before", .percent)]
        }
        return ReportTable(name: "referral_partners_compared", columns: columns, rows: rows)
    }
    static let referralDeclines = [
        ReportColumn("decline_reason", .code(.referralDeclineReason)), ReportColumn("declined", .count), ReportColumn("share_pct", .percent),
    ]
    static let intake = [
        ReportColumn("first_contacts", .count), ReportColumn("info_sessions", .count), ReportColumn("diagnostics", .count),
        ReportColumn("admitted", .count), ReportColumn("not_admitted", .count), ReportColumn("pending", .count),
        ReportColumn("activity_created", .count), ReportColumn("admission_rate_pct", .percent),
        ReportColumn("median_days_to_admission", .days),
    ]
    static let declines = [ReportColumn("decline_reason", .code(.declineReason)), ReportColumn("not_admitted", .count)]
    static let redirections = [ReportColumn("partner", .text), ReportColumn("redirected", .count)]
    static let prescribers = [
        ReportColumn("prescriber", .code(.prescriber)), ReportColumn("first_contacts", .count), ReportColumn("admitted", .count),
        ReportColumn("share_pct", .percent),
    ]

    static func profile(_ vocabulary: Vocabulary) -> [ReportColumn] {
        [
            ReportColumn("category", .code(vocabulary)), ReportColumn("carriers", .count), ReportColumn("share_pct", .percent),
            ReportColumn("women", .count), ReportColumn("men", .count), ReportColumn("non_binary", .count),
        ]
    }
}
