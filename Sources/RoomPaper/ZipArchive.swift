import Foundation

/// A ZIP archive of named files, written as the DOCX package is (deterministic dates, deflate):
/// several exported files handed over as one download.
public enum ZipArchive {
    public static func make(_ files: [(name: String, data: Data)]) throws -> Data {
        try DOCXPackage.zip(files.map { ($0.name, [UInt8]($0.data)) })
    }
}
