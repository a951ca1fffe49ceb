/// Expressions, by precedence from loosest to tightest: OR, AND, NOT, comparisons, predicates
/// (BETWEEN, IN, LIKE, IS), `|`, `^`, `&`, `+ - ||`, `* / % DIV`, unary `- + ~`, postfix (`::`,
/// `[ ]`), primaries.
extension SQLParser {
    mutating func expression() throws -> SQLExpression { try orExpression() }

    private mutating func orExpression() throws -> SQLExpression {
        try keywordLevel("OR") { try $0.andExpression() }
    }

    private mutating func andExpression() throws -> SQLExpression {
        try keywordLevel("AND") { try $0.notExpression() }
    }

    /// A left-associative level of one keyword operator.
    private mutating func keywordLevel(_ keyword: String, next: (inout SQLParser) throws -> SQLExpression) throws -> SQLExpression {
        var left = try next(&self)
        while current.isKeyword(keyword) {
            let offset = advance().offset
            left = SQLExpression(.binary(keyword, left, try next(&self)), at: offset)
        }
        return left
    }

    private mutating func notExpression() throws -> SQLExpression {
        if current.isKeyword("NOT") || current.isSymbol("!") {
            let offset = advance().offset
            return SQLExpression(.unary("NOT", try notExpression()), at: offset)
        }
        return try comparison()
    }

    private static let comparisons: [String: String] = ["=": "=", "==": "=", "<>": "!=", "!=": "!=", "<": "<", "<=": "<=",
                                                        ">": ">", ">=": ">=", "<=>": "<=>"]

    private mutating func comparison() throws -> SQLExpression {
        var left = try predicate()
        while current.kind == .symbol, let op = Self.comparisons[current.text] {
            let offset = advance().offset
            left = SQLExpression(.binary(op, left, try predicate()), at: offset)
        }
        return left
    }

    /// An operand followed by any of `[NOT] BETWEEN`, `[NOT] IN`, `[NOT] LIKE|ILIKE|RLIKE`, `IS …`.
    private mutating func predicate() throws -> SQLExpression {
        var operand = try bitOr()
        while true {
            let offset = current.offset
            let negated = current.isKeyword("NOT") && ["BETWEEN", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP"].contains { peek().isKeyword($0) }
            if negated { index += 1 }
            if acceptKeyword("BETWEEN") {
                let low = try bitOr()
                try expectKeyword("AND")
                operand = SQLExpression(.between(operand, low: low, high: try bitOr(), negated: negated), at: offset)
            } else if acceptKeyword("IN") {
                try expect("(")
                if current.isKeyword("SELECT") || current.isKeyword("WITH") || current.isKeyword("VALUES") {
                    let query = try query()
                    try expect(")")
                    operand = SQLExpression(.inSubquery(operand, query, negated: negated), at: offset)
                } else {
                    var values: [SQLExpression] = []
                    repeat { values.append(try expression()) } while accept(",")
                    try expect(")")
                    operand = SQLExpression(.inList(operand, values, negated: negated), at: offset)
                }
            } else if current.isKeyword("LIKE") || current.isKeyword("ILIKE") || current.isKeyword("RLIKE") || current.isKeyword("REGEXP") {
                var kind = advance().text.uppercased()
                if kind == "REGEXP" { kind = "RLIKE" }
                if acceptKeyword("ANY") || acceptKeyword("ALL") || acceptKeyword("SOME") {
                    throw text.error(.notImplemented, "LIKE ANY / LIKE ALL is not supported: combine LIKEs with OR / AND", at: offset)
                }
                let pattern = try bitOr()
                var escape: String?
                if acceptKeyword("ESCAPE") { escape = try stringLiteral("an escape character") }
                operand = SQLExpression(.like(operand, pattern: pattern, kind: kind, escape: escape, negated: negated), at: offset)
            } else if acceptKeyword("IS") {
                let not = acceptKeyword("NOT")
                if acceptKeyword("NULL") {
                    operand = SQLExpression(.isNull(operand, negated: not), at: offset)
                } else if acceptKeyword("TRUE") {
                    operand = SQLExpression(.isBoolean(operand, true, negated: not), at: offset)
                } else if acceptKeyword("FALSE") {
                    operand = SQLExpression(.isBoolean(operand, false, negated: not), at: offset)
                } else if acceptKeyword("UNKNOWN") {
                    operand = SQLExpression(.isNull(operand, negated: not), at: offset)
                } else if acceptKeywords("DISTINCT", "FROM") {
                    operand = SQLExpression(.isDistinctFrom(operand, try bitOr(), negated: not), at: offset)
                } else {
                    throw error("expected NULL, TRUE, FALSE or DISTINCT FROM after IS, found \(current.quoted)")
                }
            } else {
                if negated { index -= 1 }
                return operand
            }
        }
    }

    private mutating func bitOr() throws -> SQLExpression {
        try binaryLevel(["|"]) { try $0.bitXor() }
    }

    private mutating func bitXor() throws -> SQLExpression {
        try binaryLevel(["^"]) { try $0.bitAnd() }
    }

    private mutating func bitAnd() throws -> SQLExpression {
        try binaryLevel(["&"]) { try $0.additive() }
    }

    private mutating func additive() throws -> SQLExpression {
        try binaryLevel(["+", "-", "||"]) { try $0.multiplicative() }
    }

    private mutating func multiplicative() throws -> SQLExpression {
        var left = try unary()
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") || current.isKeyword("DIV") {
            let token = advance()
            left = SQLExpression(.binary(token.text.uppercased(), left, try unary()), at: token.offset)
        }
        return left
    }

