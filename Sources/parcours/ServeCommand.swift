import ArgumentParser
import Foundation
import Logging
import ParcoursServer
import ParcoursStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the JSON API and the live dashboards over HTTP.",
        discussion: """
            Every route but /healthz, /readyz and /openapi.yaml needs a bearer token (parcours token create): the \
            request then runs as that staff member, under row-level security. The API is described at /openapi.yaml. \
            Dashboards are at /dashboards/, for the current year compared with the previous one (?period=2026-Q3).
            """)
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @OptionGroup var locale: LocaleOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port: between 1 and 65535") }
    }

    func run() async throws {
        // Every line carries the request id and the acting staff id (never personal data).
        LoggingSystem.bootstrap(
            { label, provider in StreamLogHandler.standardError(label: label, metadataProvider: provider) },
            metadataProvider: LogContext.metadataProvider)
        var logger = Logger(label: "parcours.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["PARCOURS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let language = try locale.language()
        try await Store.withStore(at: try DatabaseLocation.fromEnvironment(login: .service), logger: .cli, channel: .http) { store in
            let server = ParcoursServer(store: store, language: language, logger: logger)
            try await server.run(host: host, port: port)
        }
    }
}
