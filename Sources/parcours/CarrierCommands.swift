import ArgumentParser
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// carrier add|list|show

struct CarrierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carrier", abstract: "Project carriers (porteurs de projet).", subcommands: [
                Add.self, List.self, Show.self, Import.self, Profile.self, Assign.self, Erase.self, ExportData.self, WithdrawConsent.self,
            ])

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a carrier to a counsellor of its operator (a counsellor sees only the carriers they follow).",
            discussion: "Without --counsellor the carrier is followed by no one in particular: every counsellor of the operator sees it.")
        @Argument(help: "The carrier's id.") var carrier: String
        @Option(help: "The counsellor's e-mail.") var counsellor: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(carrier, as: CarrierID.self, field: "CARRIER")
            try await inTransaction(acting) { try await $0.assignCarrier(id, to: counsellor) }
            print("carrier \(id) " + (counsellor.map { "followed by \($0)" } ?? "followed by the whole team"))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a carrier.")
        @Option(name: .customLong("operator"), help: "The accompanying operator (id or exact name).") var operatorReference: String
        @Option(help: "First name.") var firstName: String
        @Option(help: "Last name.") var lastName: String
        @Option(help: "woman, man or non-binary.") var gender: String?
        @Option(help: "Birth date (YYYY-MM-DD).") var birthDate: String?
        @Option(help: "Commune of residence (INSEE code, id or exact name).") var commune: String?
        @Option(help: "The operator's own reference for this person (file number…).") var ref: String?
        @Option(help: "E-mail.") var email: String?
        @Option(help: "Phone.") var phone: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let gender = try gender.map { try parseChoice($0, field: "--gender", as: Gender.self) }
            let birthDate = try parseDate(birthDate, field: "--birth-date")
            let listing = try await inTransaction(acting) { tx in
                let operatorID = try await tx.resolveOperator(operatorReference)
                let communeID = try await commune.asyncMap { try await tx.resolveTerritory($0) }
                let new = NewCarrier(
                    operatorID: operatorID, firstName: firstName, lastName: lastName, gender: gender,
                    birthDate: birthDate, commune: communeID, externalRef: ref, email: email, phone: phone)
                return try await tx.carrier(try await tx.addCarrier(new)!)
            }
            if output.json { try printJSON(.of(listing)) } else { print(listing.carrier.id) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List carriers you may see, most recent first.")
        @Option(name: .customLong("operator"), help: "Only this operator's carriers.") var operatorReference: String?
        @Option(help: "At most this many.") var limit: Int?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let limit = try parseLimit(limit)
            let carriers = try await inTransaction(acting) { tx in
                try await tx.carriers(operatorID: try await operatorReference.asyncMap { try await tx.resolveOperator($0) }, limit: limit)
            }
            if output.json { return try printJSON(.array(carriers.map(JSONValue.of))) }
            var table = TextTable("ID", "NAME", "GENDER", "BORN", "COMMUNE", "OPERATOR")
            for listing in carriers {
                let carrier = listing.carrier
                table.add(carrier.id.description, "\(carrier.firstName) \(carrier.lastName)", carrier.gender?.flagName ?? "",
                          carrier.birthDate?.iso ?? "", listing.communeName ?? "", listing.operatorName)
            }
            table.print()
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a carrier and their journeys.")
        @Argument(help: "The carrier's id.") var id: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let carrierID = try parseID(id, as: CarrierID.self, field: "CARRIER_ID")
            let (listing, journeys) = try await inTransaction(acting) { tx in
                (try await tx.carrier(carrierID), try await tx.journeys(JourneyFilter(carrier: carrierID)))
            }
            if output.json {
                guard case .object(var fields) = JSONValue.of(listing) else { return }
                fields["journeys"] = .array(journeys.map(JSONValue.of))
                return try printJSON(.object(fields))
            }
            let carrier = listing.carrier
            print("\(carrier.firstName) \(carrier.lastName) — carrier \(carrier.id), \(listing.operatorName)")
            let details = [
                carrier.gender.map { "gender: \($0.flagName)" }, carrier.birthDate.map { "born: \($0.iso)" },
                listing.communeName.map { "commune: \($0) (\(listing.communeCode ?? ""))" }, listing.externalRef.map { "ref: \($0)" }, listing.email, listing.phone,
            ].compactMap { $0 }
            if !details.isEmpty { print(details.joined(separator: " · ")) }
            print("")
            JourneyCommand.table(journeys).print()
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import carriers from a CSV file (French or English headers), all or nothing.",
            discussion: """
                Columns: ref, first_name (prénom), last_name (nom), gender (genre), birth_date (date_de_naissance), commune (INSEE),
                email, phone, labour_status, education_level, consent_on, disability, third_country_national, foreign_background,
                homeless. Every line is checked first and every bad line reported; lines whose ref exists are skipped.
                """)
        @Argument(help: "The CSV file.") var file: String
        @Option(name: .customLong("operator"), help: "The operator the carriers belong to (id or exact name).") var operatorReference: String
        @Flag(help: "Check the file and report, without importing.") var dryRun = false
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let table = try readCSV(file)
            let (counts, checked) = try await inTransaction(acting) { tx in
                let operatorID = try await tx.resolveOperator(operatorReference)
                let communes = try await tx.existingTerritoryCodes(CarrierImport.communeCodes(in: table))
                let rows: [CarrierRow]
                do { rows = try CarrierImport.rows(from: table, today: tx.today, knownCommunes: communes) } catch {
                    throw StoreError.invalid("\(file): \(error)")
                }
                if dryRun { return (ImportCounts(created: 0, skipped: 0), rows.count) }
                let large = rows.count >= 10_000
                let counts = try await tx.importCarriers(rows, operatorID: operatorID) { sent in
                    if large { printError("… \(sent) / \(rows.count) lines sent") }
                }
                return (counts, rows.count)
            }
            print(dryRun
                ? "\(checked) lines checked, no problem found (dry run: nothing imported)"
                : "\(counts.created) carriers imported, \(counts.skipped) skipped (reference already known)")
        }
    }

    struct Profile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a carrier's profile for funders (a new dated entry; the history is kept).",
            discussion: "Sensitive fields (disability, third-country national, foreign background, homelessness) need --consent-on.")
        @Argument(help: "The carrier's id.") var carrier: String
        @Option(help: "unemployed, long-term-unemployed, inactive, employed or self-employed.") var labour: String?
        @Option(help: "ISCED band: 0-2, 3-4 or 5-8.") var education: String?
        @Option(help: "When the carrier consented to the processing of sensitive data (YYYY-MM-DD).") var consentOn: String?
        @Option(help: "yes or no (needs consent).") var disability: String?
        @Option(help: "yes or no (needs consent).") var thirdCountryNational: String?
        @Option(help: "yes or no (needs consent).") var foreignBackground: String?
        @Option(help: "yes or no (needs consent).") var homeless: String?
        @Option(help: "The date of the entry (YYYY-MM-DD; default today).") var on: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(carrier, as: CarrierID.self, field: "CARRIER_ID")
            func yesNo(_ text: String?, _ field: String) throws -> Bool? {
                guard let text else { return nil }
                guard let value = parseYesNo(text), !text.isEmpty else { throw InputError("\(field): expected yes or no, not '\(text)'") }
                return value
            }
            let profile = CarrierProfile(
                labourStatus: try labour.map { try parseChoice($0, field: "--labour") },
                educationLevel: try education.map { try parseChoice($0, field: "--education") },
                consentOn: try parseDate(consentOn, field: "--consent-on"),
                disability: try yesNo(disability, "--disability"),
                thirdCountryNational: try yesNo(thirdCountryNational, "--third-country-national"),
                foreignBackground: try yesNo(foreignBackground, "--foreign-background"),
                homeless: try yesNo(homeless, "--homeless"))
            let date = try parseDate(on, field: "--on")
            try await inTransaction(acting) { try await $0.recordProfile(carrier: id, profile, on: date) }
            print("carrier \(id): profile recorded")
        }
    }
}