    /// A left-associative level of symbol operators.
    private mutating func binaryLevel(_ symbols: Set<String>, next: (inout SQLParser) throws -> SQLExpression) throws -> SQLExpression {
        var left = try next(&self)
        while current.kind == .symbol, symbols.contains(current.text) {
            let token = advance()
            left = SQLExpression(.binary(token.text, left, try next(&self)), at: token.offset)
        }
        return left
    }

    private mutating func unary() throws -> SQLExpression {
        if current.isSymbol("-") || current.isSymbol("+") || current.isSymbol("~") {
            let token = advance()
            let operand = try unary()
            // A negative number is a literal (so -2147483648 is an int and -9.5 keeps its decimal type).
            if token.text == "-", case let .literal(literal) = operand.kind {
                switch literal {
                case let .integer(digits, suffix): return SQLExpression(.literal(.integer("-" + digits, suffix: suffix)), at: token.offset)
                case let .number(digits, suffix): return SQLExpression(.literal(.number("-" + digits, suffix: suffix)), at: token.offset)
                default: break
                }
            }
            return token.text == "+" ? operand : SQLExpression(.unary(token.text, operand), at: token.offset)
        }
        return try postfix()
    }

    private mutating func postfix() throws -> SQLExpression {
        var operand = try primary()
        while true {
            let offset = current.offset
            if accept("::") {
                operand = SQLExpression(.cast(operand, try typeName(), isTry: false), at: offset)
            } else if accept("[") {
                let index = try expression()
                try expect("]")
                operand = SQLExpression(.element(operand, index), at: offset)
            } else {
                return operand
            }
        }
    }

    /// A type name with optional parameters: `INT`, `DECIMAL(12, 2)`, `VARCHAR(10)`.
    mutating func typeName() throws -> SQLTypeName {
        let offset = current.offset
        guard current.kind == .word else { throw error("expected a type name, found \(current.quoted)") }
        var name = advance().text.uppercased()
        if name == "DOUBLE", acceptKeyword("PRECISION") { name = "DOUBLE" }
        if name == "TIMESTAMP", acceptKeywords("WITHOUT", "TIME", "ZONE") { name = "TIMESTAMP_NTZ" }
        if name == "TIMESTAMP", acceptKeywords("WITH", "TIME", "ZONE") { name = "TIMESTAMP" }
        var parameters: [Int] = []
        if accept("(") {
            repeat {
                guard current.kind == .integer, let value = Int(advance().text) else { throw error("expected a number in \(name)(…), found \(current.quoted)") }
                parameters.append(value)
            } while accept(",")
            try expect(")")
        }
        return SQLTypeName(name: name, parameters: parameters, offset: offset)
    }

