import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore
import ParcoursTestSupport
import Testing

/// The dashboard site of the known network, checked against the reports and in a real browser.
@Suite("Evaluation dashboards")
struct DashboardTests {
    static let hostileProgramme = "<script>alert('programme')</script>"
    static let hostileTerritory = "Vendée \"<script>alert(1)</script>\""

    /// The known network, with a programme and a département whose names are hostile markup.
    func setUp() async throws -> (ParcoursCLI, URL) {
        let location = try await TestDatabase.fresh()
        _ = try await Store.withStore(at: location, logger: TestDatabase.logger, clock: ReportNetwork.clock, connectTimeout: .seconds(60)) { store in
            let network = try await ReportNetwork.seed(store)
            try await store.transaction(as: .administrator) { tx in
                _ = try await tx.addProgramme(name: Self.hostileProgramme, operatorID: network.network.apess, phases: ["idea", "orientation"])
                _ = try await tx.count(
                    "WITH u AS (UPDATE territory SET name = \(Self.hostileTerritory) WHERE code = '85' RETURNING 1) SELECT count(*)::int FROM u")
            }
        }
        let directory = FileManager.default.temporaryDirectory.appending(path: "parcours-site-\(UUID().uuidString.prefix(8))")
        return (ParcoursCLI(location: location), directory)
    }

    func build(_ cli: ParcoursCLI, into directory: URL, _ extra: String...) async throws {
        let run = try await cli.run(
            arguments: ["dashboard", "build", "--period", "2026-01-01..2026-06-30", "--out", directory.path] + extra, staff: nil)
        #expect(run.status == 0, "\(run.errors)")
    }

    /// `data-value` of the headline figure `key` in a page.
    func headline(_ key: String, in page: String) -> String? {
        guard let range = page.range(of: "class=\"figure\" data-key=\"\(key)\" data-value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    func number(_ value: Any?) -> String {
        switch value {
        case let int as Int: String(int)
        case let double as Double: double == double.rounded() ? String(Int(double)) : String(double)
        default: ""
        }
    }

    @Test("each page's figures are the report's figures for the same scope and period")
    func pagesAgreeWithReports() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory, "--compare", "none")
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(pages.contains("index.html"))
        #expect(pages.filter { $0.hasPrefix("operator-") }.count == 2)
        #expect(pages.contains("territory-53.html") && pages.contains("territory-R52.html"))

        let scopes: [(String, [String])] = [("index.html", []), ("territory-53.html", ["--territory", "53"])]
            + (try await cli.json("operator", "list", "--json") as! [[String: Any]]).map {
                ("operator-\($0["id"] as! Int).html", ["--operator", $0["name"] as! String])
            }
        for (file, scope) in scopes {
            let page = try String(contentsOf: directory.appending(path: file), encoding: .utf8)
            let activity = try await cli.json(arguments: ["report", "activity", "--period", "2026-01-01..2026-06-30", "--json"] + scope) as! [String: Any]
            let outcomes = try await cli.json(arguments: ["report", "outcomes", "--period", "2026-01-01..2026-06-30", "--json"] + scope) as! [String: Any]
            func first(_ report: [String: Any], _ key: String) -> Any? {
                (((report["sections"] as! [[String: Any]])[0]["rows"] as! [[String: Any]]).first)?[key] ?? 0
            }
            for key in ["carriers_welcomed", "carriers_active", "hours_of_accompaniment"] {
                #expect(headline(key, in: page) == number(first(activity, key)), "\(file) \(key)")
            }
            for key in ["exits", "activity_created", "jobs_fte"] {
                #expect(headline(key, in: page) == number(first(outcomes, key)), "\(file) \(key)")
            }
        }
        // The hand-computed figures of the network page, as a last word.
        let index = try String(contentsOf: directory.appending(path: "index.html"), encoding: .utf8)
        #expect(headline("carriers_welcomed", in: index) == "4")
        #expect(headline("exits", in: index) == "4")
        #expect(headline("positive_exit_rate_pct", in: index) == "75")
        #expect(index.contains("<svg role=\"img\""))

