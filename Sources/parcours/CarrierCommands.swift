import ArgumentParser
import Foundation
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// carrier add|list|show

struct CarrierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carrier", abstract: t("help.carrier"), subcommands: [
                Add.self, Update.self, Merge.self, List.self, Show.self, Import.self, Profile.self, Assign.self, Erase.self, ExportData.self,
                WithdrawConsent.self, Certificate.self, Questionnaire.self, Unquestionnaire.self,
            ])

    /// `carrier questionnaire ID [--expires N]`: the person's link to their ESF+ entry questionnaire,
    /// printed once, kept only as a digest; they fill it in and sign it without an account.
    struct Questionnaire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.carrier.questionnaire"), discussion: t("help.carrier.questionnaire.discussion"))
        @Argument(help: help("carrier.questionnaire.carrier")) var id: String
        @Option(help: help("carrier.questionnaire.expires")) var expires: String = "\(QuestionnaireLinkSecret.defaultDays)d"
        @Option(help: help("dashboard.share.base-url")) var baseURL: String?
        @Option(help: help("carrier.questionnaire.email")) var email: String?
        @Option(help: help("carrier.questionnaire.kind"), completion: choices(QuestionnaireKind.self)) var kind: String = "entry"
        @Option(help: help("carrier.questionnaire.journey")) var journey: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let carrier = try parseID(id, as: CarrierID.self, field: "id")
            let kind = try Input.choice(kind, as: QuestionnaireKind.self, field: "--kind")
            let journey = try journey.map { try parseID($0, as: JourneyID.self, field: "journey") }
            let expiresAt = try Input.expiry(expires, now: Date(), field: "--expires")
            let base = try DashboardCommand.Share.base(baseURL ?? ProcessInfo.processInfo.environment["PARCOURS_PUBLIC_URL"] ?? "http://127.0.0.1:8080")
            if let email, !MailAddress.isValid(email) { throw Refusal(.notAnEmail, field: "--email", ["value": email]) }
            let settings = try MailSettings.fromEnvironment()
            let language = CLI.language
            let (made, round) = try await Store.withStore(at: try DatabaseLocation.fromEnvironment(), logger: .cli, leaseDeadline: commandLeaseDeadline) { store in
                let made = try await store.transaction(as: acting.acting) { tx in
                    let (link, secret) = try await tx.linkQuestionnaire(carrier: carrier, kind: kind, journey: journey, expiresAt: expiresAt)
                    let listing = try await tx.carrier(carrier)
                    let name = listing.carrier.firstName + " " + listing.carrier.lastName
                    // E-mailed when mail is configured and the person has an address; shown otherwise.
                    guard settings != nil, let recipient = email ?? listing.email else {
                        return (link: link, secret: Optional(secret), recipient: String?.none, name: name)
                    }
                    _ = try await tx.mailQuestionnaireLink(link, to: recipient, baseURL: base)
                    return (link: link, secret: String?.none, recipient: Optional(recipient), name: name)
                }
                // Committed: the message is in the outbox whatever happens now; the mailer sends it at once.
                guard let settings, made.recipient != nil else { return (made, MailRound?.none) }
                return (made, Optional(try await store.sendWaitingMail(settings: settings) { MailText.message($0, language) }))
            }
            try MadeLink(id: made.link, url: made.secret.map { base + "/questionnaire/\($0)" }, recipient: made.recipient, expiresAt: expiresAt)
                .print(after: round, json: output.json, made: "questionnaire.made", mailed: "referral_link.questionnaire_mailed",
                       ["name": made.name, "questionnaire": t("audit.questionnaire." + kind.rawValue)])
        }
    }

    /// `carrier unquestionnaire LINK`: the questionnaire link stops at once.
    struct Unquestionnaire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.carrier.unquestionnaire"))
        @Argument(help: help("carrier.unquestionnaire.link")) var link: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(link, as: CarrierID.self, field: "link").rawValue
            try await inTransaction(acting) { try await $0.unlinkQuestionnaire(link: id) }
            print(t("questionnaire.withdrawn", ["link": "\(id)"]))
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.carrier.assign"),
            discussion: t("help.carrier.assign.discussion"))
        @Argument(help: help("carrier.assign.carrier")) var id: String
        @Option(help: help("carrier.assign.counsellor")) var counsellor: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            _ = try await perform(AssignCarrier.self, Fields(texts: ["id": id, "counsellor": counsellor]), as: acting)
            print(counsellor.map { t("carrier.assigned", ["carrier": id, "counsellor": $0]) } ?? t("carrier.assigned_team", ["carrier": id]))
        }
    }

    /// The fields of a person's record, as `carrier add` and `carrier update` take them.
    struct PersonOptions: ParsableArguments {
        @Option(help: help("carrier.first-name")) var firstName: String?
        @Option(help: help("carrier.last-name")) var lastName: String?
        @Option(help: help("carrier.gender", valueName: "GENRE"), completion: choices(Gender.self)) var gender: String?
        @Option(help: help("carrier.birth-date", valueName: "JJ/MM/AAAA")) var birthDate: String?
        @Option(help: help("carrier.commune")) var commune: String?
        @Option(help: help("carrier.ref")) var ref: String?
        @Option(help: help("carrier.email")) var email: String?
        @Option(help: help("carrier.phone")) var phone: String?

        var texts: [String: String?] {
            ["first_name": firstName, "last_name": lastName, "gender": gender, "birth_date": birthDate, "commune": commune, "ref": ref,
             "email": email, "phone": phone]
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.carrier.add"), discussion: t("help.carrier.add.discussion"))
        @Option(name: .customLong("operator"), help: help("carrier.operator")) var operatorReference: String?
        @OptionGroup var person: PersonOptions
        @Flag(help: help("carrier.allow-duplicate")) var allowDuplicate = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let fields = Fields(texts: person.texts.merging(["operator": operatorReference]) { a, _ in a }, flags: ["allow_duplicate": allowDuplicate])
            let listing = try await perform(AddCarrier.self, fields, as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("carrier.added", [
                "carrier": listing.carrier.id.description, "name": "\(listing.carrier.firstName) \(listing.carrier.lastName)",
                "operator": listing.operatorName,
            ]))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.carrier.update"), discussion: t("help.carrier.update.discussion"))
        @Argument(help: help("carrier.id")) var id: String
        @OptionGroup var person: PersonOptions
        @Option(help: help("carrier.update.qpv")) var qpv: String?
        @Option(help: help("carrier.update.reason")) var reason: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let fields = Fields(texts: person.texts.merging(["id": id, "qpv": qpv, "reason": reason]) { a, _ in a })
            let listing = try await perform(UpdateCarrier.self, fields, as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("carrier.updated", ["carrier": listing.carrier.id.description, "name": "\(listing.carrier.firstName) \(listing.carrier.lastName)"]))
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.carrier.merge"), discussion: t("help.carrier.merge.discussion"))
        @Argument(help: help("carrier.merge.id")) var id: String
        @Argument(help: help("carrier.merge.duplicate")) var duplicate: String
        @Option(help: help("carrier.merge.reason")) var reason: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(MergeCarriers.self, Fields(texts: ["id": id, "duplicate": duplicate, "reason": reason]), as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("carrier.merged", ["duplicate": duplicate, "carrier": listing.carrier.id.description,
                                       "name": "\(listing.carrier.firstName) \(listing.carrier.lastName)"]))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.carrier.list"))
        @Option(name: .customLong("operator"), help: help("carrier.list.operator")) var operatorReference: String?
        @Option(help: help("carrier.list.name")) var name: String?
        @Option(help: help("carrier.list.limit")) var limit: Int?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        /// A screenful by default: the newest people first.
        static let defaultLimit = 50

        func run() async throws {
            let limit = try parseLimit(limit) ?? Self.defaultLimit
            let carriers = try await inTransaction(acting) { tx in
                try await tx.carriers(
                    operatorID: try await operatorReference.asyncMap { try await tx.resolveOperator($0) }, limit: limit, name: name)
            }
            if output.json { return try printJSON(.array(carriers.map(JSONValue.of))) }
            var table = TextTable(headers: ["id", "name", "gender", "born", "commune", "operator"].map { t("carrier.column." + $0) })
            for listing in carriers {
                let carrier = listing.carrier
                table.add(carrier.id.description, "\(carrier.firstName) \(carrier.lastName)", carrier.gender?.word(CLI.language) ?? "",
                          Text.date(carrier.birthDate), listing.communeName ?? "", listing.operatorName)
            }
            table.print(empty: t("cli.none"))
            if carriers.count == limit { printError(t("carrier.list.more", ["count": "\(limit)"])) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.carrier.show"))
        @Argument(help: help("carrier.id")) var id: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let carrierID = try parseID(id, as: CarrierID.self, field: "id")
            let (listing, journeys, profile, events) = try await inTransaction(acting) { tx in
                do {
                    return (try await tx.carrier(carrierID), try await tx.journeys(JourneyFilter(carrier: carrierID)),
                            try await tx.latestProfile(of: carrierID), try await tx.carrierEvents(carrierID))
                } catch StoreError.notFound(let refusal) {
                    // A merged duplicate says where its person went.
                    if let kept = try await tx.mergedInto(carrierID) {
                        throw StoreError.notFound(Refusal(.mergedInto, ["carrier": carrierID.description, "kept": kept.description]))
                    }
                    throw StoreError.notFound(refusal)
                }
            }
            if output.json {
                guard case .object(var fields) = JSONValue.of(listing) else { return }
                fields["journeys"] = .array(journeys.map(JSONValue.of))
                fields["profile"] = profile.map { JSONValue.of($0.profile, recordedOn: $0.recordedOn) } ?? .null
                return try printJSON(.object(fields))
            }
            let carrier = listing.carrier
            print(t("carrier.show.title", ["name": "\(carrier.firstName) \(carrier.lastName)", "carrier": carrier.id.description,
                                           "operator": listing.operatorName]))
            let details = [
                carrier.gender.map { t("carrier.show.gender", ["gender": $0.word(CLI.language)]) },
                carrier.birthDate.map { t("carrier.show.born", ["date": Text.date($0)]) },
                listing.communeName.map { t("carrier.show.commune", ["commune": $0, "code": listing.communeCode ?? ""]) },
                listing.externalRef.map { t("carrier.show.ref", ["ref": $0]) }, listing.email, listing.phone,
            ].compactMap { $0 }
            if !details.isEmpty { print(details.joined(separator: " · ")) }
            if let (profile, recordedOn) = profile {
                let parts = [
                    profile.labourStatus.map { t("carrier.show.labour", ["labour": $0.word(CLI.language)]) },
                    profile.educationLevel.map { t("carrier.show.education", ["education": $0.word(CLI.language)]) },
                    profile.consentOn.map { t("carrier.show.consent", ["date": Text.date($0)]) },
                ].compactMap { $0 }
                print(t("carrier.show.profile", ["date": Text.date(recordedOn), "profile": parts.isEmpty ? "—" : parts.joined(separator: " · ")]))
            }
            for event in events {
                let (by, at) = (event.staffEmail, Text.dateTime(event.recordedAt))
                let line = switch event.kind {
                case .merge: t("carrier.show.merge", ["duplicate": event.mergedCarrierID?.description ?? "", "by": by, "at": at])
                case .update: t("carrier.show.update", ["fields": event.fields.joined(separator: ", "), "by": by, "at": at])
                case .erase: t("carrier.show.erase", ["by": by, "at": at])
                }
                print(line + (event.reason.map { " — " + $0 } ?? ""))
            }
            print("")
            JourneyCommand.table(journeys).print(empty: t("cli.none"))
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.carrier.import"),
            discussion: t("help.carrier.import.discussion"))
        @Argument(help: help("carrier.import.file")) var file: String
        @Option(name: .customLong("operator"), help: help("carrier.import.operator-reference")) var operatorReference: String
        @Flag(help: help("carrier.import.dry-run")) var dryRun = false
        @Flag(help: help("carrier.import.allow-duplicate")) var allowDuplicate = false
        @OptionGroup var sheet: SheetOptions
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            // Read twice, never held whole: once for its communes (looked up first), once to import.
            let (lines, collected) = try await sheet.rows(file) { CarrierImport.communeColumn(in: $0).map { [$0] } ?? [] }
            let (counts, checked) = try await inTransaction(acting, dryRun: dryRun) { tx in
                let operatorID = try await tx.resolveOperator(operatorReference)
                let communes = try await tx.communeLookups(collected.values.first ?? [], operatorID: operatorID)
                let checker = try CarrierImport.Checker(
                    header: lines.header, today: tx.today, communes: communes, words: .catalogues, ignoring: sheet.ignoredColumns)
                let progress = Progress()
                let counts = try await tx.importCarriers(lines, checker: checker, operatorID: operatorID, allowDuplicates: allowDuplicate) { read in
                    progress.say("carrier.progress.sent", ["sent": "\(read)", "count": "\(lines.rowCount)"])
                }
                progress.done()
                return (counts, lines.rowCount)
            }
            print(dryRun
                ? t("import.checked", ["count": "\(checked)"])
                : t("carrier.imported", ["created": "\(counts.created)", "skipped": "\(counts.skipped)"]))
        }
    }

    struct Profile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.carrier.profile"), discussion: t("help.carrier.profile.discussion"))
        @Argument(help: help("carrier.profile.carrier")) var id: String
        @Option(help: help("carrier.profile.labour"), completion: choices(LabourStatus.self)) var labour: String?
        @Option(help: help("carrier.profile.education"), completion: choices(EducationLevel.self)) var education: String?
        @Option(help: help("carrier.profile.consent-on")) var consentOn: String?
        @Option(help: help("carrier.profile.disability")) var disability: String?
        @Option(help: help("carrier.profile.third-country-national")) var thirdCountryNational: String?
        @Option(help: help("carrier.profile.foreign-background")) var foreignBackground: String?
        @Option(help: help("carrier.profile.minority")) var minority: String?
        @Option(help: help("carrier.profile.homeless")) var homeless: String?
        @Option(help: help("carrier.profile.on")) var on: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let carrier = try await perform(RecordProfile.self, Fields(texts: [
                "id": id, "labour": labour, "education": education, "consent_on": consentOn, "disability": disability,
                "third_country_national": thirdCountryNational, "foreign_background": foreignBackground, "minority": minority, "homeless": homeless,
                "on": on,
            ]), as: acting)
            print(t("carrier.profile_recorded", ["carrier": carrier.description]))
        }
    }
}

