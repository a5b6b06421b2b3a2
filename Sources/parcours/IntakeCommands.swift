import ArgumentParser
import Foundation
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

// intake add / show / update / merge / erase / admit / decline / list: first contacts, before the journey;
// intake page / unpage: the registration page where people register themselves.

struct IntakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake", abstract: t("help.intake"), subcommands: [
            Add.self, Show.self, Update.self, Merge.self, Erase.self, Admit.self, Decline.self, List.self, Page.self, Unpage.self,
        ])

    /// `intake page [--operator O] [--expires N]`: the operator's registration page for its
    /// information meetings — its address printed once, kept only as a digest.
    struct Page: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.intake.page"), discussion: t("help.intake.page.discussion"))
        @Option(name: .customLong("operator"), help: help("intake.page.operator")) var operatorReference: String?
        @Option(help: help("intake.page.expires")) var expires: String = "\(RegistrationPageSecret.defaultDays)d"
        @Option(help: help("dashboard.share.base-url")) var baseURL: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let expiresAt = try Input.expiry(expires, now: Date(), field: "--expires")
            let base = try DashboardCommand.Share.base(baseURL ?? ProcessInfo.processInfo.environment["PARCOURS_PUBLIC_URL"] ?? "http://127.0.0.1:8080")
            let (page, secret, operatorName) = try await inTransaction(acting) { tx in
                let operatorID = try await tx.operatorOrOwn(operatorReference)
                let (page, secret) = try await tx.publishRegistrationPage(for: operatorID, expiresAt: expiresAt)
                return (page, secret, try await tx.operators(id: operatorID).first?.op.name ?? "")
            }
            try MadeLink(id: page, url: base + "/inscription/\(secret)", recipient: nil, expiresAt: expiresAt)
                .print(after: nil, json: output.json, made: "registration.published", mailed: "", ["page": "\(page)", "operator": operatorName])
        }
    }

    /// `intake unpage PAGE`: the registration page stops at once.
    struct Unpage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.intake.unpage"))
        @Argument(help: help("intake.unpage.page")) var page: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(page, as: IntakeID.self, field: "page").rawValue
            try await inTransaction(acting) { try await $0.withdrawRegistrationPage(id) }
            print(t("registration.withdrawn", ["page": "\(id)"]))
        }
    }

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
        @Flag(help: help("intake.add.allow-duplicate")) var allowDuplicate = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(AddIntake.self, Fields(texts: [
                "operator": operatorReference, "first_name": firstName, "last_name": lastName, "email": email, "phone": phone,
                "commune": commune, "prescriber": prescriber, "on": on, "info_session": infoSession, "diagnostic": diagnostic, "note": note,
            ], flags: ["allow_duplicate": allowDuplicate]), as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("intake.added", [
                "intake": listing.intake.id.description, "name": name(of: listing.intake), "prescriber": Labels.code(listing.intake.prescriber.rawValue, of: .prescriber, CLI.language),
            ]))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.intake.show"))
        @Argument(help: help("intake.admit.id")) var id: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let intakeID = try parseID(id, as: IntakeID.self, field: "id")
            let listing = try await inTransaction(acting) { try await $0.intakeListing(intakeID) }
            if output.json { return try printJSON(.of(listing)) }
            IntakeCommand.show(listing)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.intake.update"), discussion: t("help.intake.update.discussion"))
        @Argument(help: help("intake.admit.id")) var id: String
        @Option(help: help("intake.add.first-name")) var firstName: String?
        @Option(help: help("intake.add.last-name")) var lastName: String?
        @Option(help: help("intake.add.email")) var email: String?
        @Option(help: help("intake.add.phone")) var phone: String?
        @Option(help: help("intake.add.commune")) var commune: String?
        @Option(help: help("intake.add.prescriber"), completion: choices(Prescriber.self)) var prescriber: String?
        @Option(help: help("intake.update.on")) var on: String?
        @Option(help: help("intake.add.info-session")) var infoSession: String?
        @Option(help: help("intake.add.diagnostic")) var diagnostic: String?
        @Option(help: help("intake.add.note")) var note: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(UpdateIntake.self, Fields(texts: [
                "id": id, "first_name": firstName, "last_name": lastName, "email": email, "phone": phone, "commune": commune,
                "prescriber": prescriber, "on": on, "info_session": infoSession, "diagnostic": diagnostic, "note": note,
            ]), as: acting)
            if output.json { return try printJSON(.of(listing)) }
            Swift.print(t("intake.updated", ["intake": id, "name": name(of: listing.intake)]))
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.intake.merge"), discussion: t("help.intake.merge.discussion"))
        @Argument(help: help("intake.merge.keep")) var id: String
        @Argument(help: help("intake.merge.duplicate")) var duplicate: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(MergeIntakes.self, Fields(texts: ["id": id, "duplicate": duplicate]), as: acting)
            if output.json { return try printJSON(.of(listing)) }
            Swift.print(t("intake.merged", ["intake": id, "duplicate": duplicate, "name": name(of: listing.intake)]))
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.intake.erase"), discussion: t("help.intake.erase.discussion"))
        @Argument(help: help("intake.admit.id")) var id: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(EraseIntake.self, Fields(texts: ["id": id]), as: acting)
            if output.json { return try printJSON(.of(listing)) }
            Swift.print(t("intake.erased", ["intake": id]))
        }
    }

    /// A first contact, one line per fact.
    static func show(_ listing: IntakeListing) {
        let intake = listing.intake
        Swift.print(t("intake.show.title", ["intake": intake.id.description, "name": name(of: intake), "operator": intake.operatorName]))
        var lines: [(String, String)] = [
            (t("intake.show.contacted"), Text.date(intake.contactedOn) + " — " + Labels.code(intake.prescriber.rawValue, of: .prescriber, CLI.language)),
            (t("intake.show.registered"), listing.registeredAt.map { t("intake.show.registered.value", ["date": Messages.dateTime($0, CLI.language)]) } ?? ""),
            (t("intake.show.contact"), [intake.email, intake.phone].compactMap { $0 }.joined(separator: " · ")),
            (t("intake.show.commune"), listing.communeName ?? ""),
            (t("intake.show.info-session"), Text.date(intake.infoSessionOn)),
            (t("intake.show.diagnostic"), Text.date(intake.diagnosticOn)),
        ]
        let status = Messages.word(intake.status.rawValue, of: "intake_status", CLI.language)
        let decision = intake.declineReason.map { Labels.code($0.rawValue, of: .declineReason, CLI.language) + (listing.partnerName.map { " → " + $0 } ?? "") }
            ?? intake.journeyID.map { t("intake.journey", ["journey": $0.description]) }
        lines.append((t("intake.show.status"), ([status] + [intake.decidedOn.map { Text.date($0) }, decision].compactMap { $0 }).joined(separator: " — ")))
        if !intake.mergedIDs.isEmpty {
            lines.append((t("intake.show.merged"), intake.mergedIDs.map { "n° \($0)" }.joined(separator: ", ")))
        }
        lines.append((t("intake.show.note"), intake.note ?? ""))
        let width = lines.map(\.0.count).max() ?? 0
        for (label, value) in lines where !value.isEmpty {
            Swift.print(label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
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
                "intake": id, "name": name(of: listing.intake), "reason": listing.intake.declineReason.map { Labels.code($0.rawValue, of: .declineReason, CLI.language) } ?? "",
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
                let decision = intake.declineReason.map { Labels.code($0.rawValue, of: .declineReason, CLI.language) + (listing.partnerName.map { " → " + $0 } ?? "") }
                    ?? intake.journeyID.map { t("intake.journey", ["journey": $0.description]) } ?? ""
                table.add(intake.id.description, Text.date(intake.contactedOn), name(of: intake), Labels.code(intake.prescriber.rawValue, of: .prescriber, CLI.language),
                          Messages.word(intake.status.rawValue, of: "intake_status", CLI.language), decision)
            }
            table.print(empty: t("cli.none"))
        }
    }
}

private func name(of intake: Intake) -> String {
    [intake.firstName, intake.lastName].compactMap { $0 }.joined(separator: " ")
}
