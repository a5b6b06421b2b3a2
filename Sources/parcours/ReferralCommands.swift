import Foundation
import ArgumentParser
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// partner add|list|show, referral add|update|list

struct PartnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner", abstract: t("help.partner"),
        subcommands: [Add.self, List.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.partner.add"))
        @Argument(help: help("partner.add.name")) var name: String
        @Option(help: help("partner.add.kind"), completion: choices(PartnerKind.self)) var kind: String
        @Option(help: help("partner.add.contact")) var contact: String?
        @Option(help: help("partner.add.email")) var email: String?
        @Option(name: .customLong("operator"), help: help("partner.add.operator-reference"))
        var operatorReference: String?
        @Option(name: .customLong("territory"), help: help("partner.add.territories")) var territories: [String] = []
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let partner = try await perform(
                AddPartner.self,
                Fields(texts: ["name": name, "kind": kind, "contact": contact, "email": email, "operator": operatorReference], lists: ["territory": territories]),
                as: acting)
            if output.json { try printJSON(.of(partner)) } else { printCreated(partner.id, "created.partner", ["name": partner.name]) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.partner.list"))
        @Option(help: help("partner.list.kind"), completion: choices(PartnerKind.self)) var kind: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let kind = try kind.map { try parseChoice($0, field: "--kind", as: PartnerKind.self) }
            let partners = try await inTransaction(acting) { try await $0.partners(kind: kind) }
            if output.json { return try printJSON(.array(partners.map(JSONValue.of))) }
            var table = TextTable(headers: ["id", "partner", "kind", "contact", "email", "territories"].map { t("referral.column." + $0) })
            for p in partners {
                table.add(p.id.description, p.name, p.kind.word(CLI.language), p.contact ?? "", p.email ?? "", p.territories.joined(separator: ", "))
            }
            table.print(empty: t("cli.none"))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.partner.show"))
        @Argument(help: help("partner.show.partner")) var partner: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let p = try await inTransaction(acting) { try await $0.resolvePartner(partner) }
            if output.json { return try printJSON(.of(p)) }
            print(t("partner.show.title", ["name": p.name, "partner": "\(p.id)", "kind": p.kind.word(CLI.language)]))
            if let contact = p.contact { print(t("partner.show.contact", ["contact": contact])) }
            if let email = p.email { print(t("partner.show.email", ["email": email])) }
            if !p.territories.isEmpty { print(t("partner.show.territories", ["territories": p.territories.joined(separator: ", ")])) }
        }
    }
}

