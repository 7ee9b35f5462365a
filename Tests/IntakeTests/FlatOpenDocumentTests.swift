import Foundation
import Testing

@testable import Intake

/// A flat OpenDocument text (.fodt, the whole document as one XML file) is read as the document it
/// is, never stored as plain text with its markup.
@Suite struct FlatOpenDocumentTests {
    static let flat = """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3" \
        office:mimetype="application/vnd.oasis.opendocument.text">
        <office:body><office:text><text:p>Comentarios de Chile.</text:p></office:text></office:body></office:document>
        """

    @Test func aFlatOpenDocumentTextIsReadAsAnODT() {
        #expect(Intake.sniff(Data(Self.flat.utf8), name: "chile.fodt") == .odt)
        #expect(Intake.sniff(Data(Self.flat.utf8), name: "chile.xml") == .odt)
    }

    @Test func otherXMLStaysWhatItWas() {
        let spreadsheet = Self.flat.replacingOccurrences(of: "opendocument.text", with: "opendocument.spreadsheet")
        #expect(Intake.sniff(Data(spreadsheet.utf8), name: "t.fods") != .odt)
        #expect(Intake.sniff(Data("<?xml version=\"1.0\"?><note>text</note>".utf8), name: "n.xml") != .odt)
    }
}
