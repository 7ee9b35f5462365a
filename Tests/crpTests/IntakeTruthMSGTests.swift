import Foundation
import TestSupport
import Testing

/// Issue 25, point 13: Outlook's .msg, told from a Word .doc by its compound file's streams, read
/// through Debian's msgconvert and the e-mail reader with its parts listed, kept byte for byte.
/// The messages are written by the test with OLE::Storage_Lite (the Perl library msgconvert reads
/// them with, installed with it).
@Suite(.serialized) struct IntakeTruthMSGTests {
    static let script = #"""
        use strict; use OLE::Storage_Lite; use Encode;
        my ($out, $subject, $body, $attname, $attfile) = @ARGV;
        sub u { encode('UTF-16LE', decode('UTF-8', $_[0])) }
        sub f { OLE::Storage_Lite::PPS::File->new(OLE::Storage_Lite::Asc2Ucs($_[0]), $_[1]) }
        my @t = (0, 0, 0, 1, 0, 100);
        my @kids = (f('__substg1.0_0037001F', u($subject)), f('__substg1.0_1000001F', u($body)),
          f('__substg1.0_0C1A001F', u('Mission')), f('__substg1.0_0C1F001F', u('mission@example.org')),
          f('__substg1.0_0C1E001F', u('SMTP')), f('__properties_version1.0', "\0" x 32));
        if ($attname) {
          open my $fh, '<:raw', $attfile or die "cannot read $attfile"; local $/; my $d = <$fh>;
          push @kids, OLE::Storage_Lite::PPS::Dir->new(OLE::Storage_Lite::Asc2Ucs('__attach_version1.0_#00000000'), \@t, \@t, [
            f('__substg1.0_3707001F', u($attname)), f('__substg1.0_3704001F', u($attname)),
            f('__substg1.0_37010102', $d), f('__properties_version1.0', "\0" x 8)]);
        }
        OLE::Storage_Lite::PPS::Root->new(\@t, \@t, \@kids)->save($out) or die "save failed";
        """#

    static func available() -> Bool {
        guard Clients.available("msgconvert", reason: "Debian package libemail-outlook-message-perl reads Outlook .msg") else { return false }
        return true
    }

    /// An Outlook message written in `dir`: subject, body, and optionally one attached file.
    static func msg(in dir: URL, name: String, subject: String, body: String, attachment: (name: String, data: Data)? = nil) throws -> URL {
        let out = dir.appendingPathComponent(name)
        var args = ["-e", script, out.path, subject, body]
        if let a = attachment {
            let f = dir.appendingPathComponent("attached-" + a.name)
            try a.data.write(to: f)
            args += [a.name, f.path]
        }
        let r = try Proc.run("perl", args, timeout: 60)
        #expect(r.ok, "\(r.err)")
        return out
    }

    static func workspace(_ tag: String) throws -> URL {
        let ws = try CLI.tempDir(tag).appendingPathComponent("paper")
        let r = try CLI.run(["init", ws.path, "--from", CLI.fixtures.appendingPathComponent("paper.yaml").path])
        #expect(r.status == 0, "\(r.err)")
        return ws
    }

    static let spanish = """
        El Gobierno de México considera que la cooperación internacional en materia penal debe \
        fortalecerse mediante el intercambio oportuno de información entre las autoridades centrales.

