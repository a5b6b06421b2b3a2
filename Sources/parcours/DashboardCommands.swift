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
        subcommands: [Build.self, Share.self, Shares.self, Unshare.self])

    /// What part of the network a site covers.
    enum SiteScope: Equatable {
        case network
        case `operator`(String)
        case territory(String)

        /// `network` or `réseau`, `operator:NAME` or `opérateur:NAME`, `territory:CODE` or `territoire:CODE`.
        init(parsing text: String) throws {
            let colon = text.firstIndex(of: ":")
            let kind = Input.folded(colon.map { String(text[..<$0]) } ?? text)
            let reference = colon.map { String(text[text.index(after: $0)...]).trimmingCharacters(in: .whitespaces) } ?? ""
            switch (kind, reference.isEmpty) {
            case ("network", true), ("reseau", true): self = .network
            case ("operator", false), ("operateur", false): self = .operator(reference)
            case ("territory", false), ("territoire", false): self = .territory(reference)
            default: throw Refusal(.scopeInvalid, field: "scope", ["value": text])
            }
        }

        /// The scope's records, named as people type them.
        func resolve(in tx: Transaction) async throws -> DashboardScope {
            switch self {
            case .network: .network
            case .operator(let reference): .operator(try await tx.resolveOperator(reference))
            case .territory(let reference): .territory(try await tx.resolveTerritory(reference))
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
        @Option(help: help("dashboard.build.scope")) var scope: String = "réseau"
        @Flag(help: help("dashboard.build.public")) var `public` = false
        @Option(help: help("dashboard.build.pages"), completion: choices(DashboardPage.Kind.self)) var pages: String?
        @Option(help: help("dashboard.build.out")) var out: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var replica: ReplicaOptions

        func run() async throws {
            let period = try parsePeriod(period)
            // Timers build "last-month" into a directory named after the month it is.
            let directory = out.replacingOccurrences(of: "{period}", with: period.name)
            let comparison = try compare == "none" ? nil : compare.map { try parsePeriod($0, field: "--compare") } ?? period.previous
            let kinds = try pages.map { try Input.choices($0, as: DashboardPage.Kind.self, field: "pages") }
            let site = try await DashboardSite.build(
                period: period, comparison: comparison, scope: try SiteScope(parsing: scope), pages: kinds.map(Set.init), language: CLI.language,
                isPublic: `public`, into: URL(fileURLWithPath: directory), acting: acting.acting, readURL: replica.url)
            print(site.index.path)
            printError(t(site.pages == 1 ? "dashboard.built.one" : "dashboard.built", [
                "count": "\(site.pages)", "period": Labels.period(period, CLI.language), "path": directory,
            ]))
        }
    }

    /// `dashboard share --scope S [--public] [--expires 30d] [--label L] [--base-url U]`: a link that
    /// opens the live pages of a scope in any browser, without a token.
    struct Share: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.dashboard.share"),
            discussion: t("help.dashboard.share.discussion"))
        @Option(help: help("dashboard.build.scope")) var scope: String = "réseau"
        @Flag(help: help("dashboard.share.public")) var `public` = false
        @Option(help: help("dashboard.share.expires")) var expires: String = "30d"
        @Option(help: help("dashboard.share.label")) var label: String?
        @Option(help: help("dashboard.share.base-url")) var baseURL: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let scope = try SiteScope(parsing: scope)
            let expiresAt = try Input.expiry(expires, now: Date(), field: "--expires")
            let base = try Self.base(baseURL ?? ProcessInfo.processInfo.environment["PARCOURS_PUBLIC_URL"] ?? "http://127.0.0.1:8080")
            let (isPublic, label) = (`public`, label)
            let (id, secret) = try await inTransaction(acting) { tx in
                try await tx.shareDashboard(scope: try await scope.resolve(in: tx), isPublic: isPublic, expiresAt: expiresAt, label: label)
            }
            let url = base + "/share/\(secret)/"
            if output.json {
                return try printJSON(.object(["id": .int(Int(id)), "url": .string(url), "expires_at": .string(ISO8601DateFormatter().string(from: expiresAt))]))
            }
            print(url)
            printError(t("dashboard.shared", ["share": "\(id)", "date": Text.until(expiresAt)]))
        }

        /// The service's address as browsers reach it, without a trailing slash.
        static func base(_ text: String) throws -> String {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil else {
                throw Refusal(.notAWebAddress, field: "--base-url", ["value": text])
            }
            return text.hasSuffix("/") ? String(text.dropLast()) : text
        }
    }

    /// `dashboard shares`: the links one may see and withdraw, never their secret.
    struct Shares: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.dashboard.shares"))
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let shares = try await inTransaction(acting) { try await $0.dashboardShares() }
            let iso = ISO8601DateFormatter(), now = Date()
            func state(_ share: DashboardShareListing) -> String {
                share.revokedAt != nil ? "withdrawn" : share.isActive(at: now) ? "active" : "expired"
            }
            func scope(_ share: DashboardShareListing) -> String {
                let (kind, id) = share.scope.stored
                return kind + (id.map { ":\($0)" } ?? "")
            }
            func named(_ share: DashboardShareListing) -> String {
                switch share.scope {
                case .network: t("share.scope.network")
                case .operator: t("share.scope.operator", ["name": share.scopeName])
                case .territory: t("share.scope.territory", ["name": share.scopeName])
                }
            }
            if output.json {
                return try printJSON(.array(shares.map { s in
                    .object([
                        "id": .int(Int(s.id)), "staff": .string(s.staffEmail), "scope": .string(scope(s)), "scope_name": .string(named(s)), "public": .bool(s.isPublic),
                        "label": .string(s.label), "created_at": .string(iso.string(from: s.createdAt)),
                        "expires_at": .string(iso.string(from: s.expiresAt)), "revoked_at": .string(s.revokedAt.map(iso.string)),
                        "state": .string(state(s)),
                    ])
                }))
            }
            var table = TextTable(headers: ["id", "staff", "scope", "public", "label", "created", "expires", "state"].map { t("share.column." + $0) })
            for s in shares {
                table.add(
                    String(s.id), s.staffEmail, named(s), Labels.flag(s.isPublic, CLI.language), s.label ?? "", Text.dateTime(s.createdAt),
                    Text.dateTime(s.expiresAt), t("share.state." + state(s)))
            }
            table.print(empty: t("cli.none"))
        }
    }

    /// `dashboard unshare ID`: the link stops working at once.
    struct Unshare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.dashboard.unshare"))
        @Argument(help: help("dashboard.unshare.id")) var id: Int64
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = self.id
            try await inTransaction(acting) { try await $0.unshareDashboard(id) }
            print(t("dashboard.unshared", ["share": "\(id)"]))
        }
    }
}

/// Gathers each page's reports (a few pages at a time), renders and writes them.
enum DashboardSite {
    static func build(
        period: ReportPeriod, comparison: ReportPeriod?, scope: DashboardCommand.SiteScope, pages kinds: Set<DashboardPage.Kind>? = nil,
        language: Language, isPublic: Bool, into directory: URL, acting: Acting, readURL: String? = nil
    ) async throws -> (index: URL, pages: Int) {
        let networkTitle = language == .fr ? "Réseau" : "Network"
        // A batch of minutes waits its turn for a connection rather than failing after a second.
        let (pages, today) = try await Store.withStore(
            at: try DatabaseLocation.fromEnvironment(readURL: readURL), logger: .cli, leaseDeadline: .seconds(30)
        ) { store in
            let chosen = try await store.readTransaction(as: acting) { tx in
                // The scope's own page (index) and the kinds asked for.
                try await tx.dashboardPages(networkTitle: networkTitle, scope: try await scope.resolve(in: tx)).enumerated()
                    .filter { $0.offset == 0 || kinds?.contains($0.element.kind) ?? true }.map(\.element)
            }
            return (try await store.reader.dashboardData(as: acting, pages: chosen, period: period, comparison: comparison), store.today)
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
}
