import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// deploy/backup.sh and deploy/restore.sh, for real: pg_dump, then pg_restore into an empty database.
@Suite("Backup and restore")
struct BackupTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../deploy").standardized

    func script(_ name: String, _ arguments: [String], database: DatabaseLocation) throws -> ChildProcess.Result {
        var environment = ProcessInfo.processInfo.environment
        // The scripts run as the database's owner, never as the service or the console.
        environment["PARCOURS_OWNER_URL"] = TestDatabase.url(of: database, as: .owner)
        environment["DATABASE_URL"] = TestDatabase.url(of: database, as: .service)
        return try ChildProcess.run(
            "/bin/bash", [Self.deploy.appending(path: name).path] + arguments, captureOutput: true, separateErrors: true,
            environment: environment)
    }

    @Test("backup (0600) → restore into an empty database whose owner has another name gives the same journeys, history and reports")
    func roundTrip() async throws {
        let original = try await TestDatabase.fresh()
        _ = try await Store.withStore(at: original, logger: TestDatabase.logger, clock: ReportNetwork.clock, connectTimeout: .seconds(60)) { try await ReportNetwork.seed($0) }
        let file = FileManager.default.temporaryDirectory.appending(path: "parcours-\(UUID().uuidString.prefix(8)).dump")
        defer { try? FileManager.default.removeItem(at: file) }

        let backup = try script("backup.sh", [file.path], database: original)
        #expect(backup.status == 0, "\(backup.errorOutput)")
        #expect(backup.output == file.path + "\n")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the dump holds personal data: \(String(mode ?? 0, radix: 8))")

        let restored = try await TestDatabase.empty(ownedBy: "zeta_keeper")
        let restore = try script("restore.sh", [file.path], database: restored)
        #expect(restore.status == 0, "\(restore.errorOutput)")
        #expect(restore.output.hasPrefix("restored"))

        // The restored database is current (no pending migration) and answers the same.
        for arguments in [
            ["journey", "list", "--json"], ["journey", "history", "1", "--json"],
            ["report", "outcomes", "--period", "2026-01-01..2026-06-30", "--by", "operator", "--json"],
            ["export", "fse", "--funding", "202003945", "--format", "json"],
        ] {
            let before = try await ParcoursCLI(location: original).run(arguments: arguments, staff: nil)
            let after = try await ParcoursCLI(location: restored).run(arguments: arguments, staff: nil)
            #expect(before.status == 0 && after.status == 0, "\(after.errors)")
            #expect(before.output == after.output, "\(arguments)")
        }
        // Row-level security survived: a counsellor still sees only their operator.
        let theirs = try await ParcoursCLI(location: restored).json("journey", "list", "--json", staff: "claire@apess53.fr") as! [[String: Any]]
        #expect(!theirs.isEmpty && theirs.allSatisfy { $0["operator"] as? String == "APESS 53" })

        // A second restore into a database that already holds the schema is refused.
        let again = try script("restore.sh", [file.path], database: restored)
        #expect(again.status == 1)
        #expect(again.errorOutput.contains("already holds a Parcours schema"))
    }
}
