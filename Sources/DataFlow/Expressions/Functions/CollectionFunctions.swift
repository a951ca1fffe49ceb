/// Functions over the elements of arrays and the keys of maps, by Spark's names, with Spark's null
/// handling: array_contains, array_position, arrays_overlap, map_contains_key, array_remove,
/// array_compact, array_distinct, array_union, array_intersect, array_except, sort_array,
/// array_sort, array_max, array_min, array_join, flatten, slice, array_repeat, sequence,
/// arrays_zip, array_append, array_prepend. Elements compare as Spark compares them inside
/// collections (NaN equals NaN, null equals null where nulls count) through `ValueImages`.
enum CollectionFunctions {
    static let all: [ScalarFunction] = [arrayContains, arrayPosition, arraysOverlap, mapContainsKey, arrayRemove, arrayCompact,
                                        arrayDistinct, setOperation("array_union"), setOperation("array_intersect"),
                                        setOperation("array_except"), sortArray, arraySort, extreme("array_max", max: true),
                                        extreme("array_min", max: false), arrayJoin, flatten, slice, arrayRepeat, sequence, arraysZip,
                                        append("array_append", atEnd: true), append("array_prepend", atEnd: false)]

    /// An array argument and a value coerced to its element type (widening the array when the
    /// value's type is wider).
    private static func arrayAndValue(_ name: String, _ arguments: [any PhysicalExpr], _ binder: ExprBinder) throws -> [any PhysicalExpr] {
        try Arguments.expect(name, arguments, count: 2...2)
        let element = try NestedValueFunctions.arrayArgument(name, arguments, 0)
        guard let type = TypeCoercion.commonType(element, arguments[1].dataType) else {
            throw DataFlowError(.analysis, "\(name): \(arguments[1].dataType) does not compare with the elements of \(arguments[0].dataType)")
        }
        return [try binder.coerce(arguments[0], to: .array(type)), try binder.coerce(arguments[1], to: type)]
    }

    /// The images of an array column's used elements followed by `values`' rows, and the first
    /// used entry: entry `e` is image `e - first`, row `i`'s value image `entries + i`.
    private static func imagesWithValues(_ arrays: Column, _ values: Column) -> (images: ValueImages, first: Int, entries: Int) {
        let range = arrays.listEntries
        return (ValueImages(concat([arrays.arrayElements.slice(range.lowerBound, range.count), values])), range.lowerBound, range.count)
    }

    /// A boolean column from optional values (nil: null).
    private static func booleans(_ values: [Bool?]) throws -> Column {
        try Column(values.map { $0 ?? false }, validity: values.map { $0 != nil })
    }

    /// array_contains(array, value): whether the array holds the value; null when either is null,
    /// or when it is not found but the array holds a null.
    private static let arrayContains = ScalarFunction(name: "array_contains") { arguments, binder in
        let operands = try arrayAndValue("array_contains", arguments, binder)
        return FunctionExpr(name: "array_contains", arguments: operands, dataType: .boolean, nullable: true) { inputs, count in
            let arrays = inputs[0].materialize(count), values = inputs[1].materialize(count)
            let (images, first, entries) = imagesWithValues(arrays, values)
            return try booleans(arrays.withListOffsets { offsets, valid in
                (0..<count).map { row -> Bool? in
                    guard valid[row], !values.isNull(row) else { return nil }
                    var sawNull = false
                    for entry in Int(offsets[row]) ..< Int(offsets[row + 1]) {
                        if images.isNull(entry - first) { sawNull = true } else if images.equal(entry - first, entries + row) { return true }
                    }
                    return sawNull ? nil : false
                }
            })
        }
    }

    /// array_position(array, value): the 1-based position of the value's first occurrence, 0 when
    /// absent; null when either is null.
    private static let arrayPosition = ScalarFunction(name: "array_position") { arguments, binder in
        let operands = try arrayAndValue("array_position", arguments, binder)
        return FunctionExpr(name: "array_position", arguments: operands, dataType: .int64, nullable: true) { inputs, count in
            let arrays = inputs[0].materialize(count), values = inputs[1].materialize(count)
            let (images, first, entries) = imagesWithValues(arrays, values)
            var builder = ColumnBuilder(type: .int64, capacity: count)
            arrays.withListOffsets { offsets, valid in
                for row in 0..<count {
                    guard valid[row], !values.isNull(row) else { builder.appendNull(); continue }
                    let range = Int(offsets[row]) ..< Int(offsets[row + 1])
                    let found = range.first { !images.isNull($0 - first) && images.equal($0 - first, entries + row) }
                    builder.appendFixed(Int64(found.map { $0 - range.lowerBound + 1 } ?? 0))
                }
            }
            return builder.finish()
        }
    }

