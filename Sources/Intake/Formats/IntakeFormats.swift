import Foundation
import Platform
import Submissions

/// The readers of what missions send besides text and Word: .doc, .rtf and .odt through
/// LibreOffice, PDFs through poppler, scans through Tesseract. Each captures the programs found
/// on the machine; a missing program is refused with its Debian package when a file needs it.
public enum IntakeFormats {
    /// `registry` with readers for .doc, .rtf, .odt, PDF and images.
    public static func adding(
        to registry: ReaderRegistry, programs: Programs,
        scratch: URL = URL(fileURLWithPath: NSTemporaryDirectory())
    ) -> ReaderRegistry {
        let office = OfficeConversion(programs: programs, scratch: scratch)
        return
            registry
            .with(.doc, office.reader(.doc))
            .with(.rtf, office.reader(.rtf))
            .with(.odt, office.reader(.odt))
            .with(.pdf, PDFTextReader(programs: programs, scratch: scratch).reader)
            .with(.image, OCRReader(programs: programs, scratch: scratch).imageReader)
            .with(.msg, OutlookMessage(programs: programs, scratch: scratch).reader)
    }
}
