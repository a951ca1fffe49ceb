import Foundation

/// An aggregate function written in Swift, as Spark's `Aggregator`: a buffer per group that starts
/// at `zero()`, takes each input value with `reduce`, combines with the buffers of other partitions
/// with `merge` (so the aggregate runs in two phases), and becomes the group's value with `finish`.
/// A non-optional `Input` skips null values; an optional one gets them as `nil`. Buffers travel
/// between the phases encoded, hence `Codable`.
public protocol Aggregator: Sendable {
    /// The type of the aggregated column's values.
    associatedtype Input: ColumnValue
    /// The state of one group.
    associatedtype Buffer: Codable & Sendable
    /// The type of the group's value.
    associatedtype Output: ColumnValue
    /// The buffer of a group before any value.
    func zero() -> Buffer
    /// Adds one value to a group's buffer.
    func reduce(_ buffer: inout Buffer, _ input: Input) throws
    /// Adds the buffer of the same group from another partition.
    func merge(_ buffer: inout Buffer, _ other: Buffer) throws
    /// The group's value.
    func finish(_ buffer: Buffer) throws -> Output
}

/// An `Aggregator` made a function of one column: `udaf("geo_mean", GeometricMean())(col("x"))`
/// goes in `agg(...)` or over a window, and `session.udf.register` lets SQL call it by name. It
/// runs in this process only: a remote (Spark) session refuses plans that call it.
public struct UserDefinedAggregateFunction: Sendable {
    /// The name it prints with and SQL calls it by.
    public let name: String
    /// The type the argument is cast to.
    let inputType: DataType
    /// The result's type.
    public let returnType: DataType
    /// Whether results may be null.
    let nullable: Bool
    /// A fresh accumulator of per-group buffers.
    let makeAccumulator: @Sendable () -> any GroupAccumulator
    /// The value over each row's frame, for windows.
    let evaluateFrames: @Sendable (_ input: Column, _ bounds: FrameBounds) throws -> Column
    /// What tells this function from others of the same name.
    let identity: FunctionIdentity

    /// The same function under another name.
    public func named(_ name: String) -> UserDefinedAggregateFunction {
        UserDefinedAggregateFunction(name: name, inputType: inputType, returnType: returnType, nullable: nullable, makeAccumulator: makeAccumulator,
                                     evaluateFrames: evaluateFrames, identity: identity)
    }

    /// The aggregate of `argument` (a column, or a column's name).
    public func callAsFunction(_ argument: any ColumnOrName) -> Expr {
        Expr(.aggregate(AggregateCall(userAggregate: self, argument: argument.columnExpr)))
    }
}

/// `aggregator` as an aggregate function called `name`.
public func udaf<Function: Aggregator>(_ name: String, _ aggregator: Function) -> UserDefinedAggregateFunction {
    UserDefinedAggregateFunction(name: name, inputType: Function.Input.dataType, returnType: Function.Output.dataType,
                                 nullable: Function.Output.acceptsNull,
                                 makeAccumulator: { UserAggregateAccumulator(aggregator, name: name) },
                                 evaluateFrames: { input, bounds in try UserAggregateAccumulator(aggregator, name: name).frames(input, bounds) },
                                 identity: FunctionIdentity())
}

/// The buffers of an `Aggregator`, one per group; partial states are the buffers encoded as JSON.
final class UserAggregateAccumulator<Function: Aggregator>: GroupAccumulator {
    private let aggregator: Function
    private let name: String
    private var buffers: [Function.Buffer] = []

    init(_ aggregator: Function, name: String) {
        self.aggregator = aggregator
        self.name = name
    }

    var stateFields: [Field] { [Field("buffer", .binary)] }
    var resultType: DataType { Function.Output.dataType }

    private func grow(_ groupCount: Int) {
        while buffers.count < groupCount { buffers.append(aggregator.zero()) }
    }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        guard let input else { throw DataFlowError.internalError("\(name) without an argument") }
        grow(groupCount)
        let values = Function.Input.values(of: input)
        try callingUserCode(name) {
            for (row, group) in groupIds.enumerated() {
                if let value = values[row] { try aggregator.reduce(&buffers[Int(group)], value) }
            }
        }
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        grow(groupCount)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = Self.floats.decoding
        try states[0].withBytes { offsets, bytes, _ in
            for (row, group) in groupIds.enumerated() {
                let start = Int(offsets[row])
                let encoded = Data(UnsafeBufferPointer(start: bytes + start, count: Int(offsets[row + 1]) - start))
                let other: Function.Buffer
                do {
                    other = try decoder.decode(Function.Buffer.self, from: encoded)
                } catch {
                    throw DataFlowError(.execution, "\(name): cannot decode a partial buffer: \(error)", location: ErrorLocation(operatorName: name))
                }
                try callingUserCode(name) { try aggregator.merge(&buffers[Int(group)], other) }
            }
        }
    }

    func states(groupCount: Int) throws -> [Column] {
        grow(groupCount)
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = Self.floats.encoding
        var builder = ColumnBuilder(type: .binary, capacity: groupCount)
        for group in 0..<groupCount {
            let encoded: Data
            do {
                encoded = try encoder.encode(buffers[group])
            } catch {
                throw DataFlowError(.execution, "\(name): cannot encode a buffer: \(error)", location: ErrorLocation(operatorName: name))
            }
            encoded.withUnsafeBytes { builder.appendBytes($0) }
        }
        return [builder.finish()]
    }

    func evaluate(groupCount: Int) throws -> Column {
        grow(groupCount)
        return Function.Output.column(try callingUserCode(name) { try buffers.prefix(groupCount).map(aggregator.finish) })
    }

    /// The value over each row's frame: the buffer carried from the previous row while the frame
    /// only grows at its end (running and whole-partition frames), rebuilt when its start moves.
    func frames(_ input: Column, _ bounds: FrameBounds) throws -> Column {
        let values = Function.Input.values(of: input)
        var results: [Function.Output] = []
        results.reserveCapacity(input.count)
        var buffer = aggregator.zero()
        var covered = 0..<0
        try callingUserCode(name) {
            for row in 0..<input.count {
                let frame = Int(bounds.lo[row]) ..< max(Int(bounds.lo[row]), Int(bounds.hi[row]))
                if frame.lowerBound != covered.lowerBound || frame.upperBound < covered.upperBound {
                    buffer = aggregator.zero()
                    covered = frame.lowerBound ..< frame.lowerBound
                }
                for index in covered.upperBound ..< frame.upperBound {
                    if let value = values[index] { try aggregator.reduce(&buffer, value) }
                }
                covered = frame
                results.append(try aggregator.finish(buffer))
            }
        }
        return Function.Output.column(results)
    }

    /// How buffers write doubles JSON has no numbers for.
    private static var floats: (encoding: JSONEncoder.NonConformingFloatEncodingStrategy, decoding: JSONDecoder.NonConformingFloatDecodingStrategy) {
        (.convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN"),
         .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN"))
    }
}
