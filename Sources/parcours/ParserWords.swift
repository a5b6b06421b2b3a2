import ArgumentParser
import Foundation
import ParcoursApp

/// The words swift-argument-parser prints itself (usage headings, its own errors), said in the
/// command line's language, and "did you mean" for a mistyped verb.
enum ParserWords {
    /// ArgumentParser's English, phrase by phrase, in French.
    static let french: [(String, String)] = [
        ("OVERVIEW:", "PRÉSENTATION :"), ("USAGE:", "UTILISATION :"), ("ARGUMENTS:", "ARGUMENTS :"), ("OPTIONS:", "OPTIONS :"),
        ("SUBCOMMANDS:", "SOUS-COMMANDES :"), ("Show help information.", "Affiche l'aide."),
        ("Show subcommand help information.", "Afficher l'aide d'une sous-commande."), ("Show the version.", "Affiche la version."),
        ("See 'parcours help <subcommand>' for detailed help.", "Voir « parcours help <sous-commande> » pour l'aide détaillée."),
        ("Error: Missing expected argument", "Erreur : argument attendu manquant"), ("Error: Unexpected argument", "Erreur : argument inattendu"),
        ("Error: Unexpected arguments", "Erreur : arguments inattendus"),
        ("Error: Missing value for", "Erreur : valeur manquante pour"), ("Error: Unknown option", "Erreur : option inconnue"),
        ("Error: The value", "Erreur : la valeur"), ("is invalid for", "n'est pas valable pour"), ("Error:", "Erreur :"),
        ("Usage:", "Utilisation :"), ("Help:", "Aide :"), ("(default:", "(par défaut :"), ("Did you mean", "Vouliez-vous dire"),
        ("Unknown option", "Option inconnue"), ("(values:", "(valeurs :"), ("<subcommand>", "<sous-commande>"),
    ]

    /// Sentences with a part that varies, before the phrases.
    static let frenchPatterns: [(String, String)] = [
        (#"Error: (\d+) unexpected arguments: "#, "Erreur : $1 arguments inattendus : "),
        (#"Error: Unexpected argument '([^']*)'"#, "Erreur : argument inattendu « $1 »"),
        (#"See '([^']+)' for more information\."#, "Voir « $1 » pour plus d'informations."),
        // Every group's footer: « parcours help journey <sous-commande> ».
        (#"See '(parcours help[^<']*)<subcommand>' for detailed help\."#, "Voir « $1<sous-commande> » pour l'aide détaillée."),
        (#"Error: Missing value for '([^']+)'"#, "Erreur : valeur manquante pour « $1 »"),
        (#"Error: Missing expected argument '([^']+)'"#, "Erreur : argument attendu manquant « $1 »"),
        (#"Error: Unknown option '([^']+)'"#, "Erreur : option inconnue « $1 »"),
        (#"Error: The value '([^']*)' is invalid for '([^']+)'"#, "Erreur : la valeur « $1 » n'est pas valable pour « $2 »"),
        (#"Did you mean '([^']+)'\?"#, "Vouliez-vous dire « $1 » ?"),
    ]

    static func translated(_ text: String) -> String {
        guard CLI.language == .fr else { return text }
        var out = text
        for (pattern, template) in frenchPatterns {
            out = out.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        for (english, french) in french { out = out.replacingOccurrences(of: english, with: french) }
        return out
    }

    /// "Did you mean « advance »?" when a word of the line is close to a verb of the command it follows.
    static func suggestion(for arguments: [String], in root: ParsableCommand.Type) -> String {
        var subcommands = root.configuration.subcommands
        for word in arguments where !word.hasPrefix("-") {
            let names = subcommands.map(name(of:))
            if let index = names.firstIndex(of: word) {
                subcommands = subcommands[index].configuration.subcommands
                continue
            }
            guard !names.isEmpty else { return "" }
            var best: (name: String, distance: Int)?
            for candidate in names {
                let d = distance(candidate, word)
                if d <= max(2, word.count / 3), d < (best?.distance ?? Int.max) { best = (candidate, d) }
            }
            guard let best else { return "" }
            return "\n" + t("cli.did_you_mean", ["word": best.name])
        }
        return ""
    }

    static func name(of command: ParsableCommand.Type) -> String {
        // As swift-argument-parser names a command from its type: WithdrawConsent → withdraw-consent.
        command.configuration.commandName ?? String(describing: command).reduce(into: "") { name, character in
            if character.isUppercase, !name.isEmpty { name += "-" }
            name += character.lowercased()
        }
    }

    /// Levenshtein distance: small words, small matrices.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
