// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Parcours",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parcours", targets: ["parcours"]),
        .library(name: "ParcoursCore", targets: ["ParcoursCore"]),
        .library(name: "ParcoursStore", targets: ["ParcoursStore"]),
        .library(name: "ParcoursReports", targets: ["ParcoursReports"]),
        .library(name: "ParcoursApp", targets: ["ParcoursApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Already a dependency of postgres-nio (SCRAM); used for migration checksums and token hashes.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // Already a dependency of Hummingbird: the service's background work (the audit sealer) is a Service.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Already dependencies of postgres-nio: the mailer speaks SMTP (over TLS for smtps://).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Workbooks (XLSX) for funders.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // The domain, pure: no I/O, no database.
        .target(name: "ParcoursCore"),
        // PostgreSQL: embedded cluster, migrations (sql/*.sql compiled in by a plugin), repositories.
        .target(
            name: "ParcoursStore",
            dependencies: [
                "ParcoursCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            plugins: ["EmbedMigrations"]
        ),
        // Rendering, pure: text tables, CSV, XLSX, JSON; French and English words.
        .target(
            name: "ParcoursReports",
            dependencies: ["ParcoursCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The application layer both edges adapt: typed actions, one parser per kind of value, typed
        // refusals worded from one message catalogue per language.
        .target(
            name: "ParcoursApp",
            dependencies: ["ParcoursCore", "ParcoursStore", "ParcoursReports"],
            resources: [.embedInCode("messages.fr.txt"), .embedInCode("messages.en.txt")]
        ),
        // The HTTP service (Hummingbird 2): live dashboards.
        .target(
            name: "ParcoursServer",
            dependencies: [
                "ParcoursCore", "ParcoursStore", "ParcoursReports", "ParcoursApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            // The API's description, compiled into the binary and served at /openapi.yaml.
            resources: [.embedInCode("openapi.yaml")]
        ),
        .executableTarget(name: "embed-migrations", path: "Sources/embed-migrations"),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["embed-migrations"]),
        // The CLI: parse, call the store, print.
        .executableTarget(
            name: "parcours",
            dependencies: [
                "ParcoursCore", "ParcoursStore", "ParcoursReports", "ParcoursApp", "ParcoursServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A throwaway PostgreSQL cluster per test process and a fresh database per test.
        .target(
            name: "ParcoursTestSupport",
            dependencies: [
                "ParcoursCore", "ParcoursStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support"
        ),
        .testTarget(name: "ParcoursCoreTests", dependencies: ["ParcoursCore", "ParcoursTestSupport"]),
        .testTarget(name: "ParcoursReportsTests", dependencies: ["ParcoursCore", "ParcoursReports"]),
        .testTarget(name: "ParcoursAppTests", dependencies: ["ParcoursCore", "ParcoursApp"]),
        .testTarget(
            name: "ParcoursStoreTests",
            dependencies: ["ParcoursCore", "ParcoursStore", "ParcoursTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // Drives the real `parcours` binary (exit codes, messages, --json) against the test cluster.
        .testTarget(
            name: "ParcoursCLITests",
            dependencies: [
                "parcours", "ParcoursCore", "ParcoursStore", "ParcoursApp", "ParcoursServer", "ParcoursTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
