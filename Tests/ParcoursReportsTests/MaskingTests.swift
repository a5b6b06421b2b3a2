import ParcoursCore
import Testing

@testable import ParcoursReports

/// A published table never gives back a count of 1 to 4 people: not by itself, not from the other
/// cells of its row, its column or its totals, not from the shares.
@Suite("Public masking holds against derivation")
struct MaskingTests {
    /// A table as reports make them: parts that add up to a total per row, each row's share of all,
    /// and a totals row.
    func table(_ random: inout SplitMix64) -> ReportTable {
        let parts = Int.random(in: 1...3, using: &random), rows = Int.random(in: 1...5, using: &random)
        var columns = [ReportColumn("category", .text), ReportColumn("carriers", .count)]
        columns += (0..<parts).map { ReportColumn("part\($0)", .count) }
        columns.append(ReportColumn("share_pct", .percent))
        let values = (0..<rows).map { _ in (0..<parts).map { _ in [0, 1, 2, 3, 4, 5, 6, 9, 12].randomElement(using: &random)! } }
        let all = values.flatMap { $0 }.reduce(0, +)
        let body: [[ReportValue]] = values.enumerated().map { index, row in
            let total = row.reduce(0, +)
            return [.text("r\(index)"), .int(total)] + row.map(ReportValue.int) + [.decimal(all == 0 ? 0 : 100.0 * Double(total) / Double(all))]
        }
        let sums = (0..<parts).map { part in values.map { $0[part] }.reduce(0, +) }
        let totals: [[ReportValue]] = [[.text("Total"), .int(all)] + sums.map(ReportValue.int) + [.decimal(100)]]
        return ReportTable(name: "t", columns: columns, rows: body, totals: totals)
    }

    /// Every value a reader can compute for cell (row, column) from what is shown; nil where a
    /// derivation needs a hidden cell.
    func derivations(of row: Int, _ column: Int, in shown: ReportTable, original: ReportTable) -> [Int] {
        let counts = shown.columns.indices.filter { shown.columns[$0].kind == .count }
        let total = 1, parts = counts.filter { $0 != total }
        func visible(_ r: [ReportValue], _ c: Int) -> Int? { r[c].int }
        var found: [Int] = []
        let line = shown.rows[row]
        // In its row: the total less the other parts, or the sum of the parts.
        if column == total {
            let values = parts.map { visible(line, $0) }
            if values.allSatisfy({ $0 != nil }) { found.append(values.compactMap { $0 }.reduce(0, +)) }
        } else if let sum = visible(line, total) {
            let others = parts.filter { $0 != column }.map { visible(line, $0) }
            if others.allSatisfy({ $0 != nil }) { found.append(sum - others.compactMap { $0 }.reduce(0, +)) }
        }
        // In its column: the column's total less the other rows.
        if let columnTotal = shown.totals.first.flatMap({ visible($0, column) }) {
            let others = shown.rows.indices.filter { $0 != row }.map { visible(shown.rows[$0], column) }
            if others.allSatisfy({ $0 != nil }) { found.append(columnTotal - others.compactMap { $0 }.reduce(0, +)) }
        }
        // From the shares: its own, or 100 % less the others, times the grand total.
        if column == total, let grand = shown.totals.first.flatMap({ visible($0, total) }) {
            let shareColumn = shown.columns.count - 1
            let others = shown.rows.indices.filter { $0 != row }.map { shown.rows[$0][shareColumn].decimal }
            let own = line[shareColumn].decimal ?? (others.allSatisfy { $0 != nil } ? 100 - others.compactMap { $0 }.reduce(0, +) : nil)
            if let own { found.append(Int((own * Double(grand) / 100).rounded())) }
        }
        return found
    }

    @Test("2,000 seeded small tables: every count of 1 to 4 shows « < 5 » and no row, column, total or share gives it back")
    func noDerivation() {
        var random = SplitMix64(seed: 2027)
        let renderer = DashboardRenderer(language: .fr, isPublic: true)
        var secrets = 0
        for _ in 0..<2_000 {
            let original = table(&random)
            let shown = renderer.masked(original)
            for (r, line) in original.rows.enumerated() {
                for c in original.columns.indices where original.columns[c].kind == .count {
                    guard let value = line[c].int, (1...4).contains(value) else { continue }
                    secrets += 1
                    #expect(shown.rows[r][c] == .text("< 5"))
                    let given = derivations(of: r, c, in: shown, original: original)
                    #expect(!given.contains(value), "row \(r) column \(c) = \(value) derived from \(shown.rows) / \(shown.totals)")
                }
            }
        }
        #expect(secrets > 1_000)
    }

    @Test("what was seen on a cohort's public page: « Porteurs 21 · Encore accompagnés 20 · Sorties < 5 » no longer gives the exit away")
    func cohortRow() {
        let renderer = DashboardRenderer(language: .fr, isPublic: true)
        let cohorts = ReportTable(
            name: "cohorts",
            columns: [ReportColumn("cohort", .text), ReportColumn("carriers", .count), ReportColumn("active", .count), ReportColumn("exits", .count)],
            rows: [["Promotion 2026", 21, 20, 1], ["Promotion 2025", 14, 6, 8]])
        let shown = renderer.masked(cohorts)
        #expect(shown.rows[0] == ["Promotion 2026", "masqué", "masqué", "< 5"])
        #expect(shown.rows[1] == ["Promotion 2025", "masqué", "masqué", "masqué"])  // the other row goes with it
    }
}
