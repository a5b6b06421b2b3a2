import ArgumentParser
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// The personal data lifecycle: carrier erase|export-data|withdraw-consent, retention apply, audit list|verify.

extension CarrierCommand {
    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person (right to erasure): names, contact, birth date and free texts, everywhere.",
            discussion: """
                Every personal field of the person is replaced or removed in every table (referral copies, event \
                reasons, stored API answers included); what reports count — journeys, durations, outcomes, ESF+ \
                aggregates — stays. The erasure is recorded in the audit log. Coordinators of the person's operator \
                and the administrator erase.
                """)
        @Argument(help: "The carrier's id.") var carrier: String
        @Option(help: "Why (the person's request, a date…); kept in the audit log.") var reason: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(carrier, as: CarrierID.self, field: "CARRIER")
            try await inTransaction(acting) { try await $0.eraseCarrier(id, reason: reason) }
            print("carrier \(id) erased")
        }
    }

    struct ExportData: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-data",
            abstract: "Everything held about a person, as JSON (right of access).",
            discussion: "Their record, profiles, journeys with history, attendance, CAPE, jury, referrals, follow-ups, and the audit of who read or changed it.")
        @Argument(help: "The carrier's id.") var carrier: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(carrier, as: CarrierID.self, field: "CARRIER")
            let document = try await inTransaction(acting) { try await $0.personalData(of: id) }
            let object = try JSONSerialization.jsonObject(with: Data(document.utf8))
            let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: pretty, as: UTF8.self))
        }
    }

    struct WithdrawConsent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "withdraw-consent",
            abstract: "Record that a person withdrew their consent: the sensitive fields of their profiles are removed.")
        @Argument(help: "The carrier's id.") var carrier: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(carrier, as: CarrierID.self, field: "CARRIER")
            let changed = try await inTransaction(acting) { try await $0.withdrawConsent(id) }
            print("carrier \(id): consent withdrawn, sensitive fields removed from \(changed) profile(s)")
        }
    }
}

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "Anonymise the people whose keeping period has passed.", subcommands: [Apply.self])

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Anonymise people whose last journey closed more than the keeping period ago.",
            discussion: """
                The keeping period runs from the end of the funding agreements that covered the person (or from their \
                last exit when none did): 5 years unless --years. Commune and aggregates are kept. Also drops the stored \
                answers of API requests older than a day (administrator).
                """)
        @Option(help: "The keeping period, in years.") var years = 5
        @Flag(help: "Only list who would be anonymised.") var dryRun = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let years = self.years, dryRun = self.dryRun
            let (due, answers) = try await inTransaction(acting) { tx in
                dryRun ? (try await tx.retentionDue(years: years), 0) : try await tx.applyRetention(years: years)
            }
            if output.json { return try printJSON(.retention(due, answersDropped: answers, dryRun: dryRun)) }
            var table = TextTable("CARRIER", "OPERATOR", "LAST EXIT", "KEPT UNTIL")
            for item in due { table.add("\(item.carrierID)", "\(item.operatorID)", "\(item.lastClosedOn)", "\(item.keptUntil)") }
            table.print()
            print(dryRun ? "\(due.count) would be anonymised" : "\(due.count) anonymised; \(answers) stored API answers dropped")
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Who read or changed which person's record (append-only, hash-chained).",
        subcommands: [List.self, Verify.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit entries (coordinators: their operator's people).")
        @Option(help: "Only this carrier's.") var carrier: String?
        @Option(help: "Only this staff member's (e-mail).") var staff: String?
        @Option(help: "Only since this date (YYYY-MM-DD).") var since: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let carrierID = try carrier.map { try parseID($0, as: CarrierID.self, field: "--carrier") }
            let sinceDate = try parseDate(since, field: "--since")
            let staff = self.staff
            let entries = try await inTransaction(acting) { try await $0.auditEntries(carrier: carrierID, staffEmail: staff, since: sinceDate) }
            if output.json { return try printJSON(.array(entries.map(JSONValue.of))) }
            var table = TextTable("AT", "STAFF", "CHANNEL", "ACTION", "CARRIER", "DETAIL")
            let formatter = ISO8601DateFormatter()
            for e in entries { table.add(formatter.string(from: e.at), e.staffEmail, e.channel, e.action, "\(e.carrierID)", e.detail) }
            table.print()
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit chain: exit 1 if an entry was altered or deleted (administrator).")
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let (checked, broken) = try await inTransaction(acting) { try await $0.verifyAudit() }
            if let broken {
                throw StoreError.refused(broken < 0
                    ? "the audit log was cut: its last entries were deleted (\(checked) entries verify)"
                    : "the audit log was altered at entry \(broken) (or the entry before it was deleted); \(checked) entries verify before it")
            }
            print("audit log intact: \(checked) entries verify")
        }
    }
}
