/// What a session's `SET timeZone` changes: the time zone and the runner set to it. A DataFrame
/// keeps the settings of the moment it was made, so a later `SET` never changes what an existing
/// DataFrame computes (its expressions were bound in its zone), as in Spark, where a DataFrame is
/// analyzed when it is made.
package struct SessionSettings: Sendable {
    /// The session time zone: for parsing text without an offset, extracting fields, formatting.
    package let timeZone: SessionTimeZone
    /// Where queries run, set to `timeZone`.
    package let runner: any QueryRunner
}
