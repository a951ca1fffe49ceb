import DataFlow

/// The repetition and definition levels of a leaf of a nested column, one pair per value slot.
struct ParquetLevels: Sendable {
    var definition: [UInt8]
    var repetition: [UInt8]
}

/// The levels at which the entries of an array or map appear: an entry is present where the
/// definition level reaches `definition`, and a new entry of the same list starts where the
/// repetition level is `repetition`.
struct ParquetEntryLevels: Sendable, Equatable {
    let definition: Int
    let repetition: Int
}

/// One node of a nested column as DataFlow reads and writes it: its type, and where its values sit
/// in the definition and repetition levels of its leaves (Dremel's encoding, as the Parquet spec
/// lays out structs, three-level lists and maps). Record assembly reads columns through it; record
/// shredding writes them.
struct ParquetNode: Sendable {
    indirect enum Shape: Sendable {
        /// A leaf column: the column chunk `chunkIndex`.
        case leaf(chunkIndex: Int)
        /// A struct of its fields.
        case structure([ParquetNode])
        /// An array of `element`.
        case list(element: ParquetNode, entries: ParquetEntryLevels)
        /// A map of `key` to `value`.
        case map(key: ParquetNode, value: ParquetNode, entries: ParquetEntryLevels)
    }

    let name: String
    let type: DataType
    let nullable: Bool
    /// The definition level from which the node's value is not null (its parent's when it is required).
    let definition: Int
    let shape: Shape
    /// The column chunks of the node's leaves, in order.
    let chunks: Range<Int>
}
