import Foundation
import Intake
import Platform
import Submissions

/// Everything a command works with, built once by the executable from its flags and the process
/// environment and passed down: the store (with its clock), the locale catalog, the size limit,
/// the programs found on the machine and the registry of content readers. Libraries read nothing
/// from the process; a test builds its own `Workspace`.
public struct Workspace: Sendable {
    public let store: Store
    public let catalog: LocaleCatalog
    /// The programs found on this machine (LibreOffice, poppler, Tesseract, git…).
    public let programs: Programs
    /// The readers of received files, by kind of content.
    public let readers: ReaderRegistry
    /// The largest received file accepted, in bytes.
    public let maxBytes: Int
    /// Page, pixel and time limits for converted, PDF and scanned files.
    public let limits: ConversionLimits
    /// True when this is the embedded reference store, found because no workspace was: commands
    /// that change something refuse to write into it.
    public let isEmbeddedFallback: Bool

    public init(
        store: Store, catalog: LocaleCatalog, programs: Programs = Programs(), readers: ReaderRegistry = .standard,
        maxBytes: Int = IntakeOptions.standardMaxBytes, isEmbeddedFallback: Bool = false,
        limits: ConversionLimits = ConversionLimits()
    ) {
        self.limits = limits
        self.store = store
        self.catalog = catalog
        self.programs = programs
        self.readers = readers
        self.maxBytes = maxBytes
        self.isEmbeddedFallback = isEmbeddedFallback
    }

    /// The clock records are stamped with.
    public var clock: Clock { store.clock }

    /// Intake options with this workspace's readers and limit.
    public func intakeOptions(encoding: String? = nil, maxBytes: Int? = nil, part: String? = nil, limits: ConversionLimits? = nil) -> IntakeOptions {
        IntakeOptions(
            encoding: encoding, maxBytes: maxBytes ?? self.maxBytes, readers: readers, letters: ListLetters(catalog), part: part,
            announcements: catalog.attachmentAnnouncements, limits: limits ?? self.limits)
    }

    /// Registration and translation in this workspace.
    public var registrar: Registrar { Registrar(store: store, catalog: catalog) }

    /// The store's checker, reading stored files with this workspace's readers.
    public var verifier: Verifier { Verifier(store: store, catalog: catalog, readers: readers) }

    /// Bulk import options with this workspace's readers and letters.
    public func bulkOptions(received: CalendarDate?, by: String, strict: Bool, dryRun: Bool, maxBytes: Int) -> BulkImport.Options {
        BulkImport.Options(
            received: received, by: by, strict: strict, dryRun: dryRun, maxBytes: maxBytes, readers: readers,
            letters: ListLetters(catalog))
    }
}
