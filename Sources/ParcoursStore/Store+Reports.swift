import Foundation
import ParcoursCore
import PostgresNIO

// Reports, aggregated in SQL (DESIGN.md §5). The queries live in sql/0011 (`parcours_report_rows`,
// run as the owner over the journeys the caller may report on, so that a funder reads aggregates
// without any row access to people). Every query starts from the same two functions of sql/0005:
// `parcours_scope_carrier` (one row per person in scope, with the breakdown columns g_*) and
// `parcours_scope_journey` (the journeys in scope), and returns rows, as text, laid out as
//
//     section, g_operator, g_territory, g_gender, g_age, g_labour, g_education, is_total, <columns…>
//
// where is_total marks the whole scope's rows (GROUPING SETS with the empty set, so a person
// counts once in the total even when they appear in several groups' journeys).

extension Transaction {
    /// Computes a report; `only` restricts it to some of its sections (the dashboards need the
    /// exits alone of some outcomes reports).
    public func report(_ request: ReportRequest, only: Set<String>? = nil) async throws -> Report {
        if let unsupported = request.dimensions.first(where: { !request.kind.dimensions.contains($0) }) {
            throw StoreError.invalid(Refusal(.dimensionNotInReport, field: "by", [
                "value": unsupported.rawValue, "report": request.kind.rawValue,
                "expected": request.kind.dimensions.map(\.rawValue).joined(separator: ", "),
            ]))
        }
        let depth = try await territoryDepth(for: request)
        let scope = ScopeBinds(request: request, territoryDepth: depth)
        var exclusions: [Exclusion] = []
        if request.scope.territoryID != nil {
            exclusions.append(Exclusion(.noCommune, count: try await peopleWithoutCommune(scope)))
        }
        let sections: [ReportTable]
        switch request.kind {
        case .activity:
            sections = try await grouped("activity", scope, request, sections: ["activity": ReportLayout.activity])
        case .funnel:
            sections = try await grouped("funnel", scope, request, sections: ["funnel": ReportLayout.funnel])
        case .outcomes:
            var tables: [ReportTable] = []
            let wanted = { (name: String) in only?.contains(name) ?? true }
            if wanted("exits") { tables += try await grouped("exits", scope, request, sections: ["exits": ReportLayout.exits]) }
            if wanted("activities") {
                tables += try await grouped("activities", scope, request, sections: ["activities": ReportLayout.activities])
            }
            if wanted("follow_up_6_months") {
                tables += try await grouped("follow_up_6_months", scope, request, sections: ["follow_up_6_months": ReportLayout.followUp])
                let missing = try await reportRows("follow_up_missing", scope).first.flatMap { $0.first ?? nil }.flatMap { Int($0) } ?? 0
                exclusions.append(Exclusion(.followUpMissing, count: missing))
            }
            sections = tables
        case .durations:
            sections = try await grouped("durations", scope, request, sections: ["durations": ReportLayout.durations])
        case .referrals:
            sections = try await grouped("referrals", scope, request, sections: ["referrals": ReportLayout.referrals])
        case .intake:
            sections = try await grouped(
                "intake", scope, request,
                sections: [
                    "intake": ReportLayout.intake, "declines": ReportLayout.declines, "redirections": ReportLayout.redirections,
                    "prescribers": ReportLayout.prescribers,
                ],
                omitting: ["prescribers": [.prescriber]])
        case .profile:
            sections = try await grouped(
                "profile", scope, request,
                sections: [
                    "gender": ReportLayout.profile(.gender), "age": ReportLayout.profile(.ageBand),
                    "labour": ReportLayout.profile(.labourStatus), "education": ReportLayout.profile(.educationLevel),
                    "disadvantage": ReportLayout.profile(.disadvantage),
                ])
            let counts = try await reportRows("profile_exclusions", scope).first ?? []
            let (noProfile, noConsent) = (counts.first.flatMap { $0 }.flatMap { Int($0) } ?? 0,
                                          counts.dropFirst().first.flatMap { $0 }.flatMap { Int($0) } ?? 0)
            exclusions += [Exclusion(.noProfile, count: noProfile), Exclusion(.noConsent, count: noConsent)]
        case .quality:
            return try await qualityReport(request)
        }
        return Report(request: request, sections: sections, exclusions: exclusions.filter { $0.count > 0 })
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

    /// Where a breakdown by territory groups: the level asked for, else just below the scope's
    /// territory, else the départements.
    private func territoryDepth(for request: ReportRequest) async throws -> Int {
        if let level = request.territoryLevel { return level.sqlLevel }
        guard let territory = request.scope.territoryID else { return TerritoryLevel.department.sqlLevel }
        let kind = try await rows("SELECT kind FROM territory WHERE id = \(territory.rawValue)").first?.decode(String.self)
        return TerritoryLevel.below(kind.flatMap(TerritoryKind.init(rawValue:)) ?? .commune).sqlLevel
    }

    /// People of the same scope but for the territory, active in the period, whose commune is not
    /// recorded: no territory scope can count them.
    private func peopleWithoutCommune(_ s: ScopeBinds) async throws -> Int {
        try await reportRows("no_commune", s).first.flatMap { $0.first ?? nil }.flatMap { Int($0) } ?? 0
    }

    /// The rows of one of the report queries of sql/0011, as text cells.
    func reportRows(_ name: String, _ s: ScopeBinds) async throws -> [[String?]] {
        // The intake report counts intakes, not journeys: its own definer function (sql/0016).
        if name == "intake" {
            return try await rows(
                """
                SELECT parcours_intake_rows(\(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID),
                                            \(s.dimensions)::text[], \(s.territoryDepth)::int, \(s.from)::date, \(s.to)::date)
                """
            ).map { try Self.cells(try $0.decode(String.self)) }
        }
        return try await rows(
            """
            SELECT parcours_report_rows(\(name), \(s.operatorID), \(s.territoryID), \(s.programmeID), \(s.cohortID), \(s.fundingID),
                                        \(s.dimensions)::text[], \(s.territoryDepth)::int, \(s.from)::date, \(s.to)::date)
            """
        ).map { try Self.cells(try $0.decode(String.self)) }
    }

    /// The cells of a row the report functions write: a JSON array of texts and nulls.
    static func cells(_ json: String) throws -> [String?] {
        guard let array = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any] else {
            throw StoreError.unexpected("report row is not a JSON array")
        }
        return array.map { $0 as? String }
    }

    /// Decodes rows laid out as described at the top of this file into one table per section.
    ///
    /// - Parameter omitting: per section, breakdowns it does not take (the prescribers section of
    ///   the intake report is itself the breakdown by prescriber).
    private func grouped(
        _ query: String, _ scope: ScopeBinds, _ request: ReportRequest, sections layouts: [String: [ReportColumn]],
        omitting: [String: Set<ReportDimension>] = [:]
    ) async throws -> [ReportTable] {
        func dimensions(_ section: String) -> [ReportDimension] { request.dimensions.filter { !(omitting[section]?.contains($0) ?? false) } }
        var tables: [String: ReportTable] = [:]
        var order: [String] = []
        for (name, columns) in layouts {
            tables[name] = ReportTable(name: name, columns: dimensions(name).map(ReportLayout.column(for:)) + columns)
        }
        for cells in try await reportRows(query, scope) {
            // The intake report's sections share one row width: the cells a section does not use are trailing nulls.
            guard cells.count >= 8, let section = cells[0], let layout = layouts[section],
                  cells.count == 8 + layout.count || (query == "intake" && cells.count > 8 + layout.count) else {
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
