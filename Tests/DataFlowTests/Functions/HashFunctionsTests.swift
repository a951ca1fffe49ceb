@testable import DataFlow
import Testing

/// md5, sha1, sha2, xxhash64 and uuid_from_hash: the digests against RFC 1321, FIPS 180-4 and
/// Python hashlib/uuid vectors, xxhash64 against values computed by Apache Spark 4.3.0 (pyspark,
/// local mode), and the kernels over slices, nulls and constants.
@Suite("HashFunctions")
struct HashFunctionsTests {
    // MARK: Helpers

    /// The lower-case hex digest of `message` with a fresh hasher over `state`.
    static func hexDigest<State: MerkleDamgardState>(_ state: State, _ message: [UInt8]) -> String {
        var hasher = MerkleDamgardHasher(state)
        var output = [UInt8](repeating: 0, count: hasher.digestByteCount)
        message.withUnsafeBytes { bytes in
            output.withUnsafeMutableBytes { out in
                if let base = out.baseAddress { hasher.digest(bytes, into: base) }
            }
        }
        return hex(output)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// `expr` evaluated through the DataFrame API over one column `v` holding `values`.
    /// Two partitions of batches of three rows, so that columns arrive as slices.
    static func evaluate(_ expr: Expr, over values: [Scalar], type: DataType) throws -> [Scalar] {
        let session = Session(parallelism: 2, batchSize: 3)
        let frame = try session.createDataFrame(rows: values.map { [$0] }, schema: Schema([Field("v", type)]))
        return try frame.select(expr.alias("r")).collect().map { $0[0] }
    }


    /// A string column of `count` values (some non-ASCII, lengths 0 to 150) with nulls at
    /// `nullDensity`, and the values as Swift strings.
    static func randomStrings(count: Int, nullDensity: Double, seed: UInt64) throws -> (Column, [String?]) {
        var random = SeededRandom(seed: seed)
        let alphabet = Array("abcxyzé日🎉 ")
        let values: [String?] = (0..<count).map { _ in
            if Double.random(in: 0..<1, using: &random) < nullDensity { return nil }
            return String((0..<Int.random(in: 0...150, using: &random)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
        }
        return (try Column.from(values.map { $0.map(Scalar.string) ?? .null }, type: .string), values)
    }

    // MARK: Digests against the specifications

    @Test("MD5: the RFC 1321 test suite")
    func md5RFC1321() {
        let suite: [(String, String)] = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (message, expected) in suite {
            #expect(Self.hexDigest(MD5State(), Array(message.utf8)) == expected, "MD5(\"\(message)\")")
        }
    }

    /// FIPS 180-4 example messages: "abc", the 448-bit and the 896-bit messages, a million "a".
    static let fipsMessages: [[UInt8]] = [
        Array("abc".utf8),
        Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
        Array(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
            + "mnopqrstnopqrstu").utf8),
        [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
    ]

    @Test("SHA-1: FIPS 180-4 examples")
    func sha1FIPS() {
        let expected = [
            "a9993e364706816aba3e25717850c26c9cd0d89d",
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
            "a49b2446a02c645bf419f995b67091253a04a259",
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
        ]
        for (message, digest) in zip(Self.fipsMessages, expected) { #expect(Self.hexDigest(SHA1State(), message) == digest) }
    }

    @Test("SHA-224 and SHA-256: FIPS 180-4 examples")
    func sha256FIPS() {
        let sha224 = [
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
            "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
            "c97ca9a559850ce97a04a96def6d99a9e0e0e2ab14e6b8df265fc0b3",
            "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67",
        ]
        let sha256 = [
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
        ]
        for (k, message) in Self.fipsMessages.enumerated() {
            #expect(Self.hexDigest(SHA256State(truncated: true), message) == sha224[k])
            #expect(Self.hexDigest(SHA256State(truncated: false), message) == sha256[k])
        }
    }

    @Test("SHA-384 and SHA-512: FIPS 180-4 examples")
    func sha512FIPS() {
        let sha384 = [
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
            "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b",
            "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039",
            "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985",
        ]
        let sha512 = [
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
            "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
        ]
        for (k, message) in Self.fipsMessages.enumerated() {
            #expect(Self.hexDigest(SHA512State(truncated: true), message) == sha384[k])
            #expect(Self.hexDigest(SHA512State(truncated: false), message) == sha512[k])
        }
    }

    /// Python hashlib digests of "a" repeated around the padding boundaries (55/56 and 111/112 bytes
    /// need one more block) and past whole blocks: (length, md5, sha1, sha224, sha256, sha384, sha512).
    static let hashlibBoundaryVectors: [(Int, [String])] = [
        (0, ["d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
             "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
             "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
             "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"]),
        (55, ["ef1772b6dff9a122358552954ad0df65", "c1c8bbdc22796e28c0e15163d20899b65621d65a",
              "fb0bd626a70c28541dfa781bb5cc4d7d7f56622a58f01a0b1ddd646f",
              "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
              "5d91ac7e74e62b5c728904b40f10784d66b7af9cb6302123e48c92f0432ceb8d2a92c02de77dcb29ed75c4b42bde46f4",
              "b0220c772cbf6c1822e2cb38a437d0e1d58772417a4bbb21c961364f8b6143e05aa6316dca8d1d7b19e16448419076395f6086cb55101fbd6d5497b148e1745f"]),
        (56, ["3b0c8ac703f828b04c6c197006d17218", "c2db330f6083854c99d4b5bfb6e8f29f201be699",
              "d40854fc9caf172067136f2e29e1380b14626bf6f0dd06779f820dcd",
              "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
              "8a8d9649ea04e993a6ca7135af7e3392cc5fca84f8531cac7aa3feed4eb98f55dcbe0f3284b61c6f35f98b02cc644b4c",
              "962b64aae357d2a4fee3ded8b539bdc9d325081822b0bfc55583133aab44f18bafe11d72a7ae16c79ce2ba620ae2242d5144809161945f1367f41b3972e26e04"]),
        (64, ["014842d480b571495a4a0363793f7367", "0098ba824b5c16427bd7a1122a5a442a25ec644d",
              "a88cd5cde6d6fe9136a4e58b49167461ea95d388ca2bdb7afdc3cbf4",
              "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
              "2e404b9339da795776e510d96930b3be2904c500395b8cb7413334b82d4dec413b4b8113045a05bbbcff846f027423f6",
              "01d35c10c6c38c2dcf48f7eebb3235fb5ad74a65ec4cd016e2354c637a8fb49b695ef3c1d6f7ae4cd74d78cc9c9bcac9d4f23a73019998a7f73038a5c9b2dbde"]),
        (111, ["089f243d1e831c5879aa375ee364a06e", "ac877859d427d9192054eea8feb3b8a403ef83a5",
               "4aeec1a49b2c1bc663abf2809b36faaa64359523d4f26d02dbc2cba3",
               "6374f73208854473827f6f6a3f43b1f53eaa3b82c21c1a6d69a2110b2a79baad",
               "3c37955051cb5c3026f94d551d5b5e2ac38d572ae4e07172085fed81f8466b8f90dc23a8ffcdea0b8d8e58e8fdacc80a",
               "fa9121c7b32b9e01733d034cfc78cbf67f926c7ed83e82200ef86818196921760b4beff48404df811b953828274461673c68d04e297b0eb7b2b4d60fc6b566a2"]),
        (112, ["9146ef3527c7cfcc66dc615c3986e391", "689993727ba37386bb032495e9dbdfb4dd1ba744",
               "0336b66821946e7f1052102e3b9c29f3039efe9b261746370305f894",
               "f54353008a2553262ecdc4a34749563ba0950e8b0fc8652780b0a614b99683c1",
               "187d4e07cb306103c69967bf544d0dfbe9042577599c73c330abc0cb64c61236d5ed565ee19119d8c31779a38f791fcd",
               "c01d080efd492776a1c43bd23dd99d0a2e626d481e16782e75d54c2503b5dc32bd05f0f1ba33e568b88fd2d970929b719ecbb152f58f130a407c8830604b70ca"]),
        (128, ["e510683b3f5ffe4093d021808bc6ff70", "ad5b3fdbcb526778c2839d2f151ea753995e26a0",
               "39873a2441c56608137850f4c54dde157710b9a2b83c8bdc756dd643",
               "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e",
               "edb12730a366098b3b2beac75a3bef1b0969b15c48e2163c23d96994f8d1bef760c7e27f3c464d3829f56c0d53808b0b",
               "b73d1929aa615934e61a871596b3f3b33359f42b8175602e89f7e06e5f658a243667807ed300314b95cacdd579f3e33abdfbe351909519a846d465c59582f321"]),
        (1000, ["cabe45dcc9ae5b66ba86600cca6b8ba8", "291e9a6c66994949b57ba5e650361e98fc36b1ba",
                "4e8f0ce90b64661a2b5e84be6d93a7d9b76871062f1814433d04a03d",
                "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
                "f54480689c6b0b11d0303285d9a81b21a93bca6ba5a1b4472765dca4da45ee328082d469c650cd3b61b16d3266ab8ced",
                "67ba5535a46e3f86dbfbed8cbbaf0125c76ed549ff8b0b9e03e0c88cf90fa634fa7b12b47d77b694de488ace8d9a65967dc96df599727d3292a8d9d447709c97"]),
    ]

    @Test("every digest at the padding boundaries matches Python hashlib")
    func paddingBoundaries() {
        for (length, expected) in Self.hashlibBoundaryVectors {
            let message = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            let actual = [
                Self.hexDigest(MD5State(), message), Self.hexDigest(SHA1State(), message),
                Self.hexDigest(SHA256State(truncated: true), message), Self.hexDigest(SHA256State(truncated: false), message),
                Self.hexDigest(SHA512State(truncated: true), message), Self.hexDigest(SHA512State(truncated: false), message),
            ]
            #expect(actual == expected, "\(length) bytes")
        }
    }

    @Test("feeding a message in random pieces gives the one-shot digest, and a reset hasher starts over")
    func streamingMatchesOneShot() {
        var random = SeededRandom(seed: 7)
        var hasher = SHA512(SHA512State(truncated: false))
        var md5 = MD5(MD5State())
        for _ in 0..<50 {
            let message = (0..<Int.random(in: 0...400, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            var sha512Pieces = [UInt8](repeating: 0, count: 64), md5Pieces = [UInt8](repeating: 0, count: 16)
            message.withUnsafeBytes { bytes in
                hasher.reset()
                md5.reset()
                // Leave junk in the buffers first: reset must discard it.
                hasher.update(UnsafeRawBufferPointer(rebasing: bytes.prefix(3)))
                md5.update(UnsafeRawBufferPointer(rebasing: bytes.prefix(3)))
                hasher.reset()
                md5.reset()
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + Int.random(in: 0...150, using: &random))
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                    md5.update(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                    start = end
                }
                sha512Pieces.withUnsafeMutableBytes { if let base = $0.baseAddress { hasher.finish(into: base) } }
                md5Pieces.withUnsafeMutableBytes { if let base = $0.baseAddress { md5.finish(into: base) } }
            }
            #expect(Self.hex(sha512Pieces) == Self.hexDigest(SHA512State(truncated: false), message), "\(message.count) bytes")
            #expect(Self.hex(md5Pieces) == Self.hexDigest(MD5State(), message), "\(message.count) bytes")
        }
    }

    @Test("XXH64: reference values of the xxHash specification's implementation")
    func xxh64Reference() {
        func hash(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
            bytes.withUnsafeBytes { XXH64.hash(bytes: $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, count: $0.count, seed: seed) }
        }
        #expect(hash([], seed: 0) == 0xEF46_DB37_51D8_E999)
        #expect(hash(Array("a".utf8), seed: 0) == 0xD24E_C4F1_A98C_6E5B)
        #expect(hash(Array("abc".utf8), seed: 0) == 0x44BC_2CF5_AD77_0999)
        #expect(hash([], seed: 42) == 0x98B1_582B_0977_E704)
        #expect(hash(Array("The quick brown fox jumps over the lazy dog".utf8), seed: 0) == 0x0B24_2D36_1FDA_71BC)
        #expect(hash(Array(0..<100), seed: 0) == 0x6AC1_E580_3216_6597)
        #expect(hash(Array(0..<100), seed: .max) == 0x09A9_91A0_91C9_F6D7)
    }

    @Test("XXH64 of an int or a long equals XXH64 of its little-endian bytes")
    func xxh64Integers() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<1000 {
            let seed = random.next()
            let int = Int32(truncatingIfNeeded: random.next()), long = Int64(bitPattern: random.next())
            let intBytes = withUnsafeBytes(of: int.littleEndian) { XXH64.hash(bytes: $0.baseAddress!, count: 4, seed: seed) }
            let longBytes = withUnsafeBytes(of: long.littleEndian) { XXH64.hash(bytes: $0.baseAddress!, count: 8, seed: seed) }
            #expect(XXH64.hash(int32: int, seed: seed) == intBytes)
            #expect(XXH64.hash(int64: long, seed: seed) == longBytes)
        }
    }

    // MARK: md5, sha1, sha2 as functions

    @Test("md5, sha1 and sha2 through the DataFrame API, as Spark and hashlib compute them")
    func digestFunctions() throws {
        let values: [Scalar] = [.string(""), .string("abc"), .null, .string("héllo wörld")]
        #expect(try Self.evaluate(.md5(col("v")), over: values, type: .string) == [
            "d41d8cd98f00b204e9800998ecf8427e", "900150983cd24fb0d6963f7d28e17f72", .null, "ed0c22cc110ede12327851863c078138",
        ])
        #expect(try Self.evaluate(.sha1(col("v")), over: values, type: .string) == [
            "da39a3ee5e6b4b0d3255bfef95601890afd80709", "a9993e364706816aba3e25717850c26c9cd0d89d", .null,
            "24e9f5c07847ff8a2a9fa77456655792f5bc7f9f",
        ])
        #expect(try Self.evaluate(.sha2(col("v"), 224), over: values, type: .string) == [
            "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
            .null, "9b52a881dfe9a9f75a4752d1ea0902c3318219ff19f9a0cadfa7413d",
        ])
        let sha256: [Scalar] = [
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            .null, "a1003f7d04a4115711d0b48a2eaf1359ce565d2d2a6fd65098dfcffadeeef59f",
        ]
        #expect(try Self.evaluate(.sha2(col("v"), 256), over: values, type: .string) == sha256)
        #expect(try Self.evaluate(.sha2(col("v"), 0), over: values, type: .string) == sha256)
        #expect(try Self.evaluate(.sha2(col("v"), 384), over: values, type: .string)[1]
            == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(try Self.evaluate(.sha2(col("v"), 512), over: values, type: .string)[3]
            == "aacc881944f9ae7084649c91609b436444d66f289fca3bc4214e465e99f256efa8a8dc447e41660087c1081e4718419a94eee3d6b536b46bb764cdd7f747fe38")
    }

    @Test("sha2 with an unsupported or null bit length is null, as in Spark SQL", arguments: [1, -256, 128, 1024])
    func sha2UnsupportedBitLength(bitLength: Int) throws {
        #expect(try Self.evaluate(.sha2(col("v"), bitLength), over: ["abc", .null], type: .string) == [.null, .null])
        let nullBits = Expr(.function(name: "sha2", arguments: [col("v"), nullLiteral(.int32)]))
        #expect(try Self.evaluate(nullBits, over: ["abc"], type: .string) == [.null])
    }

    @Test("sha2 with a bit length per row")
    func sha2BitLengthColumn() throws {
        let session = Session(parallelism: 2, batchSize: 2)
        let frame = try session.createDataFrame(
            rows: [["abc", .int32(224)], ["abc", .int32(100)], [.null, .int32(256)], ["abc", .null], ["", .int32(0)], ["abc", .int32(384)]],
            schema: Schema([Field("s", .string), Field("bits", .int32)]))
        let result = try frame.select(Expr(.function(name: "sha2", arguments: [col("s"), col("bits")])).alias("r")).collect().map { $0[0] }
        #expect(result == [
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", .null, .null, .null,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
        ])
    }

    @Test("physical plans show sha2's bit length and uuid_from_hash's namespace")
    func planText() throws {
        let frame = try Session().createDataFrame(rows: [["a"]], schema: Schema([Field("v", .string)]))
        let plan = try frame.select(Expr.sha2(col("v"), 384).alias("h"),
                                    Expr.uuidFromHash(col("v"), namespace: "6ba7b810-9dad-11d1-80b4-00c04fd430c8").alias("u")).explain()
        #expect(plan.contains("sha2(v#0, 384) AS h"))
        #expect(plan.contains("uuid_from_hash(v#0, '6ba7b810-9dad-11d1-80b4-00c04fd430c8') AS u"))
    }

    @Test("binary values hash their bytes; other types are rejected as Spark rejects them")
    func digestInputTypes() throws {
        #expect(try Self.evaluate(.md5(col("v")), over: [.binary([0x00, 0xFF]), .binary([]), .null], type: .binary) == [
            "d07d34efac6328007ad67c7e0a985e00", "d41d8cd98f00b204e9800998ecf8427e", .null,
        ])
        #expect(try Self.evaluate(.sha2(col("v"), 256), over: [.binary([0x00, 0xFF])], type: .binary) == [
            "06eb7d6a69ee19e5fbdf749018d3d2abfa04bcbd1365db312eb86dc7169389b8",
        ])
        for (value, type) in [(Scalar.int32(42), DataType.int32), (.float64(1.5), .float64), (.boolean(true), .boolean), (.date(19782), .date)] {
            #expect(throws: DataFlowError.self) { try Self.evaluate(.md5(col("v")), over: [value], type: type) }
            #expect(throws: DataFlowError.self) { try Self.evaluate(.sha2(col("v"), 256), over: [value], type: type) }
        }
        // An explicit cast is the way to hash other types, as in Spark.
        #expect(try Self.evaluate(.md5(col("v").cast(.string)), over: [.int32(42), .null], type: .int32) == [
            "a1d0c6e83f027327d8461063f4ac58a6", .null,
        ])
    }

    @Test("constant and null arguments")
    func digestConstants() throws {
        let rows: [Scalar] = ["x", "y", .null]
        #expect(try Self.evaluate(.md5(lit("abc")), over: rows, type: .string) == Array(repeating: "900150983cd24fb0d6963f7d28e17f72", count: 3))
        #expect(try Self.evaluate(.sha1(nullLiteral(.string)), over: rows, type: .string) == [.null, .null, .null])
        #expect(try Self.evaluate(.md5(lit(.null)), over: rows, type: .string) == [.null, .null, .null])
        #expect(try Self.evaluate(.uuidFromHash(lit("alice@example.com")), over: rows, type: .string)
            == Array(repeating: "aa006163-b22e-5d26-8740-b3bfb50ec29c", count: 3))
    }

    @Test("md5 over a DataFrame made from Swift values")
    func md5DataFrame() throws {
        struct Person: Codable { var s: String? }
        let session = Session(parallelism: 3)
        let people = try session.createDataFrame([Person(s: "abc"), Person(s: nil), Person(s: ""), Person(s: "message digest")])
        let rows = try people.select(Expr.md5(col("s"))).collect()
        #expect(rows.map { $0[0] } == [
            "900150983cd24fb0d6963f7d28e17f72", .null, "d41d8cd98f00b204e9800998ecf8427e", "f96b697d7cb7938d525a2f31aaf161d0",
        ])
        #expect(try people.select(Expr.md5(col("s"))).schema[0].type == .string)
    }

    @Test("digest kernels over slices with nulls match each value's own digest",
          arguments: [0, 1, 63, 64, 65], [0.0, 0.3, 1.0])
    func digestSlices(length: Int, nullDensity: Double) throws {
        let (column, values) = try Self.randomStrings(count: length + 70, nullDensity: nullDensity, seed: UInt64(length))
        for offset in [0, 1, 7, 64] where offset + length <= column.count {
            let slice = column.slice(offset, length)
            var md5 = MD5(MD5State())
            let expectedMD5 = values[offset..<(offset + length)].map { $0.map { Scalar.string(Self.hexDigest(MD5State(), Array($0.utf8))) } ?? .null }
            #expect(hexDigests(slice, &md5).scalars == expectedMD5, "offset \(offset)")
            let expected384 = values[offset..<(offset + length)].map {
                $0.map { Scalar.string(Self.hexDigest(SHA512State(truncated: true), Array($0.utf8))) } ?? .null
            }
            #expect(sha2HexDigests(slice, .sha384).scalars == expected384, "offset \(offset)")
        }
    }

    // MARK: xxhash64

    /// xxhash64 of one column, per type: (type, [(value, Spark's result)]), computed by Spark 4.3.0.
    static let sparkXXHash64Vectors: [(DataType, [(Scalar, Int64)])] = [
        (.int32, [
            (.int32(0), 3614696996920510707),
            (.int32(1), -6698625589789238999),
            (.int32(-1), 2017008487422258757),
            (.int32(42), -387659249110444264),
            (.int32(-2147483648), 2073849959933241805),
            (.int32(2147483647), 1508894993788531228),
            (.null, 42),
        ]),
        (.int64, [
            (.int64(0), -5252525462095825812),
            (.int64(1), -7001672635703045582),
            (.int64(-1), 3858142552250413010),
            (.int64(42), -6876166290308861218),
            (.int64(.min), -8619748838626508300),
            (.int64(.max), -3246596055638297850),
            (.null, 42),
        ]),
        (.float64, [
            (.float64(0.0), -5252525462095825812),
            (.float64(-0.0), -5252525462095825812),
            (.float64(1.5), 7738255526519901366),
            (.float64(-1.5), -1519168156472177911),
            (.float64(.nan), -3127944061524951246),
            (.float64(.infinity), 5810986238603807492),
            (.float64(-.infinity), 5326262080505358431),
            (.float64(.leastNonzeroMagnitude), -7001672635703045582),
            (.float64(.greatestFiniteMagnitude), -4222314252576420879),
            (.null, 42),
        ]),
        (.string, [
            (.string(""), -7444071767201028348),
            (.string("a"), -8582455328737087284),
            (.string("abc"), 1423657621850124518),
            (.string("abcd"), -6810745876291105281),
            (.string("abcdefgh"), 2470326616177429180),
            (.string("héllo wörld"), 7620070002295215535),
            (.string("日本語"), -619341062884681239),
            (.string("🎉"), 4846561482223664183),
            (.string(String(repeating: "a", count: 31)), 1155894261107880164),
            (.string(String(repeating: "b", count: 32)), -1438608897990026366),
            (.string("The quick brown fox jumps over the lazy dog"), -6152153990451020481),
            (.string(String(repeating: "x", count: 100)), 365730103971579591),
            (.string(String(repeating: "ü", count: 40)), -7293016135497780812),
            (.null, 42),
        ]),
        (.binary, [
            (.binary([]), -7444071767201028348),
            (.binary([0x00]), -8959994473701255385),
            (.binary(Array(0...255)), -2156533592262354883),
            (.binary([0xFF, 0xFE]), -1106782947571579601),
            (.null, 42),
        ]),
        (.date, [
            (.date(0), 3614696996920510707),
            (.date(19782), 4183429117450946631),
            (.date(-25567), 87636426632586988),
            (.date(2932896), 7061898801283288394),
            (.date(-1), 2017008487422258757),
            (.null, 42),
        ]),
        (.timestamp, [
            (.timestamp(0), -5252525462095825812),
            (.timestamp(1709210096789012), -2021281541725647388),
            (.timestamp(-1), 3858142552250413010),
            (.timestamp(-2208988800000000), 155858819934112402),
            (.null, 42),
        ]),
        (.boolean, [
            (.boolean(true), -6698625589789238999),
            (.boolean(false), 3614696996920510707),
            (.null, 42),
        ]),
        (.decimal(precision: 10, scale: 2), [
            (.decimal(unscaled: 0, precision: 10, scale: 2), -5252525462095825812),
            (.decimal(unscaled: 12345, precision: 10, scale: 2), 8791244235932249694),
            (.decimal(unscaled: -12345, precision: 10, scale: 2), -4814648695243699264),
            (.decimal(unscaled: 9999999999, precision: 10, scale: 2), -3824918051710350671),
            (.null, 42),
        ]),
        (.decimal(precision: 18, scale: 0), [
            (.decimal(unscaled: 0, precision: 18, scale: 0), -5252525462095825812),
            (.decimal(unscaled: 999999999999999999, precision: 18, scale: 0), 2162198894918931945),
            (.decimal(unscaled: -999999999999999999, precision: 18, scale: 0), 4265531446127695490),
            (.null, 42),
        ]),
        (.decimal(precision: 19, scale: 0), [
            (.decimal(unscaled: 0, precision: 19, scale: 0), -8959994473701255385),
            (.decimal(unscaled: 1, precision: 19, scale: 0), 6668291691252061002),
            (.decimal(unscaled: -1, precision: 19, scale: 0), -4006032525457443936),
            (.decimal(unscaled: 127, precision: 19, scale: 0), -5998106174972408993),
            (.decimal(unscaled: 128, precision: 19, scale: 0), 6715097930120473301),
            (.decimal(unscaled: -128, precision: 19, scale: 0), -7898411661632158123),
            (.decimal(unscaled: -129, precision: 19, scale: 0), -6459515886037897956),
            (.decimal(unscaled: 255, precision: 19, scale: 0), 879945414100663330),
            (.decimal(unscaled: 256, precision: 19, scale: 0), 4805153208743283185),
            (.decimal(unscaled: 9223372036854775807, precision: 19, scale: 0), -1087258766029903377),
            (.decimal(unscaled: -9223372036854775808, precision: 19, scale: 0), -4045576785621496215),
            (.decimal(unscaled: 9999999999999999999, precision: 19, scale: 0), -768917144950141986),
            (.null, 42),
        ]),
        (.decimal(precision: 38, scale: 10), [
            (.decimal(unscaled: 0, precision: 38, scale: 10), -8959994473701255385),
            (.decimal(unscaled: 10000000000, precision: 38, scale: 10), -2853959725596059730),
            (.decimal(unscaled: -10000000000, precision: 38, scale: 10), 8632574043661361134),
            (.decimal(unscaled: 1234567890123, precision: 38, scale: 10), -4958371814158938728),
            (.decimal(unscaled: 99999999999999999999999999999999999999, precision: 38, scale: 10), -47190729175993179),
            (.decimal(unscaled: -99999999999999999999999999999999999999, precision: 38, scale: 10), -2254039905620870768),
            (.null, 42),
        ]),
    ]

    @Test("xxhash64 of one column of each type is Spark's", arguments: 0..<12)
    func xxhash64SingleColumn(typeIndex: Int) throws {
        let (type, vectors) = Self.sparkXXHash64Vectors[typeIndex]
        let result = try Self.evaluate(.xxhash64(col("v")), over: vectors.map(\.0), type: type)
        #expect(result == vectors.map { .int64($0.1) }, "\(type)")
    }

    @Test("xxhash64 hashes every NaN alike and -0.0 as 0.0")
    func xxhash64DoubleCanonicalization() throws {
        let otherNaN = Double(bitPattern: 0xFFF8_0000_0000_0001)
        #expect(otherNaN.isNaN)
        let result = try Self.evaluate(.xxhash64(col("v")), over: [.float64(otherNaN), .float64(-0.0), .float64(0.0)], type: .float64)
        #expect(result == [.int64(-3127944061524951246), .int64(-5252525462095825812), .int64(-5252525462095825812)])
    }

    /// Rows of (i integer, l long, d double, s string, b boolean, dt date) that Spark hashed.
    static let multiColumnRows: [[Scalar]] = [
        [.int32(1), .int64(2), .float64(3.0), "x", .boolean(true), .date(18262)],
        [.null, .int64(2), .float64(3.0), "x", .boolean(true), .date(18262)],
        [.int32(1), .null, .null, .null, .null, .null],
        [.null, .null, .null, .null, .null, .null],
        [.int32(-7), .int64(.min), .float64(-0.0), "日本語", .boolean(false), .date(-1)],
        [.int32(.max), .int64(.max), .float64(.nan), .string(String(repeating: "a", count: 40)), .boolean(true), .date(2_932_896)],
    ]

    static func multiColumnFrame() throws -> DataFrame {
        try Session(parallelism: 2, batchSize: 4).createDataFrame(
            rows: multiColumnRows,
            schema: Schema([Field("i", .int32), Field("l", .int64), Field("d", .float64), Field("s", .string),
                            Field("b", .boolean), Field("dt", .date)]))
    }

    @Test("xxhash64 of several columns chains the hashes and skips nulls, as Spark does")
    func xxhash64SeveralColumns() throws {
        let frame = try Self.multiColumnFrame()
        let result = try frame.select(
            Expr.xxhash64(col("i"), col("l"), col("d"), col("s"), col("b"), col("dt")),
            Expr.xxhash64(col("s"), col("i")),
            Expr.xxhash64(col("i"), col("i")),
            Expr.xxhash64(col("d"))
        ).collect().map { $0.values }
        let spark: [[Int64]] = [
            [-5651054828341908020, 7642086833496664389, 9083826852238114423, -47953928324889965],
            [1044085043386850876, -5636050478767222463, 42, -47953928324889965],
            [-6698625589789238999, -6698625589789238999, 9083826852238114423, 42],
            [42, 42, 42, 42],
            [3215404263390211228, -952312178486278843, 4849786835232826401, -5252525462095825812],
            [-44530348814261555, 9093146094623952869, 6338937890847571553, -3127944061524951246],
        ]
        #expect(result == spark.map { $0.map(Scalar.int64) })
    }

    @Test("xxhash64 with constant arguments, as Spark's lit")
    func xxhash64Constants() throws {
        let frame = try Self.multiColumnFrame()
        let result = try frame.select(
            Expr.xxhash64(lit("user"), col("i")),
            Expr.xxhash64(col("i"), lit(.int32(7))),
            Expr.xxhash64(nullLiteral(.string), col("s"))
        ).collect().map { $0.values }
        let spark: [[Int64]] = [
            [-5211983535943768592, 1043213797665363958, -5636050478767222463],
            [-1532664220361910950, 2786828215451145335, -5636050478767222463],
            [-5211983535943768592, 1043213797665363958, 42],
            [-1532664220361910950, 2786828215451145335, 42],
            [-452769673841820443, -4484838339171522528, -619341062884681239],
            [-2739808834404443820, 7465927393245427333, -8273737738657618755],
        ]
        #expect(result == spark.map { $0.map(Scalar.int64) })
    }

    @Test("xxhash64 of literals only, one of each type, is Spark's")
    func xxhash64Literals() throws {
        // Spark: xxhash64('abc', 1, 2L, 1.5d, true, date'2024-02-29', timestamp'2024-02-29 12:34:56.789012',
        //   cast(123.45 as decimal(10,2)), cast(123.45 as decimal(38,2)), X'00ff')
        let literals: [Expr] = [
            lit("abc"), lit(.int32(1)), lit(.int64(2)), lit(1.5), lit(true), lit(.date(19782)), lit(.timestamp(1_709_210_096_789_012)),
            lit(.decimal(unscaled: 12345, precision: 10, scale: 2)), lit(.decimal(unscaled: 12345, precision: 38, scale: 2)),
            lit(.binary([0x00, 0xFF])),
        ]
        let hash = Expr(.function(name: "xxhash64", arguments: literals))
        #expect(try Self.evaluate(hash, over: ["a", "b"], type: .string) == [.int64(4_646_738_083_745_265_322), .int64(4_646_738_083_745_265_322)])
        #expect(try Self.evaluate(.xxhash64(lit(.null)), over: ["a"], type: .string) == [.int64(42)])
        #expect(try Self.evaluate(.xxhash64(nullLiteral(.int32), nullLiteral(.string)), over: ["a"], type: .string) == [.int64(42)])
    }

    @Test("xxhash64 needs an argument")
    func xxhash64WithoutArguments() throws {
        let frame = try Self.multiColumnFrame()
        #expect {
            try frame.select(Expr.xxhash64())
        } throws: { error in
            (error as? DataFlowError)?.category == .analysis && "\(error)".contains("xxhash64 takes at least one argument")
        }
    }

    @Test("the xxhash64 kernel over slices with different offsets and nulls equals it over copies",
          arguments: [0, 1, 63, 64, 65], [0.0, 0.3, 1.0])
    func xxhash64Slices(length: Int, nullDensity: Double) throws {
        let (strings, values) = try Self.randomStrings(count: length + 80, nullDensity: nullDensity, seed: 99 &+ UInt64(length))
        var random = SeededRandom(seed: UInt64(length))
        let longValues: [Scalar] = (0..<(length + 80)).map { _ in
            Double.random(in: 0..<1, using: &random) < nullDensity ? .null : .int64(Int64(bitPattern: random.next()))
        }
        let longs = try Column.from(longValues, type: .int64)
        for (stringOffset, longOffset) in [(0, 0), (1, 7), (64, 3), (13, 65)] {
            let stringSlice = strings.slice(stringOffset, length), longSlice = longs.slice(longOffset, length)
            let copies = [try Column.from(stringSlice.scalars, type: .string), try Column.from(longSlice.scalars, type: .int64)]
            let sliced = sparkXXHash64([Datum(stringSlice), Datum(longSlice)], count: length)
            #expect(sliced.scalars == sparkXXHash64(copies.map { Datum($0) }, count: length).scalars)
            // Reference: the definition, row by row.
            let reference: [Scalar] = (0..<length).map { row in
                var hash: UInt64 = 42
                if let text = values[stringOffset + row] {
                    hash = Array(text.utf8).withUnsafeBytes { XXH64.hash(bytes: $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, count: $0.count, seed: hash) }
                }
                if case let .int64(value) = longValues[longOffset + row] { hash = XXH64.hash(int64: value, seed: hash) }
                return .int64(Int64(bitPattern: hash))
            }
            #expect(sliced.scalars == reference, "offsets \(stringOffset), \(longOffset)")
        }
    }

    // MARK: uuid_from_hash

    @Test("uuid_from_hash equals Python's uuid.uuid5 in the URL namespace")
    func uuidFromHashDefaultNamespace() throws {
        // str(uuid.uuid5(uuid.NAMESPACE_URL, value))
        let vectors: [(Scalar, Scalar)] = [
            ("alice@example.com", "aa006163-b22e-5d26-8740-b3bfb50ec29c"),
            ("", "1b4db7eb-4057-5ddf-91e0-36dec72071f5"),
            ("Bob.Smith@Example.COM", "7c296b79-0397-5655-b938-0788d56bbc40"),
            ("héllo wörld", "4ab80968-3866-5d37-b918-24f91c0e3485"),
            (.string(String(repeating: "x", count: 100)), "c4956a8f-abe3-5d39-8dfa-4bf25e22e84b"),
            (.null, .null),
        ]
        #expect(try Self.evaluate(.uuidFromHash(col("v")), over: vectors.map(\.0), type: .string) == vectors.map(\.1))
        #expect(try Self.evaluate(.uuidFromHash(col("v"), namespace: "6BA7B811-9DAD-11D1-80B4-00C04FD430C8"), over: ["alice@example.com"],
                                  type: .string) == ["aa006163-b22e-5d26-8740-b3bfb50ec29c"])
    }

    @Test("uuid_from_hash in another namespace")
    func uuidFromHashNamespace() throws {
        // str(uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")) and a namespace of our own.
        #expect(try Self.evaluate(.uuidFromHash(col("v"), namespace: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"), over: ["python.org"],
                                  type: .string) == ["886313e1-3b8a-5372-9b90-0c9aee199e5d"])
        #expect(try Self.evaluate(.uuidFromHash(col("v"), namespace: "12345678-9ABC-DEF0-1234-56789abcdef0"), over: ["alice@example.com"],
                                  type: .string) == ["950c58a3-59ba-547a-b9eb-6fd8710e4268"])
    }

    @Test("an invalid namespace is an invalid-argument error naming it, at analysis",
          arguments: ["not-a-uuid", "", "6ba7b811-9dad-11d1-80b4-00c04fd430c", "6ba7b811-9dad-11d1-80b4-00c04fd430c8x"])
    func uuidFromHashInvalidNamespace(namespace: String) throws {
        let frame = try Session().createDataFrame(rows: [["a"]], schema: Schema([Field("v", .string)]))
        #expect {
            try frame.select(Expr.uuidFromHash(col("v"), namespace: namespace))
        } throws: { error in
            guard let error = error as? DataFlowError else { return false }
            return error.category == .invalidArgument && error.location?.argument == "namespace"
                && error.location?.operatorName == "uuid_from_hash" && error.message.contains("'\(namespace)'")
        }
        let nullNamespace = Expr(.function(name: "uuid_from_hash", arguments: [col("v"), nullLiteral(.string)]))
        #expect {
            try frame.select(nullNamespace)
        } throws: { error in
            (error as? DataFlowError)?.category == .invalidArgument && "\(error)".contains("namespace NULL is not a UUID")
        }
    }

    @Test("the uuid kernel over slices with nulls matches it over the whole column", arguments: [0, 1, 63, 64, 65])
    func uuidSlices(length: Int) throws {
        let (column, values) = try Self.randomStrings(count: length + 70, nullDensity: 0.3, seed: 5 &+ UInt64(length))
        let generator = try #require(NameBasedUUID(namespace: NameBasedUUID.urlNamespace))
        let whole = generator.uuidStrings(column).scalars
        #expect(whole.enumerated().allSatisfy { ($0.element == .null) == (values[$0.offset] == nil) })
        for offset in [0, 3, 64] where offset + length <= column.count {
            #expect(generator.uuidStrings(column.slice(offset, length)).scalars == Array(whole[offset..<(offset + length)]), "offset \(offset)")
        }
    }
}
