import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A partner's page as a browser uses it: opened in French, and a form posted with the token its
/// page gave (the hidden field and its cookie), unless a test posts without them.
enum PartnerPage {
    struct Reply {
        var status: Int
        var text: String
        var headers: [AnyHashable: Any]
    }

    static func open(_ url: URL) async throws -> Reply {
        try await send(URLRequest(url: url))
    }

    /// Posts `form`: first opens the page for its token, unless `withToken` is false.
    static func post(_ url: URL, _ form: [String: String], origin: String? = nil, withToken: Bool = true) async throws -> Reply {
        var fields = form
        var request = URLRequest(url: url)
        if withToken {
            let page = try await open(url)
            if let token = page.text.firstMatch(of: /name="jeton" value="([^"]+)"/)?.1 { fields["jeton"] = String(token) }
            if let cookie = (page.headers["Set-Cookie"] as? String)?.split(separator: ";").first { request.setValue(String(cookie), forHTTPHeaderField: "Cookie") }
        }
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        if let origin { request.setValue(origin, forHTTPHeaderField: "Origin") }
        var components = URLComponents()
        components.queryItems = fields.map { URLQueryItem(name: $0.key, value: $0.value) }
        request.httpBody = Data((components.percentEncodedQuery ?? "").utf8)
        return try await send(request)
    }

    /// A client that keeps no cookie and no page: the test says which cookie goes (URLSession.shared
    /// sometimes sent one it kept from an earlier page in place of the test's: a flaky 403).
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()

    private static func send(_ request: URLRequest) async throws -> Reply {
        var request = request
        request.setValue("fr", forHTTPHeaderField: "Accept-Language")
        request.httpShouldHandleCookies = false
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, text: String(decoding: data, as: UTF8.self), headers: http.allHeaderFields)
    }
}
