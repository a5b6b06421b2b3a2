import ArgumentParser
import ParcoursCore
import ParcoursStore

// carrier add|list|show

struct CarrierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carrier", abstract: "Project carriers (porteurs de projet).", subcommands: [Add.self, List.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a carrier.")
        @Option(name: .customLong("operator"), help: "The accompanying operator (id or exact name).") var operatorReference: String
        @Option(help: "First name.") var firstName: String
        @Option(help: "Last name.") var lastName: String
        @Option(help: "woman, man or non-binary.") var gender: String?
        @Option(help: "Birth date (YYYY-MM-DD).") var birthDate: String?
        @Option(help: "Commune of residence (INSEE code, id or exact name).") var commune: String?
        @Option(help: "The operator's own reference for this person (file number…).") var ref: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let gender = try gender.map { text in
                guard let gender = Gender(name: text) else {
                    throw InputError("--gender: unknown gender '\(text)' (expected woman, man or non-binary)")
                }
                return gender
            }
            let birthDate = try parseDate(birthDate, field: "--birth-date")
            let listing = try await inTransaction(acting) { tx in
                let operatorID = try await tx.resolveOperator(operatorReference)
                let communeID = try await commune.asyncMap { try await tx.resolveTerritory($0) }
                let new = NewCarrier(
                    operatorID: operatorID, firstName: firstName, lastName: lastName, gender: gender,
                    birthDate: birthDate, commune: communeID, externalRef: ref)
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
                listing.communeName.map { "commune: \($0) (\(listing.communeCode ?? ""))" }, listing.externalRef.map { "ref: \($0)" },
            ].compactMap { $0 }
            if !details.isEmpty { print(details.joined(separator: " · ")) }
            print("")
            JourneyCommand.table(journeys).print()
        }
    }
}
