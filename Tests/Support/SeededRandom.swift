import ParcoursCore

/// The demo's seedable generator, for seeded fuzzing: the same seed, the same cases.
public typealias SeededRandom = SplitMix64

extension SplitMix64 {
    /// A text that exercises what breaks importers and databases: NUL and control characters,
    /// quotes and separators, combining marks, emoji, very long runs, formula-like starts.
    public mutating func nastyText() -> String {
        let pieces = [
            "", " ", "\u{0}", "\u{1B}[31m", "\r", "\n", "\r\n", "\t", "\"", "\"\"", ";", ",", "é", "e\u{301}", "🧑‍🌾", "\u{202E}",
            "=HYPERLINK(\"x\")", "-1", "1e309", "0232-01-01", "31/02/2026", "NaN", "null", "true", "\\N", "\\",
            String(repeating: "x", count: Int.random(in: 90...120, using: &self)),
            String(repeating: "é", count: Int.random(in: 1...3_000, using: &self)),
            "Ana", "Martin", "1990-05-04", "04/05/1990", "woman", "femme", "53130", "ana@example.org",
        ]
        return (0..<Int.random(in: 1...3, using: &self)).map { _ in pieces.randomElement(using: &self)! }.joined()
    }
}

/// A valid carrier file line and its header, for the importers' fuzz tests to mutate.
public enum CarrierFileSample {
    public static let header = "ref;prenom;nom;genre;date_de_naissance;commune;email;telephone;situation;niveau;consentement;handicap"
    public static let line = "R1;Ana;Martin;femme;1990-05-04;53130;ana@example.org;06 01 02 03 04;unemployed;3-4;2026-01-05;non"
}
