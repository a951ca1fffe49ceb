import DataFlow
import Foundation
import Pipelines

/// Generated files for seed 004's watcher: `users.csv` (`email,name,city`; some emails in other
/// case or with spaces, repeated with a newer city, or blank) and `transactions.csv`
/// (`transaction_id,email,amount,created_at`; each referencing a user, some transaction ids
/// repeated). Each file is written under a `.part` name and renamed into place, as a producer
/// dropping files for the watcher should.
public struct WatchImports: Sendable {
    /// Users in `users.csv` (plus repeats and blank emails).
    public var users: Int
    /// Rows in `transactions.csv`.
    public var transactions: Int
    /// The generator's seed.
    public var seed: UInt64

    /// Files of `users` users and `transactions` transactions.
    public init(users: Int, transactions: Int, seed: UInt64 = 4) {
        self.users = users
        self.transactions = transactions
        self.seed = seed
    }

    /// Writes `users.csv` and `transactions.csv` into the directory `path`, which must exist.
    /// - Throws: `DataFlowError` naming the directory when it does not exist or a file cannot be written.
    public func write(to path: String) throws {
        try requireDirectory(path, argument: "output")
        guard users >= 1, transactions >= 0 else { throw DataFlowError.invalidArgument("users", "needs at least one user") }
        var random = SeededRandom(seed: seed)
        let cities = ["Lisbon", "Oslo", "Rome", "Lima", "Kyoto", "Accra"]
        var userLines = ["email,name,city"]
        for user in 1...users {
            let email = user % 7 == 0 ? " USER\(user)@Example.com " : "user\(user)@example.com"
            userLines.append("\(email),User \(user),\(cities[Int(random.next() % UInt64(cities.count))])")
        }
        // A newer row for every tenth user (the last one wins), and a row without an email.
        for user in stride(from: 10, through: users, by: 10) { userLines.append("user\(user)@example.com,User \(user),Moved") }
        userLines.append(",Nobody,Nowhere")
        var transactionLines = ["transaction_id,email,amount,created_at"]
        for transaction in 1...max(1, transactions) where transactions > 0 {
            let user = Int(random.next() % UInt64(users)) + 1
            let id = transaction % 50 == 0 ? transaction - 1 : transaction
            let cents = random.next() % 100_000
            transactionLines.append("\(id),user\(user)@example.com,\(cents / 100).\(String(format: "%02d", cents % 100)),2025-11-0\(transaction % 9 + 1) 12:00:00")
        }
        try place(userLines, as: path + "/users.csv")
        if transactions > 0 { try place(transactionLines, as: path + "/transactions.csv") }
    }

    /// Writes `lines` to `<path>.part`, then renames it to `path`.
    private func place(_ lines: [String], as path: String) throws {
        do {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path + ".part"))
        } catch {
            throw DataFlowError(.io, "cannot write the file", location: ErrorLocation(path: path + ".part"), underlying: DescribedError(error))
        }
        guard rename(path + ".part", path) == 0 else {
            throw DataFlowError(.io, "cannot rename the file into place: \(String(cString: strerror(errno)))", location: ErrorLocation(path: path))
        }
    }
}
