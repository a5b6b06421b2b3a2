import Foundation
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// What the data holds is shown on a terminal, never obeyed: a name carrying an escape sequence,
/// a bell or a bidi override cannot retitle the window or reorder what a coordinator reads.
@Suite("Terminal safety")
struct TerminalSafetyTests {
    /// ESC ] 0 ; … BEL (an OSC that retitles the terminal), ESC [ 2 J (clears it) and U+202E
    /// (right-to-left override), as a hostile import or API client might leave them in a name.
    static let payload = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}eviL"

    /// Runs the binary under a pseudo-terminal (`script`), as a person at a console would.
    static func onTerminal(_ cli: ParcoursCLI, _ arguments: [String]) throws -> String {
        let command = ([ParcoursCLI.executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let result = try ChildProcess.run(
            "/usr/bin/script", ["-qec", command, "/dev/null"], captureOutput: true, environment: cli.environment(staff: nil))
        return result.output
    }

    @Test("carrier show, a table and an ESF+ file printed to a terminal carry no control character nor bidi override from the data; to a pipe the file is unchanged")
    func terminalOutputIsInert() async throws {
        let cli = try await ParcoursCLI.withReportNetwork()
        let carrier = try await Store.withStore(at: cli.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.withOwnerConnection { connection in
                _ = try await connection.query("UPDATE carrier SET last_name = last_name || \(Self.payload)", logger: store.logger).collect()
                return try await connection.query("SELECT min(id)::int FROM carrier", logger: store.logger).collect().first!.decode(Int.self)
            }
        }
        for arguments in [
            ["carrier", "show", "\(carrier)"], ["carrier", "list"], ["export", "fse", "--funding", "202003945", "--named"],
        ] {
            let shown = try Self.onTerminal(cli, arguments)
            #expect(shown.contains("\u{FFFD}eviL"), "\(arguments): the name is not shown at all — \(shown.prefix(300))")
            let unsafe = shown.unicodeScalars.filter { ($0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0)) || $0 == "\u{202E}" }
            #expect(unsafe.isEmpty, "\(arguments) printed \(unsafe.map { String($0.value, radix: 16) })")
        }
        // To a file or a pipe, the export keeps the data as it is (escaping is the terminal's business).
        let piped = try await cli.run("export", "fse", "--funding", "202003945", "--named")
        #expect(piped.status == 0)
        #expect(piped.output.contains(Self.payload))
    }
}
