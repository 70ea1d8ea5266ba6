// swift-tools-version: 6.2
import PackageDescription

// Shared settings: Swift 6 language mode everywhere, plus the house's upcoming features (see STYLE.md).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// Third-party products, named once.
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
// RSA key generation and PKCS#8/DER for CreateKeyPair's key material (Server's KeyMaterial).
let cryptoExtras = Target.Dependency.product(name: "_CryptoExtras", package: "swift-crypto")
// Hash-array mapped prefix trees (`TreeDictionary`): the state's tables, whose copies share storage (CloudModel).
let hashTreeCollections = Target.Dependency.product(name: "HashTreeCollections", package: "swift-collections")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
// `GET /metrics`: swift-metrics' API, exposed in Prometheus's text format by swift-prometheus's backend.
let metrics = Target.Dependency.product(name: "CoreMetrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
// The shared state store of several servers (`serve --database-url`, Persistence's PostgresStateStore).
let postgresNIO = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
// The instance metadata service's HTTP/1.1 (DataPlane).
let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
// The HTTP parts Hummingbird's pipeline carries, which the connection timeouts watch (Server's Connections/).
let nioHTTPTypes = Target.Dependency.product(name: "NIOHTTPTypes", package: "swift-nio-extras")
let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")

let package = Package(
    name: "LocalVPC",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "localvpc", targets: ["localvpc"]),
        // The server alone (`localvpc serve` without the client commands and their HTTP and XML libraries).
        .executable(name: "localvpc-server", targets: ["localvpc-server"]),
        .executable(name: "ec2-codegen", targets: ["ec2-codegen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Up to 5.0.0, not from: (up to next major): the graph already resolves 4.x through swift-certificates.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Already in the graph through SwiftNIO; named for HashTreeCollections.
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // Already in the graph through Hummingbird; named for `serve`'s executor (see Serve.swift).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        // Already in the graph through Hummingbird; named for NIOHTTPTypes.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Without the default ConfigurationSupport trait: we do not use swift-configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Bottom to top; nothing imports a target above it (ARCHITECTURE.md).
        .target(name: "Addressing", swiftSettings: swiftSettings),
        // EC2's one timestamp format, shared by the wire (EC2Protocol) and the time filters (CloudModel).
        .target(name: "AWSTimestamp", swiftSettings: swiftSettings),
        // How LocalVPC's threads are named and scheduled (kernel names, nice values, slices), for Server and DataPlane.
        .target(name: "ThreadScheduling", swiftSettings: swiftSettings),
        .target(name: "CloudModel", dependencies: ["Addressing", "AWSTimestamp", hashTreeCollections], swiftSettings: swiftSettings),
        .target(name: "Reachability", dependencies: ["Addressing", "CloudModel"], swiftSettings: swiftSettings),
        .target(name: "EC2Protocol", dependencies: ["AWSTimestamp"], swiftSettings: swiftSettings),
        // AWS Signature Version 4, signing and verifying, with the shared credentials file: one implementation for
        // EC2Client (which signs) and the server (which verifies under `serve --verify-signatures`). No networking.
        .target(name: "SigV4", dependencies: [crypto], swiftSettings: swiftSettings),
        .target(name: "Persistence", dependencies: ["CloudModel", grdb, logging, nioCore, nioPosix, postgresNIO], swiftSettings: swiftSettings),
        // Linux only (it builds everywhere, and does nothing elsewhere): instances as network namespaces, each new flow
        // decided by Reachability's evaluator, the kernel carrying it afterwards.
        .target(
            name: "DataPlane",
            dependencies: ["Addressing", "CloudModel", "Reachability", "ThreadScheduling", logging, nioCore, nioHTTP1, nioPosix, serviceLifecycle],
            swiftSettings: swiftSettings),
        .target(
            name: "Server",
            dependencies: [
                "Addressing", "AWSTimestamp", "CloudModel", "EC2Protocol", "Persistence", "Reachability", "SigV4", "ThreadScheduling", crypto,
                cryptoExtras, hummingbird, httpTypes, logging, metrics, nioCore, nioHTTP1, nioHTTPTypes, prometheus, serviceLifecycle,
            ],
            // The web console's files, served as they are (no build step).
            resources: [.copy("Console/Assets")],
            swiftSettings: swiftSettings
        ),
        // A SigV4-signing EC2 Query client for any endpoint (LocalVPC or AWS), and `localvpc peer`'s logic on top of it.
        .target(name: "EC2Client", dependencies: ["SigV4"], swiftSettings: swiftSettings),
        .target(name: "PeeringSetup", dependencies: ["EC2Client"], swiftSettings: swiftSettings),
        // `localvpc reach` and `doctor` over the Network Insights API, against any endpoint.
        .target(name: "ReachabilityClient", dependencies: ["CloudModel", "Addressing", "EC2Client"], swiftSettings: swiftSettings),
        // `localvpc serve`'s options and start-up, shared by both executables.
        .target(
            name: "ServeCommand",
            dependencies: [
                "Addressing", "CloudModel", "DataPlane", "Persistence", "Server", "ThreadScheduling", argumentParser, logging, nioCore, nioPosix,
                serviceLifecycle,
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "localvpc",
            dependencies: [
                "Addressing", "CloudModel", "DataPlane", "EC2Client", "PeeringSetup", "Persistence", "ReachabilityClient", "Server", "ServeCommand",
                argumentParser, logging,
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "localvpc-server", dependencies: ["Server", "ServeCommand", argumentParser], swiftSettings: swiftSettings),

        // The generator of EC2Protocol's Generated/ folder, from botocore's EC2 service model.
        .target(name: "EC2Codegen", path: "Tools/ec2-codegen/Sources/EC2Codegen", swiftSettings: swiftSettings),
        .executableTarget(
            name: "ec2-codegen",
            dependencies: ["EC2Codegen"],
            path: "Tools/ec2-codegen/Sources/ec2-codegen",
            swiftSettings: swiftSettings
        ),

        // Benchmarks: executables, run in release builds (see README); never timed tests.
        .executableTarget(
            name: "reachability-bench",
            dependencies: ["Addressing", "CloudModel", "Reachability", "TestSupport"],
            path: "Benchmarks/reachability-bench",
            swiftSettings: swiftSettings
        ),

        // Fixtures shared by the test targets (a cloud that runs commands without a server).
        // With a throwaway PostgreSQL database per test when LOCALVPC_TEST_DATABASE_URL names a server (`TestDatabase`).
        .target(
            name: "TestSupport", dependencies: ["CloudModel", "Persistence", logging, postgresNIO], path: "Tests/TestSupport",
            swiftSettings: swiftSettings),
        .testTarget(name: "AddressingTests", dependencies: ["Addressing"], swiftSettings: swiftSettings),
        .testTarget(name: "AWSTimestampTests", dependencies: ["AWSTimestamp"], swiftSettings: swiftSettings),
        .testTarget(name: "CloudModelTests", dependencies: ["CloudModel", "Addressing", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReachabilityTests", dependencies: ["Reachability", "CloudModel", "Addressing", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "EC2ClientTests", dependencies: ["EC2Client", "PeeringSetup", "SigV4"], swiftSettings: swiftSettings),
        // AWS's published SigV4 test suite (aws-c-auth's `aws-signing-test-suite`), kept as the files it ships.
        .testTarget(
            name: "SigV4Tests", dependencies: ["SigV4"], resources: [.copy("aws-signing-test-suite")], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReachabilityClientTests", dependencies: ["ReachabilityClient", "EC2Client", "CloudModel", "Addressing"],
            swiftSettings: swiftSettings),
        .testTarget(name: "EC2ProtocolTests", dependencies: ["EC2Protocol", "EC2Codegen"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DataPlaneTests", dependencies: ["DataPlane", "Reachability", "CloudModel", "Addressing", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(name: "PersistenceTests", dependencies: ["Persistence", "CloudModel", "TestSupport", grdb], swiftSettings: swiftSettings),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "CloudModel", "EC2Protocol", "Persistence", "Reachability", "SigV4", "TestSupport", "ThreadScheduling", crypto,
                cryptoExtras, logging,
                .product(name: "HummingbirdTesting", package: "hummingbird"), hummingbird, httpTypes, nioCore, nioHTTP1,
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
