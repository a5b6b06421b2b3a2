import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// What an operator hands the auditor of an agreement, made in one command: the participant file
/// (CSV and workbook), the coded indicators, the quality report, every session's attendance sheet
/// and the signed scans' references, each participant's hours, and a manifest with every file's
/// SHA-256, the agreement, the period, and when and by whom the pack was made.
public struct AuditPack: Sendable {
    public struct File: Sendable {
        public var path: String
        public var data: Data
    }

    public var files: [File]
    public var manifest: JSONValue

    /// The archive: the manifest first, then the files it lists, then `SHA256SUMS` — every file's
    /// SHA-256 as `sha256sum -c SHA256SUMS` checks them, with no tool of Parcours.
    public func zip() throws -> Data {
        let manifestData = Data((try manifest.encoded() + "\n").utf8)
        let contents = [("manifest.json", manifestData)] + files.map { ($0.path, $0.data) }
        let sums = contents.map { path, data in "\(SheetScan.of(data, named: path).sha256)  \(path)\n" }.joined()
        return try ZipArchive.data(contents + [("SHA256SUMS", Data(sums.utf8))])
    }

    /// Gathers the pack inside one transaction (one consistent view of the agreement).
    /// What names a person, kept out of every file of a pack that names nobody.
    static let personalColumns: Set<String> = ["last_name", "first_name", "birth_date", "email", "phone"]

    public static func make(in tx: Transaction, funding: Funding, named: Bool, language: Language) async throws -> AuditPack {
        let fr = language == .fr
        let today = tx.today
        let madeAt = tx.now
        // Where the audit chain stands as the pack is made: whoever keeps it can later ask the log
        // to show it again, which no rewrite of an earlier entry can.
        let checkpoint = try await tx.auditCheckpoint()
        let file = try await tx.participants(of: funding)
        let exports = ExportRenderer(language: language)
        let participants = file.table(named: named)
        let indicators = file.indicators()
        var files: [File] = []
        func add(_ path: String, _ text: String) { files.append(File(path: path, data: Data(text.utf8))) }

        add(fr ? "participants-fse.csv" : "esf-participants.csv", exports.csv(participants))
        files.append(File(
            path: fr ? "participants-fse.xlsx" : "esf-participants.xlsx",
            data: try exports.xlsx(participants, of: file, funding: funding, madeOn: today)))
        add(fr ? "indicateurs.csv" : "indicators.csv", exports.csv(indicators))
        add(fr ? "indicateurs.json" : "indicators.json", try exports.json(indicators, of: file, kind: "indicators").encoded() + "\n")
        files.append(File(
            path: fr ? "indicateurs.xlsx" : "indicators.xlsx", data: try exports.xlsx(indicators, of: file, funding: funding, madeOn: today)))

        let scope = ReportScope(fundingID: funding.id)
        var quality = try await tx.report(ReportRequest(kind: .quality, period: funding.period, scope: scope))
        // One rule for names in the whole pack (its manifest says which): a pack that names nobody
        // knows each participant by their pseudonym in every file, the data quality list included.
        if !named { quality.sections = quality.sections.map { $0.without(Self.personalColumns) } }
        let reports = ReportRenderer(language: language)
        add(fr ? "qualite-des-donnees.txt" : "data-quality.txt", reports.text(quality) + "\n")
        add(fr ? "qualite-des-donnees.csv" : "data-quality.csv", reports.csv(quality))

        // Every session's sheet, and what was signed.
        let sheets = AttendanceSheetRenderer(language: language)
        let formatter = CellFormatter(language: language)
        var signed = CSVWriter(language: language)
        signed.line(fr
            ? ["Séance", "Date", "Titre", "Feuille", "Scan signé (SHA-256)", "Fichier", "Octets", "Enregistré par", "Enregistré le"]
            : ["Session", "Date", "Title", "Sheet", "Signed scan (SHA-256)", "File", "Bytes", "Recorded by", "Recorded at"])
        for id in try await tx.sessions(under: funding) {
            let sheet = try await tx.attendanceSheet(session: id)
            let path = (fr ? "feuilles/seance-" : "sheets/session-") + "\(id).html"
            add(path, sheets.html(sheet, madeOn: today))
            let base = ["\(id)", formatter.date(sheet.day), sheet.title, path]
            if sheet.scans.isEmpty { signed.line(base + [fr ? "(aucun scan enregistré)" : "(no scan recorded)", "", "", "", ""]) }
            for scan in sheet.scans {
                signed.line(base + [scan.sha256, scan.fileName, "\(scan.bytes)", scan.recordedBy, scan.recordedAt.formatted(.iso8601)])
            }
        }
        add(fr ? "feuilles-signees.csv" : "signed-sheets.csv", signed.text)

        // The questionnaires the participants filled in and signed themselves (sql/0042, sql/0044), at entry and at exit:
        // the date and the SHA-256 of the answers as signed, which the operator's record keeps whole.
        var questionnaires = CSVWriter(language: language)
        questionnaires.line(
            (fr ? ["Identifiant participant"] : ["Participant id"]) + (named ? (fr ? ["Nom", "Prénom", "Nom tapé"] : ["Last name", "First name", "Name typed"]) : [])
                + (fr ? ["Questionnaire", "Signé le", "Réponses signées (SHA-256)"] : ["Questionnaire", "Signed on", "Signed answers (SHA-256)"]))
        for participant in file.participants {
            for (kind, signature) in [(fr ? "entrée" : "entry", participant.selfSigned), (fr ? "sortie" : "exit", participant.exitSelfSigned)] {
                guard let signature else { continue }
                let names = named ? [participant.identity?.lastName ?? "", participant.identity?.firstName ?? "", signature.signedName ?? ""] : []
                questionnaires.line([participant.pseudonym] + names + [kind, formatter.date(signature.signedOn), signature.answersSHA256])
            }
        }
        add(fr ? "questionnaires-signes.csv" : "signed-questionnaires.csv", questionnaires.text)

        // Each participant's hours, module by module.
        let presences = try await tx.presences(under: funding)
        var hours = CSVWriter(language: language)
        hours.line(
            (fr ? ["Identifiant participant"] : ["Participant id"]) + (named ? (fr ? ["Nom", "Prénom"] : ["Last name", "First name"]) : [])
                + (fr ? ["Module", "Dates", "Heures"] : ["Module", "Dates", "Hours"]))
        var people: [CarrierID] = []
        for presence in presences where people.last != presence.carrierID { people.append(presence.carrierID) }
        for person in people {
            let own = presences.filter { $0.carrierID == person }
            let certificate = AttendanceCertificate(
                carrierID: person, firstName: own[0].firstName, lastName: own[0].lastName, birthDate: nil, operatorName: "",
                agreement: AttendanceSheet.Agreement(code: funding.code, title: funding.title, funder: funding.funderName),
                period: funding.period, lines: own.map(\.line))
            for module in certificate.modules {
                hours.line(
                    [own[0].pseudonym] + (named ? [own[0].lastName, own[0].firstName] : [])
                        + [module.title, module.days.map(formatter.date).joined(separator: ", "),
                           formatter.number(Double(module.minutes) / 60, fractionDigits: 2)])
            }
        }
        add(fr ? "heures-par-participant.csv" : "hours-per-participant.csv", hours.text)

        add(fr ? "controle-du-journal.txt" : "audit-checkpoint.txt", checkpointText(checkpoint, fr: fr))

        let manifest = JSONValue.object([
            "pack": .string("audit-pack"),
            "agreement": .object([
                "code": .string(funding.code), "title": .string(funding.title), "funder": .string(funding.funderName),
                "starts_on": .date(funding.startsOn), "ends_on": .date(funding.endsOn),
            ]),
            "period": .object(["from": .date(file.period.from), "to": .date(file.period.to)]),
            "made_at": .string(madeAt.formatted(.iso8601)),
            "made_by": .string(try await tx.actingEmail()),
            "named": .bool(named),
            "names": .string(named
                ? (fr ? "Les participants sont nommés (nom, prénom) dans chaque fichier, à côté de leur identifiant pseudonyme."
                      : "Participants are named (last and first name) in every file, beside their pseudonymous identifier.")
                : (fr ? "Aucun fichier ne nomme un participant : chacun n'y est désigné que par son identifiant pseudonyme."
                      : "No file names a participant: each is known only by their pseudonymous identifier.")),
            "participants": .int(file.participants.count),
            "indicator_list": .string(ESFIndicator.reference),
            "audit_checkpoint": .object([
                "entries": .int(Int(checkpoint.entries)), "hash": .string(checkpoint.hash), "checkpoint": .string(checkpoint.text),
                "sealed_through": checkpoint.sealedThrough.map { .string($0.formatted(.iso8601)) } ?? .null,
            ]),
            "files": .array(files.map { file in
                .object(["path": .string(file.path), "sha256": .string(SheetScan.of(file.data, named: file.path).sha256), "bytes": .int(file.data.count)])
            }),
        ])
        return AuditPack(files: files, manifest: manifest)
    }

