import DataFlow
import DataFlowIO

/// The files AWS DMS writes for one table without date partitioning: full-load files
/// `LOAD00000001.parquet`, ... and change files named by the time they were written,
/// `20201113-103015123.parquet` (`YYYYMMDD-HHMMSSmmm`).
struct DMSFiles {
    /// The full-load files, in name order.
    var fullLoad: [String]
    /// The change files with their day, in name (time) order.
    var changes: [(path: String, day: CalendarDate)]

    /// Lists the table directory `path` (local, or a prefix in an object store).
    /// - Throws: `DataFlowError` (`.io`) naming the directory when it cannot be listed, or a
    ///   `.parquet` file whose name is neither a full-load nor a change file name.
    init(path: String) throws {
        let names: [String]
        do { names = try StoredFiles.files(in: path).map(\.name) } catch {
            throw DataFlowError(.io, "cannot list the DMS files of the table", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
        var fullLoad: [String] = [], changes: [(String, CalendarDate)] = []
        for name in names.sorted() where name.hasSuffix(".parquet") {
            let file = path + "/" + name
            if name.hasPrefix("LOAD") {
                fullLoad.append(file)
            } else if let day = Self.changeFileDay(name) {
                changes.append((file, day))
            } else {
                throw DataFlowError(.io, "'\(name)' is neither a DMS full-load file (LOAD*.parquet) nor a change file (YYYYMMDD-HHMMSSmmm.parquet)",
                                    location: ErrorLocation(path: file))
            }
        }
        self.fullLoad = fullLoad
        self.changes = changes
    }

    /// The day of a change file's name, or nil when the name is not `YYYYMMDD-<digits>.parquet`.
    static func changeFileDay(_ name: String) -> CalendarDate? {
        let stem = name.dropLast(".parquet".count)
        let parts = stem.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 8, parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
        let digits = parts[0]
        return CalendarDate("\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))")
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
