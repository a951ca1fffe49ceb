import DataFlow

/// DataFlow's types as Spark's, and back.
enum SparkTypes {
    /// Spark's type for a DataFlow type.
    static func sparkType(_ type: DataType) -> Spark_Connect_DataType {
        var spark = Spark_Connect_DataType()
        switch type {
        case .boolean: spark.boolean = .init()
        case .int32: spark.integer = .init()
        case .int64: spark.long = .init()
        case .float64: spark.double = .init()
        case let .decimal(precision, scale):
            var decimal = Spark_Connect_DataType.Decimal()
            decimal.precision = Int32(precision)
            decimal.scale = Int32(scale)
            spark.decimal = decimal
        case .string: spark.string = .init()
        case .binary: spark.binary = .init()
        case .date: spark.date = .init()
        case .timestamp: spark.timestamp = .init()
        case .null: spark.null = .init()
        case let .array(element):
            var array = Spark_Connect_DataType.Array()
            array.elementType = sparkType(element)
            array.containsNull = true
            spark.array = array
        case let .map(key, value):
            var map = Spark_Connect_DataType.Map()
            map.keyType = sparkType(key)
            map.valueType = sparkType(value)
            map.valueContainsNull = true
            spark.map = map
        case let .struct(fields):
            var structType = Spark_Connect_DataType.Struct()
            structType.fields = fields.map { field in
                var spark = Spark_Connect_DataType.StructField()
                spark.name = field.name
                spark.dataType = sparkType(field.type)
                spark.nullable = field.nullable
                return spark
            }
            spark.struct = structType
        }
        return spark
    }

    /// The DataFlow type of a Spark type; `column` names the column for the error.
    /// - Throws: `DataFlowError` (`.notImplemented`) for types DataFlow does not have (intervals,
    ///   variants, user-defined types).
    static func dataType(_ spark: Spark_Connect_DataType, column: String) throws -> DataType {
        switch spark.kind {
        case .boolean: return .boolean
        case .byte, .short, .integer: return .int32
        case .long: return .int64
        case .float, .double: return .float64
        case let .decimal(decimal):
            return .decimal(precision: decimal.hasPrecision ? Int(decimal.precision) : 10, scale: decimal.hasScale ? Int(decimal.scale) : 0)
        case .string, .char, .varChar: return .string
        case .binary: return .binary
        case .date: return .date
        case .timestamp, .timestampNtz: return .timestamp
        case .null: return .null
        case let .array(array): return .array(try dataType(array.elementType, column: column))
        case let .map(map): return .map(key: try dataType(map.keyType, column: column), value: try dataType(map.valueType, column: column))
        case let .struct(structType): return .struct(try fields(structType, column: column))
        default:
            throw DataFlowError(.notImplemented, "column '\(column)' has a Spark type DataFlow cannot hold (\(spark.kind.map { "\($0)" } ?? "unknown"))")
        }
    }

    /// The DataFlow schema of a Spark struct type (what AnalyzePlan returns).
    static func schema(_ spark: Spark_Connect_DataType) throws -> Schema {
        guard case let .struct(structType) = spark.kind else {
            throw DataFlowError(.schema, "Spark described a result that is not a struct: \(spark.kind.map { "\($0)" } ?? "nothing")")
        }
        return Schema(try fields(structType, column: nil))
    }

    /// The fields of a Spark struct type; `column` names the column they are nested in.
    private static func fields(_ structType: Spark_Connect_DataType.Struct, column: String?) throws -> [Field] {
        try structType.fields.map { field in
            Field(field.name, try dataType(field.dataType, column: column.map { "\($0).\(field.name)" } ?? field.name), nullable: field.nullable)
        }
    }
}
