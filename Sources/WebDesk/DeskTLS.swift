import Foundation
import HummingbirdTLS
import NIOSSL

/// The desk's own TLS (`crp serve --tls-cert CERT.pem --tls-key KEY.pem`): the certificate chain
/// and its private key, read once at start and checked before the desk listens, so that a wrong
/// file is refused with a message naming it instead of failing each browser's handshake.
/// A renewed certificate is taken by restarting the desk.
public struct DeskTLS: Sendable {
    /// The files as given, for messages.
    public let certificateFile: URL
    public let keyFile: URL
    /// The end of the first (the server's own) certificate's validity.
    public let notValidAfter: Date
    /// The server's certificate's common name, "crp.example.org" (for the start line); empty if none.
    public let commonName: String
    /// What Hummingbird's TLS channel is built with: TLS 1.2 at least, HTTP/1.1 offered by ALPN.
    let configuration: TLSConfiguration

    /// PEM files are a few kilobytes; anything larger is not one.
    static let largest = 1024 * 1024

    /// Reads and checks both files: each must be a readable PEM file holding what its option
    /// names, and the key must belong to the certificate. Nothing listens yet.
    public static func load(certificate: URL, key: URL) throws(DeskTLSError) -> DeskTLS {
        let certText = try read(certificate, option: "--tls-cert")
        let keyText = try read(key, option: "--tls-key")
        let chain = try certificates(certText, file: certificate)
        let privateKey = try privateKey(keyText, file: key)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        // BoringSSL checks that the key belongs to the leaf certificate when a context is made.
        do { _ = try NIOSSLContext(configuration: configuration) } catch { throw .mismatch(certificate: certificate, key: key) }
        let leaf = chain[0]
        return DeskTLS(
            certificateFile: certificate, keyFile: key, notValidAfter: Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter)),
            commonName: leaf.subjectName.first { $0.type == .commonName }?.value ?? "", configuration: configuration)
    }

    /// The file's text: a regular file, readable, small, PEM (ASCII with a BEGIN line).
    static func read(_ file: URL, option: String) throws(DeskTLSError) -> String {
        // Followed through symbolic links: Let's Encrypt's live/NAME/fullchain.pem is one.
        let path = file.resolvingSymlinksInPath().path
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch { throw .missing(file, option: option) }
        guard attributes[.type] as? FileAttributeType == .typeRegular else { throw .notAFile(file, option: option) }
        guard let size = attributes[.size] as? Int, size <= largest else { throw .notPEM(file, option: option) }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file, option: option)
        }
        guard let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN ") else { throw .notPEM(file, option: option) }
        return text
    }

    static func certificates(_ text: String, file: URL) throws(DeskTLSError) -> [NIOSSLCertificate] {
        guard text.contains("-----BEGIN CERTIFICATE-----") else {
            throw text.contains("PRIVATE KEY-----") ? .swapped(file, option: "--tls-cert") : .notPEM(file, option: "--tls-cert")
        }
        guard let chain = try? NIOSSLCertificate.fromPEMBytes(Array(text.utf8)), !chain.isEmpty else { throw .damaged(file, option: "--tls-cert") }
        return chain
    }

    static func privateKey(_ text: String, file: URL) throws(DeskTLSError) -> NIOSSLPrivateKey {
        if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED") { throw .encrypted(file) }
        guard text.contains("PRIVATE KEY-----") else {
            throw text.contains("-----BEGIN CERTIFICATE-----") ? .swapped(file, option: "--tls-key") : .notPEM(file, option: "--tls-key")
        }
        guard let key = try? NIOSSLPrivateKey(bytes: Array(text.utf8), format: .pem) else { throw .damaged(file, option: "--tls-key") }
        return key
    }
}

/// Why the desk will not serve TLS with the files given; each message names the file and what to do.
public enum DeskTLSError: Error, LocalizedError, Equatable {
    case missing(URL, option: String)
    case notAFile(URL, option: String)
    case unreadable(URL, option: String)
    case notPEM(URL, option: String)
    case swapped(URL, option: String)
    case damaged(URL, option: String)
    case encrypted(URL)
    case mismatch(certificate: URL, key: URL)

    public var errorDescription: String? {
        switch self {
        case .missing(let f, let option):
            return "\(option) \(f.path): there is no such file. Give the path of the \(Self.what(option)) in PEM."
        case .notAFile(let f, let option):
            return "\(option) \(f.path) is not a file (a folder or a device). Give the path of the \(Self.what(option)) in PEM."
        case .unreadable(let f, let option):
            return "\(option) \(f.path) cannot be read by this user. Let the user that runs crp serve read it (e.g. chmod 640 and chgrp to its group)."
        case .notPEM(let f, let option):
            let convert = option == "--tls-cert" ? "openssl x509 -inform der -in FILE -out FILE.pem" : "openssl pkey -inform der -in FILE -out FILE.pem"
            return
                "\(option) \(f.path) is not a PEM file (text with a \"-----BEGIN …\" line). Give the \(Self.what(option)) in PEM; a DER (binary) file converts with `\(convert)`."
        case .swapped(let f, let option):
            let holds = option == "--tls-cert" ? "a private key, not a certificate" : "a certificate, not a private key"
            return "\(option) \(f.path) holds \(holds): are --tls-cert and --tls-key swapped? --tls-cert takes the certificate, --tls-key its private key."
        case .damaged(let f, let option):
            return
                "\(option) \(f.path) looks like PEM but its \(Self.what(option)) cannot be read (damaged or cut short). Copy the file again from where it was issued."
        case .encrypted(let f):
            return
                "--tls-key \(f.path) is encrypted with a passphrase, which the desk cannot ask for. Write an unencrypted copy readable only by the desk's user: `openssl pkey -in \(f.path) -out crp-key.pem` and `chmod 600 crp-key.pem`."
        case .mismatch(let cert, let key):
            return
                "--tls-key \(key.path) is not the private key of the certificate --tls-cert \(cert.path). Give the key made with this certificate (Let's Encrypt: privkey.pem beside fullchain.pem)."
        }
    }

    static func what(_ option: String) -> String { option == "--tls-cert" ? "certificate (its chain, server's first)" : "private key" }
}
