import Foundation
import ParcoursCore
import NIOCore
import NIOPosix
import NIOSSL

/// How mail leaves, from the environment: `PARCOURS_SMTP_URL` (`smtp://host:port` for a relay on
/// a trusted network, `smtps://user:password@host:465` over TLS) or `PARCOURS_SENDMAIL` (the
/// system's sendmail, `-t -i`), and `PARCOURS_MAIL_FROM`, the sender's address. Without either
/// nothing is sent: the links are shown to the staff member instead.
public struct MailSettings: Sendable, Hashable {
    public enum Transport: Sendable, Hashable {
        case smtp(host: String, port: Int, tls: Bool, user: String?, password: String?)
        case sendmail(path: String)
    }

    public var transport: Transport
    public var from: String

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(Refusal) -> MailSettings? {
        let smtp = environment["PARCOURS_SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let sendmail = environment["PARCOURS_SENDMAIL"].flatMap { $0.isEmpty ? nil : $0 }
        guard smtp != nil || sendmail != nil else { return nil }
        let from = environment["PARCOURS_MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "parcours@localhost"
        guard MailAddress.isValid(from, domainNeedsDot: false) else { throw Refusal(.notAnEmail, field: "PARCOURS_MAIL_FROM", ["value": from]) }
        if let smtp {
            guard let url = URLComponents(string: smtp), let scheme = url.scheme, ["smtp", "smtps"].contains(scheme),
                  let host = url.host, !host.isEmpty, url.path.isEmpty || url.path == "/", url.query == nil
            else { throw Refusal(.mailSettingInvalid, field: "PARCOURS_SMTP_URL", ["value": MailSettings.redacted(smtp)]) }
            let tls = scheme == "smtps"
            // A password never crosses a network in clear: only over TLS, or to this machine.
            if url.password != nil, !tls, !["localhost", "127.0.0.1", "::1"].contains(host) {
                throw Refusal(.mailSettingInvalid, field: "PARCOURS_SMTP_URL", ["value": MailSettings.redacted(smtp)])
            }
            return MailSettings(
                transport: .smtp(host: host, port: url.port ?? (tls ? 465 : 25), tls: tls, user: url.user?.removingPercentEncoding,
                                 password: url.password?.removingPercentEncoding),
                from: from)
        }
        return MailSettings(transport: .sendmail(path: sendmail!), from: from)
    }

    /// The URL as it may be shown: without its password.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}

public enum MailAddress {
    /// An address one mailbox long, without what would break a header (the database checks the
    /// same for recipients, whose domain has a dot; the sender may be `parcours@localhost`).
    public static func isValid(_ address: String, domainNeedsDot: Bool = true) -> Bool {
        let pattern = domainNeedsDot ? #"^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$"# : #"^[^@\s<>"]+@[^@\s<>"]+$"#
        return address.count <= 254 && address.range(of: pattern, options: .regularExpression) != nil
    }
}

/// One plain-text message, in French or English, as RFC 5322 says to write it.
public struct MailMessage: Sendable, Hashable {
    public var to: String
    public var subject: String
    public var body: String
    /// Stable for a message of the outbox: a message sent twice is recognisably the same.
    public var messageID: String

    public init(to: String, subject: String, body: String, messageID: String) {
        self.to = to
        self.subject = subject
        self.body = body
        self.messageID = messageID
    }

    /// The message's bytes (CRLF lines): UTF-8 headers as encoded words, the body in base64.
    public func rendered(from: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let body = Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: Parcours <\(from)>",
            "To: <\(to)>",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "",
            body,
        ].joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 2047: a header's non-ASCII text as `=?UTF-8?B?…?=` words of at most 75 characters.
    static func encodedWord(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && !$0.isNewline }) { return text }
        var words: [String] = [], chunk = ""
        for character in text where !character.isNewline {
            if Data((chunk + String(character)).utf8).count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        words.append(chunk)
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }
}

/// Sends one message through the configured transport, or throws what the server answered.
public enum Mailer {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func send(_ message: MailMessage, settings: MailSettings, now: Date = Date()) async throws {
        let text = message.rendered(from: settings.from, date: now)
        switch settings.transport {
        case .smtp(let host, let port, let tls, let user, let password):
            guard let sent = try await Lease.within(.seconds(60), {
                try await SMTPSession.send(text, from: settings.from, to: message.to, host: host, port: port, tls: tls, user: user, password: password)
            }) else { throw Failure(description: "\(host):\(port) did not answer within 60 s") }
            _ = sent
        case .sendmail(let path):
            let result = try await ChildProcess.runOffPool(path, ["-t", "-i", "-f", settings.from], input: Data(text.utf8))
            guard result.status == 0 else { throw Failure(description: "\(path) exited \(result.status): \(result.output.prefix(300))") }
        }
    }
}

/// One SMTP conversation (RFC 5321): greeting, EHLO, AUTH PLAIN when a user is given, one
/// envelope, the data with its dots doubled, QUIT.
enum SMTPSession {
    static func send(
        _ text: String, from: String, to: String, host: String, port: Int, tls: Bool, user: String?, password: String?
    ) async throws -> Bool {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if tls {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: host))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            /// The server's reply: its code, once the last line of a multi-line reply has come.
            func expect(_ accepted: ClosedRange<Int>, after command: String) async throws {
                var said: [String] = []
                while let line = try await lines.next() {
                    said.append(line)
                    let characters = Array(line)
                    if characters.count < 4 || characters[3] != "-" {
                        guard let code = Int(String(characters.prefix(3))), accepted.contains(code) else {
                            throw Mailer.Failure(description: "\(command): \(said.joined(separator: " ").prefix(300))")
                        }
                        return
                    }
                }
                throw Mailer.Failure(description: "\(command): the server closed the connection")
            }
            func say(_ line: String) async throws {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
            }
            try await expect(220...220, after: "greeting")
            try await say("EHLO parcours")
            try await expect(250...250, after: "EHLO")
            if let user {
                try await say("AUTH PLAIN " + Data("\0\(user)\0\(password ?? "")".utf8).base64EncodedString())
                try await expect(235...235, after: "AUTH")
            }
            try await say("MAIL FROM:<\(from)>")
            try await expect(250...250, after: "MAIL FROM")
            try await say("RCPT TO:<\(to)>")
            try await expect(250...251, after: "RCPT TO")
            try await say("DATA")
            try await expect(354...354, after: "DATA")
            // A line that starts with a dot gets another (RFC 5321 §4.5.2); the body is base64, the headers ours.
            let data = text.split(separator: "\r\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
            try await outbound.write(ByteBuffer(string: data + ".\r\n"))
            try await expect(250...250, after: "end of data")
            try await say("QUIT")
            return true
        }
    }

    /// Lines ending in CRLF (or LF), as text.
    struct LineDecoder: ByteToMessageDecoder {
        typealias InboundOut = String

        mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
            guard let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
                if buffer.readableBytes > 4096 { throw Mailer.Failure(description: "a reply line longer than 4,096 bytes") }
                return .needMoreData
            }
            let length = end - buffer.readerIndex
            var line = buffer.readString(length: length) ?? ""
            buffer.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            context.fireChannelRead(wrapInboundOut(line))
            return .continue
        }
    }
}
