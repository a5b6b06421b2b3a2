/// The declared limits of what people type, checked here and again by the schema (sql/0010), so
/// that an oversized or binary value is a clear refusal naming its field — never a database error.
public enum FieldLimit {
    /// A person's first or last name.
    public static let personName = 100
    /// The name of an operator, programme, cohort, partner, funder, territory; a session's title.
    public static let title = 200
    /// An operator's own reference, a code.
    public static let reference = 100
    public static let email = 254
    public static let phone = 40
    /// Reasons and notes.
    public static let note = 2_000
    /// Any text at all: the service refuses longer ones before reading them.
    public static let longText = 10_000
    /// No date of the field is earlier (a birth date in 0232 is a typing error).
    public static let earliestDate = LocalDate(year: 1900, month: 1, day: 1)!

    /// Why `value` cannot be stored in a field of at most `maximum` characters; nil when it can.
    public static func problem(with value: String, maximum: Int) -> String? {
        if value.unicodeScalars.contains(where: { $0.value == 0 }) { return "contains a NUL byte" }
        // Unicode's control characters (category Cc) are exactly U+0000–U+001F and U+007F–U+009F.
        if value.unicodeScalars.contains(where: { ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) && !["\t", "\n", "\r"].contains($0) }) {
            return "contains a control character"
        }
        if value.count > maximum { return "is longer than \(maximum) characters" }
        return nil
    }

    /// Why a date is not plausible for the field, if it is not.
    public static func problem(with date: LocalDate, notAfter latest: LocalDate? = nil) -> String? {
        if date < earliestDate { return "\(date) is before 1900" }
        if let latest, date > latest { return "\(date) is in the future" }
        return nil
    }
}
