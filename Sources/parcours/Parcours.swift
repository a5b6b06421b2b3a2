import ArgumentParser
import Foundation
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// `parcours <noun> <verb>`: the staff's command line, in French unless told otherwise.
///
/// Exit status: 0 done, 1 refused or bad input, 2 usage, 3 conflict (someone changed the record meanwhile).
@main
struct Parcours: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parcours",
        abstract: t("help.parcours"),
        discussion: t("help.parcours.discussion"),
        version: ParcoursVersion.current,
        subcommands: [
            DB.self, OperatorCommand.self, TerritoryCommand.self, ZoningCommand.self, StaffCommand.self, ProgrammeCommand.self,
            CohortCommand.self, IntakeCommand.self, CarrierCommand.self, JourneyCommand.self, SessionCommand.self, CapeCommand.self,
            JuryCommand.self, PartnerCommand.self, ReferralCommand.self, MailCommand.self, FollowUpCommand.self, Todo.self, FunderCommand.self,
            FundingCommand.self, ReportCommand.self, ExportCommand.self, DashboardCommand.self, Serve.self, TokenCommand.self,
            RetentionCommand.self, AuditCommand.self, Demo.self, BenchCommand.self, Manual.self,
        ]
    )

    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        do {
            CLI.language = try CLI.takeLanguage(from: &arguments)
        } catch {
            Foundation.exit(report(error))
        }
        do {
            if CLI.announcesSetup { Setup.announce(with: CLI.announce) }
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            Foundation.exit(Self.report(error, arguments: arguments))
        }
    }

    /// Prints one clear line (or the usage for a parse error) and returns the exit status.
    static func report(_ error: any Error, arguments: [String] = []) -> Int32 {
        let lead = t("error") + (CLI.language == .fr ? " : " : ": ")
        switch error {
        case let error as StoreError:
            printError(lead + sentence(error.refusal))
            if case .conflict = error { return 3 }
            return 1
        case let refusal as Refusal:
            printError(lead + sentence(refusal))
            return 1
        case is CancellationError:
            printError(t("cli.interrupted"))
            return 1
        default:
            let code = exitCode(for: error)
            let message = ParserWords.translated(fullMessage(for: error))
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            if !message.isEmpty { printError(message + ParserWords.suggestion(for: arguments, in: Parcours.self)) }
            // ArgumentParser reports usage errors as EX_USAGE (64); we promise 2.
            return code == .validationFailure ? 2 : code.rawValue
        }
    }
}

func printError(_ text: String) {
    // A refusal quotes what was typed or read from a file: shown, never obeyed, on a terminal.
    FileHandle.standardError.write(Data(((Terminal.errors ? TextTable.printableLines(text) : text) + "\n").utf8))
}
