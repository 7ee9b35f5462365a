import Foundation
import Hummingbird
import Team

extension Desk {
    /// The sign-in form's own cookie: a random token the form carries too (double submit), so that
    /// another site cannot sign a browser in under its own account (login CSRF).
    static let signInCookieName = "crp_signin"

    /// The sign-in page with a CSRF token: the browser's sign-in cookie when it holds a well-formed
    /// one, else a new one that the response sets. `user` fills in the user name again (after a
    /// wrong password), so that only the password is typed again.
    func signInPage(
        _ request: Request? = nil, message: String? = nil, next: String = "/board", status: HTTPResponse.Status = .ok, user: String = ""
    ) -> Response {
        let held = request?.cookies[Self.signInCookieName]?.value
        let token = held.flatMap { Self.wellFormedToken($0) ? $0 : nil } ?? Sessions.randomToken()
        var response = signInForm(token: token, message: message, next: next, status: status, user: user)
        if held != token {
            response.setCookie(
                Cookie(name: Self.signInCookieName, value: token, path: "/", secure: config.cookiesAreSecure, httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// 43 characters of base64url, as `Sessions.randomToken` makes them.
    static func wellFormedToken(_ t: String) -> Bool {
        t.utf8.count == 43 && t.unicodeScalars.allSatisfy { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "-" || $0 == "_" }
    }

    private func signInForm(token: String, message: String?, next: String, status: HTTPResponse.Status, user: String) -> Response {
        Self.html(
            layout(
                title: s.signIn, visitor: nil,
                body: """
                    <h1>\(HTML.h(s.signInTitle))</h1>
                    \(message.map { "<p role=\"alert\" class=\"error\">\(HTML.h($0))</p>" } ?? "")
                    <form method="post" action="/sign-in"><input type="hidden" name="csrf" value="\(HTML.attr(token))">
                    <input type="hidden" name="next" value="\(HTML.attr(next))">
                    <div class="field"><label for="user">\(HTML.h(s.userName))</label><input id="user" name="user" autocomplete="username" required value="\(HTML.attr(user))"></div>
                    <div class="field"><label for="password">\(HTML.h(s.password))</label><input id="password" name="password" type="password" autocomplete="current-password" required\(user.isEmpty ? "" : " autofocus")></div>
                    <button type="submit">\(HTML.h(s.signIn))</button>
                    </form>
                    """), status: status)
    }

    /// Checks the password with bcrypt (through `Team`), after the throttle; starts a session.
    func signIn(_ request: Request, _ context: DeskContext) async throws -> Response {
        var request = request
        let form: Form
        do { form = try Form.parse(try await request.collectBody(upTo: 16 * 1024), contentType: request.headers[.contentType]) } catch {
            return signInPage(request, message: s.wrongPassword, status: .badRequest)
        }
        // The form's token must be the one its cookie holds: a form posted from another site has neither.
        guard let cookie = request.cookies[Self.signInCookieName]?.value, let token = form.value("csrf"), Sessions.same(token, cookie) else {
            return signInPage(request, message: s.csrfRefused, next: Self.safeNext(form.value("next")), status: .forbidden)
        }
        let name = form.text("user") ?? ""
        let password = form.value("password") ?? ""
        let next = Self.safeNext(form.value("next"))
        // A name's failures count against its current password: a new one (`crp user password`)
        // starts afresh. An address gets many more tries than a name: behind the reverse proxy
        // every member comes from one address, and one member's mistakes must not lock the team out.
        let team = self.team
        let stamp = ((try? team.member(name))??.passwordHash).map { String($0.suffix(16)) } ?? "-"
        let userKeys = ["user:" + name.lowercased() + ":" + stamp]
        let addressKeys = ["address:" + context.remote]
        if await throttle.isBlocked(userKeys) {
            return signInPage(request, message: s.tooManyAttempts, next: next, status: .tooManyRequests, user: name)
        }
        if await addressThrottle.isBlocked(addressKeys) {
            return signInPage(request, message: s.tooManyAttempts, next: next, status: .tooManyRequests, user: name)
        }
        guard let member = try await Self.offLoop({ try team.authenticate(name: name, password: password) }) else {
            await throttle.fail(userKeys)
            await addressThrottle.fail(addressKeys)
            return signInPage(request, message: s.wrongPassword, next: next, status: .unauthorized, user: name)
        }
        await throttle.succeed(userKeys)
        let session = await sessions.start(user: member.name)
        var response = Self.redirect(next)
        response.setCookie(Cookie(name: Self.cookieName, value: session.token, path: "/", secure: config.cookiesAreSecure, httpOnly: true, sameSite: .strict))
        return response
    }

    /// Ends the session (a form with the CSRF token, like every change).
    func signOut(_ request: Request) async throws -> Response {
        let secure = config.cookiesAreSecure
        let response = try await action(request, roles: Set(Role.allCases)) { _, _, _ in
            var response = Self.redirect("/sign-in")
            response.setCookie(Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
            return response
        }
        if response.status == .seeOther, let token = request.cookies[Self.cookieName]?.value { await sessions.end(token) }
        return response
    }

    /// Only a path of this desk ("/s/…"), never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains(":"),
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "/board" }
        return next
    }
}