    private mutating func primary() throws -> SQLExpression {
        let token = current
        let offset = token.offset
        switch token.kind {
        case .integer:
            index += 1
            return SQLExpression(.literal(.integer(token.text, suffix: token.suffix)), at: offset)
        case .number:
            index += 1
            return SQLExpression(.literal(.number(token.text, suffix: token.suffix)), at: offset)
        case .string:
            index += 1
            var value = token.text
            // Adjacent literals concatenate: 'a' 'b' is 'ab'.
            while current.kind == .string { value += advance().text }
            return SQLExpression(.literal(.string(value)), at: offset)
        case .quotedName:
            return try nameOrCall()
        case .symbol:
            if accept("(") {
                if current.isKeyword("SELECT") || current.isKeyword("WITH") {
                    let query = try query()
                    try expect(")")
                    return SQLExpression(.scalarSubquery(query), at: offset)
                }
                let inner = try expression()
                if current.isSymbol(",") {
                    throw text.error(.notImplemented, "row values (a, b, …) are not supported: compare the columns one by one", at: offset)
                }
                try expect(")")
                return inner
            }
            if accept("*") { return SQLExpression(.star(qualifier: []), at: offset) }
            throw error("expected an expression, found \(token.quoted)")
        case .end:
            throw error("expected an expression, found the end of the statement")
        case .word:
            return try wordExpression()
        }
    }

    private mutating func wordExpression() throws -> SQLExpression {
        let token = current
        let offset = token.offset
        switch token.text.uppercased() {
        case "NULL":
            index += 1
            return SQLExpression(.literal(.null), at: offset)
        case "TRUE", "FALSE":
            index += 1
            return SQLExpression(.literal(.boolean(token.isKeyword("TRUE"))), at: offset)
        case "CASE":
            index += 1
            return try caseExpression(at: offset)
        case "CAST", "TRY_CAST":
            guard peek().isSymbol("(") else { break }
            index += 2
            let operand = try expression()
            try expectKeyword("AS")
            let type = try typeName()
            try expect(")")
            return SQLExpression(.cast(operand, type, isTry: token.isKeyword("TRY_CAST")), at: offset)
        case "EXISTS":
            // EXISTS (SELECT …); exists(array, x -> …) is the higher-order function.
            guard peek().isSymbol("("), peek(2).isKeyword("SELECT") || peek(2).isKeyword("WITH") || peek(2).isSymbol("(") else { break }
            index += 2
            let query = try query()
            try expect(")")
            return SQLExpression(.exists(query, negated: false), at: offset)
        case "INTERVAL":
            guard peek().kind == .string || peek().kind == .integer || peek().kind == .number || peek().isSymbol("-") else { break }
            index += 1
            return try interval(at: offset)
        case "DATE", "TIMESTAMP", "TIMESTAMP_LTZ", "TIMESTAMP_NTZ", "X":
            guard peek().kind == .string else { break }
            index += 1
            return SQLExpression(.literal(.typed(token.text.uppercased(), advance().text)), at: offset)
        case "EXTRACT":
            guard peek().isSymbol("(") else { break }
            index += 2
            let field = try name("a field (YEAR, MONTH, DAY, …)")
            try expectKeyword("FROM")
            let operand = try expression()
            try expect(")")
            return SQLExpression(.extract(field: field.uppercased(), operand), at: offset)
        case "CURRENT_DATE", "CURRENT_TIMESTAMP", "NOW":
            guard !peek().isSymbol("(") else { break }
            index += 1
            return SQLExpression(.function(SQLFunctionCall(name: token.text.lowercased(), arguments: [], distinct: false)), at: offset)
        default:
            break
        }
        if Self.reserved.contains(token.text.uppercased()) && !peek().isSymbol("(") {
            throw error("expected an expression, found \(token.quoted)")
        }
        return try nameOrCall()
    }