struct ReferralCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referral", abstract: t("help.referral"),
        subcommands: [Add.self, Update.self, Link.self, Unlink.self, Take.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.referral.add"), discussion: t("help.referral.add.discussion"))
        @Argument(help: help("referral.add.journey")) var id: String
        @Option(help: help("referral.add.partner")) var partner: String
        @Option(help: help("referral.add.reason")) var reason: String
        @Flag(help: help("referral.add.consent-to-share")) var consentToShare = false
        @Option(help: help("referral.add.on")) var on: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let referral = try await perform(
                AddReferral.self,
                Fields(texts: ["id": id, "partner": partner, "reason": reason, "on": on], flags: ["consent_to_share": consentToShare]), as: acting)
            if output.json { return try printJSON(.of(referral)) }
            print(t("referral.added", ["referral": "\(referral.id)", "journey": id, "partner": referral.partnerName]))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.referral.update"))
        @Argument(help: help("referral.update.referral")) var id: String
        @Option(help: help("referral.update.status"), completion: choices(ReferralStatus.self)) var status: String
        @Option(help: help("referral.update.decline-reason"), completion: choices(ReferralDeclineReason.self)) var declineReason: String?
        @Option(help: help("referral.update.proposed-action"), completion: choices(ReferralProposedAction.self)) var proposedAction: String?
        @Option(help: help("referral.update.note")) var note: String?
        @Option(help: help("referral.update.on")) var on: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let updated = try await perform(AnswerReferral.self, Fields(texts: [
                "id": id, "status": status, "decline_reason": declineReason, "proposed_action": proposedAction, "note": note, "on": on,
            ]), as: acting)
            if output.json { return try printJSON(.of(updated)) }
            print(t(updated.declineReason == nil ? "referral.answered" : "referral.answered.declined", [
                "referral": id, "status": updated.status.word(CLI.language), "name": updated.carrierName, "partner": updated.partnerName,
                "reason": updated.declineReason?.rawValue ?? "", "action": (updated.proposedAction ?? .none).rawValue,
            ]))
        }
    }

    /// `referral link ID [--expires 30] [--email ADDRESS]`: the partner's personal link, to answer
    /// without an account — e-mailed when mail is configured and the partner has an address, shown otherwise.
    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.referral.link"), discussion: t("help.referral.link.discussion"))
        @Argument(help: help("referral.update.referral")) var id: String
        @Option(help: help("referral.link.expires")) var expires: String = "\(ReferralLinkSecret.defaultDays)d"
        @Option(help: help("dashboard.share.base-url")) var baseURL: String?
        @Option(help: help("referral.link.email")) var email: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let referral = try parseID(id, as: ReferralID.self, field: "id").rawValue
            let expiresAt = try Input.expiry(expires, now: Date(), field: "--expires")
            let base = try DashboardCommand.Share.base(baseURL ?? ProcessInfo.processInfo.environment["PARCOURS_PUBLIC_URL"] ?? "http://127.0.0.1:8080")
            if let email, !MailAddress.isValid(email) { throw Refusal(.notAnEmail, field: "--email", ["value": email]) }
            let settings = try MailSettings.fromEnvironment()
            let made = try await Store.withStore(at: try DatabaseLocation.fromEnvironment(), logger: .cli, leaseDeadline: commandLeaseDeadline) { store in
                let made = try await store.transaction(as: acting.acting) { tx in
                    let (link, secret) = try await tx.linkReferral(referral, expiresAt: expiresAt)
                    var recipient = email
                    if settings != nil, recipient == nil { recipient = try await tx.partnerEmail(ofReferral: referral) }
                    guard settings != nil, let recipient else {
                        return (link: link, secret: Optional(secret), recipient: String?.none)
                    }
                    _ = try await tx.mailReferralLink(link, to: recipient, baseURL: base)
                    return (link: link, secret: String?.none, recipient: Optional(recipient))
                }
                // Committed: the message is in the outbox whatever happens now; the mailer sends it at once.
                guard let settings, made.recipient != nil else { return (made, MailRound?.none) }
                let language = CLI.language
                let round = try await store.sendWaitingMail(settings: settings) { MailText.message($0, language) }
                return (made, Optional(round))
            }
            let (link, round) = made
            try MadeLink(id: link.link, url: link.secret.map { base + "/orientation/\($0)" }, recipient: link.recipient, expiresAt: expiresAt)
                .print(after: round, json: output.json, made: "referral_link.made", mailed: "referral_link.mailed")
        }
    }

    /// `referral unlink LINK`: the partner's link stops at once.
    struct Unlink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.referral.unlink"))
        @Argument(help: help("referral.unlink.link")) var link: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(link, as: ReferralID.self, field: "link").rawValue
            try await inTransaction(acting) { try await $0.unlinkReferral(link: id) }
            print(t("referral_link.withdrawn", ["link": "\(id)"]))
        }
    }

    struct Take: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.referral.take"), discussion: t("help.referral.take.discussion"))
        @Argument(help: help("referral.take.referral")) var id: String
        @Option(help: help("referral.take.programme")) var programme: String
        @Option(help: help("referral.take.cohort")) var cohort: String?
        @Option(help: help("referral.take.on")) var on: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(TakeReferral.self, Fields(texts: ["id": id, "programme": programme, "cohort": cohort, "on": on]), as: acting)
            if output.json { try printJSON(.of(listing)) } else { print(listing.journey.id) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.referral.list"))
        @Option(help: help("referral.list.journey")) var journey: String?
        @Option(help: help("referral.list.status"), completion: choices(ReferralStatus.self)) var status: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let journeyID = try journey.map { try parseID($0, as: JourneyID.self, field: "--journey") }
            let status = try status.map { try parseChoice($0, field: "--status", as: ReferralStatus.self) }
            let referrals = try await inTransaction(acting) { try await $0.referrals(journey: journeyID, status: status) }
            if output.json { return try printJSON(.array(referrals.map(JSONValue.of))) }
            var table = TextTable(headers: ["id", "proposed", "carrier", "partner", "status", "reason"].map { t("referral.column." + $0) })
            for r in referrals {
                table.add(r.id.description, Text.date(r.proposedOn), r.carrierName, r.partnerName, r.status.word(CLI.language), r.reason)
            }
            table.print(empty: t("cli.none"))
        }
    }
}