    /// map_contains_key(map, key): whether the map has the key; null when the map is.
    private static let mapContainsKey = ScalarFunction(name: "map_contains_key") { arguments, binder in
        try Arguments.expect("map_contains_key", arguments, count: 2...2)
        guard case let .map(key, _) = arguments[0].dataType else {
            throw DataFlowError(.analysis, "map_contains_key needs a map, found \(arguments[0].dataType)")
        }
        let sought = try Arguments.coerce("map_contains_key", arguments, 1, to: key, binder)
        return FunctionExpr(name: "map_contains_key", arguments: [arguments[0], sought], dataType: .boolean, nullable: true) { inputs, count in
            let maps = inputs[0].materialize(count), keys = inputs[1].materialize(count)
            let picks = NestedValueFunctions.keyPicks(maps, keys)
            return try booleans((0..<count).map { row in maps.isNull(row) || keys.isNull(row) ? nil : picks[row] >= 0 })
        }
    }

    /// arrays_overlap(a, b): whether the arrays share a non-null element; null when either is
    /// null, or when they share none but both are non-empty and one holds a null.
    private static let arraysOverlap = ScalarFunction(name: "arrays_overlap") { arguments, binder in
        try Arguments.expect("arrays_overlap", arguments, count: 2...2)
        let operands = try twoArrays("arrays_overlap", arguments, binder)
        return FunctionExpr(name: "arrays_overlap", arguments: operands, dataType: .boolean, nullable: true) { inputs, count in
            let (a, b) = (inputs[0].materialize(count), inputs[1].materialize(count))
            let pair = PairedElements(a, b)
            var set = ValueSet()
            return try booleans((0..<count).map { row -> Bool? in
                guard !a.isNull(row), !b.isNull(row) else { return nil }
                let (left, right) = (pair.left(row), pair.right(row))
                set.reset(capacity: left.count)
                var sawNull = false
                for entry in left {
                    if pair.images.isNull(entry) { sawNull = true } else { _ = set.insert(entry, of: pair.images) }
                }
                for entry in right {
                    if pair.images.isNull(entry) { sawNull = true } else if set.contains(entry, of: pair.images) { return true }
                }
                return sawNull && !left.isEmpty && !right.isEmpty ? nil : false
            })
        }
    }

    /// Two array arguments converted to their common type.
    private static func twoArrays(_ name: String, _ arguments: [any PhysicalExpr], _ binder: ExprBinder) throws -> [any PhysicalExpr] {
        try Arguments.expect(name, arguments, count: 2...2)
        _ = try NestedValueFunctions.arrayArgument(name, arguments, 0)
        _ = try NestedValueFunctions.arrayArgument(name, arguments, 1)
        let type = try NestedValueFunctions.commonType(name, arguments)
        return try arguments.map { try binder.coerce($0, to: type) }
    }

    /// The used elements of two array columns side by side in one `ValueImages`.
    private struct PairedElements {
        let images: ValueImages
        let elements: Column
        private let a: Column, b: Column
        private let aFirst: Int, bFirst: Int, bBase: Int

        init(_ a: Column, _ b: Column) {
            self.a = a
            self.b = b
            let aRange = a.listEntries, bRange = b.listEntries
            elements = concat([a.arrayElements.slice(aRange.lowerBound, aRange.count), b.arrayElements.slice(bRange.lowerBound, bRange.count)])
            images = ValueImages(elements)
            aFirst = aRange.lowerBound
            bFirst = bRange.lowerBound
            bBase = aRange.count
        }

