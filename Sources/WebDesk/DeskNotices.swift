import Foundation
import Hummingbird
import Platform
import Secretariat

/// What an action noticed (a late date, the same letter in another format, a translation that
/// does not fit, a low OCR confidence): the same findings the CLI prints after the command, shown
/// once on the page the action leads to. Kept in memory under a random token for the member who
/// acted, a bounded number at a time: a notice not looked at is simply dropped, nothing is lost
/// (the findings of a registration stay visible in `crp show` and the history).
final class DeskNotices: Sendable {
    private let kept = Locked([(token: String, user: String, findings: [Finding])]())
    static let limit = 500

    /// Keeps `findings` for `user`; the token to put in the next page's address (nil when none).
    func put(_ findings: [Finding], for user: String) -> String? {
        guard !findings.isEmpty else { return nil }
        let token = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        kept.withLock { all in
            all.append((token, user, findings))
            if all.count > Self.limit { all.removeFirst(all.count - Self.limit) }
        }
        return token
    }

    /// The findings kept under `token` for `user`, once.
    func take(_ token: String?, for user: String) -> [Finding] {
        guard let token, !token.isEmpty else { return [] }
        return kept.withLock { all in
            guard let i = all.firstIndex(where: { $0.token == token && $0.user == user }) else { return [] }
            return all.remove(at: i).findings
        }
    }
}

extension Desk {
    /// Where an action leads: `path`, with its findings kept to be shown there once.
    func redirect(to path: String, noticing findings: [Finding], for v: Visitor) -> Response {
        guard let token = notices.put(findings, for: v.name) else { return Self.redirect(path) }
        return Self.redirect(path + (path.contains("?") ? "&" : "?") + "notices=" + token)
    }

    /// The findings an action left for this page, in the desk's words: warnings first.
    func noticesHTML(_ request: Request, _ v: Visitor) -> String {
        let found = notices.take(request.uri.queryParameters["notices"].map(String.init), for: v.name)
        guard !found.isEmpty else { return "" }
        let ordered: [Finding] = found.filter { $0.severity == .warning } + found.filter { $0.severity == .note }
        let items: [String] = ordered.map { f in
            let warning = f.severity == .warning
            let label = warning ? "<strong>Warning:</strong> " : ""
            return "<li class=\"" + (warning ? "warning" : "note") + "\">" + label + HTML.h(words(f.message)) + "</li>"
        }
        return "<section role=\"status\" aria-label=\"What the last action noticed\" class=\"notices\"><ul>" + items.joined() + "</ul></section>"
    }
}
