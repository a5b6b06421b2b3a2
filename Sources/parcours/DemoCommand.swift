import ArgumentParser
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the demo network from the field (idempotent) and print journeys per operator and phase.",
        discussion: "Operators, territories and programmes of FIELD.md: APESS 53 (May'IdESS), Ronalpia (Outille ton projet), De l'envie au projet, Pôle ESS Vendée.")
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let location = try DatabaseLocation.fromEnvironment()
        let summary = try await Store.withStore(at: location, logger: .cli) { try await $0.loadDemo() }
        if output.json {
            return try printJSON(.object([
                "carriers": .int(summary.carriers),
                "journeys": .object(summary.journeys.mapValues { .object($0.mapValues { .int($0) }) }),
            ]))
        }
        print(Self.table(summary).render())
        print("\n\(summary.carriers) carriers — database: \(location.displayURL)")
        print("Try: parcours journey list --phase pitch · parcours journey history 1 · parcours report outcomes --period last-year")
        // This year's dashboards, compared with last year's, next to the database (or here with DATABASE_URL).
        let period = try parsePeriod("this-year")
        let directory = (location.embedded?.home ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .appending(path: "dashboards").appending(path: period.name)
        let site = try await DashboardSite.build(
            period: period, comparison: period.previous, scope: .network, language: .fr, isPublic: false, into: directory,
            acting: .administrator)
        print("Dashboards (\(site.pages) pages): \(site.index.path)")
    }

    /// Operators as rows, states in pathway order as columns.
    static func table(_ summary: NetworkSummary) -> TextTable {
        let states = JourneyState.allNames
        var table = TextTable(headers: ["OPERATOR"] + states.map(Self.abbreviation) + ["TOTAL"])
        for name in summary.journeys.keys.sorted() {
            let counts = summary.journeys[name] ?? [:]
            table.rows.append([name] + states.map { counts[$0].map(String.init) ?? "·" } + [String(counts.values.reduce(0, +))])
        }
        return table
    }

    static func abbreviation(_ state: String) -> String {
        switch state {
        case "activity_created": "created"
        case "incubation": "incub."
        case "orientation": "orient."
        case "workshops": "worksh."
        case "handed_on": "handed"
        case "withdrawn": "withdr."
        default: state
        }
    }
}
