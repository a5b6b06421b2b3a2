import ArgumentParser
import ParcoursApp
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore

// dashboard build

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: t("help.dashboard"),
        subcommands: [Build.self])

    /// What part of the network a site covers.
    enum SiteScope: Equatable {
        case network
        case `operator`(String)
        case territory(String)

        init(parsing text: String) throws {
            if text == "network" {
                self = .network
            } else if text.hasPrefix("operator:"), text.count > 9 {
                self = .operator(String(text.dropFirst(9)))
            } else if text.hasPrefix("territory:"), text.count > 10 {
                self = .territory(String(text.dropFirst(10)))
            } else {
                throw Refusal(.scopeInvalid, field: "scope", ["value": text])
            }
        }
    }

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.dashboard.build"),
            discussion: t("help.dashboard.build.discussion"))
        @Option(help: help("dashboard.build.period")) var period: String
        @Option(help: help("dashboard.build.compare"))
        var compare: String?
        @Option(help: help("dashboard.build.scope")) var scope: String = "network"
        @Flag(help: help("dashboard.build.public")) var `public` = false
        @Option(help: help("dashboard.build.out")) var out: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let period = try parsePeriod(period)
            // Timers build "last-month" into a directory named after the month it is.
            let directory = out.replacingOccurrences(of: "{period}", with: period.name)
            let comparison = try compare == "none" ? nil : compare.map { try parsePeriod($0, field: "--compare") } ?? period.previous
            let site = try await DashboardSite.build(
                period: period, comparison: comparison, scope: try SiteScope(parsing: scope), language: CLI.language,
                isPublic: `public`, into: URL(fileURLWithPath: directory), acting: acting.acting)
            print(site.index.path)
            printError(t("dashboard.built", ["count": "\(site.pages)", "period": period.name, "path": directory]))
        }
    }
}

/// Gathers each page's reports (a few pages at a time), renders and writes them.
enum DashboardSite {
    static func build(
        period: ReportPeriod, comparison: ReportPeriod?, scope: DashboardCommand.SiteScope, language: Language, isPublic: Bool,
        into directory: URL, acting: Acting
    ) async throws -> (index: URL, pages: Int) {
        let networkTitle = language == .fr ? "Réseau" : "Network"
        let (pages, today) = try await Store.withStore(at: try DatabaseLocation.fromEnvironment(), logger: .cli) { store in
            let chosen = try await store.transaction(as: acting) { tx in
                try await Self.pages(of: try await tx.dashboardPages(networkTitle: networkTitle), scope: scope, tx: tx)
            }
            return (try await store.dashboardData(as: acting, pages: chosen, period: period, comparison: comparison), store.today)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw Refusal(.cannotWrite, field: "out", ["path": directory.path, "detail": error.localizedDescription])
        }
        let renderer = DashboardRenderer(language: language, isPublic: isPublic)
        let site = pages.map(\.page)
        for data in pages {
            let html = renderer.page(data, site: site, generatedOn: today)
            do {
                try Data(html.utf8).write(to: directory.appending(path: "\(data.page.slug).html"), options: .atomic)
            } catch {
                throw Refusal(.cannotWrite, field: "out", ["path": directory.path, "detail": error.localizedDescription])
            }
        }
        return (directory.appending(path: "index.html"), pages.count)
    }

    /// The pages of a scope; its own page becomes the index.
    private static func pages(of all: [DashboardPage], scope: DashboardCommand.SiteScope, tx: Transaction) async throws -> [DashboardPage] {
        switch scope {
        case .network:
            return all
        case .operator(let reference):
            let id = try await tx.resolveOperator(reference)
            let programmes = Set(try await tx.programmes(operatorID: id).map(\.id))
            let cohorts = Set(try await tx.cohorts().filter { programmes.contains($0.cohort.programmeID) }.map(\.cohort.id))
            var own = all.filter { page in
                page.scope.operatorID == id || page.scope.programmeID.map(programmes.contains) == true
                    || page.scope.cohortID.map(cohorts.contains) == true
            }
            own[0].slug = "index"
            return own
        case .territory(let reference):
            let id = try await tx.resolveTerritory(reference)
            let under = Set(try await tx.territories(under: id).map { $0.territory.id })
            var own = all.filter { $0.scope.territoryID.map(under.contains) == true }
            guard let root = own.firstIndex(where: { $0.scope.territoryID == id }) else {
                throw Refusal(.noCarrierInTerritory, field: "scope", ["value": reference])
            }
            own.swapAt(0, root)
            own[0].slug = "index"
            return own
        }
    }
}
