import ArgumentParser
import Foundation
import ParcoursApp

/// `parcours manual`: the man page of the whole command tree, generated from it (so it never
/// drifts), in the command line's language. NB: swift-argument-parser's own generator drops the
/// accented letters of French; this one writes UTF-8 that man(1) reads (`preconv`).
struct Manual: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: t("help.manual"), discussion: t("help.manual.discussion"))

    func run() throws {
        let dump = Parcours._dumpHelp()
        guard let root = (try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any])?["command"] as? [String: Any] else {
            return
        }
        print(Self.page(root))
    }

    static func page(_ root: [String: Any]) -> String {
        var out = [
            #".\" -*- coding: utf-8 -*-"#, ".Dd \(Date().formatted(.iso8601.year().month().day()))", ".Dt PARCOURS 1", ".Os",
            ".Sh NAME", ".Nm parcours", ".Nd \(escaped(root["abstract"] as? String ?? ""))",
            ".Sh SYNOPSIS", ".Nm", ".Ar nom", ".Ar verbe", ".Op Ar options",
            ".Sh DESCRIPTION", escaped(root["discussion"] as? String ?? ""),
            ".Sh \(t("manual.commands").uppercased())",
        ]
        func walk(_ command: [String: Any], _ words: [String]) {
            let name = command["commandName"] as? String ?? ""
            let path = words + (name == "parcours" ? [] : [name])
            let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).filter { $0["commandName"] as? String != "help" }
            if subcommands.isEmpty, !path.isEmpty {
                out.append(".Ss parcours \(path.joined(separator: " "))")
                out.append(escaped(command["abstract"] as? String ?? ""))
                if let discussion = command["discussion"] as? String, !discussion.isEmpty { out += [".Pp", escaped(discussion)] }
                let arguments = (command["arguments"] as? [[String: Any]] ?? []).filter { ($0["shouldDisplay"] as? Bool) != false }
                if !arguments.isEmpty {
                    out.append(".Bl -tag -width 6n")
                    for argument in arguments {
                        let valueName = argument["valueName"] as? String ?? ""
                        if argument["kind"] as? String == "positional" {
                            out.append(".It Ar \(escaped(valueName))")
                        } else {
                            let long = (argument["names"] as? [[String: Any]])?.first { $0["kind"] as? String == "long" }?["name"] as? String ?? ""
                            out.append(".It Fl -\(long)" + (argument["kind"] as? String == "flag" ? "" : " Ar \(escaped(valueName))"))
                        }
                        out.append(escaped(argument["abstract"] as? String ?? ""))
                    }
                    out.append(".El")
                }
            }
            for sub in subcommands { walk(sub, path) }
        }
        walk(root, [])
        out += [".Sh \(t("manual.exit").uppercased())", escaped(t("manual.exit.text"))]
        return out.joined(separator: "\n")
    }

    /// A text as roff reads it: no line starting with a dot or a quote, backslashes doubled.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\e").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") || $0.hasPrefix("'") ? "\\&" + $0 : String($0) }.joined(separator: "\n")
    }
}
