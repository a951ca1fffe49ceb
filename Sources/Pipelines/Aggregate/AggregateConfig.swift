import DataFlow
import DataFlowIO
import Foundation

/// The aggregations `aggregate` computes.
public enum Aggregation: String, Codable, Sendable, CaseIterable {
    /// Per space and wall-clock hour: reservations, people and occupied seconds.
    case hourlySpace = "hourly-space"
    /// Per company and week (from Monday): distinct people and reservations.
    case weekPeopleCount = "week-people-count"

    /// The output table's name.
    var tableName: String { rawValue.replacingOccurrences(of: "-", with: "_") }

    /// The column the output is partitioned by.
    var partitionColumn: String {
        switch self {
        case .hourlySpace: return "date"
        case .weekPeopleCount: return "week_start"
        }
    }
}

extension AggregateJob {
    /// The job's settings, loadable from JSON or YAML (keys as the property names).
    public struct Config: Codable, Sendable, JobConfigFile {
        /// The output root: `<output>/hourly_space/date=.../`, `<output>/week_people_count/week_start=.../`,
        /// and the job's state in `<output>/_state/`.
        public var output: String
        /// Which aggregations to compute (default both).
        public var aggregations: [Aggregation] = Aggregation.allCases
        /// The catalog database holding `dim_company`, `dim_space` and `fact_reservation` (as `migrate` registers them).
        public var inputDatabase: String = "default"
        /// The catalog database the outputs are registered in.
        public var database: String = "default"
        /// The reporting time zone: hours and weeks are its wall-clock ones (an IANA name or an offset).
        public var timeZone: String = "UTC"
        /// Also write each output as CSV under `<output>/csv/<name>/`.
        public var csv: Bool = false
        /// Run even when the data check fails (with a warning).
        public var skipDataCheck: Bool = false
        /// The share of the previous run's distinct company_ids and rows the input must reach.
        public var minimumShare: Double = 0.95
        /// The Parquet codec.
        public var compression: CompressionCodec = .snappy

        /// Settings writing under `output`.
        public init(output: String) { self.output = output }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(output: try container.decode(String.self, forKey: .output))
            aggregations = try container.decodeIfPresent([Aggregation].self, forKey: .aggregations) ?? aggregations
            inputDatabase = try container.decodeIfPresent(String.self, forKey: .inputDatabase) ?? inputDatabase
            database = try container.decodeIfPresent(String.self, forKey: .database) ?? database
            timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone) ?? timeZone
            csv = try container.decodeIfPresent(Bool.self, forKey: .csv) ?? csv
            skipDataCheck = try container.decodeIfPresent(Bool.self, forKey: .skipDataCheck) ?? skipDataCheck
            minimumShare = try container.decodeIfPresent(Double.self, forKey: .minimumShare) ?? minimumShare
            compression = try container.decodeIfPresent(CompressionCodec.self, forKey: .compression) ?? compression
        }
    }
}
