import Crypto
import Foundation
import Logging
import NIOCore
import ParcoursCore
import PostgresNIO

/// A file of `sql/reference/`, compiled into the binary by the EmbedMigrations plugin.
public struct ReferenceFile: Sendable, Hashable {
    public let file: String
    public let text: String

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    public var checksum: String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// France's régions, départements, EPCI, communes and former commune codes (COG 2026, EPCI 2025).
    public static var france: ReferenceFile {
        guard let file = embedded.first(where: { $0.file == "territoires-fr.tsv" }) else {
            preconditionFailure("sql/reference/territoires-fr.tsv was not embedded")
        }
        return file
    }
}

/// Loads France's territories: COPY into a staging table, then `parcours_load_france` upserts them.
enum FranceReference {
    /// Loads the shipped reference unless this database already has it (at migration).
    static func loadIfNew(_ connection: PostgresConnection, logger: Logger) async throws {
        let file = ReferenceFile.france
        let loaded = try await connection.query(
            "SELECT EXISTS (SELECT FROM territory_reference WHERE checksum = \(file.checksum))", logger: logger
        ).collect().first?.decode(Bool.self) ?? false
        if !loaded {
            logger.info("loading France's territories", metadata: ["file": "\(file.file)"])
            Setup.announce(.loadingFrance)
            _ = try await load(file, on: connection, logger: logger)
        }
    }

    /// How many territories were created and how many updated.
    static func load(_ file: ReferenceFile, on connection: PostgresConnection, logger: Logger) async throws -> (created: Int, updated: Int) {
        _ = try await connection.query("SELECT parcours_france_staging()", logger: logger).collect()
        // A schema migrated halfway (an upgrade's earlier migrations, before the definitions) stages
        // the four columns of its time: the communes' own département comes with the next load.
        let withDepartments = try await connection.query(
            "SELECT EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'pg_temp.france_reference'::regclass AND attname = 'department_code')",
            logger: logger
        ).collect().first?.decode(Bool.self) ?? false
        let columns = ["kind", "code", "name", "parent_code"] + (withDepartments ? ["department_code"] : [])
        try await connection.copyFrom(table: "france_reference", columns: columns, logger: logger) { writer in
            // The file is in COPY's text format already; its comment lines (the attribution) are not rows.
            var buffer = ByteBuffer()
            for line in file.text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
                buffer.writeString(withDepartments ? String(line) : line.split(separator: "\t", omittingEmptySubsequences: false).prefix(4).joined(separator: "\t"))
                buffer.writeString("\n")
                if buffer.readableBytes > 256 * 1024 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        let row = try await connection.query(
            "SELECT created, updated FROM parcours_load_france(\(file.file), \(file.checksum))", logger: logger
        ).collect().first?.decode((Int, Int).self)
        return row ?? (0, 0)
    }
}

extension Transaction {
    /// Refreshes France's territories from the reference this build ships (the administrator's):
    /// official names and parents are set again, operators' own groupings are kept.
    public func loadFrance() async throws -> (created: Int, updated: Int) {
        try await FranceReference.load(ReferenceFile.france, on: connection, logger: logger)
    }
}
