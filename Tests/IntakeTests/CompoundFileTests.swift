import Foundation
import Testing

@testable import Intake

/// The bounded reader of OLE compound file directories (issue 25, point 13): an Outlook message
/// and a Word 97–2003 document told apart by their streams, and no crash on damaged bytes.
@Suite struct CompoundFileTests {
    /// A minimal compound file (512-byte sectors): header, one FAT sector, one directory sector
    /// holding `names` (at most 4), sector chains ended.
    static func compoundFile(_ names: [String]) -> Data {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<8, with: CompoundFile.signature)
        header.replaceSubrange(24..<26, with: le16(0x3E))
        header.replaceSubrange(26..<28, with: le16(3))
        header.replaceSubrange(28..<30, with: le16(0xFFFE))
        header.replaceSubrange(30..<32, with: le16(9))
        header.replaceSubrange(32..<34, with: le16(6))
        header.replaceSubrange(44..<48, with: le32(1))  // one FAT sector
        header.replaceSubrange(48..<52, with: le32(1))  // directory in sector 1
        header.replaceSubrange(60..<64, with: le32(0xFFFF_FFFE))
        header.replaceSubrange(68..<72, with: le32(0xFFFF_FFFE))
        header.replaceSubrange(76..<80, with: le32(0))  // FAT in sector 0
        for i in 1..<109 { header.replaceSubrange((76 + 4 * i)..<(80 + 4 * i), with: le32(0xFFFF_FFFF)) }
        var fat = [UInt8]()
        fat += le32(0xFFFF_FFFD)  // sector 0: FAT
        fat += le32(0xFFFF_FFFE)  // sector 1: directory, end of chain
        while fat.count < 512 { fat += le32(0xFFFF_FFFF) }
        var dir = [UInt8]()
        for name in (["Root Entry"] + names).prefix(4) {
            var e = [UInt8](repeating: 0, count: 128)
            let units = Array(name.utf16.prefix(31))
            for (k, u) in units.enumerated() { e.replaceSubrange((2 * k)..<(2 * k + 2), with: le16(Int(u))) }
            e.replaceSubrange(64..<66, with: le16(2 * units.count + 2))
            e[66] = name == "Root Entry" ? 5 : 2
            dir += e
        }
        while dir.count < 512 { dir += [UInt8](repeating: 0, count: 128) }
        return Data(header + fat + dir)
    }

    @Test func messagesAndWordDocumentsAreToldApartByTheirStreams() {
        let msg = Self.compoundFile(["__substg1.0_0037001F", "__properties_version1.0"])
        #expect(CompoundFile.kind(msg) == .outlookMessage)
        #expect(Intake.sniff(msg, name: "x.doc") == .msg)
        let doc = Self.compoundFile(["WordDocument", "1Table"])
        #expect(CompoundFile.kind(doc) == .word)
        #expect(Intake.sniff(doc, name: "mail.msg") == .doc)
        let sheet = Self.compoundFile(["Workbook"])
        #expect(CompoundFile.kind(sheet) == .other)
        #expect(Intake.sniff(sheet, name: "a.doc") == .doc, "another program's file stays refused as a .doc")
        #expect(Intake.sniff(sheet, name: "a.msg") == .msg, "a damaged file named .msg is refused as a message")
    }

    /// Truncations and every byte of the header and directory overwritten: an answer, never a crash.
    @Test func damagedCompoundFilesNeverCrash() {
        let msg = Self.compoundFile(["__substg1.0_1000001F"])
        for n in stride(from: 0, through: msg.count, by: 37) { _ = CompoundFile.kind(msg.prefix(n)) }
        for i in 0..<msg.count {
            for v: UInt8 in [0x00, 0x7F, 0xFF] {
                var d = msg
                d[i] = v
                _ = CompoundFile.kind(d)
            }
        }
        // A directory chain that loops on itself ends.
        var loop = msg
        loop.replaceSubrange(516..<520, with: [1, 0, 0, 0])
        #expect(CompoundFile.directoryNames(loop)?.contains("__substg1.0_1000001F") == true)
    }
}
