import ArgumentParser
import ParcoursApp
import ParcoursCore
import Foundation
import ParcoursReports
import ParcoursStore

extension Parcours {
    struct DB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract: t("help.db"),
            subcommands: [Status.self, Start.self, Stop.self, Migrate.self, URLCommand.self])
    }
}
typealias DB = Parcours.DB

/// The embedded cluster, or a clear refusal when DATABASE_URL points elsewhere.
private func embeddedCluster(for verb: String) throws -> EmbeddedCluster {
    let location = try DatabaseLocation.fromEnvironment()
    guard let cluster = location.embedded else {
        throw Refusal(.databaseURLSet, ["verb": verb])
    }
    return cluster
}

extension Parcours.DB {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.db.status"))
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let location = try DatabaseLocation.fromEnvironment()
            var fields: [String: JSONValue] = ["url": .string(location.displayURL), "embedded": .bool(location.embedded != nil)]
            if let cluster = location.embedded {
                fields["home"] = .string(cluster.home.path)
                switch try cluster.status() {
                case .notInitialised: fields["server"] = .string("not initialised")
                case .stopped: fields["server"] = .string("stopped")
                case .running(let pid): fields["server"] = .string("running"); fields["pid"] = .int(pid)
                }
            }
            if location.embedded == nil || fields["server"].map({ if case .string("running") = $0 { true } else { false } }) == true {
                do {
                    let pending = try await Store.withStore(at: location, logger: .cli, schema: .unchecked) {
                        try await $0.pendingMigrations()
                    }
                    fields["migrated"] = .bool(pending.isEmpty)
                    if location.embedded == nil { fields["server"] = .string("reachable") }
                } catch let error as StoreError {
                    fields["migrated"] = .bool(false)
                    fields["problem"] = .string(sentence(error.refusal))
                }
            }
            if output.json { return try printJSON(.object(fields)) }
            for key in ["url", "home", "server", "pid", "migrated", "problem"] {
                guard let value = fields[key] else { continue }
                let text: String = switch value {
                case .string(let s): s
                case .int(let i): String(i)
                case .bool(let b): b ? t("yes") : t("no")
                default: ""
                }
                let label = t("db.status." + key)
                print("\(label.padding(toLength: 12, withPad: " ", startingAt: 0)) \(key == "server" ? t("db.server." + text.replacingOccurrences(of: " ", with: "_")) : text)")
            }
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.db.start"))
        func run() async throws {
            let cluster = try embeddedCluster(for: "start")
            try await Store.withStore(at: DatabaseLocation(embedded: cluster), logger: .cli) { _ in }
            print(t("db.started", ["home": cluster.home.path, "url": cluster.url(for: .service)]))
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.db.stop"))
        func run() async throws {
            let cluster = try embeddedCluster(for: "stop")
            try cluster.stop()
            print(t("db.stopped", ["home": cluster.home.path]))
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.db.migrate"))
        func run() async throws {
            let location = try DatabaseLocation.fromEnvironment(login: .owner)
            let applied = try await Store.withStore(at: location, logger: .cli, schema: .unchecked) { store in
                try await store.withOwnerConnection { try await Migrator.migrate($0, logger: .cli) }
            }
            print(applied.isEmpty ? t("db.up_to_date") : t("db.applied", ["files": applied.map(\.file).joined(separator: ", ")]))
        }
    }

    struct URLCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: t("help.db.url"),
            discussion: t("help.db.url.discussion"))
        @Flag(help: help("db.url.owner")) var owner = false
        @Flag(help: help("db.url.console")) var console = false

        func validate() throws {
            if owner && console { throw ValidationError(t("db.url.one-login")) }
        }

        func run() async throws {
            let login: Login = owner ? .owner : console ? .console : .service
            let location = try DatabaseLocation.fromEnvironment(login: login)
            if let cluster = location.embedded {
                try await Store.withStore(at: DatabaseLocation(embedded: cluster), logger: .cli) { _ in }
                print(cluster.url(for: login))
            } else {
                let environment = ProcessInfo.processInfo.environment
                let name = switch login {
                case .service: "DATABASE_URL"
                case .console: environment["PARCOURS_CONSOLE_URL"] == nil ? "DATABASE_URL" : "PARCOURS_CONSOLE_URL"
                case .owner: "PARCOURS_OWNER_URL"
                }
                guard let url = environment[name], !url.isEmpty else { throw Refusal(.environmentNotSet, field: name) }
                print(url)
            }
        }
    }
}
