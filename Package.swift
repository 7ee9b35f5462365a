// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "RoomPaper",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "crp", targets: ["crp"]),
        // The web desk (`crp serve` hands over to it): a product of its own, so that building `crp`
        // never builds swift-nio and Hummingbird.
        .executable(name: "crp-serve", targets: ["crp-serve"]),
        .library(name: "RoomPaper", targets: ["RoomPaper"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.2"),
        .package(url: "https://github.com/vapor/multipart-kit", "4.7.1"..<"5.0.0"),
    ],
    targets: [
        // The only C in the project: cicu_-prefixed wrappers over the system ICU (and libexttextcat,
        // Debian libexttextcat-dev, for identifying languages).
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("exttextcat-2.0")]
        ),
        .target(name: "MultilingualText", dependencies: ["CICU"]),
        // The few Linux/macOS differences and the one way to run a program (timeouts, process groups).
        .target(name: "Platform"),
        .target(name: "SafeXML"),
        .target(
            name: "Submissions",
            dependencies: [
                "MultilingualText", "Platform",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Intake",
            dependencies: [
                "Submissions", "MultilingualText", "SafeXML", "Platform",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "RoomPaper",
            dependencies: [
                "Submissions", "MultilingualText", "Platform",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(name: "Exchange", dependencies: ["Submissions", "MultilingualText", "SafeXML"]),
        // The translation memory: units from the store and imported TMX, indexes, matches.
        .target(
            name: "Memory",
            dependencies: ["Submissions", "Exchange", "MultilingualText", "SafeXML", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The application layer: one function per thing an officer does, taking the `Workspace`
        // and a typed request, returning a typed result and its findings. Every front end (the
        // `crp` commands, the web desk) calls these and nothing below them that changes the store.
        .target(
            name: "Secretariat",
            dependencies: [
                "Submissions", "Intake", "RoomPaper", "Exchange", "Memory", "MultilingualText", "Platform",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The team: users, roles and password hashes (bcrypt: a small C target, no swift-nio).
        .target(
            name: "Team",
            dependencies: ["Submissions", "Platform", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth")]
        ),
        // The web desk: routes, sessions, roles, pages; every action calls the library function the
        // CLI command calls.
        .target(
            name: "WebDesk",
            dependencies: [
                "Secretariat", "Team", "Submissions", "Intake", "RoomPaper", "Exchange", "MultilingualText", "Platform", "SafeXML",
                .product(name: "Hummingbird", package: "hummingbird"),
                // `crp serve --tls-cert/--tls-key`: BoringSSL (swift-nio-ssl), built for crp-serve only, never for crp.
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        .executableTarget(name: "crp-serve", dependencies: ["WebDesk", "Secretariat", "Team", "Submissions", "Intake", "Exchange", "Platform"]),
        .executableTarget(
            name: "crp",
            dependencies: [
                "Secretariat", "Submissions", "Intake", "RoomPaper", "Exchange", "Memory", "MultilingualText", "Platform", "Team",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What every test target shares: the one process harness, the one `crp` locator, scratch
        // folders and the rule for missing clients (not a product; only the tests depend on it).
        .target(name: "TestSupport", dependencies: ["Platform", "Submissions", "Intake", "Secretariat"], path: "Tests/TestSupport"),
        .testTarget(name: "MultilingualTextTests", dependencies: ["MultilingualText", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SafeXMLTests", dependencies: ["SafeXML"]),
        .testTarget(name: "SubmissionsTests", dependencies: ["Submissions", "Intake", "Secretariat", "TestSupport"]),
        .testTarget(
            name: "IntakeTests",
            dependencies: [
                "TestSupport", "Intake", "Secretariat", "Submissions", "MultilingualText", "Platform",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "RoomPaperTests", dependencies: ["RoomPaper", "Submissions", "Intake", "Secretariat", "Platform", "TestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "ExchangeTests",
            dependencies: ["Exchange", "Memory", "Submissions", "Intake", "Secretariat", "RoomPaper", "MultilingualText", "SafeXML", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "SecretariatTests", dependencies: ["Secretariat", "Intake", "RoomPaper", "Submissions", "TestSupport"]),
        .testTarget(name: "crpTests", dependencies: ["Submissions", "TestSupport"]),
        .testTarget(name: "WebDeskTests", dependencies: ["Submissions", "TestSupport", "Platform"], exclude: ["Browser"]),
    ],
    swiftLanguageModes: [.v6]
)
