/// The one escaping helper every dashboard value goes through: text and attribute values alike.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Colours told apart by people with the common colour-vision deficiencies (Okabe & Ito).
enum Palette {
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
    static func colour(_ index: Int) -> String { colours[index % colours.count] }
}

/// Inline SVG charts: horizontal bars (optionally stacked) and stacked columns.
enum SVGChart {
    struct Bar {
        var label: String
        /// Segment values; nil: masked (a small count in a public page), not drawn.
        var segments: [Double?]
        /// Text after the bar (the figure, a rate).
        var note: String
    }

    /// Horizontal bars, one row each, scaled to the largest total.
    static func bars(_ bars: [Bar], id: String, title: String, description: String) -> String {
        // Room for the longest label and the longest note: no text is cut.
        let labelWidth = max(230, textWidth(bars.map(\.label).max { $0.count < $1.count } ?? "") + 16)
        let noteWidth = max(150, textWidth(bars.map(\.note).max { $0.count < $1.count } ?? "") + 16)
        let barWidth = 360.0, rowHeight = 26.0
        let width = labelWidth + barWidth + noteWidth
        let height = max(rowHeight, Double(bars.count) * rowHeight + 6)
        let largest = bars.map { $0.segments.compactMap { $0 }.reduce(0, +) }.max() ?? 0
        var svg = open(id: id, width: width, height: height, title: title, description: description)
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight + 4
            svg += #"<text x="\#(labelWidth - 8)" y="\#(y + 15)" text-anchor="end" class="label">\#(HTML.escape(bar.label))</text>"#
            var x = labelWidth
            for (segment, value) in bar.segments.enumerated() {
                guard let value, value > 0, largest > 0 else { continue }
                let w = value / largest * barWidth
                svg += #"<rect x="\#(format(x))" y="\#(y + 2)" width="\#(format(w))" height="\#(rowHeight - 8)" fill="\#(Palette.colour(segment))"/>"#
                x += w
            }
            svg += #"<text x="\#(format(x + 6))" y="\#(y + 15)" class="note">\#(HTML.escape(bar.note))</text>"#
        }
        return svg + "</svg>"
    }

    /// Stacked columns over a sequence (months), one colour per series.
    static func columns(
        _ columns: [(label: String, values: [Double?])], id: String, title: String, description: String
    ) -> String {
        let left = 36.0, bottom = 40.0, top = 10.0, plotHeight = 180.0
        let step = max(18.0, min(56.0, 640.0 / Double(max(columns.count, 1))))
        let width = left + step * Double(columns.count) + 10
        let height = top + plotHeight + bottom
        let largest = max(1, columns.map { $0.values.compactMap { $0 }.reduce(0, +) }.max() ?? 1)
        var svg = open(id: id, width: width, height: height, title: title, description: description)
        // Axis with the largest value, so heights can be read.
        svg += #"<line x1="\#(left)" y1="\#(top)" x2="\#(left)" y2="\#(top + plotHeight)" class="axis"/>"#
        svg += #"<line x1="\#(left)" y1="\#(top + plotHeight)" x2="\#(format(width - 10))" y2="\#(top + plotHeight)" class="axis"/>"#
        svg += #"<text x="\#(left - 4)" y="\#(top + 8)" text-anchor="end" class="note">\#(format(largest))</text>"#
        svg += #"<text x="\#(left - 4)" y="\#(top + plotHeight)" text-anchor="end" class="note">0</text>"#
        for (index, column) in columns.enumerated() {
            let x = left + Double(index) * step + 3
            var y = top + plotHeight
            for (series, value) in column.values.enumerated() {
                guard let value, value > 0 else { continue }
                let h = value / largest * plotHeight
                y -= h
                svg += #"<rect x="\#(format(x))" y="\#(format(y))" width="\#(format(step - 6))" height="\#(format(h))" fill="\#(Palette.colour(series))"/>"#
            }
            svg += #"<text x="\#(format(x + (step - 6) / 2))" y="\#(top + plotHeight + 14)" text-anchor="middle" class="tick">\#(HTML.escape(column.label))</text>"#
        }
        return svg + "</svg>"
    }

    private static func open(id: String, width: Double, height: Double, title: String, description: String) -> String {
        #"<svg role="img" aria-labelledby="\#(id)-title \#(id)-desc" viewBox="0 0 \#(format(width)) \#(format(height))" width="\#(format(width))" height="\#(format(height))">"#
            + #"<title id="\#(id)-title">\#(HTML.escape(title))</title><desc id="\#(id)-desc">\#(HTML.escape(description))</desc>"#
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// The width a label takes at the charts' font size (about 7 px a character, generously).
    static func textWidth(_ text: String) -> Double { Double(text.count) * 7.2 }
}

/// HTML that escapes by default, for the pages people without an account fill in: every text
/// interpolated into a `Markup` literal is escaped; only numbers and other `Markup` — built the same
/// way, or `Markup(trusted:)` for a fragment of this program's own — go in as they are.
///
///     let line: Markup = "<p>\(person.name)</p>"      // a name with `<` is shown, never parsed
public struct Markup: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable, Equatable {
    public private(set) var html: String

    public init(stringLiteral literal: String) { html = literal }
    public init(stringInterpolation: Interpolation) { html = stringInterpolation.html }
    /// A fragment this program wrote itself (never a value that came from outside).
    public init(trusted html: String) { self.html = html }

    public struct Interpolation: StringInterpolationProtocol {
        var html = ""
        public init(literalCapacity: Int, interpolationCount: Int) { html.reserveCapacity(literalCapacity + 16 * interpolationCount) }
        public mutating func appendLiteral(_ literal: String) { html += literal }
        public mutating func appendInterpolation(_ text: String) { html += HTML.escape(text) }
        public mutating func appendInterpolation(_ number: some BinaryInteger) { html += String(number) }
        public mutating func appendInterpolation(_ markup: Markup) { html += markup.html }
        public mutating func appendInterpolation(_ markups: [Markup]) { for markup in markups { html += markup.html } }
    }

    /// `markup` when `condition` holds, else nothing: an attribute or a part that depends on the data.
    public static func when(_ condition: Bool, _ markup: Markup) -> Markup { condition ? markup : "" }

    public static func + (left: Markup, right: Markup) -> Markup { Markup(trusted: left.html + right.html) }
    public static func += (left: inout Markup, right: Markup) { left.html += right.html }
    public var description: String { html }
}
