import ArgumentParser
import Foundation
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

// intake add / admit / decline / list: first contacts, before the journey.

struct IntakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake", abstract: t("help.intake"), subcommands: [Add.self, Admit.self, Decline.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.intake.add"))
        @Option(name: .customLong("operator"), help: help("intake.add.operator")) var operatorReference: String?
        @Option(help: help("intake.add.first-name")) var firstName: String
        @Option(help: help("intake.add.last-name")) var lastName: String?
        @Option(help: help("intake.add.email")) var email: String?
        @Option(help: help("intake.add.phone")) var phone: String?
        @Option(help: help("intake.add.commune")) var commune: String?
        @Option(help: help("intake.add.prescriber"), completion: choices(Prescriber.self)) var prescriber: String
        @Option(help: help("intake.add.on")) var on: String?
        @Option(help: help("intake.add.info-session")) var infoSession: String?
        @Option(help: help("intake.add.diagnostic")) var diagnostic: String?
        @Option(help: help("intake.add.note")) var note: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(AddIntake.self, Fields(texts: [
                "operator": operatorReference, "first_name": firstName, "last_name": lastName, "email": email, "phone": phone,
                "commune": commune, "prescriber": prescriber, "on": on, "info_session": infoSession, "diagnostic": diagnostic, "note": note,
            ]), as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("intake.added", [
                "intake": listing.intake.id.description, "name": name(of: listing.intake), "prescriber": listing.intake.prescriber.word(CLI.language),
            ]))
        }
    }

    struct Admit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.intake.admit"), discussion: t("help.intake.admit.discussion"))
        @Argument(help: help("intake.admit.id")) var id: String
        @Option(help: help("intake.admit.programme")) var programme: String
        @Option(help: help("intake.admit.cohort")) var cohort: String?
        @Option(help: help("intake.admit.carrier-id")) var carrierId: String?
        @Option(help: help("intake.admit.on")) var on: String?
        @Flag(help: help("intake.admit.allow-duplicate")) var allowDuplicate = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(AdmitIntake.self, Fields(
                texts: ["id": id, "programme": programme, "cohort": cohort, "carrier_id": carrierId, "on": on],
                flags: ["allow_duplicate": allowDuplicate]), as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("intake.admitted", [
                "intake": id, "name": name(of: listing.intake), "carrier": listing.intake.carrierID?.description ?? "",
                "journey": listing.intake.journeyID?.description ?? "",
            ]))
        }
    }

    struct Decline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.intake.decline"))
        @Argument(help: help("intake.decline.id")) var id: String
        @Option(help: help("intake.decline.reason"), completion: choices(DeclineReason.self)) var reason: String?
        @Option(help: help("intake.decline.to-partner")) var toPartner: String?
        @Option(help: help("intake.decline.note")) var note: String?
        @Option(help: help("intake.decline.on")) var on: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(DeclineIntake.self, Fields(
                texts: ["id": id, "reason": reason, "to_partner": toPartner, "note": note, "on": on]),
                as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("intake.declined", [
                "intake": id, "name": name(of: listing.intake), "reason": listing.intake.declineReason?.word(CLI.language) ?? "",
            ]) + (listing.partnerName.map { " → " + $0 } ?? ""))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.intake.list"))
        @Option(name: .customLong("operator"), help: help("intake.list.operator")) var operatorReference: String?
        @Option(help: help("intake.list.status")) var status: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let wanted = try status.map { text throws(Refusal) in
                guard let found = Intake.Status.allCases.first(where: {
                    Input.folded($0.rawValue) == Input.folded(text) || Input.folded(Messages.word($0.rawValue, of: "intake_status", CLI.language)) == Input.folded(text)
                }) else {
                    throw Refusal(.unknownChoice, field: "status", ["value": text, "expected": Intake.Status.allCases.map(\.rawValue).joined(separator: ", ")])
                }
                return found
            }
            let listings = try await inTransaction(acting) { tx in
                let operatorID = try await operatorReference.asyncMap { try await tx.resolveOperator($0) }
                var listings: [IntakeListing] = []
                for intake in try await tx.intakes(operatorID: operatorID, status: wanted) { listings.append(try await tx.listing(intake)) }
                return listings
            }
            if output.json { return try printJSON(.array(listings.map(JSONValue.of))) }
            var table = TextTable(headers: ["id", "contacted", "name", "prescriber", "status", "decided"].map { t("intake.column." + $0) })
            for listing in listings {
                let intake = listing.intake
                let decision = intake.declineReason.map { $0.word(CLI.language) + (listing.partnerName.map { " → " + $0 } ?? "") }
                    ?? intake.journeyID.map { t("intake.journey", ["journey": $0.description]) } ?? ""
                table.add(intake.id.description, Text.date(intake.contactedOn), name(of: intake), intake.prescriber.word(CLI.language),
                          Messages.word(intake.status.rawValue, of: "intake_status", CLI.language), decision)
            }
            table.print(empty: t("cli.none"))
        }
    }
}

private func name(of intake: Intake) -> String {
    [intake.firstName, intake.lastName].compactMap { $0 }.joined(separator: " ")
}
