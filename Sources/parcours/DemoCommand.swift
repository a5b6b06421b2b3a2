import ArgumentParser
import ParcoursApp
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: t("help.demo"),
        discussion: t("help.demo.discussion"))
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let location = try DatabaseLocation.fromEnvironment()
        let progress = Progress()
        progress.say(location.embedded != nil ? "demo.progress.database" : "demo.progress.connecting")
        let summary = try await Store.withStore(at: location, logger: .cli) { store in
            try await store.loadDemo { step, count, name in progress.say("demo.progress.operator", ["step": "\(step)", "count": "\(count)", "name": name]) }
        }
        progress.done()
        if output.json {
            return try printJSON(.object([
                "carriers": .int(summary.carriers),
                "journeys": .object(summary.journeys.mapValues { .object($0.mapValues { .int($0) }) }),
            ]))
        }
        print(Self.table(summary).render())
        print("\n" + t("demo.summary", ["count": "\(summary.carriers)", "url": location.displayURL]))
        print(t("demo.try"))
        // This year's dashboards, compared with last year's, next to the database (or here with DATABASE_URL).
        let period = try parsePeriod("this-year")
        let directory = (location.embedded?.home ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .appending(path: "dashboards").appending(path: period.name)
        progress.say("demo.progress.dashboards")
        let site = try await DashboardSite.build(
            period: period, comparison: period.previous, scope: .network, language: .fr, isPublic: false, into: directory,
            acting: .administrator)
        progress.done()
        print(t("demo.dashboards", ["count": "\(site.pages)", "path": site.index.path]))
    }

    /// Operators as rows, states in pathway order as columns.
    static func table(_ summary: NetworkSummary) -> TextTable {
        let states = JourneyState.allNames
        var table = TextTable(headers: [t("demo.column.operator")] + states.map { t("demo.state." + $0) } + [t("demo.column.total")])
        for name in summary.journeys.keys.sorted() {
            let counts = summary.journeys[name] ?? [:]
            table.rows.append([name] + states.map { counts[$0].map(String.init) ?? "·" } + [String(counts.values.reduce(0, +))])
        }
        return table
    }
}
