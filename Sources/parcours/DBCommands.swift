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
            print("PostgreSQL runs under \(cluster.home.path) — \(cluster.url)")
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
            let location = try DatabaseLocation.fromEnvironment()
            let applied = try await Store.withStore(at: location, logger: .cli, schema: .unchecked) { store in
                try await store.withOwnerConnection { try await Migrator.migrate($0, logger: .cli) }
            }
            print(applied.isEmpty ? "the schema is up to date" : "applied: " + applied.map(\.file).joined(separator: ", "))
        }
    }

    struct URLCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url", abstract: "Print a connection URL that psql accepts (starting the embedded cluster if needed).")
        func run() async throws {
            let location = try DatabaseLocation.fromEnvironment()
            if let cluster = location.embedded {
                try await Store.withStore(at: location, logger: .cli) { _ in }
                print(cluster.url)
            } else {
                print(ProcessInfo.processInfo.environment["DATABASE_URL"] ?? location.displayURL)
            }
        }
    }
}
