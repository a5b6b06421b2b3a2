/// Yes/no cells as spreadsheets hold them (`oui`, `non`, `1`, `0`, `true`, `x`…); empty is no.
public func parseYesNo(_ text: String) -> Bool? {
    switch text.trimmed.lowercased() {
    case "", "non", "no", "n", "0", "false", "faux": false
    case "oui", "yes", "y", "o", "1", "true", "vrai", "x": true
    default: nil
    }
}

/// "The person declined to answer", as a form or a file says it (`refus`, `refusé`, `NSP`…).
public func isDeclinedAnswer(_ text: String) -> Bool {
    switch text.trimmed.lowercased() {
    case "refus", "refuse", "refusé", "refusée", "refus de répondre", "ne souhaite pas répondre", "nsp", "declined", "refused",
        "prefer not to say":
        true
    default: false
    }
}

import Foundation

/// `local@domain`: one `@`, both sides non-empty, no whitespace (mirrors the SQL checks).
///
/// NB: a hand-written check, not a `Regex`: it runs once per imported line, and Swift's regex
/// engine made validation of a 100,000-line file take seconds.
public func isPlausibleEmail(_ text: String) -> Bool {
    var at = 0
    var beforeAt = 0
    var afterAt = 0
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "@"): at += 1
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): return false
        default: if at == 0 { beforeAt += 1 } else { afterAt += 1 }
        }
    }
    return at == 1 && beforeAt > 0 && afterAt > 0
}
