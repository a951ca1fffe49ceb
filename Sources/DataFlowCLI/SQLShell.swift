import DataFlow
import Foundation

/// The interactive `dataflow sql` shell: statements may span lines and end with ';'; lines
/// starting with '.' are shell commands. Statements are kept in `~/.dataflow_sql_history`.
struct SQLShell {
    let runner: SQLStatementRunner
    var printer: SQLResultPrinter
    private let historyPath = (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + "/.dataflow_sql_history"

    init(runner: SQLStatementRunner, printer: SQLResultPrinter) {
        self.runner = runner
        self.printer = printer
    }

    mutating func run() {
        print("DataFlow SQL. End statements with ';'. .help lists the shell's commands.")
        var buffer = ""
        while true {
            // Written unbuffered so the prompt shows before input is read (results end with a
            // newline, which flushes the terminal's line-buffered output first).
            FileHandle.standardOutput.write(Data((buffer.isEmpty ? "dataflow> " : "       -> ").utf8))
            guard let line = readLine(strippingNewline: true) else {
                print("")
                return
            }
            if buffer.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(".") {
                if !command(line.trimmingCharacters(in: .whitespaces)) { return }
                continue
            }
            buffer += (buffer.isEmpty ? "" : "\n") + line
            guard Self.isComplete(buffer) else { continue }
            remember(buffer)
            do {
                for statement in try SQLParser.statements(SQLText(buffer)) { try runner.run(statement.text, printer: &printer) }
            } catch {
                FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            }
            buffer = ""
        }
    }

    /// Whether `text` ends with a ';' outside strings and comments.
    static func isComplete(_ text: String) -> Bool {
        var lexer = SQLLexer(SQLText(text))
        guard let tokens = try? lexer.tokens(), tokens.count >= 2 else { return false }
        return tokens[tokens.count - 2].isSymbol(";")
    }

    private func remember(_ statement: String) {
        let entry = Data((statement + "\n").utf8)
        if let handle = FileHandle(forWritingAtPath: historyPath) {
            handle.seekToEndOfFile()
            handle.write(entry)
            try? handle.close()
        } else {
            _ = FileManager.default.createFile(atPath: historyPath, contents: entry)
        }
    }

    /// Runs a shell command; false to quit.
    private mutating func command(_ line: String) -> Bool {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        do {
            switch words[0] {
            case ".quit", ".exit": return false
            case ".help":
                print("""
                    .tables                 list tables and views
                    .schema [name]          the columns of a table or view (all when no name)
                    .mode table|csv|json|parquet
                    .output [path]          write results to a file (a folder for parquet); none: the terminal
                    .timer on|off           print how long each statement takes
                    .maxrows N              the most rows a table shows
                    .history                the statements run before (~/.dataflow_sql_history)
                    .quit                   leave
                    """)
            case ".tables": try printer.print(try runner.session.sql("SHOW TABLES"))
            case ".schema":
                let names = words.count > 1 ? [words[1]] : try runner.session.sql("SHOW TABLES").collect().map { "\($0.values[0])" }
                for name in names {
                    print("\(name):")
                    try printer.print(try runner.session.sql("DESCRIBE \(name)"))
                }
            case ".mode":
                guard words.count == 2, let mode = SQLOutputMode(rawValue: words[1]) else {
                    throw DataFlowError.invalidArgument(".mode", "one of table, csv, json, parquet")
                }
                printer.mode = mode
            case ".output": printer.output = words.count > 1 ? words[1] : nil
            case ".timer":
                guard words.count == 2, ["on", "off"].contains(words[1]) else { throw DataFlowError.invalidArgument(".timer", "on or off") }
                printer.timer = words[1] == "on"
            case ".maxrows":
                guard words.count == 2, let rows = Int(words[1]), rows > 0 else { throw DataFlowError.invalidArgument(".maxrows", "a positive number") }
                printer.maxRows = rows
            case ".history":
                print((try? String(contentsOfFile: historyPath, encoding: .utf8)) ?? "", terminator: "")
            default:
                throw DataFlowError.invalidArgument(words[0], "unknown shell command; .help lists them")
            }
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
        }
        return true
    }
}
