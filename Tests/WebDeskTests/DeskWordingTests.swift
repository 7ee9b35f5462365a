import Foundation
import Submissions
import TestSupport
import Testing

/// The library's refusals say what to do in the CLI's words; the desk shows them in its own: an
/// option as the label of the field that gives it, a command as the button that does it. And a
/// wrong password keeps the user name in the sign-in form.
@Suite(.serialized, .enabled(if: Clients.runs(Clients.installed("curl")))) struct DeskWordingTests {
    init() { _ = Clients.require(["curl"], "curl (the HTTP client of these tests)") }

    @Test func refusalsNameTheDesksFieldsNotTheCLIsOptions() throws {
        let d = try DeskServer("wording")
        let peru = try d.register("peru-item2.es.txt", state: "Peru", language: "es")
        let olga = try d.signIn("olga")
        let token = try d.csrf(olga)
        let before = try d.snapshot()

        // Withdrawn without a reason (a form sent without its Reason field): the field is named.
        let withdraw = try d.request("POST", "/s/\(peru)/withdraw", session: olga, form: [("csrf", token)])
        #expect(withdraw.status == 422, "\(withdraw.status)")
        #expect(withdraw.body.contains("Say why in the field Reason: “Withdraw” on the submission page is recorded"), "\(withdraw.body)")
        #expect(!withdraw.body.contains("--reason") && !withdraw.body.contains("`crp"), "\(withdraw.body)")

        // The same text for another State: the register form's own check box and Reason are named.
        let file = Repo.fixture("peru-item2.es.txt")
        let same = try d.request(
            "POST", "/register", session: olga,
            form: [("csrf", token), ("language", "es"), ("item", "2"), ("received", "2020-09-18"), ("state", "Mexico")],
            files: [("file", file, "peru.txt")])
        #expect(same.status == 422, "\(same.status)")
        let allow = "tick “The same text is already registered for another State: register it for this State too” and fill in Reason"
        #expect(same.body.contains(allow), "\(same.body)")
        #expect(same.body.contains("“Correct the registration” on the submission page (State)"), "\(same.body)")
        #expect(!same.body.contains("--allow-same-text") && !same.body.contains("--reason") && !same.body.contains("--state"), "\(same.body)")
        #expect(try d.snapshot() == before, "a refusal changed the store")

        // Withdrawn, then marked reviewed: the hint names the Reopen button and its fields.
        #expect(try d.request("POST", "/s/\(peru)/withdraw", session: olga, form: [("csrf", token), ("reason", "Sent twice")]).status == 303)
        let review = try d.request("POST", "/s/\(peru)/review", session: olga, form: [("csrf", token)])
        #expect(review.status == 422, "\(review.status)")
        #expect(review.body.contains("It was withdrawn; “Reopen” on the submission page (Back to: translated, Reason) reinstates it."), "\(review.body)")
        #expect(!review.body.contains("--reason") && !review.body.contains("--to ") && !review.body.contains("`crp"), "\(review.body)")

        // The CLI keeps its own words for the same refusal.
        let cli = try d.crp("review", peru)
        #expect(cli.status == 1, "\(cli.status)")
        #expect(cli.err.contains("`crp reopen \(peru) --to translated --reason TEXT`"), "\(cli.err)")
    }

    @Test func aWrongPasswordKeepsTheUserName() throws {
        let d = try DeskServer("signin-name")
        let wrong = try d.postSignIn("olga", "not-her-password")
        #expect(wrong.status == 401, "\(wrong.status)")
        #expect(wrong.body.contains("The user name or the password is wrong"))
        #expect(wrong.body.contains("name=\"user\" autocomplete=\"username\" required value=\"olga\""), "\(wrong.body)")
        // The password is never sent back.
        #expect(!wrong.body.contains("not-her-password"))
        let fresh = try d.request("GET", "/sign-in")
        #expect(fresh.body.contains("required value=\"\""))
    }
}
