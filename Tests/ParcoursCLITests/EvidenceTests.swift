import Crypto
import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// What an auditor is handed: attendance sheets signed per half-day, the signed scans' references,
/// each participant's certificate, the quality report, the audit pack.
@Suite("Funder-grade evidence, through the binary")
struct EvidenceTests {
    func setUp() async throws -> ParcoursCLI { try await ParcoursCLI.withReportNetwork() }

    func temporaryDirectory() throws -> URL { try ParcoursCLI.temporaryDirectory("evidence") }

    /// The May'IdESS module of 2026-02-05 (Alice and Bruno present).
    func module(_ cli: ParcoursCLI) async throws -> String {
        let sessions = try await cli.json("session", "list", "--json") as! [[String: Any]]
        let module = try #require(sessions.first { ($0["title"] as? String) == "module 2026-02-05" })
        return "\(module["id"] as! Int)"
    }

    @Test("an attendance sheet lists every expected carrier with a box per half-day, and prints to an A4 PDF")
    func attendanceSheet() async throws {
        let cli = try await setUp()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let id = try await module(cli)
        let html = directory.appending(path: "s.html").path
        let run = try await cli.run("session", "sheet", id, "--out", html)
        #expect(run.status == 0, "\(run.errors)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("Feuille d&#39;émargement") && page.contains("202003945") && page.contains("May&#39;IdESS"))
        #expect(page.contains(">Leroy<") && page.contains(">Bruno<"))
        #expect(page.contains("Après-midi 14:00–17:00"))
        // May'IdESS journeys open on 2026-02-05: Alice and Bruno (Chloé's closed, Dan's not yet opened).
        #expect(page.components(separatedBy: "data-carrier=").count - 1 == 2)
        // One box per half-day for each expected person, two blank lines, and the trainer.
        #expect(page.components(separatedBy: "<td class=\"box\">").count - 1 == 2 + 2 + 1)
        #expect(page.contains("@page { size: A4 portrait"))

        let pdf = directory.appending(path: "s.pdf").path
        let printed = try await cli.run("session", "sheet", id, "--pdf", "--out", pdf)
        #expect(printed.status == 0, "\(printed.errors)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(bytes.starts(with: Array("%PDF".utf8)))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("/MediaBox [0 0 594.95996 841.91998]"), "not an A4 portrait page")

        let missing = try await cli.run("session", "sheet", "9999")
        #expect(missing.status == 1 && missing.errors.contains("9999"))
    }

    @Test("a signed sheet is recorded by its SHA-256, with who and when, once; not before the session")
    func signedSheet() async throws {
        let cli = try await setUp()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let id = try await module(cli)
        let scan = directory.appending(path: "emargement-05-02.pdf")
        let content = Data("%PDF-1.4 signed by hand".utf8)
        try content.write(to: scan)
        let digest = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
        let recorded = try await cli.json("session", "signed", id, "--file", scan.path, "--json") as! [String: Any]
        #expect(recorded["sha256"] as? String == digest)
        #expect(recorded["file_name"] as? String == "emargement-05-02.pdf")
        #expect(recorded["recorded_by"] as? String != nil)
        let again = try await cli.json("session", "signed", id, "--file", scan.path, "--json") as! [String: Any]
        #expect(again["recorded_at"] as? String == recorded["recorded_at"] as? String)
        let html = directory.appending(path: "s.html").path
        _ = try await cli.run("session", "sheet", id, "--out", html)

        let later = try await cli.run(
            "session", "add", "--programme", "May'IdESS", "--kind", "module", "--title", "Plus tard", "--at", "01/03/2030 09:00",
            "--duration", "420")
        #expect(later.status == 0, "\(later.errors)")
        let future = try await cli.run("session", "signed", later.output.trimmingCharacters(in: .whitespacesAndNewlines), "--file", scan.path)
        #expect(future.status == 1 && future.errors.contains("n'a pas encore eu lieu"), "\(future.errors)")
        let none = try await cli.run("session", "signed", id, "--file", directory.appending(path: "absent.pdf").path)
        #expect(none.status == 1 && none.errors.contains("absent.pdf"), "\(none.errors)")

        // A full day: two half-days, two signatures each.
        let day = try await cli.run("session", "sheet", later.output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(day.output.contains("Matin 09:00–13:00") && day.output.contains("Après-midi 13:00–16:00"))
    }

    @Test("the audit pack holds every document, and its manifest's hashes match its files")
    func auditPack() async throws {
        let cli = try await setUp()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scan = directory.appending(path: "signed.pdf")
        try Data("signed".utf8).write(to: scan)
        #expect(try await cli.run("session", "signed", try await module(cli), "--file", scan.path).status == 0)
        let pack = directory.appending(path: "p.zip").path
        let run = try await cli.run("export", "audit-pack", "--funding", "202003945", "--out", pack)
        #expect(run.status == 0, "\(run.errors)")
        let result = try ChildProcess.run("/usr/bin/env", ["python3", "-c", Self.checker, pack], captureOutput: true)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "OK 2 participants, 1 signed", "\(result.output)")

        // Offline, with coreutils alone: every file checks, and a changed one is named.
        let unzipped = directory.appending(path: "pack")
        _ = try ChildProcess.run("/usr/bin/env", ["python3", "-m", "zipfile", "-e", pack, unzipped.path], captureOutput: true)
        let sha256sum = { try ChildProcess.run("/bin/sh", ["-c", "cd '\(unzipped.path)' && sha256sum -c SHA256SUMS"], captureOutput: true) }
        #expect(try sha256sum().status == 0)
        try Data("1;faux\n".utf8).write(to: unzipped.appending(path: "indicateurs.csv"))
        let tampered = try sha256sum()
        #expect(tampered.status != 0 && tampered.output.contains("indicateurs.csv"), "\(tampered.output)")

        // A pack that names nobody names nobody anywhere — its data quality list included — and says so.
        let quality = try String(contentsOf: unzipped.appending(path: "qualite-des-donnees.csv"), encoding: .utf8)
        #expect(!quality.contains("Nom") && !quality.contains("Prénom"), "\(quality)")
        let manifest = try String(contentsOf: unzipped.appending(path: "manifest.json"), encoding: .utf8)
        #expect(manifest.contains("Aucun fichier ne nomme un participant"), "\(manifest)")

        // Later, the administrator shows the log still holds the checkpoint the pack carried.
        let text = try String(contentsOf: unzipped.appending(path: "controle-du-journal.txt"), encoding: .utf8)
        let checkpoint = try #require(text.split(separator: "\n").first { $0.hasPrefix("Point de contrôle : ") }?.dropFirst("Point de contrôle : ".count))
        let verified = try await cli.run("audit", "verify", "--checkpoint", String(checkpoint))
        #expect(verified.status == 0 && verified.output.contains("Point de contrôle retrouvé"), "\(verified.output) \(verified.errors)")
        let forged = try await cli.run("audit", "verify", "--checkpoint", "1:" + String(repeating: "a", count: 64))
        #expect(forged.status == 1 && forged.errors.contains("n'a plus l'empreinte"), "\(forged.errors)")
        let malformed = try await cli.run("audit", "verify", "--checkpoint", "douze")
        #expect(malformed.status == 1 && malformed.errors.contains("« douze » n'est pas un point de contrôle"), "\(malformed.errors)")

        let funder = try await cli.run("export", "audit-pack", "--funding", "NOPE", "--out", pack)
        #expect(funder.status == 1 && funder.errors.contains("NOPE"))
    }

