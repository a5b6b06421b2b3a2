import Foundation
import ParcoursStore
import ParcoursTestSupport
import Testing

/// A new installation, as a person first meets it: the embedded default, no DATABASE_URL.
@Suite("A first run")
struct FirstRunTests {
    @Test("a new installation says what it is doing while it sets itself up, on standard error, once; the command's output stays its own")
    func setUpAnnounced() throws {
        let home = FileManager.default.temporaryDirectory.appending(path: "parcours-first-\(UUID().uuidString.prefix(8))")
        var environment = ProcessInfo.processInfo.environment
        for name in ["DATABASE_URL", "PARCOURS_OWNER_URL", "PARCOURS_CONSOLE_URL", "PARCOURS_STAFF", "PARCOURS_TOKEN"] { environment[name] = nil }
        environment["PARCOURS_HOME"] = home.path
        environment["PARCOURS_PROGRESS"] = "1"
        func parcours(_ arguments: String...) throws -> ChildProcess.Result {
            try ChildProcess.run(ParcoursCLI.executable, arguments, captureOutput: true, separateErrors: true, environment: environment)
        }
        defer {
            _ = try? parcours("db", "stop")
            try? FileManager.default.removeItem(at: home)
        }
        let first = try parcours("operator", "list", "--json")
        #expect(first.status == 0, "\(first.errorOutput)")
        let lines = first.errorOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.first?.hasPrefix("Création de la base de données") == true)
        #expect(lines.dropFirst().first?.hasPrefix("Mise en place du schéma : \(Migration.all.count) migrations") == true)
        #expect(lines.last?.hasPrefix("Chargement des territoires de France") == true)
        #expect((try? JSONSerialization.jsonObject(with: Data(first.output.utf8))) is [Any], "\(first.output)")
        let again = try parcours("operator", "list", "--json")
        #expect(again.errorOutput.isEmpty, "\(again.errorOutput)")
    }
}
