import DataFlow
import DataFlowIO
import Foundation
import Pipelines

/// Generated source tables of seed 000's ODS sync, `maip-{env}-products`, `-customers`,
/// `-applications`, `-quotes` and `-orders`, in the store `ods-sync` reads (a SQLite file or a
/// PostgreSQL database). Their columns, which `ods-sync` needs (every other column lands in the
/// target's `attributes`):
///
/// - products: `product_id BIGINT, merchant_id BIGINT, name STRING, price DECIMAL(12,2), currency STRING, status STRING, updated_at TIMESTAMP`
/// - customers: `customer_id BIGINT, merchant_id BIGINT, email STRING, name STRING, status STRING, updated_at TIMESTAMP`
/// - applications: `application_id BIGINT, merchant_id BIGINT, customer_id BIGINT, product_id BIGINT, status STRING, requested_amount DOUBLE, updated_at TIMESTAMP`
/// - quotes: `quote_id BIGINT, merchant_id BIGINT, application_id BIGINT, amount DECIMAL(12,2), currency STRING, status STRING, updated_at TIMESTAMP`
/// - orders: `order_id BIGINT, merchant_id BIGINT, quote_id BIGINT, total DECIMAL(12,2), currency STRING, status STRING, updated_at TIMESTAMP`
///
/// Every table shares `merchant_id`, an id column, `status` and `updated_at` (spread over the
/// `days` before `end`); applications reference customers and products, quotes applications,
/// orders quotes.
public struct ODSSources: Sendable {
    /// The tables' column definitions, by source name.
    public static let schemas: KeyValuePairs<String, String> = [
        "products": "product_id BIGINT, merchant_id BIGINT, name STRING, price DECIMAL(12,2), currency STRING, status STRING, updated_at TIMESTAMP",
        "customers": "customer_id BIGINT, merchant_id BIGINT, email STRING, name STRING, status STRING, updated_at TIMESTAMP",
        "applications": "application_id BIGINT, merchant_id BIGINT, customer_id BIGINT, product_id BIGINT, status STRING, requested_amount DOUBLE, updated_at TIMESTAMP",
        "quotes": "quote_id BIGINT, merchant_id BIGINT, application_id BIGINT, amount DECIMAL(12,2), currency STRING, status STRING, updated_at TIMESTAMP",
        "orders": "order_id BIGINT, merchant_id BIGINT, quote_id BIGINT, total DECIMAL(12,2), currency STRING, status STRING, updated_at TIMESTAMP",
    ]

    /// Customers; there are a fifth as many products, and about as many applications, then fewer
    /// quotes and orders, as a funnel.
    public var customers: Int
    /// Merchants the rows belong to.
    public var merchants: Int
    /// Days the `updated_at` values spread over, ending at `end`.
    public var days: Int
    /// The last moment an `updated_at` may have.
    public var end: Date
    /// The generator's seed.
    public var seed: UInt64

    /// Sources of `customers` customers of `merchants` merchants, updated over the `days` before `end`.
    public init(customers: Int, merchants: Int = 5, days: Int = 7, end: Date = Date(), seed: UInt64 = 2_025) {
        self.customers = customers
        self.merchants = merchants
        self.days = days
        self.end = end
        self.seed = seed
    }

    /// Writes (replacing) the five tables of `env` into `store`; a SQLite store's directory is made
    /// when missing (the generator's output, like any other generator's).
    /// - Returns: the rows written per source, in the order of `schemas`.
    /// - Throws: `DataFlowError` for sizes below one or a store that cannot be written.
    @discardableResult
    public func write(env: String, store: String, session: Session) throws -> [(source: String, rows: Int)] {
        guard customers >= 1, merchants >= 1, days >= 1 else {
            throw DataFlowError.invalidArgument("customers", "customers, merchants and days must each be at least 1")
        }
        if !store.hasPrefix("postgres://") && !store.hasPrefix("postgresql://") {
            let directory = (store as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw DataFlowError(.io, "cannot create the store's directory", location: ErrorLocation(path: directory), underlying: DescribedError(error))
                }
            }
        }
        let warehouse = try Warehouse(store, argument: "store")
        var random = SeededRandom(seed: seed)
        let endMicros = Int64(end.timeIntervalSince1970) * 1_000_000
        let span = UInt64(days) * 86_400_000_000
        let products = max(1, customers / 5), applications = customers, quotes = customers * 3 / 4, orders = customers / 2
        func stamp() -> Scalar { .timestamp(endMicros - Int64(random.next() % span)) }
        func merchant() -> Scalar { .int64(Int64(random.next() % UInt64(merchants)) + 1) }
        func pick(_ count: Int) -> Scalar { .int64(Int64(random.next() % UInt64(max(1, count))) + 1) }
        func money(_ most: UInt64) -> Scalar { .decimal(unscaled: Int128(random.next() % most + 100), precision: 12, scale: 2) }
        func one(_ choices: [String]) -> Scalar { .string(choices[Int(random.next() % UInt64(choices.count))]) }
        let currencies = ["EUR", "USD", "GBP"]
        let rows: [String: [[Scalar]]] = [
            "products": (1...products).map { [.int64(Int64($0)), merchant(), .string("Plan \($0)"), money(50_000), one(currencies), one(["active", "retired"]), stamp()] },
            "customers": (1...customers).map { [.int64(Int64($0)), merchant(), .string("customer\($0)@example.com"), .string("Customer \($0)"), one(["new", "active", "closed"]), stamp()] },
            "applications": (1...applications).map {
                [.int64(Int64($0)), merchant(), pick(customers), pick(products), one(["submitted", "approved", "declined"]), .float64(Double(random.next() % 1_000_000) / 100), stamp()]
            },
            "quotes": (0..<quotes).map { [.int64(Int64($0 + 1)), merchant(), pick(applications), money(1_000_000), one(currencies), one(["offered", "accepted", "expired"]), stamp()] },
            "orders": (0..<orders).map { [.int64(Int64($0 + 1)), merchant(), pick(quotes), money(2_000_000), one(currencies), one(["paid", "refunded"]), stamp()] },
        ]
        return try Self.schemas.map { source, ddl in
            let frame = try session.createDataFrame(rows: rows[source] ?? [], schema: try Schema(ddl: ddl))
            let written = try warehouse.replace("maip-\(env)-\(source)", with: frame)
            return (source, written.rows)
        }
    }
}
