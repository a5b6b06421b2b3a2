import Foundation
import Synchronization

/// Wrong guesses of a link's secret (`/orientation/…`, `/share/…`), counted per client address: a
/// 256-bit secret is not guessed, but a client that keeps trying is told to stop — after
/// `allowed` unknown secrets within `window`, its link requests get 429 until the window has
/// passed, without reaching the database. Kept in the service's memory (each replica its own).
/// The same count bounds what one address may add through a public form (registrations).
final class LinkGuesses: Sendable {
    let allowed: Int
    let window: TimeInterval
    /// The most addresses remembered; past it, the oldest windows are forgotten first.
    static let remembered = 10_000

    private struct Misses {
        var count: Int
        var since: Date
    }

    private let misses = Mutex<[String: Misses]>([:])

    init(allowed: Int = 10, window: TimeInterval = 600) {
        self.allowed = allowed
        self.window = window
    }

    /// Whether `address` may present a secret now; otherwise how many seconds to wait.
    func waitBeforeTrying(_ address: String?, now: Date = Date()) -> Int? {
        guard let address else { return nil }
        return misses.withLock { misses in
            guard let entry = misses[address], entry.count >= allowed else { return nil }
            let left = window - now.timeIntervalSince(entry.since)
            guard left > 0 else {
                misses[address] = nil
                return nil
            }
            return Int(left.rounded(.up))
        }
    }

    /// `address` presented a secret nobody made (or, for a form's count, added something).
    func record(_ address: String?, now: Date = Date()) {
        guard let address else { return }
        misses.withLock { misses in
            if var entry = misses[address], now.timeIntervalSince(entry.since) < window {
                entry.count += 1
                misses[address] = entry
            } else {
                misses[address] = Misses(count: 1, since: now)
            }
            if misses.count > Self.remembered {
                for (key, entry) in misses where now.timeIntervalSince(entry.since) >= window { misses[key] = nil }
                if misses.count > Self.remembered, let oldest = misses.min(by: { $0.value.since < $1.value.since })?.key { misses[oldest] = nil }
            }
        }
    }
}
