import Foundation
import Synchronization

/// Wrong guesses of a link's secret (`/orientation/…`, `/share/…`), counted per client address: a
/// 256-bit secret is not guessed, but a client that keeps trying is told to stop — after
/// `allowed` unknown secrets within `window`, its link requests get 429 until the window has
/// passed, without reaching the database. Kept in the service's memory (each replica its own).
final class LinkGuesses: Sendable {
    static let allowed = 10
    static let window: TimeInterval = 600
    /// The most addresses remembered; past it, the oldest windows are forgotten first.
    static let remembered = 10_000

    private struct Misses {
        var count: Int
        var since: Date
    }

    private let misses = Mutex<[String: Misses]>([:])

    /// Whether `address` may present a secret now; otherwise how many seconds to wait.
    func waitBeforeTrying(_ address: String?, now: Date = Date()) -> Int? {
        guard let address else { return nil }
        return misses.withLock { misses in
            guard let entry = misses[address], entry.count >= Self.allowed else { return nil }
            let left = Self.window - now.timeIntervalSince(entry.since)
            guard left > 0 else {
                misses[address] = nil
                return nil
            }
            return Int(left.rounded(.up))
        }
    }

    /// `address` presented a secret nobody made.
    func missed(_ address: String?, now: Date = Date()) {
        guard let address else { return }
        misses.withLock { misses in
            if var entry = misses[address], now.timeIntervalSince(entry.since) < Self.window {
                entry.count += 1
                misses[address] = entry
            } else {
                misses[address] = Misses(count: 1, since: now)
            }
            if misses.count > Self.remembered {
                for (key, entry) in misses where now.timeIntervalSince(entry.since) >= Self.window { misses[key] = nil }
                if misses.count > Self.remembered, let oldest = misses.min(by: { $0.value.since < $1.value.since })?.key { misses[oldest] = nil }
            }
        }
    }
}
