import ArgumentParser
import Foundation
import ParcoursReports
import ParcoursStore

extension Parcours {
    struct DB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract: "Manage the database: the embedded cluster, migrations, the connection URL.",
            subcommands: [Status.self, Start.self, Stop.self, Migrate.self, URLCommand.self])
    }
}
typealias DB = Parcours.DB

/// The embedded cluster, or a clear refusal when DATABASE_URL points elsewhere.
private func embeddedCluster(for verb: String) throws -> EmbeddedCluster {
    let location = try DatabaseLocation.fromEnvironment()
    guard let cluster = location.embedded else {
        throw InputError("DATABASE_URL is set: Parcours does not \(verb) that server, it only connects to it")
    }
    return cluster
}

extension Parcours.DB {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say where the database is and whether it runs and is migrated.")
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
                    fields["problem"] = .string(error.description)
                }
            }
            if output.json { return try printJSON(.object(fields)) }
            for key in ["url", "home", "server", "pid", "migrated", "problem"] {
                guard let value = fields[key] else { continue }
                let text: String = switch value {
                case .string(let s): s
                case .int(let i): String(i)
                case .bool(let b): b ? "yes" : "no"
                default: ""
                }
                print("\(key.padding(toLength: 9, withPad: " ", startingAt: 0)) \(text)")
            }
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Initialise (once) and start the embedded cluster, then migrate it.")
        func run() async throws {
            let cluster = try embeddedCluster(for: "start")
            try await Store.withStore(at: DatabaseLocation(embedded: cluster), logger: .cli) { _ in }
            print("PostgreSQL runs under \(cluster.home.path) — \(cluster.url(for: .service))")
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded cluster.")
        func run() async throws {
            let cluster = try embeddedCluster(for: "stop")
            try cluster.stop()
            print("PostgreSQL under \(cluster.home.path) is stopped")
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply the pending migrations of sql/ (shipped in this binary).")
        func run() async throws {
            let location = try DatabaseLocation.fromEnvironment(login: .owner)
            let applied = try await Store.withStore(at: location, logger: .cli, schema: .unchecked) { store in
                try await store.withOwnerConnection { try await Migrator.migrate($0, logger: .cli) }
            }
            print(applied.isEmpty ? "the schema is up to date" : "applied: " + applied.map(\.file).joined(separator: ", "))
        }
    }

    struct URLCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: "Print the URL the service connects with, for psql (starting the embedded cluster if needed).",
            discussion: """
                The service's login owns nothing and acts only with a bearer token; --console prints the \
                administrator's console login (the CLI's), --owner the schema owner's (migrations only).
                """)
        @Flag(help: "The schema owner's URL (migrations, backups).") var owner = false
        @Flag(help: "The administrator's console URL (the CLI's data commands).") var console = false

        func validate() throws {
            if owner && console { throw ValidationError("--owner and --console: choose one") }
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
                guard let url = environment[name], !url.isEmpty else { throw InputError("\(name) is not set") }
                print(url)
            }
        }
    }
}