        Asimismo, recomienda que la Secretaría siga actualizando el portal de gestión de conocimientos \
        en todos los idiomas oficiales.
        """

    @Test func msgBodyIsTheCommentsAndTheMessageIsTheOriginal() throws {
        guard Self.available() else { return }
        let ws = try Self.workspace("msg-body")
        let file = try Self.msg(in: ws.deletingLastPathComponent(), name: "mexico.msg", subject: "Comentarios de México", body: Self.spanish)
        var r = try CLI.run(["register", file.path, "--state", "Mexico", "--language", "es", "--item", "2", "--received", "2020-09-20"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        #expect(!r.err.contains("Word 97"), "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let stored = ws.appendingPathComponent(id).appendingPathComponent("original.msg")
        #expect(try Data(contentsOf: stored) == (try Data(contentsOf: file)), "the .msg is the original, byte for byte")
        r = try CLI.run(["show", id, "--logical"], cwd: ws)
        #expect(r.out.contains("taken body"), "\(r.out)")
        #expect(r.out.contains("intercambio oportuno de información"), "\(r.out)")
        r = try CLI.run(["verify"], cwd: ws)
        #expect(r.status == 0, "\(r.out)\(r.err)")
    }

    @Test func msgCoverNoteWithAWordFileTakesTheWordFileAndKeepsTheMessage() throws {
        guard Self.available(), WordFile.available() else { return }
        let ws = try Self.workspace("msg-word")
        let word = try WordFile.make(paragraphs: ["La France propose que la Conférence encourage les États à partager leur législation."])
        let file = try Self.msg(
            in: ws.deletingLastPathComponent(), name: "france.msg", subject: "Commentaires",
            body: "Madame, Monsieur,\n\nVeuillez trouver ci-joint les commentaires de la France.\n\nCordialement",
            attachment: ("commentaires.docx", word))
        var r = try CLI.run(["register", file.path, "--state", "France", "--language", "fr", "--item", "2", "--received", "2020-09-20"], cwd: ws)
        #expect(r.status == 0, "\(r.err)")
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        r = try CLI.run(["show", id, "--logical"], cwd: ws)
        #expect(r.out.contains("left  body") && r.out.contains("taken commentaires.docx"), "\(r.out)")
        #expect(r.out.contains("partager leur législation"), "\(r.out)")
        let kept = ws.appendingPathComponent(id).appendingPathComponent("received-message.msg")
        #expect(try Data(contentsOf: kept) == (try Data(contentsOf: file)), "the .msg is kept beside the attachment, byte for byte")
        #expect(try CLI.run(["verify"], cwd: ws).status == 0)
    }

    @Test func malformedAndUnreadableMessagesAreRefusedClearly() throws {
        guard Self.available() else { return }
        let ws = try Self.workspace("msg-bad")
        let dir = ws.deletingLastPathComponent()
        let good = try Data(contentsOf: try Self.msg(in: dir, name: "whole.msg", subject: "S", body: Self.spanish))
        let before = CLI.snapshot(ws)
        // Cut in half, and with its directory overwritten: never a crash, never a .doc.
        let cut = good.prefix(700)
        var scrambled = good
        for i in stride(from: 512, to: scrambled.count, by: 7) { scrambled[i] = UInt8(truncatingIfNeeded: i) }
        for (name, data) in [("cut.msg", Data(cut)), ("scrambled.msg", scrambled)] {
            let f = dir.appendingPathComponent(name)
            try data.write(to: f)
            let r = try CLI.run(["register", f.path, "--state", "Mexico", "--language", "es", "--item", "2", "--received", "2020-09-20"], cwd: ws)
            #expect(r.exitCode == 1, "\(name): \(r)")
            #expect(
                r.err.hasPrefix("crp: error:") && r.err.contains(name)
                    && (r.err.contains("Outlook message") || r.err.contains("neither a text body nor an attachment")), "\(name): \(r.err)")
            #expect(!r.err.contains("Word 97"), "a damaged message is not called a Word document: \(r.err)")
        }
        // Without msgconvert: refused, naming the Debian package.
        let r = try CLI.run(
            [
                "register", dir.appendingPathComponent("whole.msg").path, "--state", "Mexico", "--language", "es", "--item", "2",
                "--received", "2020-09-20",
            ], cwd: ws, env: ["PATH": dir.appendingPathComponent("empty-bin").path])
        #expect(r.exitCode == 1, "\(r)")
        #expect(r.err.contains("msgconvert") && r.err.contains("libemail-outlook-message-perl"), "\(r.err)")
        #expect(CLI.snapshot(ws) == before, "a refused registration changed the store")
    }
}
