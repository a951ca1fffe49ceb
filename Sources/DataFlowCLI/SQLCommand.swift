import ArgumentParser
import DataFlow
import DataFlowIO
import Foundation

/// `dataflow sql`: runs SQL from `-c`, a file, or standard input; on a terminal, an interactive
/// shell. Tables are the catalog's under `--warehouse`, and files read in place.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL: -c \"…\", a file, or an interactive shell.",
        discussion: """
            Statements end with ';'. Tables are the catalog's (db.table under --warehouse) and views the session's; \
            files are read in place with parquet.`path`, csv.`path` and json.`path`. In the shell: .tables, .schema [name], \
            .mode table|csv|json|parquet, .output [path], .timer on|off, .maxrows N, .help, .quit; SET timeZone = '…' \
            changes the session time zone.
            """
    )

    @Option(name: .customShort("c"), help: "SQL to run (one or more statements separated by ';').")
    var command: String?

    @Argument(help: "A file of SQL statements to run.")
    var file: String?

    @Option(help: "The warehouse root holding the catalog (default: $DATAFLOW_WAREHOUSE, else ./warehouse).")
    var warehouse: String?

    @Option(help: "How results are written: table (the default), csv, json (JSON lines) or parquet (needs --output).")
    var mode: SQLOutputMode = .table

    @Option(help: "Where results go: a file for table, csv and json (default: standard output), a folder for parquet.")
    var output: String?

    @Option(help: "The session time zone (default UTC).")
    var timeZone = "UTC"

    @Option(help: "The most rows a table shows.")
    var maxRows = 1000

    @Flag(help: "Print how long each statement took.")
    var timer = false

    @OptionGroup var memory: MemoryOptions

    func validate() throws {
        if command != nil && file != nil { throw ValidationError("give -c or a file, not both") }
        if mode == .parquet && output == nil { throw ValidationError("--mode parquet needs --output PATH") }
        guard maxRows > 0 else { throw ValidationError("--max-rows must be positive, got \(maxRows)") }
    }

    func run() throws {
        let base = try memory.session(warehouse: warehouse)
        var printer = SQLResultPrinter(mode: mode, output: output, maxRows: maxRows, timer: timer)
        let runner = SQLStatementRunner(session: try base.withTimeZone(timeZone))
        if let command {
            try runner.runScript(command, printer: &printer)
        } else if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw DataFlowError.invalidArgument("FILE", "cannot read '\(file)'")
            }
            try runner.runScript(text, printer: &printer)
        } else if isatty(STDIN_FILENO) != 0 {
            var shell = SQLShell(runner: runner, printer: printer)
            shell.run()
        } else {
            try runner.runScript(String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self), printer: &printer)
        }
    }
}

/// Runs statements for the command and the shell in one session.
struct SQLStatementRunner {
    let session: Session

    /// Runs each `;`-separated statement of `text` in turn, printing query results; stops at the
    /// first error.
    func runScript(_ text: String, printer: inout SQLResultPrinter) throws {
        for statement in try SQLParser.statements(SQLText(text)) {
            try run(statement.text, printer: &printer)
        }
    }

    /// Runs one statement and prints its result; `SET key = value` prints nothing, so a script's
    /// output is its queries' rows.
    func run(_ text: String, printer: inout SQLResultPrinter) throws {
        let start = DispatchTime.now()
        let result = try session.sql(text)
        if case .set(_, _?) = try SQLParser.statement(SQLText(text)) {} else { try printer.print(result) }
        printer.reportTime(since: start)
    }
}