    @Test("an attendance certificate gives the hours per module and the dates, under the agreement only")
    func certificate() async throws {
        let cli = try await setUp()
        let carriers = try await cli.json("carrier", "list", "--json") as! [[String: Any]]
        let bruno = try #require(carriers.first { $0["first_name"] as? String == "Bruno" })
        let run = try await cli.run("carrier", "certificate", "\(bruno["id"] as! Int)", "--funding", "202003945")
        #expect(run.status == 0, "\(run.errors)")
        // Module 02-05 (120 of 180 minutes) and the appointment of 02-20 (60 minutes).
        #expect(run.output.contains("Attestation de présence de Bruno Leroy (convention 202003945) : 3,00 h"), "\(run.output)")
        #expect(run.output.contains("module 2026-02-05") && run.output.contains("05/02/2026") && run.output.contains("2,00"))
    }

    static let checker = #"""
        import zipfile, json, hashlib, sys
        z = zipfile.ZipFile(sys.argv[1])
        manifest = json.loads(z.read("manifest.json"))
        listed = {f["path"]: f for f in manifest["files"]}
        assert set(z.namelist()) == set(listed) | {"manifest.json", "SHA256SUMS"}, "files not listed: %r" % (set(z.namelist()) ^ set(listed))
        sums = dict(reversed(line.split("  ", 1)) for line in z.read("SHA256SUMS").decode().splitlines())
        assert set(sums) == set(z.namelist()) - {"SHA256SUMS"}, "SHA256SUMS lists %r" % sorted(sums)
        checkpoint = manifest["audit_checkpoint"]
        assert checkpoint["entries"] > 0 and len(checkpoint["hash"]) == 64, "checkpoint %r" % checkpoint
        assert checkpoint["checkpoint"] in z.read("controle-du-journal.txt").decode(), "checkpoint not in controle-du-journal.txt"
        for path, f in listed.items():
            data = z.read(path)
            assert hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["bytes"], "hash of " + path
        for needed in ["participants-fse.csv", "participants-fse.xlsx", "indicateurs.csv", "qualite-des-donnees.csv",
                       "feuilles-signees.csv", "heures-par-participant.csv"]:
            assert needed in listed, "missing " + needed
        assert any(p.startswith("feuilles/seance-") for p in listed), "no attendance sheet"
        assert manifest["agreement"]["code"] == "202003945" and manifest["made_by"] and manifest["made_at"], "manifest"
        signed = z.read("feuilles-signees.csv").decode("utf-8-sig")
        assert hashlib.sha256(b"signed").hexdigest() in signed, "signed scan not referenced"
        print("OK %d participants, %d signed" % (manifest["participants"], signed.count(hashlib.sha256(b"signed").hexdigest())))
        """#
}
