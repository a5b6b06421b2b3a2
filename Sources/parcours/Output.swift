import Foundation
import ParcoursCore
import ParcoursReports

func printJSON(_ value: JSONValue) throws {
    print(try value.encoded())
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
