// swift-tools-version:6.0
// DataFlow's benchmarks live in their own package so that building and testing the root package
// never builds benchmark dependencies.
import PackageDescription

let package = Package(
    name: "DataFlowBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "DataFlow", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "DataFlowBench",
            dependencies: [.product(name: "DataFlow", package: "DataFlow")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
    ]
)
