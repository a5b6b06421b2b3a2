import ArgumentParser
import ParcoursApp
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore

// token create|list|revoke

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: t("help.token"),
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.token.create"))
        @Option(help: help("token.create.staff")) var staff: String
        @Option(help: help("token.create.expires")) var expires: String?
        @Option(help: help("token.create.label")) var label: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let expiresAt = try expires.map(Self.parseExpiry)
            let (id, token) = try await inTransaction(acting) { try await $0.createToken(staffEmail: staff, expiresAt: expiresAt, label: label) }
            print(token)
            printError("token \(id) for \(staff): keep it now, it cannot be shown again (revoke: parcours token revoke \(id))")
        }

        static func parseExpiry(_ text: String) throws -> Date {
            if text.hasSuffix("d"), let days = Int(text.dropLast()), days > 0 {
                return Date().addingTimeInterval(Double(days) * 86_400)
            }
            guard let day = LocalDate(iso: text) else {
                throw Refusal(.expiresInvalid, field: "expires", ["value": text])
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .paris
            return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.token.list"))
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let tokens = try await inTransaction(acting) { try await $0.tokens() }
            let iso = ISO8601DateFormatter()
            if output.json {
                return try printJSON(.array(tokens.map { t in
                    .object([
                        "id": .int(t.id), "staff": .string(t.staffEmail), "label": .string(t.label),
                        "created_at": .string(iso.string(from: t.createdAt)), "expires_at": .string(t.expiresAt.map(iso.string)),
                        "revoked_at": .string(t.revokedAt.map(iso.string)),
                    ])
                }))
            }
            var table = TextTable(headers: ["id", "staff", "label", "created", "expires", "state"].map { t("token.column." + $0) })
            for t in tokens {
                let state = t.revokedAt != nil ? "revoked" : (t.expiresAt.map { $0 < Date() } == true ? "expired" : "active")
                table.add(String(t.id), t.staffEmail, t.label ?? "", iso.string(from: t.createdAt), t.expiresAt.map(iso.string) ?? "never", state)
            }
            table.print(empty: t("cli.none"))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.token.revoke"))
        @Argument(help: help("token.revoke.id")) var id: Int64
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            try await inTransaction(acting) { try await $0.revokeToken(id) }
            print(t("token.revoked", ["token": "\(id)"]))
        }
    }
}
