// swift-tools-version:6.0
import PackageDescription

/// `DATAFLOW_ENGINE_ONLY=1` keeps only the engine, its formats and their tests, which need no other
/// package: the sanitizer and release test runs of `.ci/run` use it so that they build quickly.
let engineOnly = Context.environment["DATAFLOW_ENGINE_ONLY"] == "1"

let engineTargets: [Target] = [
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
    .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    // Returns the C allocator's free pages to the system (malloc_trim), for memory that follows the budget.
    .target(name: "CAllocator"),
    .target(name: "DataFlow", dependencies: ["CAllocator", "CLZ4"]),
    // Atomic exchange of two paths (renameat2), for commits that never leave a target missing.
    .target(name: "CFileSystem"),
    .target(name: "DataFlowIO", dependencies: ["DataFlow", "CZlib", "CZstd", "CSnappy", "CSQLite", "CFileSystem"]),
    .testTarget(name: "DataFlowIOTests", dependencies: ["DataFlowIO", "TestSupport"]),
]

let engineOnlyTargets: [Target] = [
    .target(name: "TestSupport", dependencies: ["DataFlow"], path: "Tests/TestSupport", exclude: ["SparkRemote.swift", "TLSProxy.swift"]),
    .testTarget(name: "DataFlowTests", dependencies: ["DataFlow", "DataFlowIO", "TestSupport"],
                exclude: ["Differential/duckdb_oracle.py", "Differential/RemoteDifferentialTests.swift"]),
]

let fullTargets: [Target] = [
    .target(
        name: "DataFlowPostgres",
        dependencies: ["DataFlow", "DataFlowIO", .product(name: "PostgresNIO", package: "postgres-nio"),
                       .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                       .product(name: "Logging", package: "swift-log")]
    ),
    // Runs DataFrame plans on Apache Spark through Spark Connect. The Swift code of the protocol's
    // messages is generated from Protos/ by scripts/generate-spark-connect-protos.sh and committed.
    .target(
        name: "DataFlowSparkConnect",
        dependencies: ["DataFlow", "DataFlowIO", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                       .product(name: "GRPCCore", package: "grpc-swift-2"),
                       .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                       .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf")]
    ),
    .target(
        name: "Pipelines",
        dependencies: ["DataFlow", "DataFlowIO", "DataFlowPostgres", .product(name: "Logging", package: "swift-log"),
                       .product(name: "Tracing", package: "swift-distributed-tracing"), .product(name: "Yams", package: "Yams")]
    ),
    // Deterministic sample inputs of every pipeline (landing zones, DMS and Redshift exports, ODS
    // tables, files to watch) and the demo job: for `dataflow generate`, `make demo`, examples,
    // tests and benchmarks, kept out of the Pipelines library.
    // `s3://` storage: an `ObjectStore` for S3 and S3-compatible servers (Signature V4, pooled
    // HTTP connections, retries).
    .target(
        name: "DataFlowS3",
        dependencies: ["DataFlow", "DataFlowIO", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                       .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOCore", package: "swift-nio"),
                       .product(name: "NIOHTTP1", package: "swift-nio")]
    ),
    .target(name: "SampleData", dependencies: ["DataFlow", "DataFlowIO", "Pipelines"]),
    .executableTarget(
        name: "DataFlowCLI",
        dependencies: ["DataFlow", "DataFlowIO", "DataFlowS3", "DataFlowSparkConnect", "Pipelines", "SampleData", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                       .product(name: "Logging", package: "swift-log")]
    ),
    .executableTarget(name: "SalesByRegion", dependencies: ["DataFlow"], path: "Examples/SalesByRegion"),
    .executableTarget(name: "HourlyOccupancy", dependencies: ["DataFlow"], path: "Examples/HourlyOccupancy"),
    .executableTarget(name: "ChargebackLake", dependencies: ["DataFlow", "DataFlowIO"], path: "Examples/ChargebackLake"),
    .executableTarget(name: "CSVMigration", dependencies: ["DataFlow", "DataFlowIO"], path: "Examples/CSVMigration"),
    .executableTarget(name: "ConsolidateChargebacks", dependencies: ["DataFlow", "DataFlowIO", "Pipelines", "SampleData"], path: "Examples/ConsolidateChargebacks"),
    .executableTarget(name: "ReservationAggregates", dependencies: ["DataFlow", "DataFlowIO", "Pipelines", "SampleData"], path: "Examples/ReservationAggregates"),
    .executableTarget(name: "EmployeeSnapshots", dependencies: ["DataFlow", "DataFlowIO", "Pipelines", "SampleData"], path: "Examples/EmployeeSnapshots"),
    .executableTarget(name: "HourlySpaceSQL", dependencies: ["DataFlow", "DataFlowIO", "Pipelines", "SampleData"], path: "Examples/HourlySpaceSQL"),
    .target(name: "TestSupport", dependencies: ["DataFlow", "DataFlowSparkConnect"], path: "Tests/TestSupport"),
    .testTarget(name: "DataFlowTests", dependencies: ["DataFlow", "DataFlowIO", "DataFlowSparkConnect", "TestSupport"], exclude: ["Differential/duckdb_oracle.py"]),
    .testTarget(name: "DataFlowSparkConnectTests", dependencies: ["DataFlowSparkConnect", "DataFlowIO", "TestSupport"]),
    .testTarget(name: "DataFlowPostgresTests", dependencies: ["DataFlowPostgres", "TestSupport"]),
    .testTarget(name: "DataFlowS3Tests", dependencies: ["DataFlowS3", "DataFlowIO", "TestSupport"]),
    // Runs the built `dataflow` executable as people do (the dependency builds it first).
    .testTarget(name: "DataFlowCLITests", dependencies: ["DataFlowCLI", "DataFlow", "DataFlowIO", "DataFlowS3", "TestSupport"]),
    .testTarget(
        name: "PipelinesTests",
        dependencies: ["Pipelines", "SampleData", "DataFlowIO", "DataFlowPostgres", "DataFlowS3", "DataFlowSparkConnect", "TestSupport", .product(name: "InMemoryTracing", package: "swift-distributed-tracing")]
    ),
]

let package = Package(
    name: "DataFlow",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DataFlow", targets: ["DataFlow"]),
        .library(name: "DataFlowIO", targets: ["DataFlowIO"]),
    ] + (engineOnly ? [] : [
        .library(name: "DataFlowPostgres", targets: ["DataFlowPostgres"]),
        .library(name: "DataFlowS3", targets: ["DataFlowS3"]),
        .library(name: "DataFlowSparkConnect", targets: ["DataFlowSparkConnect"]),
        .library(name: "Pipelines", targets: ["Pipelines"]),
        .library(name: "SampleData", targets: ["SampleData"]),
        .executable(name: "dataflow", targets: ["DataFlowCLI"]),
    ]),
    dependencies: engineOnly ? [] : [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.28.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.0.0"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.0.0"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    ],
    targets: engineTargets + (engineOnly ? engineOnlyTargets : fullTargets)
)
