/// Appends the rows of `batch` to the buckets they go to: row `i` to `buckets[destinations[i]]`,
/// one gathered batch per non-empty bucket, keeping row order within each bucket (exchanges,
/// and the partitions a hash table or a join side spills to).
/// - Complexity: O(rows) plus the copied bytes.
func scatterRows(_ batch: RecordBatch, destinations destination: [Int32], targets: Int, into buckets: inout [[RecordBatch]]) {
    if targets == 1 {
        buckets[0].append(batch)
        return
    }
    let rows = batch.rowCount
    precondition(destination.count >= rows, "scatterRows: fewer destinations than rows")
    var counts = [Int](repeating: 0, count: targets + 1)
    var indices = [Int32](repeating: 0, count: rows)
    destination.withUnsafeBufferPointer { destination in
        counts.withUnsafeMutableBufferPointer { counts in
            // The one range check per row here is what makes the writes below stay in bounds:
            // the counts then sum to `rows`, so every cursor stays below it.
            for i in 0..<rows {
                let target = Int(destination[i])
                precondition(target >= 0 && target < targets, "scatterRows: destination out of range")
                counts[target &+ 1] &+= 1
            }
            for target in 0..<targets { counts[target &+ 1] &+= counts[target] }
            var cursor = [Int](counts)
            cursor.withUnsafeMutableBufferPointer { cursor in
                indices.withUnsafeMutableBufferPointer { indices in
                    for i in 0..<rows {
                        let target = Int(destination[i])
                        indices[cursor[target]] = Int32(truncatingIfNeeded: i)
                        cursor[target] &+= 1
                    }
                }
            }
        }
    }
    indices.withUnsafeBufferPointer { all in
        for target in 0..<targets where counts[target + 1] > counts[target] {
            let part = UnsafeBufferPointer(rebasing: all[counts[target]..<counts[target + 1]])
            let columns = batch.columns.map { take($0, indices: part) }
            buckets[target].append(RecordBatch(unchecked: batch.schema, columns: columns, rowCount: part.count))
        }
    }
}