    /// `CASE [operand] WHEN … THEN … [ELSE …] END`, after CASE.
    private mutating func caseExpression(at offset: Int) throws -> SQLExpression {
        let operand = current.isKeyword("WHEN") ? nil : try expression()
        var branches: [(SQLExpression, SQLExpression)] = []
        while acceptKeyword("WHEN") {
            let condition = try expression()
            try expectKeyword("THEN")
            branches.append((condition, try expression()))
        }
        guard !branches.isEmpty else { throw error("expected WHEN in CASE, found \(current.quoted)") }
        let otherwise = acceptKeyword("ELSE") ? try expression() : nil
        try expectKeyword("END")
        return SQLExpression(.caseWhen(operand: operand, branches: branches, otherwise: otherwise), at: offset)
    }

    /// `INTERVAL '3' MONTH`, `INTERVAL 3 MONTHS`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '1 day 2 hours'`, after INTERVAL.
    private mutating func interval(at offset: Int) throws -> SQLExpression {
        var value: String
        let negative = accept("-")
        guard current.kind == .string || current.kind == .integer || current.kind == .number else {
            throw error("expected an interval value, found \(current.quoted)")
        }
        value = advance().text
        if negative { value = "-" + value }
        var unit: String?
        if current.kind == .word, !Self.reserved.contains(current.text.uppercased()) {
            let first = advance().text.uppercased()
            unit = first
            if acceptKeyword("TO") { unit = "\(first) TO \(try name("an interval unit").uppercased())" }
        }
        return SQLExpression(.literal(.interval(value, unit: unit)), at: offset)
    }

    /// A (qualified) column name, or a function call when `(` follows.
    private mutating func nameOrCall() throws -> SQLExpression {
        let offset = current.offset
        var parts = [advance().text]
        while current.isSymbol("."), peek().kind == .word || peek().kind == .quotedName || peek().isSymbol("*") {
            index += 1
            if accept("*") { return SQLExpression(.star(qualifier: parts), at: offset) }
            parts.append(advance().text)
        }
        guard current.isSymbol("(") else { return SQLExpression(.name(parts), at: offset) }
        index += 1
        return try call(parts.joined(separator: "."), at: offset)
    }

    /// A function's argument: an expression, or a lambda function `x -> …` or `(x, y) -> …`.
    private mutating func argument() throws -> SQLExpression {
        let offset = current.offset
        var names: [String] = []
        var arrow = 0
        if current.kind == .word, peek().isSymbol("->") {
            names = [current.text]
            arrow = 1
        } else if current.isSymbol("(") {
            var ahead = 1
            while peek(ahead).kind == .word {
                names.append(peek(ahead).text)
                guard peek(ahead + 1).isSymbol(",") else { break }
                ahead += 2
            }
            if !names.isEmpty, peek(ahead + 1).isSymbol(")"), peek(ahead + 2).isSymbol("->") { arrow = ahead + 2 }
        }
        guard arrow > 0 else { return try expression() }
        index += arrow + 1
        return SQLExpression(.lambda(parameters: names, body: try expression()), at: offset)
    }

    /// The arguments of `name(`, and what may follow them: `FILTER (WHERE …)`, `IGNORE NULLS`, `OVER …`.
    private mutating func call(_ name: String, at offset: Int) throws -> SQLExpression {
        let lower = name.lowercased()
        var arguments: [SQLExpression] = []
        var distinct = false
        if lower == "substring" || lower == "substr" || lower == "position" || lower == "trim" || lower == "overlay" {
            if let special = try specialForm(lower, at: offset) { return special }
        }
        if !current.isSymbol(")") {
            if acceptKeyword("DISTINCT") { distinct = true } else { _ = acceptKeyword("ALL") }
            repeat { arguments.append(try argument()) } while accept(",")
        }
        try expect(")")
        var call = SQLFunctionCall(name: name, arguments: arguments, distinct: distinct)
        if acceptKeywords("IGNORE", "NULLS") { call.ignoreNulls = true } else { _ = acceptKeywords("RESPECT", "NULLS") }
        if acceptKeyword("FILTER") {
            try expect("(")
            try expectKeyword("WHERE")
            call.filter = try expression()
            try expect(")")
        }
        if acceptKeyword("OVER") {
            if current.kind == .word || current.kind == .quotedName, !current.isSymbol("(") {
                let windowOffset = current.offset
                call.window = SQLWindow(base: try self.name("a window name"), offset: windowOffset)
            } else {
                call.window = try windowSpecification()
            }
        }
        return SQLExpression(.function(call), at: offset)
    }

