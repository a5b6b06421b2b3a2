import ArgumentParser
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// partner add|list|show, referral add|update|list

struct PartnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner", abstract: "The shared directory of partner structures carriers are oriented to.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a partner to the directory.")
        @Argument(help: "Its name.") var name: String
        @Option(help: "financing, cae, couveuse, incubator, nursery, network, public-service, training, support or cluster.") var kind: String
        @Option(help: "A contact (e-mail, phone).") var contact: String?
        @Option(name: .customLong("operator"), help: "The Parcours operator it is, if any: referrals then reach its worklist.")
        var operatorReference: String?
        @Option(name: .customLong("territory"), help: "A territory it covers; repeatable.") var territories: [String] = []
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let kind = try parseChoice(kind, field: "--kind", as: PartnerKind.self)
            let partner = try await inTransaction(acting) { tx in
                var ids: [TerritoryID] = []
                for reference in territories { ids.append(try await tx.resolveTerritory(reference)) }
                let operatorID = try await operatorReference.asyncMap { try await tx.resolveOperator($0) }
                let id = try await tx.addPartner(name: name, kind: kind, contact: contact, operatorID: operatorID, territories: ids)
                return try await tx.partners(id: id)[0]
            }
            if output.json { try printJSON(.of(partner)) } else { print(partner.id) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List partners.")
        @Option(help: "Only partners of this kind.") var kind: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let kind = try kind.map { try parseChoice($0, field: "--kind", as: PartnerKind.self) }
            let partners = try await inTransaction(acting) { try await $0.partners(kind: kind) }
            if output.json { return try printJSON(.array(partners.map(JSONValue.of))) }
            var table = TextTable("ID", "PARTNER", "KIND", "CONTACT", "TERRITORIES")
            for p in partners { table.add(p.id.description, p.name, p.kind.flagName, p.contact ?? "", p.territories.joined(separator: ", ")) }
            table.print()
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a partner.")
        @Argument(help: "Id or exact name.") var partner: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let p = try await inTransaction(acting) { try await $0.resolvePartner(partner) }
            if output.json { return try printJSON(.of(p)) }
            print("\(p.name) — partner \(p.id), \(p.kind.flagName)")
            if let contact = p.contact { print("contact      \(contact)") }
            if !p.territories.isEmpty { print("territories  \(p.territories.joined(separator: ", "))") }
        }
    }
}

struct ReferralCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referral", abstract: "Orientations of carriers to partners, and what became of them.",
        subcommands: [Add.self, Update.self, Take.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Orient a journey's carrier to a partner.",
            discussion: "Only the carrier's name, contact and the reason travel to the partner, unless --consent-to-share.")
        @Argument(help: "The journey's id.") var journey: String
        @Option(help: "The partner (id or exact name).") var partner: String
        @Option(help: "Why this partner.") var reason: String
        @Flag(help: "The carrier agreed that their file be shared with the partner.") var consentToShare = false
        @Option(help: "When (YYYY-MM-DD; default today).") var on: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let id = try parseID(journey, as: JourneyID.self, field: "JOURNEY_ID")
            let date = try parseDate(on, field: "--on")
            let referral = try await inTransaction(acting) { tx in
                let referralID = try await tx.addReferral(
                    journey: id, partner: try await tx.resolvePartner(partner), reason: reason, consentToShare: consentToShare, on: date)
                return try await tx.referrals(id: referralID)[0]
            }
            if output.json { try printJSON(.of(referral)) } else { print(referral.id) }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a partner's answer: accepted, declined, then completed.")
        @Argument(help: "The referral's id.") var referral: String
        @Option(help: "accepted, declined or completed.") var status: String
        @Option(help: "A note (what was decided, what came of it).") var note: String?
        @Option(help: "When (YYYY-MM-DD; default today).") var on: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let id = Int64(referral), id > 0 else { throw InputError("REFERRAL: '\(referral)' is not an id") }
            let status = try parseChoice(status, field: "--status", as: ReferralStatus.self)
            guard status != .proposed else { throw InputError("--status: an answer is accepted, declined or completed") }
            let date = try parseDate(on, field: "--on")
            let updated = try await inTransaction(acting) { try await $0.updateReferral(id, status: status, note: note, on: date) }
            if output.json { try printJSON(.of(updated)) } else { print("referral \(id): \(updated.status.rawValue)") }
        }
    }

    struct Take: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take on an accepted referral addressed to your operator: register the carrier and open a journey.",
            discussion: "The carrier's file comes along only if they consented to share it; otherwise only name and contact.")
        @Argument(help: "The referral's id.") var referral: String
        @Option(help: "Your programme (id or exact name).") var programme: String
        @Option(help: "The cohort (id or exact name).") var cohort: String?
        @Option(help: "The opening date (YYYY-MM-DD; default today).") var on: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let id = Int64(referral), id > 0 else { throw InputError("REFERRAL: '\(referral)' is not an id") }
            let date = try parseDate(on, field: "--on")
            let listing = try await inTransaction(acting) { tx in
                let programme = try await tx.resolveProgramme(programme, operatorID: tx.acting.operatorID)
                let cohortID = try await cohort.asyncMap { try await tx.resolveCohort($0, programme: programme) }
                let journey = try await tx.takeReferral(id, programme: programme, cohort: cohortID, on: date)
                return try await tx.journey(journey.id)
            }
            if output.json { try printJSON(.of(listing)) } else { print(listing.journey.id) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List referrals: your operator's and those addressed to it.")
        @Option(help: "Only this journey's referrals.") var journey: String?
        @Option(help: "Only referrals with this status.") var status: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let journeyID = try journey.map { try parseID($0, as: JourneyID.self, field: "--journey") }
            let status = try status.map { try parseChoice($0, field: "--status", as: ReferralStatus.self) }
            let referrals = try await inTransaction(acting) { try await $0.referrals(journey: journeyID, status: status) }
            if output.json { return try printJSON(.array(referrals.map(JSONValue.of))) }
            var table = TextTable("ID", "PROPOSED", "CARRIER", "PARTNER", "STATUS", "REASON")
            for r in referrals {
                table.add(r.id.description, r.proposedOn.iso, r.carrierName, r.partnerName, r.status.rawValue, r.reason)
            }
            table.print()
        }
    }
}
