import ParcoursCore
import Testing

@testable import ParcoursReports

@Suite("Dashboard views")
struct DashboardViewTests {
    let period = ReportPeriod(year: 2026)

    func report(_ kind: ReportKind, _ sections: [ReportTable]) -> Report {
        Report(request: ReportRequest(kind: kind, period: period), sections: sections)
    }

    /// A page with three people welcomed, two exits (one positive), and a programme called like a script.
    func data() -> DashboardData {
        let activity = ReportTable(
            name: "activity",
            columns: ["carriers_welcomed", "carriers_active", "hours_of_accompaniment"].map { ReportColumn($0, $0.hasPrefix("hours") ? .decimal : .count) },
            rows: [[3, 7, 12.5]])
        let exits = ReportTable(
            name: "exits",
            columns: [ReportColumn("exits", .count), ReportColumn("positive_exits", .count), ReportColumn("positive_exit_rate_pct", .percent),
                      ReportColumn("activity_created", .count), ReportColumn("jobs_fte", .decimal)],
            rows: [[2, 1, 50.0, 1, 0.5]])
        let funnel = ReportTable(
            name: "funnel",
            columns: [ReportColumn("programme", .text), ReportColumn("phase", .code(.phase)), ReportColumn("carriers", .count),
                      ReportColumn("share_of_entries_pct", .percent), ReportColumn("conversion_pct", .percent)],
            rows: [["<script>x</script>", "idea", 7, 100.0, .none], ["<script>x</script>", "modules", 6, 85.7, 85.7]])
        let empty = report(.durations, [ReportTable(name: "durations", columns: [])])
        return DashboardData(
            page: .network(title: "Réseau \"ESS\""), period: period, comparison: nil,
            activity: report(.activity, [activity]), outcomes: report(.outcomes, [exits]), previousActivity: nil, previousOutcomes: nil,
            outcomesByTerritory: report(.outcomes, []), funnel: report(.funnel, [funnel]), durations: empty,
            referrals: report(.referrals, []), profile: report(.profile, []),
            monthlyExits: ReportTable(name: "monthly_exits", columns: [ReportColumn("month", .text), ReportColumn("outcome", .code(.outcome)), ReportColumn("exits", .count)],
                                      rows: [["2026-01", "employed", 1], ["2026-01", "withdrawn", 1]]),
            cohorts: ReportTable(name: "cohorts", columns: []))
    }

    @Test("every value is escaped, in text and in attributes")
    func escaping() {
        #expect(HTML.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        let page = DashboardRenderer(language: .fr).page(data(), site: [.network(title: "Réseau")], generatedOn: LocalDate(year: 2026, month: 12, day: 1)!)
        #expect(!page.contains("<script"))
        #expect(page.contains("&lt;script&gt;x&lt;/script&gt; · Idée"))
        #expect(page.contains("<h1>Réseau &quot;ESS&quot;</h1>"))
    }

    @Test("figures carry their value; charts their title, description and data table")
    func structure() {
        let page = DashboardRenderer(language: .en).page(data(), site: [.network(title: "Network")], generatedOn: LocalDate(year: 2026, month: 12, day: 1)!)
        #expect(page.contains(#"data-key="carriers_welcomed" data-value="3"><span class="value">3</span>"#))
        #expect(page.contains(#"data-key="hours_of_accompaniment" data-value="12.5"><span class="value">12.5</span>"#))
        #expect(page.contains(#"<title id="funnel-title">Carriers who reached each phase</title>"#))
        #expect(page.contains("<desc id=\"funnel-desc\">&lt;script&gt;x&lt;/script&gt; · Idea: 7; "))
        #expect(page.components(separatedBy: "<details>").count - 1 == page.components(separatedBy: "<svg").count - 1)
        #expect(page.contains("No data for the period."))
    }

    @Test("the operators' own territories are compared after the official ones: Pays, then Parcs, the people in none named as such")
    func zones() {
        let columns = [ReportColumn("territory", .text), ReportColumn("exits", .count), ReportColumn("positive_exits", .count),
                       ReportColumn("positive_exit_rate_pct", .percent)]
        let byPays = ReportTable(name: "exits", columns: columns, rows: [["Zone nord (ZN71)", 6, 3, 50.0], [.none, 2, 1, 50.0]])
        let byPark = ReportTable(name: "exits", columns: columns, rows: [["PNR du Morvan (PNR1)", 5, 5, 100.0]])
        var page = data()
        page.outcomesByZone = [(.pays, report(.outcomes, [byPays])), (.park, report(.outcomes, [byPark]))]
        let html = DashboardRenderer(language: .fr).page(page, site: [.network(title: "Réseau")], generatedOn: LocalDate(year: 2026, month: 12, day: 1)!)
        let official = html.range(of: "<h2>Sorties par territoire</h2>")!, pays = html.range(of: "<h2>Sorties par Pays et territoire de projet</h2>")!
        let parks = html.range(of: "<h2>Sorties par Parc naturel régional</h2>")!
        #expect(official.lowerBound < pays.lowerBound && pays.lowerBound < parks.lowerBound)
        #expect(html.contains(#"<title id="pays-title">Sorties par Pays et territoire de projet, du plus au moins</title>"#))
        #expect(html.contains("Zone nord (ZN71): 6") && html.contains("Hors Pays: 2"))
        #expect(html.contains(#"<title id="parks-title">"#))
    }

    @Test("public pages mask counts of 1 to 4 people and what derives from them")
    func masking() {
        let renderer = DashboardRenderer(language: .fr, isPublic: true)
        let table = ReportTable(
            name: "t", columns: [ReportColumn("category", .text), ReportColumn("carriers", .count), ReportColumn("share_pct", .percent)],
            rows: [["a", 3, 30.0], ["b", 7, 70.0], ["c", 0, 0.0]])
        let masked = renderer.masked(table)
        #expect(masked.rows[0] == ["a", "< 5", "masqué"])  // a share of a masked count is masked too, and says so
        #expect(masked.rows[1] == ["b", "masqué", "masqué"])  // else 100 % less the others would give a's share
        #expect(masked.rows[2] == ["c", 0, 0.0])
        let page = renderer.page(data(), site: [.network(title: "Réseau")], generatedOn: LocalDate(year: 2026, month: 12, day: 1)!)
        #expect(page.contains(#"data-key="carriers_welcomed" data-value="masked"><span class="value">&lt; 5</span>"#))
        #expect(page.contains(#"data-key="carriers_active" data-value="7""#))
    }
}
