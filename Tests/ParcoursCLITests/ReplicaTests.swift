import Foundation
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// Reads off the primary: reports, exports and dashboards read from a streaming replica
/// (`--read-url`, PARCOURS_READ_URL) while every write stays on the primary.
@Suite struct ReplicaTests {
    @Test("a report read on a hot standby (pg_basebackup -R) has the primary's numbers; what the standby has not replayed is not in it; writes still go to the primary")
    func reportReadOnStandby() async throws {
        let cli = try await ParcoursCLI.withReportNetwork()
        let standby = try await TestDatabase.standby()
        let replicaURL = TestDatabase.url(of: cli.location, as: .console, on: standby)
        try await TestDatabase.waitForReplay(standby)

        // The reader's connections are the standby's (in recovery), the others the primary's.
        var location = cli.location
        location.replica = try DatabaseLocation.Replica(url: replicaURL)
        let (reader, writer) = try await Store.withStore(at: location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            (try await Self.inRecovery(store.reader), try await Self.inRecovery(store))
        }
        #expect(reader == true && writer == false)

        let report = ["report", "activity", "--period", "2026", "--json"]
        let onPrimary = try await cli.run(arguments: report, staff: nil)
        let onReplica = try await cli.run(arguments: report + ["--read-url", replicaURL], staff: nil)
        #expect(onPrimary.status == 0 && onReplica.status == 0, "\(onReplica.errors)")
        #expect(onReplica.output == onPrimary.output)
        let export = try await cli.run("export", "indicators", "--funding", "202003945", "--format", "json", "--read-url", replicaURL)
        #expect(export.status == 0, "\(export.errors)")

        // A token the standby knows, to be revoked while it cannot replay the revocation.
        let created = try await cli.run("token", "create", "--staff", "admin@localhost", "--label", "replica")
        let token = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let tokenID = try #require(created.errors.firstMatch(of: /n° (\d+)/).map { String($0.1) })
        var holder = cli
        holder.extraEnvironment["PARCOURS_TOKEN"] = token
        try await TestDatabase.waitForReplay(standby)
        let asHolder = try await holder.run(arguments: report + ["--read-url", replicaURL], staff: nil)
        #expect(asHolder.output == onPrimary.output, "\(asHolder.errors)")

        // Replay paused: a journey opened (on the primary, PARCOURS_READ_URL notwithstanding) is in
        // the primary's report only, until the standby has replayed it; the token revoked on the
        // primary is refused at once, although the standby still holds it as valid.
        var reading = cli
        reading.extraEnvironment["PARCOURS_READ_URL"] = replicaURL
        try await TestDatabase.pauseReplay(standby, true)
        let opened: Bool
        let revoked: Bool
        do {
            let added = try await reading.json("carrier", "add", "--operator", "APESS 53", "--first-name", "Rémi", "--last-name", "Réplique", "--json") as! [String: Any]
            let id = try #require(added["id"] as? Int)
            opened = try await reading.run("journey", "open", "\(id)", "--programme", "May'IdESS").status == 0
            revoked = try await cli.run("token", "revoke", tokenID).status == 0
        } catch {
            try await TestDatabase.pauseReplay(standby, false)
            throw error
        }
        #expect(opened && revoked)
        let primaryAfter = try await cli.run(arguments: report, staff: nil)
        let replicaPaused = try await reading.run(arguments: report, staff: nil)
        let revokedRead = try await holder.run(arguments: report + ["--read-url", replicaURL], staff: nil)
        try await TestDatabase.pauseReplay(standby, false)
        #expect(revokedRead.status != 0 && revokedRead.output.isEmpty, "a revoked token reads nothing, even on a lagging standby: \(revokedRead.output)")
        #expect(primaryAfter.output != onPrimary.output, "the new journey counts in this year's activity")
        #expect(replicaPaused.output == onPrimary.output, "the standby has not replayed it yet")

        try await TestDatabase.waitForReplay(standby)
        #expect(try await reading.run(arguments: report, staff: nil).output == primaryAfter.output)
    }

    static func inRecovery(_ store: Store) async throws -> Bool? {
        try await store.withLoginConnection { connection in
            try await connection.query("SELECT pg_is_in_recovery()", logger: TestDatabase.logger).collect().first?.decode(Bool.self)
        }
    }

    @Test("a read URL that logs in as the schema's owner is refused like a primary's, before anything is read")
    func ownerOnStandbyRefused() async throws {
        let cli = try await ParcoursCLI.withReportNetwork()
        let standby = try await TestDatabase.standby()
        let ownerURL = TestDatabase.url(of: cli.location, as: .owner, on: standby)
        let refused = try await cli.run("report", "activity", "--period", "2026", "--read-url", ownerURL)
        #expect(refused.status != 0)
        #expect(refused.output.isEmpty, "nothing was read: \(refused.output)")
        #expect(refused.errors.contains("trop puissant (owner)"), "the primary's refusal of a privileged login: \(refused.errors)")
        #expect(try await cli.run("report", "activity", "--period", "2026").status == 0, "the same command without it works")
    }

    @Test("a read URL that is not PostgreSQL's is refused naming PARCOURS_READ_URL, before anything is read")
    func badReadURL() async throws {
        var cli = try await ParcoursCLI.withReportNetwork()
        cli.extraEnvironment["PARCOURS_READ_URL"] = "mysql://replica/parcours"
        let refused = try await cli.run("report", "activity", "--period", "2026")
        #expect(refused.status != 0)
        #expect(refused.errors.contains("PARCOURS_READ_URL") && refused.errors.contains("postgresql://"), "\(refused.errors)")
    }
}
