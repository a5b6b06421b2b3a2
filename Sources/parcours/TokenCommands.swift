import ArgumentParser
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore

// token create|list|revoke

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Bearer tokens for the HTTP service (the administrator's).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token for a staff member and print it, once: only its SHA-256 is kept.")
        @Option(help: "The staff member's e-mail: the token acts as them, with their role.") var staff: String
        @Option(help: "When it stops working: a date (YYYY-MM-DD) or a number of days (90d). Default: never.") var expires: String?
        @Option(help: "What it is for (an integration, a server).") var label: String?
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
                throw InputError("--expires: '\(text)' is neither a date (YYYY-MM-DD) nor a number of days (90d)")
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .paris
            return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")
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
            var table = TextTable("ID", "STAFF", "LABEL", "CREATED", "EXPIRES", "STATE")
            for t in tokens {
                let state = t.revokedAt != nil ? "revoked" : (t.expiresAt.map { $0 < Date() } == true ? "expired" : "active")
                table.add(String(t.id), t.staffEmail, t.label ?? "", iso.string(from: t.createdAt), t.expiresAt.map(iso.string) ?? "never", state)
            }
            table.print()
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it stops working at once.")
        @Argument(help: "The token's id (token list).") var id: Int64
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            try await inTransaction(acting) { try await $0.revokeToken(id) }
            print("token \(id) revoked")
        }
    }
}
