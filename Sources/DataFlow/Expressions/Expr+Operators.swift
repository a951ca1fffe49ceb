// Infix and prefix operators that build expressions, as in PySpark (`col("a") + 1`, `a && b`).

extension Expr {
    /// Addition.
    public static func + (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.add, lhs, rhs)) }
    /// Subtraction.
    public static func - (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.subtract, lhs, rhs)) }
    /// Multiplication.
    public static func * (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.multiply, lhs, rhs)) }
    /// Division (a double for integer operands, null when dividing by zero).
    public static func / (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.divide, lhs, rhs)) }
    /// Remainder (null when dividing by zero).
    public static func % (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.modulo, lhs, rhs)) }
    /// Negation.
    public static prefix func - (operand: Expr) -> Expr { Expr(.unary(.negate, operand)) }

    /// SQL equality: null when either side is null.
    public static func == (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.equal, lhs, rhs)) }
    /// SQL inequality.
    public static func != (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.notEqual, lhs, rhs)) }
    /// Less than.
    public static func < (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.less, lhs, rhs)) }
    /// Less than or equal.
    public static func <= (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.lessOrEqual, lhs, rhs)) }
    /// Greater than.
    public static func > (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.greater, lhs, rhs)) }
    /// Greater than or equal.
    public static func >= (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.greaterOrEqual, lhs, rhs)) }

    /// Equality with a string constant.
    public static func == (lhs: Expr, rhs: String) -> Expr { lhs == lit(rhs) }
    /// Inequality with a string constant.
    public static func != (lhs: Expr, rhs: String) -> Expr { lhs != lit(rhs) }
    /// Less than a string constant.
    public static func < (lhs: Expr, rhs: String) -> Expr { lhs < lit(rhs) }
    /// At most a string constant.
    public static func <= (lhs: Expr, rhs: String) -> Expr { lhs <= lit(rhs) }
    /// Greater than a string constant.
    public static func > (lhs: Expr, rhs: String) -> Expr { lhs > lit(rhs) }
    /// At least a string constant.
    public static func >= (lhs: Expr, rhs: String) -> Expr { lhs >= lit(rhs) }

    /// Three-valued AND: false if either side is false, else null if either is null.
    public static func && (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.and, lhs, rhs)) }
    /// Three-valued OR: true if either side is true, else null if either is null.
    public static func || (lhs: Expr, rhs: Expr) -> Expr { Expr(.binary(.or, lhs, rhs)) }
    /// Three-valued NOT: null stays null.
    public static prefix func ! (operand: Expr) -> Expr { Expr(.unary(.not, operand)) }
}
