@testable import DataFlow
import Testing

@Suite("SessionTimeZone")
struct SessionTimeZoneTests {
    /// (zone, UTC seconds, expected offset in seconds); expected values from Python's zoneinfo.
    static let transitionsInsideAnHour: [(String, Int64, Int)] = [
        ("America/St_Johns", 1_741_498_199, -12600), // 2025-03-09 05:29:59 UTC, NST
        ("America/St_Johns", 1_741_498_200, -9000), // 05:30:00 UTC, NDT begins
        ("America/St_Johns", 1_741_499_999, -9000),
        ("Australia/Adelaide", 1_759_595_399, 34200), // 2025-10-04 16:29:59 UTC, ACST
        ("Australia/Adelaide", 1_759_595_400, 37800), // 16:30:00 UTC, ACDT begins
        ("Australia/Lord_Howe", 1_759_591_799, 37800), // half-hour DST shift at 15:30 UTC
        ("Australia/Lord_Howe", 1_759_591_800, 39600),
    ]

    @Test("offsets change at the transition second, not at the next UTC hour")
    func transitionInsideAnHour() throws {
        for (name, seconds, expected) in Self.transitionsInsideAnHour {
            // A fresh zone per probe, and a shared one probed in order, must agree.
            #expect(try SessionTimeZone(name).offsetSeconds(atUTC: seconds * 1_000_000) == expected, "\(name) \(seconds)")
        }
        let stJohns = try SessionTimeZone("America/St_Johns")
        let hourStart: Int64 = 1_741_496_400 * 1_000_000 // 05:00 UTC
        #expect(stJohns.offsetSeconds(atUTC: hourStart) == -12600)
        #expect(stJohns.offsetSeconds(atUTC: hourStart + 1_799_999_999) == -12600)
        #expect(stJohns.offsetSeconds(atUTC: hourStart + 1_800_000_000) == -9000)
    }

    @Test("wall-clock times after a :30 transition map to the right instant")
    func localAfterHalfHourTransition() throws {
        // 2025-03-09 03:15 NDT in St. John's is 05:45 UTC.
        let stJohns = try SessionTimeZone("America/St_Johns")
        let local: Int64 = (1_741_478_400 + 3 * 3600 + 15 * 60) * 1_000_000 // 2025-03-09 03:15 as if UTC
        #expect(stJohns.utcMicros(fromLocal: local) == (1_741_496_400 + 45 * 60) * 1_000_000)
    }
}