        // An operator's page leads to the pages of its work: where its people live, its
        // programmes and cohorts — never another operator's programme.
        let programmes = try await cli.json("programme", "list", "--json") as! [[String: Any]]
        for operatorPage in try await cli.json("operator", "list", "--json") as! [[String: Any]] {
            let id = operatorPage["id"] as! Int
            let page = try String(contentsOf: directory.appending(path: "operator-\(id).html"), encoding: .utf8)
            for programme in programmes {
                let linked = page.contains("href=\"programme-\(programme["id"] as! Int).html\"")
                #expect(linked == (programme["operator_id"] as! Int == id), "operator-\(id) and programme \(programme["name"]!)")
            }
            if operatorPage["name"] as? String == "APESS 53" {
                #expect(page.contains("href=\"territory-53.html\"") && page.contains("href=\"territory-R52.html\""))
            }
        }
    }

    /// A network `bench generate` made (3 operators, 240 people), opened as its store.
    func withGeneratedNetwork(_ body: (Store) async throws -> Void) async throws {
        let location = try await TestDatabase.fresh()
        let generated = try await ParcoursCLI(location: location).run("bench", "generate", "--operators", "3", "--carriers", "240", "--seed", "11")
        #expect(generated.status == 0, "\(generated.errors)")
        // (A batch's connections may come slowly when the whole suite runs: it waits for them.)
        try await Store.withStore(at: location, logger: TestDatabase.logger, connectTimeout: .seconds(60), leaseDeadline: .seconds(60), body)
    }

    @Test("a site computes each report once for all its pages, and every page is, figure for figure, the page computed alone (a generated network)")
    func onePassIsPageByPage() async throws {
        try await withGeneratedNetwork { store in
            let pages = try await store.transaction(as: .administrator) { try await $0.dashboardPages(networkTitle: "Réseau") }
            #expect(Set(pages.map(\.kind)) == Set(DashboardPage.Kind.allCases))
            let period = try ReportPeriod(parsing: String(store.today.year))
            let together = try await store.dashboardData(as: .administrator, pages: pages, period: period, comparison: period.previous)
            let renderer = DashboardRenderer(language: .fr)
            for (page, data) in zip(pages, together) {
                let alone = try await store.transaction(as: .administrator) {
                    try await $0.dashboardData(for: page, period: period, comparison: period.previous)
                }
                #expect(data.activity.sections[0].totals.isEmpty && data.activity.sections[0].rows.count == 1)
                let (html, single) = (renderer.page(data, site: pages, generatedOn: store.today), renderer.page(alone, site: pages, generatedOn: store.today))
                let same = zip(html, single).prefix { $0 == $1 }.count
                #expect(html == single, "\(page.slug): …\(html.dropFirst(same - 200).prefix(400)) ≠ …\(single.dropFirst(same).prefix(200))")
            }
        }
    }

    @Test("the network's, an operator's and a territory's exits are found once for the network when the administrator reads them: the same rows as each operator's coordinator counts page by page (a generated network)")
    func exitsFoundOnce() async throws {
        try await withGeneratedNetwork { store in
            let period = try ReportPeriod(from: LocalDate(year: store.today.year - 2, month: 1, day: 1)!, to: store.today)
            let (coordinators, territories) = try await store.transaction(as: .administrator) { tx in
                var coordinators: [OperatorID: Acting] = [:]
                for listing in try await tx.operators() {
                    let email = "coordination-\(listing.op.id.rawValue)@bench.test"
                    _ = try await tx.addStaff(email: email, displayName: "Coordination", role: .coordinator, operatorID: listing.op.id)
                    coordinators[listing.op.id] = .staff(email: email)
                }
                let names = Set(try await tx.operators().flatMap(\.territoryNames))
                let departments = try await tx.territories(kind: .department).map(\.territory).filter { names.contains($0.name) }
                return (coordinators, departments.map(\.id) + (try await tx.territories(kind: .region).map(\.territory.id)))
            }
            #expect(coordinators.count == 3 && territories.count > 3)
            func rows(_ scope: ReportScope, by dimensions: [ReportDimension], as acting: Acting) async throws -> [String: [[ReportValue]]] {
                let report = try await store.transaction(as: acting) { tx in
                    try await tx.report(ReportRequest(kind: .outcomes, period: period, scope: scope, dimensions: dimensions))
                }
                return Dictionary(uniqueKeysWithValues: report.sections.map { ($0.name, $0.rows) })
            }
            // An administrator's page of the network, an operator or a territory finds each person's
            // last exit once (parcours_scope_exit); a coordinator's, page by page from its journeys.
            func union(_ parts: [[String: [[ReportValue]]]]) -> [String: Set<[ReportValue]>] {
                parts.reduce(into: [:]) { all, part in
                    for (name, rows) in part { all[name, default: []].formUnion(rows) }
                }
            }
            var exits = 0
            for (operatorID, coordinator) in coordinators {
                let administrator = try await rows(ReportScope(operatorID: operatorID), by: [.territory], as: .administrator)
                #expect(administrator == (try await rows(ReportScope(), by: [.territory], as: coordinator)))
                exits += administrator["exits"]?.count ?? 0
            }
            #expect(exits > 0, "a generated network has exits")
            let network = try await rows(ReportScope(), by: [.operator, .territory], as: .administrator)
            var everyOperator: [[String: [[ReportValue]]]] = []
            for coordinator in coordinators.values {
                everyOperator.append(try await rows(ReportScope(), by: [.operator, .territory], as: coordinator))
            }
            #expect(union([network]) == union(everyOperator))
            for territory in territories {
                let administrator = try await rows(ReportScope(territoryID: territory), by: [.operator], as: .administrator)
                var parts: [[String: [[ReportValue]]]] = []
                for coordinator in coordinators.values {
                    parts.append(try await rows(ReportScope(territoryID: territory), by: [.operator], as: coordinator))
                }
                #expect(union([administrator]) == union(parts), "territory \(territory)")
            }
        }
    }

    @Test("--pages builds the scope's page and the kinds asked for, named in French or English; an unknown kind is refused by name")
    func chosenPages() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory, "--pages", "opérateurs,Territoires")
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(pages.contains("index.html") && pages.contains("territory-53.html"))
        #expect(pages.filter { $0.hasPrefix("operator-") }.count == 2)
        #expect(!pages.contains { $0.hasPrefix("programme-") || $0.hasPrefix("cohort-") }, "\(pages)")
        let refused = try await cli.run(arguments: ["dashboard", "build", "--period", "2026", "--out", directory.path, "--pages", "communes"], staff: nil)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("--pages") && refused.errors.contains("communes"), "\(refused.errors)")
    }

    @Test("no page fetches anything: no script, no external source, link or url()")
    func selfContained() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory)
        let external = try Regex(#"(?i)(src|href)\s*=\s*["']?\s*(https?:|//)|url\(\s*["']?\s*(https?:|//)|<script|<link|<img|@import"#)
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let page = try String(contentsOf: directory.appending(path: file), encoding: .utf8)
            #expect(page.firstMatch(of: external) == nil, "\(file) references something external or runs a script")
            #expect(page.contains("@media print"))
        }
    }

    @Test("no page shows a share above 100 % or a report's column code; the public site no rate next to a masked count")
    func trustworthyPages() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory)
        let published = directory.appending(path: "public")
        try await build(cli, into: published, "--public")
        for site in [directory, published] {
            let result = try ChildProcess.run("/usr/bin/env", ["python3", "-c", Self.pageChecker, site.path], captureOutput: true)
            #expect(result.output.hasPrefix("OK"), "\(site.lastPathComponent): \(result.output)")
        }
    }

    /// Reads every page's visible text: percentages, snake_case codes, English column words in a
    /// French page, a masked count beside a rate (in a table row or a chart's note).
    static let pageChecker = #"""
        import re, glob, html, sys
        problems, pages = [], 0
        for path in sorted(glob.glob(sys.argv[1] + "/*.html")):
            pages += 1
            page = open(path, encoding="utf-8").read()
            body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
            visible = html.unescape(re.sub(r"<[^>]+>", " ", body))
            name = path.rsplit("/", 1)[-1]
            for m in re.finditer(r"(\d+(?:[,.]\d+)?)\s*%", visible):
                if float(m.group(1).replace(",", ".")) > 100: problems.append("%s: %s" % (name, m.group(0)))
            for code in re.findall(r"\b[a-z]+_[a-z_0-9]+\b", visible): problems.append("%s: code %s" % (name, code))
            for word in ["cohort", "month", "outcome", "starts", "carriers", "exits"]:
                if re.search(r"\b%s\b" % word, visible): problems.append("%s: English %s" % (name, word))
            for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
                cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
                if any(c.startswith("< 5") for c in cells) and any(re.fullmatch(r"\d+(,\d+)?", c) and "," in c for c in cells[2:]):
                    problems.append("%s: row %r" % (name, cells))
            for note in re.findall(r'class="note">([^<]*)<', body):
                note = html.unescape(note)
                if "< 5" in note and re.search(r"\d %", note): problems.append("%s: note %r" % (name, note))
        print(("OK %d pages" % pages) if not problems else "\n".join(problems[:20]))
        """#

    @Test("hostile names render as text")
    func hostileNames() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory)
        let index = try String(contentsOf: directory.appending(path: "index.html"), encoding: .utf8)
        #expect(index.contains("&lt;script&gt;alert(&#39;programme&#39;)&lt;/script&gt;"))
        let vendee = try String(contentsOf: directory.appending(path: "territory-85.html"), encoding: .utf8)
        #expect(vendee.contains("<h1>Vendée &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; (85)</h1>"))
        #expect(!vendee.contains("<script"))
    }

    @Test("public pages mask counts of fewer than five people")
    func publicPages() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory, "--public")
        let index = try String(contentsOf: directory.appending(path: "index.html"), encoding: .utf8)
        #expect(headline("carriers_welcomed", in: index) == "masked")
        #expect(index.contains("<span class=\"value\">&lt; 5</span>"))
        #expect(!index.contains("data-key=\"carriers\" data-value=\"3\""))
    }

    @Test("a real browser renders the index and an operator page: charts in the DOM, figures, a screenshot")
    func headlessChromium() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory, "--compare", "none")
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let browser = try #require(chromium, "Debian's chromium is needed (.ci/run installs it)")
        let operatorPage = try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix("operator-") }!
        for file in ["index.html", operatorPage] {
            let url = directory.appending(path: file).absoluteString
            let dom = try ChildProcess.run(
                browser, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", url], captureOutput: true, separateErrors: true)
            #expect(dom.status == 0)
            // The DOM as the browser built it: the SVG charts and the headline figures.
            #expect(dom.output.components(separatedBy: "<svg").count > 5, "\(file): charts missing from the DOM")
            #expect(dom.output.contains("data-key=\"carriers_active\""))
            let screenshot = directory.appending(path: "\(file).png")
            let shot = try ChildProcess.run(
                browser, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,2400",
                          "--screenshot=\(screenshot.path)", url],
                captureOutput: true, separateErrors: true)
            #expect(shot.status == 0)
            let png = try Data(contentsOf: screenshot)
            #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
        }
        let index = try ChildProcess.run(
            browser, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", directory.appending(path: "index.html").absoluteString],
            captureOutput: true, separateErrors: true)
        #expect(index.output.contains("data-key=\"carriers_welcomed\" data-value=\"4\""))
    }

    @Test("parcours serve serves the same pages live to a token's holder, 401 without, and stops cleanly on SIGTERM")
    func servedLive() async throws {
        let (cli, directory) = try await setUp()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = try await Store.withStore(at: cli.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.transaction(as: .administrator) { try await $0.createToken(staffEmail: "admin@localhost", expiresAt: nil, label: "test").token }
        }
        let port = Int.random(in: 20_000...60_000)
        // One shell: start the server, wait for /healthz, fetch, then SIGTERM and report its exit status.
        let script = """
            "$PARCOURS" serve --port \(port) 2>"$DIR/serve.log" & server=$!
            for _ in $(seq 1 150); do curl -fs http://127.0.0.1:\(port)/healthz >/dev/null && break; sleep 0.1; done
            curl -s -H "Authorization: Bearer $TOKEN" -o "$DIR/index.html" -w '%{http_code} %{content_type}\\n' 'http://127.0.0.1:\(port)/dashboards/?period=2026-01-01..2026-06-30'
            curl -s -H "Authorization: Bearer $TOKEN" -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:\(port)/dashboards/nope.html
            curl -s -H "Authorization: Bearer $TOKEN" -o /dev/null -w '%{http_code}\\n' 'http://127.0.0.1:\(port)/dashboards/?period=soon'
            curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:\(port)/dashboards/
            kill -TERM $server; wait $server; echo "exit $?"
            """
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = TestDatabase.url(of: cli.location, as: .service)
        environment["PARCOURS_HOME"] = nil
        environment["PARCOURS"] = ParcoursCLI.executable
        environment["DIR"] = directory.path
        environment["TOKEN"] = token
        let run = try ChildProcess.run("/bin/sh", ["-c", script], captureOutput: true, environment: environment)
        #expect(run.output == "200 text/html; charset=utf-8\n404\n400\n401\nexit 0\n", "\(run.output)")
        let page = try String(contentsOf: directory.appending(path: "index.html"), encoding: .utf8)
        #expect(headline("carriers_welcomed", in: page) == "4")
        #expect(headline("exits", in: page) == "4")
    }
}
