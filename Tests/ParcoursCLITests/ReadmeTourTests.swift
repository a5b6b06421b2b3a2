import Foundation
import ParcoursStore
import ParcoursTestSupport
import Testing

/// The README's tour is a program: every line of it runs, in order, on a fresh database.
@Suite("The README's tour")
struct ReadmeTourTests {
    /// The shell lines of the tour: the first `sh` block after "## A tour of the CLI", continuation
    /// lines joined.
    static func tour() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../README.md").standardized
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "## A tour of the CLI"))
        let rest = text[section.upperBound...]
        let start = try #require(rest.range(of: "```sh\n"))
        let end = try #require(rest[start.upperBound...].range(of: "\n```"))
        var lines: [String] = []
        var pending = ""
        for line in rest[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix("\\") { pending += line.dropLast() + " "; continue }
            let whole = pending + line
            pending = ""
            if !whole.trimmingCharacters(in: .whitespaces).isEmpty, !whole.hasPrefix("#") { lines.append(whole) }
        }
        return lines
    }

    @Test("every line of the README's tour succeeds on a fresh database, in order")
    func tourRuns() async throws {
        let lines = try Self.tour()
        #expect(lines.count >= 40, "the tour is the README's, not an empty block")
        let cli = ParcoursCLI(location: try await TestDatabase.fresh())
        let directory = FileManager.default.temporaryDirectory.appending(path: "tour-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = cli.environment(staff: nil)
        // `parcours` as the reader types it: the binary under test first on the PATH.
        environment["PATH"] = URL(fileURLWithPath: ParcoursCLI.executable).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        for (number, line) in lines.enumerated() {
            let run = try ChildProcess.run(
                "/bin/sh", ["-c", "cd '\(directory.path)' && \(line)"], captureOutput: true, separateErrors: true, environment: environment)
            #expect(run.status == 0, "README tour, line \(number + 1): \(line)\n\(run.errorOutput)\(run.output.suffix(500))")
            if run.status != 0 { return }
        }
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "site/index.html").path))
        #expect(FileManager.default.fileExists(atPath: directory.appending(path: "fse.xlsx").path))
    }
}
