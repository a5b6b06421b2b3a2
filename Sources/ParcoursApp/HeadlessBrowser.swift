import Foundation
import ParcoursCore
import ParcoursStore

/// Prints an HTML document to PDF with the headless Chromium (or Chrome) installed, as the page's
/// print stylesheet lays it out (`@page` size and margins).
public enum HeadlessBrowser {
    static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The first browser found on the `PATH`, if any.
    public static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    public static func printPDF(html: String, to path: String) throws(Refusal) {
        guard let browser = executable else { throw Refusal(.noHeadlessBrowser, field: "pdf", ["expected": names.joined(separator: ", ")]) }
        let directory = FileManager.default.temporaryDirectory.appending(path: "parcours-print-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appending(path: "page.html")
        let target = URL(fileURLWithPath: path).standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(html.utf8).write(to: page)
        } catch {
            throw Refusal(.cannotWrite, field: "out", ["path": page.path, "detail": error.localizedDescription])
        }
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(
                browser,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(directory.path)/profile",
                    "--print-to-pdf=\(target.path)", page.absoluteString,
                ],
                captureOutput: true)
        } catch {
            throw Refusal(.cannotRun, field: "pdf", ["program": browser, "detail": "\(error)"])
        }
        guard result.status == 0, FileManager.default.fileExists(atPath: target.path) else {
            throw Refusal(.cannotRun, field: "pdf", ["program": browser, "detail": String(result.output.suffix(300))])
        }
    }
}
