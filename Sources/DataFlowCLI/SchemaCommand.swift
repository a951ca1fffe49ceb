import ArgumentParser
import DataFlow

/// `dataflow schema PATH`: the columns of a file or dataset, as Spark's `printSchema` shows them.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the columns of a file or dataset.")

    @OptionGroup var input: InputOptions

    @Flag(help: "Print the schema as DDL (\"id bigint, name string\") instead of a tree.")
    var ddl = false

    func run() throws {
        let schema = try input.read(input.memory.session()).schema
        if ddl {
            print(schema.ddl)
            return
        }
        print("root")
        for field in schema.fields {
            print(" |-- \(field.name): \(field.type) (nullable = \(field.nullable))")
        }
    }
}
