import Exchange
import Foundation
import TestSupport
import Testing

/// The OASIS XLIFF 2 test suite (copied into Fixtures/xliff, see its README and LICENSE-OASIS.md):
/// every valid file reads, every invalid one is refused naming the rule, except the known gaps.
@Suite struct XLIFFConformanceTests {
    static func files(_ folder: String, ext: String = "xlf") -> [URL] {
        let dir = ExchangeFixtures.xliff.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// `file<TAB>rule` lines: the rule each invalid file must be refused for.
    static func table(_ name: String) -> [String: String] {
        let text = (try? String(contentsOf: ExchangeFixtures.here.appendingPathComponent("Fixtures").appendingPathComponent(name), encoding: .utf8)) ?? ""
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let cols = line.split(separator: "\t", maxSplits: 1).map(String.init)
            out[cols[0]] = cols.count > 1 ? cols[1] : ""
        }
        return out
    }

    func parse(_ url: URL) throws -> XLIFFFile {
        try XLIFFReader.parse(try Data(contentsOf: url), name: url.lastPathComponent)
    }

    @Test func everyValidFileReads() throws {
        let files = Self.files("valid")
        #expect(files.count == 25)
        for url in files {
            do {
                let x = try parse(url)
                #expect(x.majorVersion == 2, "\(url.lastPathComponent)")
                #expect(!x.files.isEmpty)
            } catch {
                Issue.record("\(url.lastPathComponent) was refused: \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
            }
        }
    }

    @Test func theNonXLIFFFileOfTheValidFolderIsRefusedAsNotXLIFF() throws {
        let url = ExchangeFixtures.xliff.appendingPathComponent("valid/extra-prefixes.properties")
        #expect {
            _ = try parse(url)
        } throws: { e in
            guard case .notXLIFF(let f, _)? = e as? XLIFFError else { return false }
            return f == "extra-prefixes.properties"
        }
    }

    @Test func everyInvalidFileIsRefusedForItsRule() throws {
        let files = Self.files("invalid")
        #expect(files.count == 119)
        let gaps = Self.table("xliff-known-gaps.tsv")
        let expected = Self.table("xliff-invalid-rules.tsv")
        var refused = 0
        for url in files {
            let name = url.lastPathComponent
            do {
                _ = try parse(url)
                if gaps[name] == nil { Issue.record("\(name) was read, but it is invalid") }
            } catch let e as XLIFFError {
                refused += 1
                #expect(gaps[name] == nil, "\(name) is listed as a known gap but is refused now: remove it from xliff-known-gaps.tsv")
                let message = e.errorDescription ?? ""
                #expect(message.contains(name), "the message names the file: \(message)")
                #expect(message.contains("rule:") || e.rule == nil, "the message names the rule: \(message)")
                let rule = e.rule?.rawValue ?? "\(e)".prefix { $0 != "(" }.description
                #expect(expected[name] == rule, "\(name): refused for \(rule), expected \(expected[name] ?? "an entry in xliff-invalid-rules.tsv"): \(message)")
            }
        }
        #expect(refused + gaps.count == files.count)
        print("XLIFF invalid suite: \(refused) refused, \(gaps.count) known gaps, of \(files.count)")
    }

    @Test func moduleFilesThatAreValidRead() throws {
        let files = Self.files("modules-valid")
        #expect(files.count == 34, "the OASIS modules-valid folder holds 34 .xlf files; found \(files.count)")
        for url in files {
            do { _ = try parse(url) } catch {
                Issue.record("\(url.lastPathComponent) was refused: \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
            }
        }
    }

    /// The optional modules are not processed by RoomPaper beyond what the core reader checks.
    /// Fixtures/xliff-modules-invalid.tsv states, file by file, what we refuse (and for which
    /// rule) and what we knowingly accept; any change either way fails here until the list says so.
    @Test func moduleFilesThatAreInvalidAreRefusedOrKnowinglyAccepted() throws {
        let files = Self.files("modules-invalid")
        #expect(files.count == 43, "the OASIS modules-invalid folder holds 43 .xlf files; found \(files.count)")
        let listed = Self.table("xliff-modules-invalid.tsv")
        var actual: [String: String] = [:]
        for url in files {
            do {
                _ = try parse(url)
                actual[url.lastPathComponent] = "accepted"
            } catch let e as XLIFFError {
                actual[url.lastPathComponent] = "refused " + (e.rule?.rawValue ?? "\(e)".prefix { $0 != "(" }.description)
            } catch {
                actual[url.lastPathComponent] = "refused \(type(of: error))"
            }
        }
        for (name, got) in actual.sorted(by: { $0.key < $1.key }) {
            let want = listed[name].map { $0.split(separator: "\t").first.map(String.init) ?? $0 }
            #expect(want == got, "\(name): \(got), but xliff-modules-invalid.tsv says \(want ?? "nothing")")
        }
        #expect(
            Set(listed.keys) == Set(actual.keys), "xliff-modules-invalid.tsv lists other files: \(Set(listed.keys).symmetricDifference(actual.keys).sorted())")
        let accepted = actual.values.filter { $0 == "accepted" }.count
        print("XLIFF modules-invalid suite (optional modules): \(actual.count - accepted) refused, \(accepted) knowingly accepted, of \(files.count)")
        if listed.isEmpty {
            for (name, got) in actual.sorted(by: { $0.key < $1.key }) { print("\(name)\t\(got)") }
        }
    }
}

/// Paths of the test fixtures.
enum ExchangeFixtures {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let xliff = here.appendingPathComponent("Fixtures/xliff")
    static let repo = Repo.root
    static let reference = Repo.fixtures
}