extension CarrierCommand {
    /// `carrier certificate ID --funding CODE [--out FILE] [--pdf]`: the attestation de présence.
    struct Certificate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.carrier.certificate"))
        @Argument(help: help("carrier.certificate.carrier")) var id: String
        @Option(help: help("carrier.certificate.funding")) var funding: String
        @Option(help: help("carrier.certificate.out")) var out: String?
        @Flag(help: help("carrier.certificate.pdf")) var pdf = false
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let carrier = try parseID(id, as: CarrierID.self, field: "id")
            let (certificate, today) = try await inTransaction(acting) { tx in
                (try await tx.attendanceCertificate(carrier: carrier, funding: try await tx.resolveFunding(funding)), tx.today)
            }
            let html = AttendanceSheetRenderer(language: CLI.language).html(certificate, madeOn: today)
            if pdf {
                guard let out else { throw Refusal(.workbookToTerminal, field: "out") }
                try HeadlessBrowser.printPDF(html: html, to: out)
            } else if let out {
                try deliver(Data(html.utf8), to: out)
            } else {
                var table = TextTable(headers: ["module", "dates", "hours"].map { t("carrier.certificate.column." + $0) })
                for module in certificate.modules {
                    table.add(module.title, module.days.map(Text.date).joined(separator: ", "), Text.decimal(Double(module.minutes) / 60, CLI.language, digits: 2))
                }
                print(t("carrier.certificate.title", [
                    "name": "\(certificate.firstName) \(certificate.lastName)", "funding": certificate.agreement.code,
                    "hours": Text.decimal(Double(certificate.totalMinutes) / 60, CLI.language, digits: 2),
                ]))
                table.print(empty: t("cli.none"))
            }
        }
    }
}