        /// Row `row`'s elements of the first array, as indices into `elements`.
        func left(_ row: Int) -> Range<Int> { let range = a.listRange(row); return range.lowerBound - aFirst ..< range.upperBound - aFirst }
        /// Row `row`'s elements of the second array, as indices into `elements`.
        func right(_ row: Int) -> Range<Int> { let range = b.listRange(row); return range.lowerBound - bFirst + bBase ..< range.upperBound - bFirst + bBase }
    }

    /// Builds an array per row from the entries `keep` picks out of the row's entries (indices
    /// into the used elements); null rows stay null.
    private static func filterEntries(_ arrays: Column, _ keep: (Int, Range<Int>, ValueImages, inout ArrayAssembly) -> Void) -> Column {
        let range = arrays.listEntries
        let elements = arrays.arrayElements.slice(range.lowerBound, range.count)
        let images = ValueImages(elements)
        var assembly = ArrayAssembly()
        for row in 0..<arrays.count {
            if !arrays.isNull(row) {
                let entries = arrays.listRange(row)
                keep(row, entries.lowerBound - range.lowerBound ..< entries.upperBound - range.lowerBound, images, &assembly)
            }
            assembly.endRow(isNull: arrays.isNull(row))
        }
        return assembly.finish(elements: elements)
    }

    /// array_remove(array, value): the array without the elements equal to the value; null when
    /// either is null.
    private static let arrayRemove = ScalarFunction(name: "array_remove") { arguments, binder in
        let operands = try arrayAndValue("array_remove", arguments, binder)
        return FunctionExpr(name: "array_remove", arguments: operands, dataType: operands[0].dataType, nullable: true) { inputs, count in
            let arrays = inputs[0].materialize(count), values = inputs[1].materialize(count)
            let (images, first, entries) = imagesWithValues(arrays, values)
            var assembly = ArrayAssembly()
            for row in 0..<count {
                let isNull = arrays.isNull(row) || values.isNull(row)
                if !isNull {
                    for entry in arrays.listRange(row) where images.isNull(entry - first) || !images.equal(entry - first, entries + row) {
                        assembly.append(Int32(entry))
                    }
                }
                assembly.endRow(isNull: isNull)
            }
            return assembly.finish(elements: arrays.arrayElements)
        }
    }

    /// array_compact(array): the array without its nulls.
    private static let arrayCompact = ScalarFunction(name: "array_compact") { arguments, _ in
        try Arguments.expect("array_compact", arguments, count: 1...1)
        _ = try NestedValueFunctions.arrayArgument("array_compact", arguments, 0)
        return FunctionExpr(name: "array_compact", arguments: arguments, dataType: arguments[0].dataType, nullable: true) { inputs, count in
            filterEntries(inputs[0].materialize(count)) { _, entries, images, assembly in
                for entry in entries where !images.isNull(entry) { assembly.append(Int32(entry)) }
            }
        }
    }

    /// array_distinct(array): the first occurrence of each element, in order (one null kept; a
    /// double -0.0 returned as 0.0, as Spark does).
    private static let arrayDistinct = ScalarFunction(name: "array_distinct") { arguments, _ in
        try Arguments.expect("array_distinct", arguments, count: 1...1)
        _ = try NestedValueFunctions.arrayArgument("array_distinct", arguments, 0)
        return FunctionExpr(name: "array_distinct", arguments: arguments, dataType: arguments[0].dataType, nullable: true) { inputs, count in
            var seen = ValueSet()
            return normalizingNegativeZeros(filterEntries(inputs[0].materialize(count)) { _, entries, images, assembly in
                seen.reset(capacity: entries.count)
                for entry in entries where seen.insert(entry, of: images) { assembly.append(Int32(entry)) }
            })
        }
    }

