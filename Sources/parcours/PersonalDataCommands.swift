import ArgumentParser
import ParcoursApp
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// The personal data lifecycle: carrier erase|export-data|withdraw-consent, retention apply, audit list|verify.

extension CarrierCommand {
    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.carrier.erase"),
            discussion: t("help.carrier.erase.discussion"))
        @Argument(help: help("carrier.erase.carrier")) var id: String
        @Option(help: help("carrier.erase.reason")) var reason: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let erased = try await perform(EraseCarrier.self, Fields(texts: ["id": id, "reason": reason]), as: acting)
            print(t("carrier.erased", ["carrier": erased.description]))
        }
    }

    struct ExportData: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-data",
            abstract: t("help.carrier.export-data"),
            discussion: t("help.carrier.export-data.discussion"))
        @Argument(help: help("carrier.export-data.carrier")) var carrier: String
        @Option(help: help("carrier.export-data.format")) var format = "json"
        @Option(help: help("carrier.export-data.out")) var out: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(carrier, as: CarrierID.self, field: "CARRIER")
            let kind = Input.folded(format)
            guard ["json", "html", "pdf"].contains(kind) else {
                throw Refusal(.unknownFormat, field: "format", ["value": format, "expected": "json, html, pdf"])
            }
            if kind == "pdf", out == nil { throw Refusal(.required, field: "out") }
            let document = try await inTransaction(acting) { try await $0.personalData(of: id) }
            let text: String
            switch kind {
            case "json":
                let object = try JSONSerialization.jsonObject(with: Data(document.utf8))
                let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                text = String(decoding: pretty, as: UTF8.self) + "\n"
            default:
                // For the person: their language, their calendar, words for codes.
                text = try SubjectAccessPage(language: CLI.language, madeAt: Date()).html(document: document)
            }
            guard let out else { return print(text, terminator: "") }
            if kind == "pdf" {
                try HeadlessBrowser.printPDF(html: text, to: out)
            } else {
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: out)) } catch {
                    throw Refusal(.cannotWrite, field: "out", ["path": out, "detail": error.localizedDescription])
                }
            }
            FileHandle.standardError.write(Data((t("carrier.export-data.written", ["path": out]) + "\n").utf8))
        }
    }

    struct WithdrawConsent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "withdraw-consent",
            abstract: t("help.carrier.withdraw-consent"))
        @Argument(help: help("carrier.withdraw-consent.carrier")) var id: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let changed = try await perform(ParcoursApp.WithdrawConsent.self, Fields(texts: ["id": id]), as: acting)
            print(t("carrier.consent_withdrawn", ["carrier": id, "count": "\(changed)"]))
        }
    }
}

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: t("help.retention"), subcommands: [Apply.self])

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.retention.apply"),
            discussion: t("help.retention.apply.discussion"))
        @Option(help: help("retention.apply.years")) var years: String?
        @Flag(help: help("retention.apply.dry-run")) var dryRun = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (due, intakes, answers) = try await perform(
                ApplyRetention.self, Fields(texts: ["years": years], flags: ["dry_run": dryRun]), as: acting)
            if output.json { return try printJSON(.retention(due, intakes: intakes, answersDropped: answers, dryRun: dryRun)) }
            var table = TextTable(headers: ["carrier", "operator", "last_exit", "kept_until"].map { t("personaldata.column." + $0) })
            for item in due { table.add("\(item.carrierID)", "\(item.operatorID)", Text.date(item.lastClosedOn), Text.date(item.keptUntil)) }
            table.print(empty: t("cli.none"))
            let counts = ["count": "\(due.count)", "intakes": "\(intakes.count)", "answers": "\(answers)"]
            print(dryRun ? t("retention.would", counts) : t("retention.done", counts))
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: t("help.audit"),
        subcommands: [List.self, Verify.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.audit.list"))
        @Option(help: help("audit.list.carrier")) var carrier: String?
        @Option(help: help("audit.list.staff")) var staff: String?
        @Option(help: help("audit.list.since")) var since: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let carrierID = try carrier.map { try parseID($0, as: CarrierID.self, field: "--carrier") }
            let sinceDate = try parseDate(since, field: "--since")
            let staff = self.staff
            let entries = try await inTransaction(acting) { try await $0.auditEntries(carrier: carrierID, staffEmail: staff, since: sinceDate) }
            if output.json { return try printJSON(.array(entries.map(JSONValue.of))) }
            var table = TextTable(headers: ["at", "staff", "channel", "action", "carrier", "detail"].map { t("personaldata.column." + $0) })
            // Paris time and the reader's words; --json keeps the instants and codes.
            for e in entries {
                table.add(
                    Text.dateTime(e.at), e.staffEmail, AuditWording.channel(e.channel, CLI.language), AuditWording.action(e.action, CLI.language),
                    e.carrierID.map { "\($0)" } ?? "", AuditWording.detail(e.detail, CLI.language))
            }
            table.print(empty: t("cli.none"))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.audit.verify"))
        @Option(help: help("audit.verify.checkpoint", valueName: "N:EMPREINTE"))
        var checkpoint: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let kept = try checkpoint.map(AuditCheckpoint.parsing)
            let clock = ContinuousClock()
            let started = clock.now
            let (checked, broken, holds) = try await inTransaction(acting) { tx in
                let (checked, broken) = try await tx.verifyAudit()
                return (checked, broken, try await kept.asyncMap { try await tx.auditCheckpointHolds($0) })
            }
            let seconds = (clock.now - started) / .milliseconds(1) / 1000
            if let broken {
                throw StoreError.refused(broken < 0
                    ? Refusal(.auditCut, ["count": "\(checked)"])
                    : Refusal(.auditAltered, ["entry": "\(broken)", "count": "\(checked)"]))
            }
            if let kept, holds == false {
                throw StoreError.refused(Refusal(.auditCheckpointLost, ["entry": "\(kept.entries)", "hash": kept.hash]))
            }
            print(t("audit.intact", ["count": "\(checked)", "seconds": CellFormatter(language: CLI.language).number(seconds, fractionDigits: 1)]))
            if let kept { print(t("audit.checkpoint.holds", ["entry": "\(kept.entries)", "hash": kept.hash])) }
        }
    }
}
