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
            let expiresAt = try expires.map { try Input.expiry($0, now: Date(), field: "--expires") }
            let (id, token) = try await inTransaction(acting) { try await $0.createToken(staffEmail: staff, expiresAt: expiresAt, label: label) }
            print(token)
            printError(t("token.created", ["token": "\(id)", "email": staff]))
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
            for token in tokens {
                let state = token.revokedAt != nil ? "revoked" : (token.expiresAt.map { $0 < Date() } == true ? "expired" : "active")
                table.add(
                    String(token.id), token.staffEmail, token.label ?? "", Text.dateTime(token.createdAt),
                    token.expiresAt.map(Text.until) ?? t("token.never"), t("token.state." + state))
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
