import Foundation
import Intake
import Submissions
import TestSupport
import Testing

extension ScanTests {
    /// A round stamp in red over the first lines of a page scanned in colour: greyed, red ink is
    /// about as dark as the text, so its tone alone does not tell it from the text (it was read as
    /// two lines of letters, 8 % CER, 22 lines for 20). Its colour does: it is reported as a stamp
    /// in colour at its place (not as lines read or unread), and the text under it is read
    /// within the goal of a clean page.
    @Test(.enabled(if: runs))
    func aRedStampOnAColourPageIsToldByItsColourAndTheLinesUnderItAreRead() throws {
        guard Typeset.available(Self.needed) else { return }
        let x = try readStamped(["-type", "TrueColor"] + Self.stamp("rgb(200,30,40)"), name: "stamped-red.png")
        #expect((x.caveats ?? []).contains { $0.contains("a stamp or signature in colour at") && $0.contains("% down") }, "\(x.caveats ?? [])")
    }

    /// A page typed in blue is text, not a stamp: its colour is most of its ink, so it is read as
    /// it is and nothing is reported as a stamp.
    @Test(.enabled(if: runs))
    func aPageTypedInColourIsReadAsText() throws {
        guard Typeset.available(Self.needed) else { return }
        let pages = try Self.shared.get()
        let blue = try Self.degrade(
            pages.png["fr"]!, ["-type", "TrueColor", "-fuzz", "60%", "-fill", "rgb(20,40,170)", "-opaque", "black"], name: "blue.png", in: pages.dir)
        let r = try read(blue, "fr")
        let cer = Typeset.cer(r.text, reference: pages.source["fr"]!)
        #expect(cer <= 0.02, "CER \(cer): \(r.text)")
        let x = try #require(r.extraction)
        #expect(!(x.caveats ?? []).contains { $0.contains("stamp") }, "\(x.caveats ?? [])")
        #expect((x.linesRead ?? 0) + (x.unreadLines?.count ?? 0) == pages.lines["fr"]!, "lines read \(x.linesRead ?? -1)")
    }
}
