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
    }

    @Test("what is not an address is an error naming it", arguments: ["http://host:15002", "sc://", "sc://host:0", "sc://host:15002/;token=x", "sc://host/;color=red"])
    func rejects(_ text: String) {
        #expect(throws: DataFlowError.self) { try SparkConnectURL(text) }
    }
}
