import ParcoursCore

/// A dashboard page as one self-contained HTML file: inline CSS, inline SVG charts each with a
/// text alternative and its data table, no script, nothing fetched from anywhere.
public struct DashboardRenderer: Sendable {
    public var language: Language
    /// For publication: counts of fewer than five people are masked, so nobody can be recognised.
    public var isPublic: Bool

    public init(language: Language, isPublic: Bool = false) {
        self.language = language
        self.isPublic = isPublic
    }

    private var formatter: CellFormatter { CellFormatter(language: language) }
    private func t(_ fr: String, _ en: String) -> String { language == .fr ? fr : en }

    /// The smallest count shown in a public page.
    public static let smallestPublicCount = 5

    public func page(_ data: DashboardData, site: [DashboardPage], generatedOn: LocalDate) -> String {
        let period = Labels.periodWithDates(data.period, language)
        var body = "<header><p class=\"kicker\">\(HTML.escape(t("Tableau de bord d'évaluation", "Evaluation dashboard")))"
        body += " · \(HTML.escape(kindName(data.page.kind)))</p>"
        body += "<h1>\(HTML.escape(data.page.title))</h1>"
        body += "<p class=\"period\">\(HTML.escape(t("Période", "Period"))) \(HTML.escape(period))"
        if let comparison = data.comparison {
            body += " · \(HTML.escape(t("comparée à", "compared with"))) \(HTML.escape(Labels.period(comparison, language)))"
        }
        body += "</p></header>"
        body += navigation(site, current: data.page)
        body += headline(data)
        // The state of the file before the contrôle de service fait: for the operator, not the public.
        if !isPublic, !data.quality.isEmpty {
            body += section(t("Qualité des données FSE+ (règle des 35 %)", "ESF+ data quality (the 35 % rule)"), quality(data.quality))
        }
        if let intake = data.intake {
            body += section(t("Accueil : du premier contact à l'activité", "Intake: from first contact to activity"), intakeFunnel(intake))
        }
        if data.trend.count > 1 {
            body += section(t("Évolution sur les quatre dernières périodes", "Trend over the last four periods"), trend(data.trend))
        }
        if let operators = data.operators {
            body += section(t("Les opérateurs côte à côte", "Operators side by side"), operatorComparison(operators))
        }
        body += section(t("Entonnoir des phases", "Phase funnel"), funnel(data.funnel), exclusions: data.funnel.exclusions)
        body += section(t("Sorties par issue, mois par mois", "Exits by outcome, month by month"), monthlyExits(data.monthlyExits))
        body += section(
            t("Sorties par territoire", "Exits by territory"), territories(data.outcomesByTerritory),
            exclusions: data.outcomesByTerritory.exclusions)
        for (level, report) in data.outcomesByZone {
            let (title, id) = level == .park
                ? (t("Sorties par Parc naturel régional", "Exits by regional nature park"), "parks")
                : (t("Sorties par Pays et territoire de projet", "Exits by Pays and project territory"), "pays")
            body += section(title, territories(report, id: id, title: title, level: level), exclusions: report.exclusions)
        }
        body += section(t("Profil des porteurs à l'entrée (FSE+)", "Carriers' profile at entry (ESF+)"), profile(data.profile),
                        exclusions: data.profile.exclusions)
        body += section(t("Durées par phase", "Durations per phase"), durations(data.durations))
        body += section(t("Orientations vers les partenaires", "Referrals to partners"), referrals(data.referrals))
        body += section(t("Cohortes", "Cohorts"), cohorts(data.cohorts))
        body += "<footer>\(HTML.escape(t("Produit par Parcours le", "Produced by Parcours on"))) \(formatter.date(generatedOn))"
        if isPublic {
            body += " · \(HTML.escape(t("les effectifs de moins de 5 personnes sont masqués", "counts below 5 people are masked")))"
        }
        body += "</footer>"
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(data.page.title)) · \(HTML.escape(Labels.period(data.period, language)))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            \(body)
            </body>
            </html>

