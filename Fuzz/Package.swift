// swift-tools-version:6.0
// libFuzzer targets for DataFlow's decoders, in their own package so that building the root never
// builds them. Each target's main hands its input function to libFuzzer's driver; build and run
// them with `make fuzz` at the root (scripts/fuzz.sh), which passes `-sanitize=fuzzer,address`.
import PackageDescription

let package = Package(
    name: "DataFlowFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "DataFlow", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "DataFlow", package: "DataFlow"),
                                                   .product(name: "DataFlowIO", package: "DataFlow")]),
        .executableTarget(name: "FuzzParquet", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzThrift", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzArrow", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzDecompress", dependencies: ["FuzzSupport"]),
    ]
)
