import Foundation
import ParcoursCore
import ParcoursReports

func printJSON(_ value: JSONValue) throws {
    print(try value.encoded())
}

/// What an `add` made: on a terminal a sentence naming it (« Programme n° 5 créé : Test »); piped,
/// its bare id, as scripts read it (or the whole object with --json).
func printCreated(_ id: some CustomStringConvertible, _ key: String, _ values: [String: String] = [:]) {
    guard isatty(STDOUT_FILENO) == 1 else { return print(id) }
    print(t(key, values.merging(["id": id.description]) { a, _ in a }))
}

/// Whether standard output and standard error are terminals (then what the data holds is shown,
/// never obeyed: an ESC, an OSC, a bell or a bidi override from a name becomes U+FFFD).
enum Terminal {
    static let output = isatty(STDOUT_FILENO) == 1
    static let errors = isatty(STDERR_FILENO) == 1
}

/// Every unqualified `print` of the CLI: to a terminal, the data's control characters and bidi
/// overrides are neutralised (`carrier show`, `journey history`…); to a file or a pipe, unchanged.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    Swift.print(Terminal.output ? TextTable.printableLines(text) : text, terminator: terminator)
}
