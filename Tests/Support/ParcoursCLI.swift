import Foundation
import ParcoursStore

/// Runs the real `parcours` binary against a test database, as a staff member would.
public struct ParcoursCLI: Sendable {
    public let location: DatabaseLocation
    /// Set on top of the test database's (e.g. PARCOURS_READ_URL).
    public var extraEnvironment: [String: String] = [:]

    public struct Run: Sendable {
        public var status: Int32
        public var output: String
        public var errors: String
    }

    public init(location: DatabaseLocation) { self.location = location }

    /// The binary built next to the test bundle (`swift test` builds it: the CLI tests depend on it).
    public static let executable: String = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "parcours").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../.build/debug/parcours").standardized.path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    /// Runs `parcours ARGS…` with DATABASE_URL set to the test database; blocking work is kept
    /// off the cooperative pool.
    public func run(_ arguments: String..., staff: String? = nil) async throws -> Run {
        try await run(arguments: arguments, staff: staff)
    }

    /// Runs and decodes standard output as JSON.
    public func json(_ arguments: String..., staff: String? = nil) async throws -> Any {
        try await json(arguments: arguments, staff: staff)
    }

    public func json(arguments: [String], staff: String? = nil) async throws -> Any {
        let run = try await self.run(arguments: arguments, staff: staff)
        guard run.status == 0 else { throw CLIFailure(run: run) }
        return try JSONSerialization.jsonObject(with: Data(run.output.utf8))
    }

    /// The environment of a run: the test database's URLs, nobody's token, French unless asked.
    public func environment(staff: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = TestDatabase.url(of: location, as: .console)
        environment["PARCOURS_OWNER_URL"] = TestDatabase.url(of: location, as: .owner)
        environment["PARCOURS_HOME"] = nil
        environment["PARCOURS_TOKEN"] = nil
        environment["PARCOURS_LOCALE"] = nil
        environment["PARCOURS_STAFF"] = staff
        environment["PARCOURS_READ_URL"] = nil
        environment.merge(extraEnvironment) { $1 }
        return environment
    }

    public func run(arguments: [String], staff: String?) async throws -> Run {
        let fixedEnvironment = environment(staff: staff)
        let result = try await ChildProcess.runOffPool(Self.executable, arguments, separateErrors: true, environment: fixedEnvironment)
        return Run(status: result.status, output: result.output, errors: result.errorOutput)
    }

    public struct CLIFailure: Error, CustomStringConvertible {
        public var run: Run
        public var description: String { "parcours exited \(run.status): \(run.errors)" }
    }
}

extension ParcoursCLI {
    /// The binary against a fresh database holding the report network (the fixed clock's dates).
    public static func withReportNetwork() async throws -> ParcoursCLI {
        let location = try await TestDatabase.fresh()
        _ = try await Store.withStore(at: location, logger: TestDatabase.logger, clock: ReportNetwork.clock, connectTimeout: .seconds(60)) { store in
            try await ReportNetwork.seed(store)
        }
        return ParcoursCLI(location: location)
    }

    /// A new directory for a test's files (the test removes it).
    public static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "parcours-\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
