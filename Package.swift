// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "RoomPaper",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "crp", targets: ["crp"]),
        .library(name: "RoomPaper", targets: ["RoomPaper"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    ],
    targets: [
        // The only C in the project: cicu_-prefixed wrappers over the system ICU.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]
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
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "RoomPaper",
            dependencies: [
                "Submissions", "MultilingualText", "Platform",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(name: "Exchange", dependencies: ["Submissions", "MultilingualText", "SafeXML", "Intake"]),
        .executableTarget(
            name: "crp",
            dependencies: [
                "Submissions", "Intake", "RoomPaper", "Exchange", "MultilingualText", "Platform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: the repository, its locales, the process harness.
        .target(name: "TestSupport", dependencies: ["Submissions", "Platform"], path: "Tests/TestSupport"),
        .testTarget(name: "MultilingualTextTests", dependencies: ["TestSupport", "MultilingualText"], exclude: ["Fixtures"]),
        .testTarget(name: "SafeXMLTests", dependencies: ["TestSupport", "SafeXML"]),
        .testTarget(name: "SubmissionsTests", dependencies: ["TestSupport", "Submissions", "Intake"]),
        .testTarget(
            name: "IntakeTests",
            dependencies: ["TestSupport", "Intake", "Submissions", "MultilingualText", "Platform", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "RoomPaperTests", dependencies: ["TestSupport", "RoomPaper", "Submissions", "Intake", "Platform"], exclude: ["Golden"]),
        .testTarget(name: "ExchangeTests", dependencies: ["TestSupport", "Exchange", "Submissions", "Intake", "RoomPaper", "MultilingualText", "SafeXML"], exclude: ["Fixtures"]),
        .testTarget(name: "crpTests", dependencies: ["TestSupport", "Submissions"]),
    ],
    swiftLanguageModes: [.v6]
)
