import Foundation
import ArgumentParser
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// `mail send|list`: the outbox of partners' links and their reminders (issue 28).
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mail", abstract: t("help.mail"), subcommands: [Send.self, List.self])

    /// `mail send`: one turn of the mailer — the reminders now due, then every waiting message.
    /// What a timer runs every few minutes (deploy/parcours-mail.timer); the administrator's.
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.mail.send"), discussion: t("help.mail.send.discussion"))
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let settings = try MailSettings.fromEnvironment() else {
                throw Refusal(.environmentNotSet, field: "PARCOURS_SMTP_URL")
            }
            let language = CLI.language
            let round = try await Store.withStore(at: try DatabaseLocation.fromEnvironment(), logger: .cli, leaseDeadline: commandLeaseDeadline) { store in
                try await store.sendWaitingMail(settings: settings) { MailText.message($0, language) }
            }
            if output.json {
                return try printJSON(.object([
                    "sent": .int(round.sent.count),
                    "failed": .array(round.failed.map { .object(["recipient": .string($0.recipient), "error": .string($0.error)]) }),
                ]))
            }
            print(t("mail.sent", ["count": "\(round.sent.count)"]))
            for failure in round.failed { print(t("mail.failed", ["email": failure.recipient, "error": failure.error])) }
            if !round.failed.isEmpty { throw ExitCode(1) }
        }
    }

    /// `mail list`: the latest messages of the operator's outbox, and what became of them.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.mail.list"))
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let entries = try await inTransaction(acting) { try await $0.outbox() }
            if output.json {
                return try printJSON(.array(entries.map { entry in
                    .object([
                        "id": .int(Int(entry.id)), "purpose": .string(entry.purpose.rawValue), "recipient": .string(entry.recipient),
                        "referral_id": entry.referralID.map { .int(Int($0)) } ?? .null, "carrier_id": entry.carrierID.map { .int(Int($0)) } ?? .null, "state": .string(entry.state.rawValue), "attempts": .int(entry.attempts),
                        "last_error": .string(entry.lastError),
                    ])
                }))
            }
            var table = TextTable(headers: ["id", "queued", "purpose", "recipient", "referral", "state", "attempts", "error"].map { t("mail.column." + $0) })
            for entry in entries {
                table.add(
                    entry.id.description, Text.dateTime(entry.queuedAt), t("mail.purpose." + entry.purpose.rawValue), entry.recipient,
                    entry.referralID.map { "\($0)" } ?? entry.carrierID.map { t("mail.carrier", ["carrier": "\($0)"]) } ?? "", t("mail.state." + entry.state.rawValue), entry.attempts.description, entry.lastError ?? "")
            }
            table.print(empty: t("cli.none"))
        }
    }
}
