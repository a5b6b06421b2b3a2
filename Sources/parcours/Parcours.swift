import ArgumentParser
import Foundation
import ParcoursStore

/// `parcours <noun> <verb>`: the staff's command line.
///
/// Exit status: 0 done, 1 refused or bad input, 2 usage, 3 conflict (someone changed the record meanwhile).
@main
struct Parcours: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parcours",
        abstract: "Accompaniment pathways of project carriers in the social and solidarity economy.",
        discussion: """
            Without DATABASE_URL, Parcours runs its own PostgreSQL cluster under PARCOURS_HOME.
            --as EMAIL (or PARCOURS_STAFF) names the staff member who acts; without it, the administrator.
            """,
        subcommands: [
            DB.self, OperatorCommand.self, TerritoryCommand.self, StaffCommand.self, ProgrammeCommand.self,
            CohortCommand.self, CarrierCommand.self, JourneyCommand.self, SessionCommand.self, CapeCommand.self,
            JuryCommand.self, PartnerCommand.self, ReferralCommand.self, FollowUpCommand.self, Todo.self, FunderCommand.self,
            FundingCommand.self, ReportCommand.self, ExportCommand.self, DashboardCommand.self, Serve.self, TokenCommand.self, RetentionCommand.self, AuditCommand.self, Demo.self,
        ]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            Foundation.exit(Self.report(error))
        }
    }

    /// Prints one clear line (or the usage for a parse error) and returns the exit status.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let error as StoreError:
            printError("error: \(error)")
            if case .conflict = error { return 3 }
            return 1
        case let error as InputError:
            printError("error: \(error.message)")
            return 1
        case is CancellationError:
            printError("interrupted")
            return 1
        default:
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            if !message.isEmpty { printError(message) }
            // ArgumentParser reports usage errors as EX_USAGE (64); we promise 2.
            return code == .validationFailure ? 2 : code.rawValue
        }
    }
}

/// Bad input found while running a command (a value that does not parse); exit status 1.
struct InputError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