            """
    }

    // MARK: Parts

    private func kindName(_ kind: DashboardPage.Kind) -> String {
        switch kind {
        case .network: t("Réseau", "Network")
        case .operator: t("Opérateur", "Operator")
        case .territory: t("Territoire", "Territory")
        case .programme: t("Programme", "Programme")
        case .cohort: t("Cohorte", "Cohort")
        }
    }

    /// The site's entry (`index`: the network, or the scope's own page) lists every other page;
    /// the others lead back to it, and an operator's page to the pages of its work (its
    /// territories — régions, départements, Pays, Parcs where its people live —, programmes, cohorts).
    private func navigation(_ site: [DashboardPage], current: DashboardPage) -> String {
        var html = "<nav aria-label=\"\(HTML.escape(t("Pages du tableau de bord", "Dashboard pages")))\">"
        if current.slug != "index", let index = site.first(where: { $0.slug == "index" }) {
            html += "<p><a href=\"\(HTML.escape(index.slug)).html\">← \(HTML.escape(index.title))</a></p>"
        }
        let operatorID = current.kind == .operator ? current.scope.operatorID : nil
        if current.slug == "index" || operatorID != nil {
            for kind in DashboardPage.Kind.allCases {
                let pages = site.filter { page in
                    page.kind == kind && page.slug != current.slug && page.slug != "index"
                        && (operatorID.map(page.operators.contains) ?? true)
                }
                guard !pages.isEmpty else { continue }
                html += "<h2 class=\"nav\">\(HTML.escape(kindName(kind)))</h2><ul>"
                for page in pages {
                    html += "<li><a href=\"\(HTML.escape(page.slug)).html\">\(HTML.escape(page.title))</a></li>"
                }
                html += "</ul>"
            }
        }
        return html + "</nav>"
    }

    /// Headline figures, each with its change against the comparison period.
    private func headline(_ data: DashboardData) -> String {
        let activity = data.activity.sections.first, exits = data.outcomes.section("exits")
        let previousActivity = data.previousActivity?.sections.first, previousExits = data.previousOutcomes?.section("exits")
        let figures: [(String, ReportTable?, ReportTable?, ReportColumn.Kind)] = [
            ("carriers_welcomed", activity, previousActivity, .count),
            ("carriers_active", activity, previousActivity, .count),
            ("hours_of_accompaniment", activity, previousActivity, .decimal),
            ("exits", exits, previousExits, .count),
            ("positive_exit_rate_pct", exits, previousExits, .percent),
            ("activity_created", exits, previousExits, .count),
            ("jobs_fte", exits, previousExits, .decimal),
        ]
        var html = "<section class=\"headline\"><h2>\(HTML.escape(t("Chiffres clés", "Key figures")))</h2><div class=\"figures\">"
        for (key, table, previous, kind) in figures {
            let value = table?.value(key) ?? .none
            let old = previous?.value(key)
            let hidden = hides(key, in: table, kind)
            let shown = hidden
                ? HTML.escape(kind == .count ? "< \(Self.smallestPublicCount)" : t("masqué", "masked"))
                : HTML.escape(formatter.text(value == .none ? .int(0) : value, as: kind))
            let raw = hidden ? "masked" : Self.raw(value)
            html += "<div class=\"figure\" data-key=\"\(key)\" data-value=\"\(raw)\"><span class=\"value\">\(shown)</span>"
            html += "<span class=\"label\">\(HTML.escape(Labels.column(key, language)))</span>"
            if let old, let comparison = data.comparison {
                // A change computed from a hidden figure (now or then) would give it away.
                let masked = hidden || hides(key, in: previous, kind)
                let text = masked ? t("évolution masquée", "change masked") : change(from: old, to: value, kind: kind)
                html += "<span class=\"change\">\(HTML.escape(text)) "
                html += "\(HTML.escape(t("par rapport à", "vs"))) \(HTML.escape(Labels.period(comparison, language)))</span>"
            }
            html += "</div>"
        }
        return html + "</div></section>"
    }

    /// A number of days as people say it: whole days (« 112 j »); a masked one says so.
    private func days(_ value: ReportValue) -> String {
        guard let number = value.decimal else { return display(value, .days) }
        return formatter.number(number.rounded(), fractionDigits: 0) + t(" j", " d")
    }

    private func change(from old: ReportValue, to new: ReportValue, kind: ReportColumn.Kind) -> String {
        // A rate of the comparison period with nothing to rate (no exit then) compares with nothing.
        if kind == .percent, old.decimal == nil || new.decimal == nil { return t("sans comparaison possible", "no comparison possible") }
        let difference = (new.decimal ?? 0) - (old.decimal ?? 0)
        let unit = kind == .percent ? t(" pts", " pts") : ""
        if difference == 0 { return "= " + t("stable", "unchanged") }
        let magnitude = formatter.number(abs(difference), fractionDigits: kind == .count ? 0 : 1)
        return (difference > 0 ? "+" : "−") + magnitude + unit
    }

    private func funnel(_ report: Report) -> String {
        guard let table = report.sections.first.map(masked) else { return "" }
        let rows = table.rows.map { row -> SVGChart.Bar in
            let programme = row[table.column("programme")!].text ?? ""
            let phase = Labels.code(row[table.column("phase")!].text ?? "", of: .phase, language)
            let carriers = row[table.column("carriers")!]
            let conversion = row[table.column("conversion_pct")!]
            let note = display(carriers, .count) + (conversion == .none ? "" : " (\(percent(conversion)))")
            return SVGChart.Bar(label: "\(programme) · \(phase)", segments: [carriers.decimal], note: note)
        }
        return figure(
            id: "funnel", title: t("Porteurs ayant atteint chaque phase", "Carriers who reached each phase"), bars: rows,
            table: table, report: report)
    }

    /// First contacts → admitted → activity created, then who sent them.
    private func intakeFunnel(_ report: Report) -> String {
        guard let table = report.sections.first(where: { $0.name == "intake" }).map(masked), let row = table.rows.first else { return noData() }
        func value(_ key: String) -> ReportValue { row[table.column(key)!] }
        let steps: [(String, String)] = [
            ("first_contacts", t("Premiers contacts", "First contacts")), ("admitted", t("Admis en parcours", "Admitted to a journey")),
            ("activity_created", t("Activité créée", "Activity created")),
        ]
        let bars = steps.map { key, label in SVGChart.Bar(label: label, segments: [value(key).decimal], note: display(value(key), .count)) }
        var html = figure(id: "intake", title: t("Du premier contact à l'activité", "From first contact to activity"), bars: bars, table: table, report: report)
        if let prescribers = report.sections.first(where: { $0.name == "prescribers" }).map(masked), !prescribers.rows.isEmpty {
            let column = prescribers.column("prescriber")!, contacts = prescribers.column("first_contacts")!, share = prescribers.column("share_pct")!
            let mix = prescribers.rows.map { row in
                SVGChart.Bar(
                    label: Labels.code(row[column].text ?? "", of: .prescriber, language), segments: [row[contacts].decimal],
                    note: "\(display(row[contacts], .count)) (\(percent(row[share])))")
            }
            html += "<figure>" + SVGChart.bars(mix, id: "prescribers", title: t("Qui envoie les personnes", "Who sends people"), description: describe(mix))
                + dataTable(prescribers, dimensions: 0) + "</figure>"
        }
        return html
    }

    private func monthlyExits(_ table: ReportTable) -> String {
        var table = masked(table)
        guard !table.rows.isEmpty else { return "<p class=\"empty\">\(HTML.escape(t("Aucune sortie sur la période.", "No exit over the period.")))</p>" }
        // A month as people write it (`03/2026`), in the chart and in its table.
        func month(_ code: String) -> String {
            let parts = code.split(separator: "-")
            return parts.count == 2 ? "\(parts[1])/\(parts[0])" : code
        }
        table.rows = table.rows.map { row in [.text(month(row[0].text ?? ""))] + row.dropFirst() }
        let outcomes = Outcome.allCases.map(\.rawValue)
        var months: [String] = []
        var values: [String: [Double?]] = [:]
        for row in table.rows {
            let month = row[0].text ?? ""
            if values[month] == nil {
                months.append(month)
                values[month] = Array(repeating: 0, count: outcomes.count)
            }
            if let index = outcomes.firstIndex(of: row[1].text ?? "") { values[month]![index] = row[2].decimal }
        }
        let columns = months.map { (label: $0, values: values[$0]!) }
        let masking = table.rows.contains { $0[2].decimal == nil && $0[2] != .none }
        let total = table.rows.compactMap { $0[2].int }.reduce(0, +)
        let title = t("Sorties par mois et par issue", "Exits per month and outcome")
        // A total made of masked months would give them away: it is masked too.
        let summary = masking
            ? t("total masqué (moins de 5 personnes certains mois)", "total masked (fewer than 5 people some months)")
            : t("\(total) sorties sur la période", "\(total) exits over the period")
        let description = summary + "; "
            + months.map { month in
                "\(month) : " + zip(outcomes, values[month]!).compactMap { outcome, value in
                    guard let value else { return "\(Labels.code(outcome, of: .outcome, language)) \(t("masqué", "masked"))" }
                    guard value > 0 else { return nil }
                    return "\(Labels.code(outcome, of: .outcome, language)) \(formatter.number(value, fractionDigits: 0))"
                }.joined(separator: ", ")
            }.joined(separator: "; ")
        var html = "<figure>" + SVGChart.columns(columns, id: "monthly", title: title, description: description)
        html += legend(outcomes.map { Labels.code($0, of: .outcome, language) })
        html += dataTable(table, dimensions: 0) + "</figure>"
        return html
    }

    /// Exits by territory, most first; `id` and `title` name the chart when a page has several
    /// (the official levels, the Pays, the Parcs); the people in none of the operators' own zones
    /// read « Hors Pays », in the chart as in its table and in the CLI's.
    private func territories(_ report: Report, id: String = "territories", title: String? = nil, level: TerritoryLevel? = nil) -> String {
        let level = level ?? report.request.territoryLevel
        guard let exits = report.section("exits").map(masked) else { return "" }
        let territory = exits.column("territory")!, count = exits.column("exits")!
        let positive = exits.column("positive_exits")!, rate = exits.column("positive_exit_rate_pct")!
        let ranked = exits.rows.sorted { ($0[count].decimal ?? 0) > ($1[count].decimal ?? 0) }
        let bars = ranked.map { row -> SVGChart.Bar in
            let label = row[territory].text ?? Labels.absent("territory", level: level, language)
            let positives = row[positive].decimal, all = row[count].decimal
            let others = positives.flatMap { p in all.map { $0 - p } }
            return SVGChart.Bar(
                label: label, segments: [positives, others],
                note: "\(display(row[count], .count)) · \(percent(row[rate])) \(t("positives", "positive"))")
        }
        var html = "<figure>" + SVGChart.bars(
            bars, id: id, title: title.map { "\($0), " + t("du plus au moins", "most first") }
                ?? t("Sorties par territoire, du plus au moins", "Exits by territory, most first"),
            description: describe(bars))
        html += legend([t("Sorties positives", "Positive exits"), t("Autres sorties", "Other exits")])
        html += dataTable(exits, dimensions: 1, level: level) + "</figure>"
        return html
    }

    private func profile(_ report: Report) -> String {
        var html = ""
        for name in ["age", "labour", "education", "gender", "disadvantage"] {
            guard let section = report.section(name).map(masked), !section.rows.isEmpty else { continue }
            let bars = section.rows.map { row -> SVGChart.Bar in
                let category = row[section.column("category")!]
                let kind = section.columns[section.column("category")!].kind
                let women = row[section.column("women")!].decimal, men = row[section.column("men")!].decimal
                let nonBinary = row[section.column("non_binary")!].decimal
                let carriers = row[section.column("carriers")!]
                // Those whose gender is unknown complete the bar.
                let others = carriers.decimal.flatMap { all in women.flatMap { w in men.flatMap { m in nonBinary.map { all - w - m - $0 } } } }
                return SVGChart.Bar(
                    label: formatter.text(category, as: kind), segments: [women, men, nonBinary, others],
                    note: "\(display(carriers, .count)) · \(percent(row[section.column("share_pct")!]))")
            }
            html += "<figure><figcaption>\(HTML.escape(Labels.section(name, language)))</figcaption>"
            html += SVGChart.bars(bars, id: "profile-\(name)", title: Labels.section(name, language), description: describe(bars))
            html += legend([Labels.column("women", language), Labels.column("men", language), Labels.column("non_binary", language), Labels.column("gender_unknown", language)])
            html += dataTable(section, dimensions: 0) + "</figure>"
        }
        return html.isEmpty ? noData() : html
    }

    private func durations(_ report: Report) -> String {
        guard let table = report.sections.first.map(masked) else { return "" }
        let bars = table.rows.map { row -> SVGChart.Bar in
            let median = row[table.column("median_days")!], p75 = row[table.column("p75_days")!]
            return SVGChart.Bar(
                label: Labels.code(row[table.column("stage")!].text ?? "", of: .stage, language), segments: [median.decimal],
                note: t("médiane \(days(median)) · les trois quarts en \(days(p75)) au plus",
                        "median \(days(median)) · three quarters within \(days(p75))"))
        }
        return figure(id: "durations", title: t("Durée médiane en jours", "Median duration in days"), bars: bars, table: table, report: report)
    }

    private func referrals(_ report: Report) -> String {
        guard let table = report.sections.first(where: { $0.name == "referrals" }).map(masked) else { return "" }
        let kind = table.column("partner_kind")!
        let bars = table.rows.filter { $0[kind].text != "all" }.map { row -> SVGChart.Bar in
            func value(_ key: String) -> Double? { row[table.column(key)!].decimal }
            let takenUp = value("accepted").flatMap { a in value("completed").map { a + $0 } }
            return SVGChart.Bar(
                label: Labels.code(row[kind].text ?? "", of: .partnerKind, language),
                segments: [takenUp, value("declined"), value("proposed")],
                note: "\(display(row[table.column("referrals")!], .count)) · \(percent(row[table.column("take_up_pct")!])) \(t("prises en charge", "taken up"))")
        }
        var html = "<figure>" + SVGChart.bars(
            bars, id: "referrals", title: t("Orientations par type de partenaire", "Referrals by partner kind"), description: describe(bars))
        html += legend([t("Prises en charge", "Taken up"), t("Refusées", "Declined"), t("En attente", "Awaiting answer")])
        html += dataTable(table, dimensions: 0) + "</figure>"
        // Each partner's service level, and why partners refused: the tables the partner networks ask for.
        for (name, title) in [
            ("referral_partners", t("Par partenaire : réponses sous 3 et 5 jours, prises en charge, refus", "By partner: answers within 3 and 5 days, take-up, refusals")),
            ("referral_partners_compared", t("Par partenaire, comparé à la période précédente et à la même période un an avant",
                                             "By partner, compared with the period before and the same period a year before")),
            ("referral_declines", t("Refus des partenaires par motif", "Partners' refusals by reason")),
        ] {
            guard let part = report.sections.first(where: { $0.name == name }).map(masked), !part.rows.isEmpty else { continue }
            html += "<h3>\(HTML.escape(title))</h3>" + plainTable(part)
        }
        return html
    }

    /// The key figures of each of the last four periods, oldest first: a table and a chart.
    private func trend(_ periods: [(period: ReportPeriod, activity: Report, exits: Report)]) -> String {
        let rows = periods.map { entry -> [ReportValue] in
            let activity = entry.activity.sections.first, exits = entry.exits.section("exits")
            return [
                .text(Labels.period(entry.period, language)), activity?.value("carriers_welcomed") ?? .int(0),
                activity?.value("carriers_active") ?? .int(0), activity?.value("hours_of_accompaniment") ?? .decimal(0),
                exits?.value("exits") ?? .int(0), exits?.value("positive_exit_rate_pct") ?? .none,
            ]
        }
        let table = masked(ReportTable(
            name: "trend",
            columns: [
                ReportColumn("period", .text), ReportColumn("carriers_welcomed", .count), ReportColumn("carriers_active", .count),
                ReportColumn("hours_of_accompaniment", .decimal), ReportColumn("exits", .count), ReportColumn("positive_exit_rate_pct", .percent),
            ],
            rows: rows))
        // The people who left are among those accompanied: one column of the people accompanied,
        // split into those who left over the period and the others (never the two stacked).
        let columns = table.rows.map { row -> (label: String, values: [Double?]) in
            let accompanied = row[2].decimal, left = row[4].decimal
            return (row[0].text ?? "", [accompanied.flatMap { a in left.map { max(0, a - $0) } }, left.map { min($0, accompanied ?? $0) }])
        }
        let description = table.rows.map { row in
            "\(row[0].text ?? "") : \(display(row[2], .count)) \(t("accompagnés", "accompanied")), \(display(row[4], .count)) \(t("sorties", "exits")), \(percent(row[5])) \(t("positives", "positive"))"
        }.joined(separator: "; ")
        var html = "<figure>" + SVGChart.columns(
            columns, id: "trend", title: t("Porteurs accompagnés et sorties, période par période", "Carriers accompanied and exits, period by period"),
            description: description)
        html += legend([t("Accompagnés, toujours en parcours", "Accompanied, still in a journey"), t("Accompagnés, sortis sur la période", "Accompanied, left over the period")])
        return html + dataTable(table, dimensions: 0) + "</figure>"
    }

    /// Every operator of the page's scope on one line, and their accompanied carriers as bars.
    private func operatorComparison(_ comparison: OperatorComparison) -> String {
        let table = masked(comparison.table)
        guard !table.rows.isEmpty else { return noData() }
        let bars = table.rows.map { row in
            SVGChart.Bar(
                label: row[0].text ?? "", segments: [row[2].decimal],
                note: "\(display(row[2], .count)) · \(percent(row[5])) \(t("de sorties positives", "positive exits"))")
        }
        return "<figure>" + SVGChart.bars(bars, id: "operators", title: t("Porteurs accompagnés par opérateur", "Carriers accompanied by operator"), description: describe(bars))
            + plainTable(table) + "</figure>"
    }

    /// Each ESF+ agreement's share of incomplete participants against the 35 % rule; a warning in
    /// words for each one at or past the warning share.
    private func quality(_ agreements: [DataQuality.Summary]) -> String {
        var html = ""
        for agreement in agreements where agreement.level != .ok {
            let share = formatter.number(agreement.share, fractionDigits: 1)
            let text = agreement.level == .critical
                ? t("Convention \(agreement.code) : \(agreement.incomplete) participants sur \(agreement.participants) ont des données incomplètes (\(share) %), au-delà du seuil de 35 % : en l'état, le contrôle de service fait appliquera une correction financière.",
                    "Agreement \(agreement.code): \(agreement.incomplete) of \(agreement.participants) participants have incomplete data (\(share) %), above the 35 % threshold: as it stands, the audit will apply a financial correction.")
                : t("Convention \(agreement.code) : \(agreement.incomplete) participants sur \(agreement.participants) ont des données incomplètes (\(share) %) : complétez-les avant le contrôle (seuil de correction : 35 %).",
                    "Agreement \(agreement.code): \(agreement.incomplete) of \(agreement.participants) participants have incomplete data (\(share) %): complete them before the audit (correction threshold: 35 %).")
            html += "<p class=\"alert \(agreement.level.rawValue)\" data-funding=\"\(HTML.escape(agreement.code))\">\(HTML.escape(text))</p>"
        }
        html += "<table><thead><tr>"
        for header in [t("Convention", "Agreement"), t("Participants", "Participants"), t("Données incomplètes", "Incomplete data"),
                       t("Part incomplète", "Incomplete share"), t("État", "State"), t("Sans contact pour l'enquête à 6 mois", "No contact for the 6-month survey")] {
            html += "<th scope=\"col\">\(HTML.escape(header))</th>"
        }
        html += "</tr></thead><tbody>"
        for agreement in agreements {
            html += "<tr><td>\(HTML.escape("\(agreement.code) — \(agreement.title)"))</td><td class=\"number\">\(agreement.participants)</td>"
            html += "<td class=\"number\">\(agreement.incomplete)</td><td class=\"number\">\(formatter.number(agreement.share, fractionDigits: 1)) %</td>"
            html += "<td>\(HTML.escape(Labels.code(agreement.level.rawValue, of: .qualityLevel, language)))</td><td class=\"number\">\(agreement.contactMissing)</td></tr>"
        }
        return html + "</tbody></table>"
    }

    private func cohorts(_ table: ReportTable) -> String {
        table.rows.isEmpty ? noData() : plainTable(masked(table))
    }

    // MARK: Building blocks

    private func section(_ title: String, _ content: String, exclusions: [Exclusion] = []) -> String {
        var html = "<section><h2>\(HTML.escape(title))</h2>\(content)"
        if !exclusions.isEmpty {
            html += "<p class=\"excluded\">\(HTML.escape(t("Non comptés", "Left out"))) : "
            html += exclusions.map { exclusion in
                // The people left out are counted as any other: 1 to 4 shows "< 5" on a public page.
                let count = isPublic && isSmall(.int(exclusion.count), .count)
                    ? "< \(Self.smallestPublicCount)" : display(.int(exclusion.count), .count)
                let words = Labels.exclusion(exclusion.reason, language, count: isPublic && isSmall(.int(exclusion.count), .count) ? nil : exclusion.count)
                return "\(count) \(HTML.escape(words))"
            }
                .joined(separator: " · ")
            html += "</p>"
        }
        return html + "</section>"
    }

    private func figure(id: String, title: String, bars: [SVGChart.Bar], table: ReportTable, report: Report) -> String {
        guard !bars.isEmpty else { return noData() }
        return "<figure>" + SVGChart.bars(bars, id: id, title: title, description: describe(bars))
            + dataTable(table, dimensions: report.request.dimensions.count) + "</figure>"
    }

    /// The chart's text alternative: every bar, read out.
    private func describe(_ bars: [SVGChart.Bar]) -> String {
        bars.map { "\($0.label): \($0.note)" }.joined(separator: "; ")
    }

    private func legend(_ names: [String]) -> String {
        "<ul class=\"legend\">" + names.enumerated().map { index, name in
            "<li><span class=\"swatch\" style=\"background:\(Palette.colour(index))\"></span>\(HTML.escape(name))</li>"
        }.joined() + "</ul>"
    }

    /// The chart's numbers, under it, folded.
    private func dataTable(_ table: ReportTable, dimensions: Int, level: TerritoryLevel? = nil) -> String {
        "<details><summary>\(HTML.escape(t("Données du graphique", "Chart data")))</summary>"
            + plainTable(table, dimensions: dimensions, level: level) + "</details>"
    }

    private func plainTable(_ table: ReportTable, dimensions: Int = 0, level: TerritoryLevel? = nil) -> String {
        let renderer = ReportRenderer(language: language)
        var html = "<table><thead><tr>"
        html += renderer.headers(table).map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined()
        html += "</tr></thead><tbody>"
        let texts = renderer.displayRows(table, dimensions: dimensions, level: level)
        let values = table.rows + table.totals
        for (row, cells) in zip(values, texts) {
            html += "<tr>"
            for (index, text) in cells.enumerated() {
                let column = table.columns[index]
                let numeric = [ReportColumn.Kind.count, .decimal, .percent, .days].contains(column.kind)
                html += numeric
                    ? "<td class=\"n\" data-key=\"\(column.key)\" data-value=\"\(Self.raw(row[index]))\">\(HTML.escape(text))</td>"
                    : "<td>\(HTML.escape(text))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    private func noData() -> String { "<p class=\"empty\">\(HTML.escape(t("Aucune donnée sur la période.", "No data for the period.")))</p>" }

    // MARK: Small counts

    private func isSmall(_ value: ReportValue, _ kind: ReportColumn.Kind) -> Bool {
        guard kind == .count, let count = value.int else { return false }
        return count > 0 && count < Self.smallestPublicCount
    }

    /// In a public page, a count of 1 to 4 people shows "< 5" (the primary secret), and nothing
    /// published lets it be recovered (the secondary secret, as INSEE's statistical secrecy):
    /// - its whole row is masked — every other count ("masqué"), every share, duration or amount
    ///   derived from them: no difference between the row's cells gives it back;
    /// - a single masked row takes the smallest other row with it: the others, subtracted from a
    ///   total or from 100 %, give only the sum of two;
    /// - a total of a column with a masked cell is masked, and then its whole totals row.
    func masked(_ table: ReportTable) -> ReportTable {
        guard isPublic else { return table }
        let counts = table.columns.indices.filter { table.columns[$0].kind == .count }
        func isSecret(_ row: [ReportValue]) -> Bool { counts.contains { isSmall(row[$0], .count) } }
        func weight(_ row: [ReportValue]) -> Int { counts.compactMap { row[$0].int }.reduce(0, +) }
        var secret = Set(table.rows.indices.filter { isSecret(table.rows[$0]) })
        if secret.count == 1, let companion = table.rows.indices
            .filter({ !secret.contains($0) && weight(table.rows[$0]) > 0 })
            .min(by: { weight(table.rows[$0]) < weight(table.rows[$1]) }) {
            secret.insert(companion)
        }
        guard !secret.isEmpty || table.totals.contains(where: isSecret) else { return table }
        let hiddenColumns = Set(counts.filter { column in secret.contains { (table.rows[$0][column].int ?? 0) != 0 } })
        var table = table
        for index in secret { table.rows[index] = maskRow(table.rows[index], columns: table.columns) }
        table.totals = table.totals.map { row in
            let touched = isSecret(row) || hiddenColumns.contains { (row[$0].int ?? 0) != 0 }
            return touched ? maskRow(row, columns: table.columns) : row
        }
        return table
    }

    /// A row whose counts are secret: "< 5" for a count of 1 to 4 people, "masqué" for every other
    /// count but zero and for what derives from them.
    private func maskRow(_ row: [ReportValue], columns: [ReportColumn]) -> [ReportValue] {
        zip(columns, row).map { column, value in
            switch column.kind {
            case .count where isSmall(value, .count): .text("< \(Self.smallestPublicCount)")
            case .count: (value.int ?? 0) == 0 ? value : .text(t("masqué", "masked"))
            case .percent, .days, .decimal: value == .none ? value : .text(t("masqué", "masked"))
            default: value
            }
        }
    }

    private func display(_ value: ReportValue, _ kind: ReportColumn.Kind) -> String {
        value == .none ? "–" : formatter.text(value, as: kind)
    }

    /// A share with its sign (`12,5 %`); a masked one says so, without a percent sign.
    private func percent(_ value: ReportValue) -> String {
        if case .text(let text) = value { return text }
        return display(value, .percent) + (value == .none ? "" : " %")
    }

    /// Whether a public page hides this figure of `table`'s first row: a count of 1 to 4 people,
    /// or anything derived from a row holding one (a rate, hours, jobs).
    private func hides(_ key: String, in table: ReportTable?, _ kind: ReportColumn.Kind) -> Bool {
        guard isPublic, let table, let row = table.rows.first else { return false }
        if kind == .count { return isSmall(table.value(key) ?? .none, .count) }
        if let base = Self.derivedFrom[key] { return isSmall(table.value(base) ?? .none, .count) }
        return zip(table.columns, row).contains { isSmall($1, $0.kind) }
    }

    /// The count each key figure is computed from: a small one hides the figure too.
    static let derivedFrom = [
        "positive_exit_rate_pct": "exits", "jobs_fte": "activity_created", "hours_of_accompaniment": "carriers_active",
    ]

    /// A number as the JSON reports write it (for tests and scrapers); masked or text as is.
    static func raw(_ value: ReportValue) -> String {
        switch value {
        case .int(let n): String(n)
        case .decimal(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .text(let text): HTML.escape(text)
        case .none: ""
        case .date(let date): date.iso
        case .bool(let flag): String(flag)
        }
    }

    static let style = """
        :root{--ink:#1d2330;--muted:#5b6475;--line:#d8dce3;--accent:#0072B2}
        *{box-sizing:border-box}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1000px;padding:24px;line-height:1.4}
        h1{font-size:1.8rem;margin:.2rem 0}h2{font-size:1.2rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem;margin-top:2rem}
        h2.nav{font-size:1rem;border:0;margin:1rem 0 .3rem}
        .kicker{color:var(--muted);text-transform:uppercase;letter-spacing:.05em;font-size:.8rem;margin:0}
        .period{color:var(--muted);margin:.2rem 0 1rem}
        nav ul{columns:2;margin:.2rem 0;padding-left:1.2rem}nav a{color:var(--accent)}
        .alert{border-left:6px solid #E69F00;background:#fff6e5;padding:.5rem .8rem;margin:.5rem 0}.alert.critical{border-color:#D55E00;background:#fdeee6;font-weight:600}
        td.number{text-align:right;font-variant-numeric:tabular-nums}
        .figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}
        .figure{border:1px solid var(--line);border-radius:6px;padding:10px 12px}
        .figure .value{display:block;font-size:1.7rem;font-weight:700}
        .figure .label{display:block;color:var(--muted);font-size:.9rem}
        .figure .change{display:block;font-size:.8rem;color:var(--muted);margin-top:4px}
        figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
        svg{max-width:100%;height:auto;font-size:12px}svg .label,svg .note,svg .tick{fill:var(--ink)}svg .tick{font-size:10px}
        svg .axis{stroke:var(--muted);stroke-width:1}
        .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:14px;font-size:.85rem;margin:.3rem 0}
        .swatch{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border:1px solid #0003}
        details{margin:.4rem 0}summary{cursor:pointer;color:var(--accent)}
        table{border-collapse:collapse;font-size:.85rem;margin:.4rem 0;width:100%}
        th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .excluded,.empty,footer{color:var(--muted);font-size:.85rem}footer{margin-top:2rem;border-top:1px solid var(--line);padding-top:.5rem}
        @media print{
          @page{size:A4;margin:14mm}
          body{max-width:none;padding:0;font-size:10pt}
          nav,summary{display:none}
          section,figure{break-inside:avoid}
          h2{break-after:avoid}
          a{color:inherit;text-decoration:none}
        }
        """
}