    /// The checkpoint, and how to check the pack and the log with it, for a person.
    static func checkpointText(_ checkpoint: AuditCheckpoint, fr: Bool) -> String {
        let when = checkpoint.sealedThrough.map { date -> String in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "fr_FR")
            formatter.timeZone = TimeZone(identifier: "Europe/Paris")
            formatter.dateFormat = fr ? "dd/MM/yyyy 'à' HH:mm" : "dd/MM/yyyy HH:mm"
            return formatter.string(from: date)
        } ?? (fr ? "(journal vide)" : "(empty log)")
        if fr {
            return """
                Point de contrôle du journal d'audit de Parcours
                Entrées scellées : \(checkpoint.entries)
                Empreinte de la dernière (SHA-256) : \(checkpoint.hash)
                Écrite le : \(when) (heure de Paris)
                Point de contrôle : \(checkpoint.text)

                Vérifier ce dossier, sans Parcours : dans le dossier décompressé,
                  sha256sum -c SHA256SUMS
                (sha256sum signale chaque fichier dont l'empreinte ne correspond plus, et sort alors en erreur).

                Vérifier plus tard que le journal n'a pas été réécrit jusqu'à ce point : demandez à
                l'administrateur de l'installation de lancer, devant vous,
                  parcours audit verify --checkpoint \(checkpoint.text)
                qui répond « Point de contrôle retrouvé » si chaque entrée jusqu'à la n° \(checkpoint.entries)
                est restée telle qu'elle était ce jour-là, et sort en erreur sinon.
                Gardez ce fichier (ou SHA256SUMS) de votre côté : il est votre témoin.

                """
        }
        return """
            Parcours audit log checkpoint
            Sealed entries: \(checkpoint.entries)
            Hash of the last one (SHA-256): \(checkpoint.hash)
            Written on: \(when) (Paris time)
            Checkpoint: \(checkpoint.text)

            Check this pack without Parcours: in the unzipped folder,
              sha256sum -c SHA256SUMS
            (sha256sum names every file whose hash no longer matches, and then exits with an error).

            Check later that the log was not rewritten up to this point: ask the installation's
            administrator to run, in front of you,
              parcours audit verify --checkpoint \(checkpoint.text)
            which answers "Checkpoint found" if every entry up to number \(checkpoint.entries) is still
            as it was that day, and exits with an error otherwise.
            Keep this file (or SHA256SUMS) on your side: it is your witness.

            """
    }
}
