import Foundation
import Team

extension Desk {
    /// The page around every body: language and direction of the interface, skip link, navigation
    /// for the visitor's role, and the sign-out form (a POST with the CSRF token).
    func layout(title: String, visitor: Visitor?, body: String) -> String {
        var nav = ""
        if let v = visitor {
            var links = ["<a href=\"/board\">\(HTML.h(s.board))</a>"]
            if v.role == .officer { links.append("<a href=\"/register\">\(HTML.h(s.register))</a>") }
            if v.role != .translator { links.append("<a href=\"/compile\">\(HTML.h(s.compile))</a>") }
            links.append("<a href=\"/exchange\">\(HTML.h(s.exchange))</a>")
            links.append("<a href=\"/search\">\(HTML.h(s.search))</a>")
            if v.role != .translator {
                links.append("<a href=\"/verify\">\(HTML.h(s.verify))</a>")
                links.append("<a href=\"/report\">\(HTML.h(s.overview))</a>")
            }
            nav = """
                <nav aria-label="\(HTML.attr(s.appName))"><ul>\(links.map { "<li>\($0)</li>" }.joined())</ul>
                <form method="post" action="/sign-out" class="signout">\(csrfField(v))<span>\(HTML.h(s.signedInAs)) \(HTML.bdi(v.name)) (\(HTML.h(v.role.rawValue)))</span>
                <button type="submit">\(HTML.h(s.signOut))</button></form></nav>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="\(HTML.attr(s.languageCode))" dir="\(HTML.attr(s.direction))">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.h(title)) · \(HTML.h(s.appName))</title><link rel="stylesheet" href="/desk.css"></head>
            <body><a class="skip" href="#main">\(HTML.h(s.skipToContent))</a>
            <header><p class="app">\(HTML.h(s.appName))</p>\(nav)</header>
            <main id="main">
            \(body)
            </main></body></html>
            """
    }

    func csrfField(_ v: Visitor) -> String { "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.attr(v.session.csrf))\">" }

    static let css = """
        body{font-family:"Noto Sans","Liberation Sans",Arial,sans-serif;margin:0;color:#1b1b1b;background:#fff;line-height:1.45}
        header{background:#00457c;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:1rem}
        header a{color:#fff}.app{font-weight:bold;margin:0}
        nav{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;flex:1}nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
        .signout{margin-inline-start:auto;display:flex;gap:.5rem;align-items:center}
        main{padding:1rem;max-width:80rem}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.25rem}
        table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem .5rem;vertical-align:top;text-align:start}
        th{background:#eef2f6}
        .aligned td{width:50%}.aligned p{margin:0}
        [lang=ar],[lang=ar] *{font-family:"Noto Naskh Arabic","Noto Sans Arabic",serif;font-size:1.1em}
        [lang=zh],[lang=zh] *{font-family:"Noto Serif CJK SC","Noto Sans CJK SC",serif}
        .error{background:#fde8e8;border:1px solid #a40000;color:#6b0000;padding:.5rem}
        .notices ul{margin:0 0 1rem;padding:0;list-style:none}.notices li{padding:.5rem;margin-bottom:.25rem;border:1px solid #8a6d00;background:#fff8e1;color:#3d3000}.notices li.note{border-color:#1f5f8b;background:#eef6fc;color:#0b2e45}
        .note{background:#eef6ee;border:1px solid #2d6a2d;padding:.5rem}
        form.inline{display:inline-block;margin:0 1rem .5rem 0}
        fieldset{margin:.5rem 0;border:1px solid #999;min-width:0}select{max-width:24rem}label{display:inline-block;margin:.25rem .75rem .25rem 0}
        .field{margin:.5rem 0}.field label{display:block;font-weight:bold}
        button{background:#00457c;color:#fff;border:0;padding:.4rem .9rem;border-radius:3px;cursor:pointer;font-size:1rem}
        button:focus,a:focus,input:focus,select:focus{outline:3px solid #f0a000;outline-offset:1px}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{font-weight:bold}dl.facts dd{margin:0}
        .totals li{margin:.1rem 0}
        .proofread{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.scan{max-width:100%;border:1px solid #999}
        .footnote{font-size:.9em;border-top:1px solid #bbb;padding-top:.25rem}figure{margin:0 0 1rem}figure.chart svg{width:100%;max-width:700px;height:auto}
        textarea{width:100%;box-sizing:border-box;font:inherit}mark{background:#ffe08a}
        """
}
