@testable import DataFlowSparkConnect
import DataFlow
import Testing

@Suite("Spark Connect addresses")
struct SparkConnectURLTests {
    @Test("host, port and parameters")
    func parses() throws {
        let url = try SparkConnectURL("sc://spark.internal:443/;user_id=etl;session_id=0f1e2d3c-0000-4000-8000-000000000001")
        #expect(url.host == "spark.internal")
        #expect(url.port == 443)
        #expect(url.userID == "etl")
        #expect(url.sessionID == "0f1e2d3c-0000-4000-8000-000000000001")
        let plain = try SparkConnectURL("sc://localhost")
        #expect(plain.port == 15002)
        #expect(plain.description == "sc://localhost:15002")
        #expect(!plain.usesTLS && plain.token == nil && !url.usesTLS)
    }

    @Test("TLS and tokens as Spark's clients read them: a token implies TLS except to localhost; the token stays out of messages")
    func security() throws {
        let remote = try SparkConnectURL("sc://spark.internal/;token=s3cret")
        #expect(remote.token == "s3cret" && remote.usesTLS && !remote.useSSL)
        #expect(!remote.description.contains("s3cret"))
        let local = try SparkConnectURL("sc://localhost:15002/;token=s3cret")
        #expect(local.token == "s3cret" && !local.usesTLS)
        #expect(try SparkConnectURL("sc://localhost/;use_ssl=true;token=t").usesTLS)
        #expect(try SparkConnectURL("sc://spark.internal/;use_ssl=TRUE").usesTLS)
        #expect(try !SparkConnectURL("sc://spark.internal/;use_ssl=false").usesTLS)
    }

    @Test("what is not an address is an error naming it", arguments: ["http://host:15002", "sc://", "sc://host:0", "sc://host:15002/;use_ssl=maybe", "sc://host/;color=red"])
    func rejects(_ text: String) {
        #expect(throws: DataFlowError.self) { try SparkConnectURL(text) }
    }
}
