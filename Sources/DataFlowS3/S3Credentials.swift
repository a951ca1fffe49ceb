import DataFlow
import Foundation

/// An access key pair for signing S3 requests, with the session token of temporary credentials.
/// Its description never shows the secret or the token.
public struct S3Credentials: Sendable, CustomStringConvertible {
    /// The access key id (`AKIA…`).
    public let accessKeyID: String
    /// The secret access key.
    let secretAccessKey: String
    /// The session token of temporary (STS) credentials.
    let sessionToken: String?

    /// Credentials given explicitly.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "S3Credentials(\(accessKeyID), secret hidden\(sessionToken == nil ? "" : ", session token hidden"))" }

    /// The credentials found as the AWS tools find them: `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY` (with `AWS_SESSION_TOKEN`), else the profile `AWS_PROFILE` (default
    /// `default`) of `~/.aws/credentials` (`AWS_SHARED_CREDENTIALS_FILE`) or `~/.aws/config`
    /// (`AWS_CONFIG_FILE`, sections `[profile name]`). Nil when there are none.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for a profile named but found nowhere.
    static func fromEnvironment(_ environment: [String: String]) throws -> S3Credentials? {
        if let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"], !key.isEmpty {
            return S3Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
        }
        let profile = AWSProfiles(environment: environment)
        guard let settings = try profile.settings() else { return nil }
        guard let key = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"] else { return nil }
        return S3Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: settings["aws_session_token"])
    }
}

/// The AWS shared configuration files: `~/.aws/credentials` and `~/.aws/config`, INI files whose
/// sections are profiles (`[name]` in the first, `[profile name]` in the second, `[default]` in
/// both) of `key = value` lines.
struct AWSProfiles {
    let name: String
    let named: Bool
    let credentialsPath: String
    let configPath: String

    init(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        name = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        named = environment["AWS_PROFILE"]?.isEmpty == false
        credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"
        configPath = environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config"
    }

    /// The profile's settings from both files (the credentials file's first), nil when neither
    /// has the profile.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when `AWS_PROFILE` names a profile neither has.
    func settings() throws -> [String: String]? {
        let fromCredentials = Self.section(of: credentialsPath, named: name)
        let fromConfig = Self.section(of: configPath, named: name == "default" ? "default" : "profile \(name)")
        guard fromCredentials != nil || fromConfig != nil else {
            if named { throw DataFlowError.invalidArgument("AWS_PROFILE", "profile '\(name)' is in neither \(credentialsPath) nor \(configPath)") }
            return nil
        }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentials in credentials }
    }

    /// The `key = value` lines of section `[name]` of the INI file at `path` (keys lower-cased),
    /// nil when the file or the section is missing.
    static func section(of path: String, named name: String) -> [String: String]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var current: String?
        var found: [String: String]?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if current == name && found == nil { found = [:] }
                continue
            }
            guard current == name, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            found?[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return found
    }
}