    /// array_union(a, b): the distinct elements of a then b; array_intersect(a, b): the distinct
    /// elements of a found in b; array_except(a, b): those not found in b. Null when either is
    /// null; a double -0.0 is returned as 0.0, as Spark does.
    private static func setOperation(_ name: String) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            let operands = try twoArrays(name, arguments, binder)
            return FunctionExpr(name: name, arguments: operands, dataType: operands[0].dataType, nullable: true) { inputs, count in
                let (a, b) = (inputs[0].materialize(count), inputs[1].materialize(count))
                let pair = PairedElements(a, b)
                var seen = ValueSet(), other = ValueSet()
                var assembly = ArrayAssembly()
                for row in 0..<count {
                    let isNull = a.isNull(row) || b.isNull(row)
                    if !isNull {
                        let (left, right) = (pair.left(row), pair.right(row))
                        seen.reset(capacity: left.count + right.count)
                        if name == "array_union" {
                            for entry in left.followed(by: right) where seen.insert(entry, of: pair.images) { assembly.append(Int32(entry)) }
                        } else {
                            other.reset(capacity: right.count)
                            for entry in right { _ = other.insert(entry, of: pair.images) }
                            let wanted = name == "array_intersect"
                            for entry in left where other.contains(entry, of: pair.images) == wanted && seen.insert(entry, of: pair.images) {
                                assembly.append(Int32(entry))
                            }
                        }
                    }
                    assembly.endRow(isNull: isNull)
                }
                return normalizingNegativeZeros(assembly.finish(elements: pair.elements))
            }
        }
    }

    /// Each row's used entries sorted by value (ascending or not, nulls first or last), as
    /// indices into the used elements, grouped by row.
    private static func sortedEntries(_ arrays: Column, ascending: Bool, nullsFirst: Bool) -> (elements: Column, order: [Int32]) {
        let range = arrays.listEntries
        let elements = arrays.arrayElements.slice(range.lowerBound, range.count)
        let values = elements.type.isNested ? NestedOrderedBytes.encode(elements) : elements
        let rows = (try? Column(arrays.listEntryRows())) ?? Column.nulls(type: .int32, count: 0)
        let order = sortPermutation([SortKey(column: rows, ascending: true, nullsFirst: true),
                                     SortKey(column: values, ascending: ascending, nullsFirst: nullsFirst)], rowCount: range.count)
        return (elements, order)
    }

    /// An array column with the rows of `arrays`, whose entries `order` rearranges.
    private static func reordered(_ arrays: Column, _ elements: Column, _ order: [Int32]) -> Column {
        let first = arrays.withListOffsets { offsets, _ in offsets[0] }
        let offsets = arrays.withListOffsets { offsets, _ in offsets.map { $0 - first } }
        return .array(count: arrays.count, offsets: .copying(offsets), elements: take(elements, indices: order),
                      validity: arrays.hasNulls ? Bitmap.copy(arrays.validityView, count: arrays.count) : nil)
    }

    /// sort_array(array, ascending = true): the elements sorted, nulls first when ascending and
    /// last when descending.
    private static let sortArray = ScalarFunction(name: "sort_array") { arguments, _ in
        try Arguments.expect("sort_array", arguments, count: 1...2)
        _ = try NestedValueFunctions.arrayArgument("sort_array", arguments, 0)
        let ascending: Bool
        if arguments.count == 2 {
            guard case let .boolean(flag) = try Arguments.constant("sort_array", arguments, 1) else {
                throw DataFlowError(.analysis, "sort_array: the order must be a boolean constant")
            }
            ascending = flag
        } else {
            ascending = true
        }
        return FunctionExpr(name: "sort_array", arguments: [arguments[0]], dataType: arguments[0].dataType, nullable: true) { inputs, count in
            let arrays = inputs[0].materialize(count)
            let (elements, order) = sortedEntries(arrays, ascending: ascending, nullsFirst: ascending)
            return reordered(arrays, elements, order)
        }
    }

    /// array_sort(array): the elements in ascending order, nulls last.
    private static let arraySort = ScalarFunction(name: "array_sort") { arguments, _ in
        try Arguments.expect("array_sort", arguments, count: 1...1)
        _ = try NestedValueFunctions.arrayArgument("array_sort", arguments, 0)
        return FunctionExpr(name: "array_sort", arguments: arguments, dataType: arguments[0].dataType, nullable: true) { inputs, count in
            let arrays = inputs[0].materialize(count)
            let (elements, order) = sortedEntries(arrays, ascending: true, nullsFirst: false)
            return reordered(arrays, elements, order)
        }
    }

    /// array_max(array) / array_min(array): the largest or smallest non-null element (NaN the
    /// largest double); null when there is none.
    private static func extreme(_ name: String, max: Bool) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, _ in
            try Arguments.expect(name, arguments, count: 1...1)
            let element = try NestedValueFunctions.arrayArgument(name, arguments, 0)
            return FunctionExpr(name: name, arguments: arguments, dataType: element, nullable: true) { inputs, count in
                let arrays = inputs[0].materialize(count)
                // Sorted with nulls at the far end from the wanted element, which comes first.
                let (elements, order) = sortedEntries(arrays, ascending: !max, nullsFirst: false)
                let first = arrays.withListOffsets { offsets, _ in offsets[0] }
                let picks = arrays.withListOffsets { offsets, _ in
                    (0..<count).map { row -> Int32 in
                        offsets[row] == offsets[row + 1] ? -1 : order[Int(offsets[row] - first)]
                    }
                }
                return take(elements, indices: picks)
            }
        }
    }

    /// array_join(array, delimiter, nullReplacement?): the elements as text joined by the
    /// delimiter, nulls skipped or replaced.
    private static let arrayJoin = ScalarFunction(name: "array_join") { arguments, binder in
        try Arguments.expect("array_join", arguments, count: 2...3)
        _ = try NestedValueFunctions.arrayArgument("array_join", arguments, 0)
        let strings = try Arguments.coerce("array_join", arguments, 0, to: .array(.string), binder)
        let rest = try Arguments.coerceAll("array_join", arguments.dropFirst(), to: .string, binder)
        return FunctionExpr(name: "array_join", arguments: [strings] + rest, dataType: .string, nullable: true) { inputs, count in
            let arrays = inputs[0].materialize(count), delimiters = inputs[1].materialize(count)
            let replacements = inputs.count > 2 ? inputs[2].materialize(count) : nil
            let elements = arrays.arrayElements
            var builder = ColumnBuilder(type: .string, capacity: count)
            var text: [UInt8] = []
            func appendText(_ column: Column, _ row: Int) {
                column.withBytes { offsets, data, _ in text.append(contentsOf: UnsafeBufferPointer(start: data + Int(offsets[row]), count: Int(offsets[row + 1] - offsets[row]))) }
            }
            for row in 0..<count {
                guard !arrays.isNull(row), !delimiters.isNull(row) else { builder.appendNull(); continue }
                text.removeAll(keepingCapacity: true)
                var first = true
                for entry in arrays.listRange(row) {
                    let isNull = elements.isNull(entry)
                    if isNull && (replacements?.isNull(row) ?? true) { continue }
                    if !first { appendText(delimiters, row) }
                    first = false
                    if let replacements, isNull { appendText(replacements, row) } else { appendText(elements, entry) }
                }
                text.withUnsafeBytes { builder.appendBytes($0) }
            }
            return builder.finish()
        }
    }

    /// flatten(array of arrays): the inner arrays joined; null when the outer array or any inner
    /// one is null.
    private static let flatten = ScalarFunction(name: "flatten") { arguments, _ in
        try Arguments.expect("flatten", arguments, count: 1...1)
        let inner = try NestedValueFunctions.arrayArgument("flatten", arguments, 0)
        guard case .array = inner else {
            throw DataFlowError(.analysis, "flatten needs an array of arrays, found \(arguments[0].dataType)")
        }
        return FunctionExpr(name: "flatten", arguments: arguments, dataType: inner, nullable: true) { inputs, count in
            let outer = inputs[0].materialize(count)
            let arrays = outer.arrayElements
            var assembly = ArrayAssembly()
            for row in 0..<count {
                let range = outer.listRange(row)
                let isNull = outer.isNull(row) || range.contains { arrays.isNull($0) }
                if !isNull { for entry in range { assembly.append(arrays.listRange(entry)) } }
                assembly.endRow(isNull: isNull)
            }
            return assembly.finish(elements: arrays.arrayElements)
        }
    }

    /// slice(array, start, length): `length` elements from the 1-based `start` (negative: from
    /// the end); a start of 0 or a negative length is an error.
    private static let slice = ScalarFunction(name: "slice") { arguments, binder in
        try Arguments.expect("slice", arguments, count: 3...3)
        _ = try NestedValueFunctions.arrayArgument("slice", arguments, 0)
        let bounds = try Arguments.coerceAll("slice", arguments.dropFirst(), to: .int32, binder)
        return FunctionExpr(name: "slice", arguments: [arguments[0]] + bounds, dataType: arguments[0].dataType, nullable: true) { inputs, count in
            let arrays = inputs[0].materialize(count), starts = inputs[1].materialize(count), lengths = inputs[2].materialize(count)
            var assembly = ArrayAssembly()
            try starts.withValues(Int32.self) { start, startValid in
                try lengths.withValues(Int32.self) { length, lengthValid in
                    for row in 0..<count {
                        let isNull = arrays.isNull(row) || !startValid[row] || !lengthValid[row]
                        if !isNull {
                            guard start[row] != 0 else { throw DataFlowError(.execution, "slice: the start index 0 is invalid; indices start at 1 (row \(row))") }
                            guard length[row] >= 0 else { throw DataFlowError(.execution, "slice: the length \(length[row]) is negative (row \(row))") }
                            let range = arrays.listRange(row)
                            let from = start[row] > 0 ? Int(start[row]) - 1 : range.count + Int(start[row])
                            if from >= 0 && from < range.count {
                                assembly.append(range.lowerBound + from ..< range.lowerBound + min(range.count, from + Int(length[row])))
                            }
                        }
                        assembly.endRow(isNull: isNull)
                    }
                }
            }
            return assembly.finish(elements: arrays.arrayElements)
        }
    }

    /// array_repeat(value, count): an array of `count` copies of the value (empty for a count
    /// below 1); null when the count is null.
    private static let arrayRepeat = ScalarFunction(name: "array_repeat") { arguments, binder in
        try Arguments.expect("array_repeat", arguments, count: 2...2)
        let times = try Arguments.coerce("array_repeat", arguments, 1, to: .int32, binder)
        return FunctionExpr(name: "array_repeat", arguments: [arguments[0], times], dataType: .array(arguments[0].dataType), nullable: true) { inputs, count in
            let values = inputs[0].materialize(count), counts = inputs[1].materialize(count)
            var assembly = ArrayAssembly()
            counts.withValues(Int32.self) { times, valid in
                for row in 0..<count {
                    if valid[row] { for _ in 0..<max(0, Int(times[row])) { assembly.append(Int32(row)) } }
                    assembly.endRow(isNull: !valid[row])
                }
            }
            return assembly.finish(elements: values)
        }
    }

    /// The most elements `sequence` makes in one array (Spark's limit).
    static let maxSequenceLength = Int(Int32.max) - 15

    /// sequence(start, stop, step?): the integers from start to stop by step (1 or -1 when not
    /// given); a step that moves away from stop is an error.
    private static let sequence = ScalarFunction(name: "sequence") { arguments, binder in
        try Arguments.expect("sequence", arguments, count: 2...3)
        guard arguments.allSatisfy({ $0.dataType.isInteger || $0.dataType == .null }) else {
            throw DataFlowError(.analysis, "sequence takes integers, found \(arguments.map(\.dataType))")
        }
        let type = arguments.contains { $0.dataType == .int64 } ? DataType.int64 : .int32
        let operands = try Arguments.coerceAll("sequence", arguments, to: .int64, binder)
        return FunctionExpr(name: "sequence", arguments: operands, dataType: .array(type), nullable: true) { inputs, count in
            let columns = inputs.map { $0.materialize(count) }
            var values: [Int64] = [], offsets: [Int32] = [0], validity: [Bool] = []
            for row in 0..<count {
                let present = columns.allSatisfy { !$0.isNull(row) }
                validity.append(present)
                if present {
                    let start = columns[0].withValues(Int64.self) { v, _ in v[row] }, stop = columns[1].withValues(Int64.self) { v, _ in v[row] }
                    let step = columns.count > 2 ? columns[2].withValues(Int64.self) { v, _ in v[row] } : (start <= stop ? 1 : -1)
                    guard (step > 0 && start <= stop) || (step < 0 && start >= stop) || (start == stop && step != 0) else {
                        throw DataFlowError(.execution, "sequence: the step \(step) does not go from \(start) to \(stop) (row \(row))")
                    }
                    let length = Int((Int128(stop) - Int128(start)) / Int128(step)) + 1
                    guard values.count + length <= maxSequenceLength else {
                        throw DataFlowError(.execution, "sequence: \(length) elements exceed the \(maxSequenceLength) an array holds (row \(row))")
                    }
                    for k in 0..<length { values.append(start &+ Int64(k) &* step) }
                }
                offsets.append(Int32(values.count))
            }
            let elements = type == .int64 ? try Column(values) : try Column(values.map { Int32(truncatingIfNeeded: $0) })
            return .array(count: count, offsets: .copying(offsets), elements: elements, validity: Bitmap.fromBools(validity))
        }
    }

    /// arrays_zip(a, b, ...): an array of structs whose field k is the k-th array's element at
    /// each position, as long as the longest array (null fields past the shorter ones); fields are
    /// named by the arguments' column names, else by their position ("0", "1", ...). Null when
    /// any array is null.
    private static let arraysZip = ScalarFunction(name: "arrays_zip") { arguments, _ in
        try Arguments.expect("arrays_zip", arguments, count: 1...Int.max)
        let fields = try arguments.indices.map { index in
            Field((arguments[index] as? ColumnExpr)?.name ?? String(index), try NestedValueFunctions.arrayArgument("arrays_zip", arguments, index))
        }
        let type = DataType.struct(fields)
        return FunctionExpr(name: "arrays_zip", arguments: arguments, dataType: .array(type), nullable: true) { inputs, count in
            let arrays = inputs.map { $0.materialize(count) }
            var assemblies = [ArrayAssembly](repeating: ArrayAssembly(), count: arrays.count)
            for row in 0..<count {
                let isNull = arrays.contains { $0.isNull(row) }
                let ranges = arrays.map { $0.listRange(row) }
                let length = isNull ? 0 : ranges.map(\.count).max() ?? 0
                for (k, range) in ranges.enumerated() {
                    for position in 0..<length { assemblies[k].append(position < range.count ? Int32(range.lowerBound + position) : -1) }
                    assemblies[k].endRow(isNull: isNull)
                }
            }
            let columns = zip(assemblies, arrays).map { $0.finish(elements: $1.arrayElements) }
            let structs = Column.structure(type, count: columns[0].arrayElements.count, fields: columns.map(\.arrayElements), validity: nil)
            return .array(count: count, offsets: .copying(assemblies[0].offsets), elements: structs, validity: columns[0].validity)
        }
    }

    /// array_append(array, value) / array_prepend(array, value): the array with the value added
    /// at the end or the start (a null value too); null when the array is null.
    private static func append(_ name: String, atEnd: Bool) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            let operands = try arrayAndValue(name, arguments, binder)
            return FunctionExpr(name: name, arguments: operands, dataType: operands[0].dataType, nullable: true) { inputs, count in
                let arrays = inputs[0].materialize(count), values = inputs[1].materialize(count)
                let range = arrays.listEntries
                let base = range.count
                let elements = concat([arrays.arrayElements.slice(range.lowerBound, range.count), values])
                var assembly = ArrayAssembly()
                for row in 0..<count {
                    if !arrays.isNull(row) {
                        let entries = arrays.listRange(row)
                        if !atEnd { assembly.append(Int32(base + row)) }
                        assembly.append(entries.lowerBound - range.lowerBound ..< entries.upperBound - range.lowerBound)
                        if atEnd { assembly.append(Int32(base + row)) }
                    }
                    assembly.endRow(isNull: arrays.isNull(row))
                }
                return assembly.finish(elements: elements)
            }
        }
    }
}

