import DataFlow

extension LocalQueryRunner: FileQueryRunner {
    package func dataset(_ paths: [String], extensions: [String]?, layout: String?) throws -> Dataset {
        try Dataset.discover(paths, extensions: extensions, layout: layout)
    }

    package func read(_ read: FileRead, in session: Session) throws -> DataFrame {
        switch read.format {
        case let .csv(options):
            let dataset = try Dataset.discover(read.paths, layout: options.partitionLayout)
            return session.read(try CSVSource(dataset: dataset, options: options, timeZone: session.timeZone))
        case let .parquet(options):
            let dataset = try Dataset.discover(read.paths, extensions: ["parquet"], layout: options.partitionLayout)
            return session.read(try ParquetSource(dataset: dataset, options: options))
        case let .json(options):
            let dataset = try Dataset.discover(read.paths, layout: options.partitionLayout)
            return session.read(try JSONSource(dataset: dataset, options: options, timeZone: session.timeZone))
        }
    }

    package func write(_ frame: DataFrame, _ write: FileWrite) throws -> WriteSummary {
        if write.mode == .ignore {
            let exists = try ObjectStores.resolve(write.path).map(ObjectWriteJob.existsWithContent) ?? FileWriteJob.existsWithContent(write.path)
            if exists { return WriteSummary(rows: 0, files: [], bytes: 0) }
        }
        let format: any OutputFileFormat
        switch write.format {
        case let .csv(options): format = CSVFormat(options: options, timeZone: frame.timeZone)
        case let .parquet(options): format = ParquetFormat(options: options)
        case let .json(options): format = JSONFormat(options: options, timeZone: frame.timeZone)
        }
        return try frame.write(to: FileSink(path: write.path, mode: write.mode, format: format, partitionBy: write.partitionBy,
                                            partitionOverwrite: write.partitionOverwrite, namePrefix: write.namePrefix))
    }
}
