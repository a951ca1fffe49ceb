import Foundation

/// Memory sizes as people write them on command lines and in environment variables.
public enum ByteSize {
    /// Parses `text` as a number of bytes: a plain count (`536870912`), a count with a binary unit
    /// as Spark and the JVM write them (`512k`, `512m`, `4g`, `1t`, case-insensitive, optionally
    /// followed by `b`, `ib` or `iB`: `4GB`, `4GiB`), a fraction (`1.5g`), or a percentage of the
    /// memory available to the process (`75%`; `MachineMemory.available`).
    /// - Throws: `DataFlowError.invalidArgument` naming `argument` (as the user typed it) when the
    ///   text is not a positive size.
    public static func parse(_ text: String, argument: String, physicalMemory: UInt64 = MachineMemory.available) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let invalid = DataFlowError.invalidArgument(
            argument, "'\(text)' is not a memory size; write bytes, a size such as 512m, 4g or 4GiB, or a share of the memory available such as 75%")
        if trimmed.hasSuffix("%") {
            guard let percent = Double(trimmed.dropLast()), percent > 0, percent <= 100 else { throw invalid }
            return Int(Double(physicalMemory) * percent / 100)
        }
        var number = Substring(trimmed)
        for suffix in ["ib", "b"] where number.lowercased().hasSuffix(suffix) && number.count > suffix.count {
            number = number.dropLast(suffix.count)
            break
        }
        let units: [Character: Double] = ["k": 0x1p10, "m": 0x1p20, "g": 0x1p30, "t": 0x1p40]
        var scale = 1.0
        if let last = number.last?.lowercased().first, let unit = units[last] {
            scale = unit
            number = number.dropLast()
        }
        guard let value = Double(number), value.isFinite, value > 0 else { throw invalid }
        let bytes = value * scale
        guard bytes >= 1, bytes < Double(Int.max) else { throw invalid }
        return Int(bytes)
    }

    /// `bytes` in the largest binary unit that keeps a number of at least 1: `512 B`, `1.5 KiB`,
    /// `12.0 MiB`, `2.25 GiB`.
    public static func formatted(_ bytes: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: value < 10 ? "%.2f" : "%.1f", value) + " " + units[unit]
    }
}