extension Range where Bound == Int {
    /// The indices of this range, then those of `other`.
    fileprivate func followed(by other: Range<Int>) -> [Int] { Array(self) + Array(other) }
}

extension ColumnOrName where Self == Expr {
    /// Whether the array holds the value (null when unknown).
    public static func arrayContains(_ array: some ColumnOrName, _ value: Scalar) -> Expr {
        Expr(.function(name: "array_contains", arguments: [array.columnExpr, lit(value)]))
    }
    /// The 1-based position of the value in the array, 0 when absent.
    public static func arrayPosition(_ array: some ColumnOrName, _ value: Scalar) -> Expr {
        Expr(.function(name: "array_position", arguments: [array.columnExpr, lit(value)]))
    }
    /// Whether two arrays share a non-null element.
    public static func arraysOverlap(_ a: some ColumnOrName, _ b: some ColumnOrName) -> Expr { call("arrays_overlap", a, b) }
    /// Whether the map has the key.
    public static func mapContainsKey(_ map: some ColumnOrName, _ key: Scalar) -> Expr {
        Expr(.function(name: "map_contains_key", arguments: [map.columnExpr, lit(key)]))
    }
    /// The array without the elements equal to the value.
    public static func arrayRemove(_ array: some ColumnOrName, _ value: Scalar) -> Expr {
        Expr(.function(name: "array_remove", arguments: [array.columnExpr, lit(value)]))
    }
    /// The array without its nulls.
    public static func arrayCompact(_ array: some ColumnOrName) -> Expr { call("array_compact", array) }
    /// The array's distinct elements, in order of first occurrence.
    public static func arrayDistinct(_ array: some ColumnOrName) -> Expr { call("array_distinct", array) }
    /// The distinct elements of both arrays.
    public static func arrayUnion(_ a: some ColumnOrName, _ b: some ColumnOrName) -> Expr { call("array_union", a, b) }
    /// The distinct elements of `a` that `b` holds.
    public static func arrayIntersect(_ a: some ColumnOrName, _ b: some ColumnOrName) -> Expr { call("array_intersect", a, b) }
    /// The distinct elements of `a` that `b` does not hold.
    public static func arrayExcept(_ a: some ColumnOrName, _ b: some ColumnOrName) -> Expr { call("array_except", a, b) }
    /// The array sorted (nulls first ascending, last descending).
    public static func sortArray(_ array: some ColumnOrName, ascending: Bool = true) -> Expr {
        Expr(.function(name: "sort_array", arguments: [array.columnExpr, lit(ascending)]))
    }
    /// The array sorted ascending, nulls last.
    public static func arraySort(_ array: some ColumnOrName) -> Expr { call("array_sort", array) }
    /// The largest non-null element.
    public static func arrayMax(_ array: some ColumnOrName) -> Expr { call("array_max", array) }
    /// The smallest non-null element.
    public static func arrayMin(_ array: some ColumnOrName) -> Expr { call("array_min", array) }
    /// The elements as text joined by `delimiter`, nulls skipped or replaced by `nullReplacement`.
    public static func arrayJoin(_ array: some ColumnOrName, _ delimiter: String, nullReplacement: String? = nil) -> Expr {
        Expr(.function(name: "array_join", arguments: [array.columnExpr, lit(delimiter)] + (nullReplacement.map { [lit($0)] } ?? [])))
    }
    /// An array of arrays joined into one array.
    public static func flatten(_ array: some ColumnOrName) -> Expr { call("flatten", array) }
    /// `length` elements from the 1-based `start` (negative: from the end).
    public static func slice(_ array: some ColumnOrName, _ start: Int, _ length: Int) -> Expr {
        Expr(.function(name: "slice", arguments: [array.columnExpr, lit(start), lit(length)]))
    }
    /// An array of `count` copies of the value.
    public static func arrayRepeat(_ value: some ColumnOrName, _ count: Int) -> Expr {
        Expr(.function(name: "array_repeat", arguments: [value.columnExpr, lit(count)]))
    }
    /// The integers from `start` to `stop` by `step` (1 or -1 when nil).
    public static func sequence(_ start: some ColumnOrName, _ stop: some ColumnOrName, _ step: (any ColumnOrName)? = nil) -> Expr {
        Expr(.function(name: "sequence", arguments: [start.columnExpr, stop.columnExpr] + (step.map { [$0.columnExpr] } ?? [])))
    }
    /// An array of structs pairing the arrays' elements position by position.
    public static func arraysZip(_ arrays: any ColumnOrName...) -> Expr { Expr(.function(name: "arrays_zip", arguments: arrays.map(\.columnExpr))) }
    /// The array with `value` added at the end.
    public static func arrayAppend(_ array: some ColumnOrName, _ value: some ColumnOrName) -> Expr { call("array_append", array, value) }
    /// The array with `value` added at the start.
    public static func arrayPrepend(_ array: some ColumnOrName, _ value: some ColumnOrName) -> Expr { call("array_prepend", array, value) }
}
