import Foundation
import Testing
import TestSupport

/// `dataflow sql`: statements from -c, a file and standard input, over files in place, in each
/// output mode; errors show where they are and write nothing.
@Suite("dataflow sql")
struct SQLCommandTests {
    /// A folder with `people.csv` (id, name, team; no header line, so Spark names the columns
    /// `_c0`, `_c1`, `_c2`).
    func folder() throws -> String {
        let root = try temporaryDirectory()
        try Data("1,Ada,red\n2,Bo,blue\n3,Cy,red\n".utf8).write(to: URL(fileURLWithPath: root + "/people.csv"))
        return root
    }

    @Test("-c runs each statement; csv and json modes write the rows")
    func command() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let csv = try dataflow(["sql", "--mode", "csv", "-c", """
            CREATE TEMP VIEW people AS SELECT * FROM csv.`people.csv` AS p (id, name, team);
            SELECT team, count(*) AS n, max(name) AS last FROM people GROUP BY team ORDER BY team
            """], in: root)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout == "team,n,last\nblue,1,Bo\nred,2,Cy\n")
        let json = try dataflow(["sql", "--mode", "json", "-c", "SELECT CAST(_c0 AS INT) AS id, _c1 AS name FROM csv.`people.csv` WHERE _c2 = 'blue'"], in: root)
        #expect(json.stdout == "{\"id\":2,\"name\":\"Bo\"}\n", "\(json.stderr)")
    }

    @Test("SET timeZone changes the zone of the statements after it and prints nothing")
    func setTimeZone() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try dataflow(["sql", "--mode", "csv", "-c", """
            SELECT hour(CAST(0 AS TIMESTAMP)) AS utc; SET timeZone = 'America/Los_Angeles'; SELECT hour(CAST(0 AS TIMESTAMP)) AS la
            """], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "utc\n0\nla\n16\n")
        let typo = try dataflow(["sql", "-c", "SET timeZone = 'America/Los_Angles'"], in: root)
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("unknown time zone 'America/Los_Angles'"), "\(typo.stderr)")
    }

    @Test("a file of statements, and parquet output read back")
    func fileAndParquet() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("SELECT _c1 AS name FROM csv.`people.csv` WHERE _c2 = 'red' ORDER BY name;\n".utf8).write(to: URL(fileURLWithPath: root + "/q.sql"))
        let result = try dataflow(["sql", "q.sql", "--mode", "parquet", "--output", "red"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let back = try dataflow(["sql", "--mode", "csv", "-c", "SELECT * FROM parquet.`red` ORDER BY name"], in: root)
        #expect(back.stdout == "name\nAda\nCy\n", "\(back.stderr)")
    }

    @Test("a syntax error shows the line with a caret and exits non-zero")
    func syntaxError() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try dataflow(["sql", "-c", "SELECT _c1\nFROM csv.`people.csv`\nWHERE _c2 = "], in: root)
        #expect(result.status != 0)
        #expect(result.stderr.contains("expected an expression, found the end of the statement at line 3, column 13:\nWHERE _c2 = \n            ^"), "\(result.stderr)")
    }
}
