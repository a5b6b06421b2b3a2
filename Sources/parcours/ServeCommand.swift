import ArgumentParser
import ParcoursApp
import Foundation
import Logging
import ParcoursServer
import ParcoursStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: t("help.serve"),
        discussion: t("help.serve.discussion"))
    @Option(help: help("serve.host")) var host = "127.0.0.1"
    @Option(help: help("serve.port")) var port = 8080
    @Option(help: help("serve.read-audit-buffer")) var readAuditBuffer = 1_000
    @OptionGroup var replica: ReplicaOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError(t("serve.port-range")) }
        guard (0...100_000).contains(readAuditBuffer) else { throw ValidationError(t("serve.read-audit-buffer-range")) }
    }

    func run() async throws {
        // Every line carries the request id and the acting staff id (never personal data).
        LoggingSystem.bootstrap(
            { label, provider in StreamLogHandler.standardError(label: label, metadataProvider: provider) },
            metadataProvider: LogContext.metadataProvider)
        var logger = Logger(label: "parcours.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["PARCOURS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let language = CLI.language
        let receipts = readAuditBuffer > 0 ? ReadReceipts(limit: readAuditBuffer) : nil
        try await Store.withStore(
            at: try DatabaseLocation.fromEnvironment(login: .service, readURL: replica.url), logger: .cli, channel: .http, readReceipts: receipts
        ) { store in
            let server = ParcoursServer(store: store, language: language, logger: logger)
            try await server.run(host: host, port: port)
        }
    }
}
