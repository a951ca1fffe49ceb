// swift-tools-version:6.1
// DataFlow's benchmarks live in their own package so that building and testing the root package
// never builds benchmark dependencies.
import PackageDescription

let package = Package(
    name: "DataFlowBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "DataFlow", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Cross-engine comparison: one workload per process, driven by scripts/compare.py.
        .executableTarget(
            name: "DataFlowBench",
            dependencies: [.product(name: "DataFlow", package: "DataFlow"), .product(name: "DataFlowIO", package: "DataFlow"),
                           .product(name: "Pipelines", package: "DataFlow"), .product(name: "SampleData", package: "DataFlow")]
        ),
        // Out-of-core workloads (group-by, sort, join far larger than the memory limit), one run
        // per process, driven by scripts/out_of_core.py.
        .executableTarget(
            name: "OutOfCoreBench",
            dependencies: [.product(name: "DataFlow", package: "DataFlow"), .product(name: "DataFlowIO", package: "DataFlow")]
        ),
        // The 22 TPC-H queries through session.sql, one query per process, driven by scripts/tpch.py.
        .executableTarget(
            name: "TPCHBench",
            dependencies: [.product(name: "DataFlow", package: "DataFlow"), .product(name: "DataFlowIO", package: "DataFlow")]
        ),
        // The PostgreSQL store against psql's \copy (needs DATAFLOW_PG_URL; `make postgres`).
        .executableTarget(
            name: "PostgresBench",
            dependencies: [.product(name: "DataFlow", package: "DataFlow"), .product(name: "DataFlowIO", package: "DataFlow"),
                           .product(name: "DataFlowPostgres", package: "DataFlow")]
        ),
        // Kernel benchmarks with baselines: `swift package benchmark` (see README.md).
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                .product(name: "DataFlow", package: "DataFlow"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/KernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