    /// `substring(s FROM a [FOR b])`, `position(a IN b)`, `trim([BOTH|LEADING|TRAILING] [chars] FROM s)`;
    /// nil (nothing consumed) when the call uses plain commas.
    private mutating func specialForm(_ name: String, at offset: Int) throws -> SQLExpression? {
        let start = index
        switch name {
        case "trim":
            var mode: String?
            if acceptKeyword("BOTH") { mode = "trim" } else if acceptKeyword("LEADING") { mode = "ltrim" } else if acceptKeyword("TRAILING") { mode = "rtrim" }
            var arguments: [SQLExpression] = []
            if !acceptKeyword("FROM") {
                let characters = try expression()
                guard acceptKeyword("FROM") else {
                    guard mode == nil else { throw error("expected FROM in trim(…), found \(current.quoted)") }
                    index = start
                    return nil
                }
                arguments.append(characters)
            }
            // Spark's order, as its two-argument trim functions take them: (characters, text).
            arguments.append(try expression())
            try expect(")")
            return SQLExpression(.function(SQLFunctionCall(name: mode ?? "trim", arguments: arguments, distinct: false)), at: offset)
        case "position":
            let needle = try bitOr()
            guard acceptKeyword("IN") else { index = start; return nil }
            let haystack = try expression()
            try expect(")")
            return SQLExpression(.function(SQLFunctionCall(name: "locate", arguments: [needle, haystack], distinct: false)), at: offset)
        default:
            let operand = try expression()
            guard acceptKeyword("FROM") else { index = start; return nil }
            var arguments = [operand, try expression()]
            if acceptKeyword("FOR") { arguments.append(try expression()) }
            try expect(")")
            return SQLExpression(.function(SQLFunctionCall(name: "substring", arguments: arguments, distinct: false)), at: offset)
        }
    }

    /// `( [base] [PARTITION BY …] [ORDER BY …] [ROWS|RANGE …] )`.
    mutating func windowSpecification() throws -> SQLWindow {
        let offset = current.offset
        try expect("(")
        var window = SQLWindow(offset: offset)
        if (current.kind == .word || current.kind == .quotedName), !current.isKeyword("PARTITION"), !current.isKeyword("ORDER"),
           !current.isKeyword("ROWS"), !current.isKeyword("RANGE"), !current.isKeyword("DISTRIBUTE"), !current.isKeyword("SORT") {
            window.base = try name("a window name")
        }
        if acceptKeywords("PARTITION", "BY") || acceptKeywords("DISTRIBUTE", "BY") {
            repeat { window.partitionBy.append(try expression()) } while accept(",")
        }
        if acceptKeywords("ORDER", "BY") || acceptKeywords("SORT", "BY") { window.orderBy = try orderItems() }
        if current.isKeyword("ROWS") || current.isKeyword("RANGE") {
            let isRange = advance().isKeyword("RANGE")
            if acceptKeyword("BETWEEN") {
                let start = try frameBound()
                try expectKeyword("AND")
                window.frame = SQLFrame(isRange: isRange, start: start, end: try frameBound())
            } else {
                window.frame = SQLFrame(isRange: isRange, start: try frameBound(), end: .currentRow)
            }
        }
        try expect(")")
        return window
    }

    private mutating func frameBound() throws -> SQLFrame.Bound {
        if acceptKeywords("UNBOUNDED", "PRECEDING") { return .unboundedPreceding }
        if acceptKeywords("UNBOUNDED", "FOLLOWING") { return .unboundedFollowing }
        if acceptKeywords("CURRENT", "ROW") { return .currentRow }
        guard current.kind == .integer, let amount = Int64(current.text) else {
            throw error("expected UNBOUNDED, CURRENT ROW or a number of rows in the frame, found \(current.quoted)")
        }
        index += 1
        if acceptKeyword("PRECEDING") { return .offset(-amount) }
        if acceptKeyword("FOLLOWING") { return .offset(amount) }
        throw error("expected PRECEDING or FOLLOWING, found \(current.quoted)")
    }
}
