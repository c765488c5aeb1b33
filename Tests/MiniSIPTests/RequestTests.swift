import DialPlan
import Testing

@testable import MiniSIP

@Suite("Requests: URLs, percent-encoding, server addresses")
struct RequestTests {
    let server = try! ServerAddress(parsing: "http://127.0.0.1:8080")

    @Test func listURLHoldsOneEncodedJSONObject() {
        let url = OpenAPIRequest.list(.calledAnalysis, page: 3).url(on: server, syskey: "1234")
        #expect(
            url == "http://127.0.0.1:8080/openapi/anacldnbr/list?%7B%22syskey%22%3A%221234%22%2C%22pageIndex%22%3A3%7D")
    }

    @Test func versionHasNoOperation() {
        let request = OpenAPIRequest.version
        #expect(request.displayURL(on: server) == "http://127.0.0.1:8080/openapi/version")
        #expect(request.queryJSON(syskey: "k") == #"{"syskey":"k"}"#)
    }

    @Test func queryCarriesTheKeyWithItsJSONTypes() {
        let request = OpenAPIRequest.query(.sipTrunks, key: [("servID", .int(7))])
        #expect(request.queryJSON(syskey: "k") == #"{"syskey":"k","servID":7}"#)
        #expect(request.place == "peerserver/query servID 7")
        let user = OpenAPIRequest.query(.localUsers, key: [("usrname", .string("100"))])
        #expect(user.place == #"localuser/query usrname "100""#)
    }

    @Test func syskeySpecialCharactersAreEncodedAndNeverInTheDisplayURL() {
        let syskey = "p@ss word/&?#%\"é"
        let request = OpenAPIRequest.list(.localUsers, page: 0)
        let url = request.url(on: server, syskey: syskey)
        let query = String(url.split(separator: "?", maxSplits: 1)[1])
        #expect(query.allSatisfy { $0.isLetter && $0.isASCII || $0.isNumber || "%-._~".contains($0) })
        #expect(query.removingPercentEncoding == request.queryJSON(syskey: syskey))
        #expect(!request.displayURL(on: server).contains("?"))
        #expect(!request.place.contains(syskey))
    }

    @Test(arguments: ["", "a", "{\"syskey\":\"x y\"}", "ünïcødé ☎", "~-._ABCxyz019", "%+&=/?#[]@!$'()*,;"])
    func curlEscapingMatchesTheFallback(_ text: String) {
        #expect(PercentEncoding.encode(text) == PercentEncoding.fallback(Array(text.utf8)))
    }

    @Test func serverAddressesAreNormalised() throws {
        #expect(try ServerAddress(parsing: "http://pbx:8080/").base == "http://pbx:8080")
        #expect(try ServerAddress(parsing: "http://pbx:8080/openapi").base == "http://pbx:8080")
        #expect(try ServerAddress(parsing: "https://pbx.example/minisip/openapi/").base == "https://pbx.example/minisip")
        #expect(try ServerAddress(parsing: "HTTP://10.0.0.1").base == "http://10.0.0.1")
        #expect(try ServerAddress(parsing: "https://pbx").isHTTPS)
    }

    @Test func credentialsInTheURLAreKeptApartAndNeverShown() throws {
        let address = try ServerAddress(parsing: "http://admin:hunter2@pbx:8080")
        #expect(address.description == "http://pbx:8080")
        #expect(address.username == "admin")
        #expect(address.password == "hunter2")
        #expect(!OpenAPIRequest.version.displayURL(on: address).contains("hunter2"))
    }

    @Test(arguments: [
        ("ftp://pbx", ServerAddressError.scheme("ftp")),
        ("pbx:8080", .notAURL("pbx:8080")),
        ("http://", .notAURL("http://")),
        ("http://pbx:8080/?{\"syskey\":\"x\"}", .queryOrFragment),
        ("http://pbx:8080/#top", .queryOrFragment),
        ("not a url", .notAURL("not a url")),
    ])
    func unusableURLsAreRefusedAsInput(_ text: String, _ expected: ServerAddressError) {
        #expect(throws: expected) { try ServerAddress(parsing: text) }
    }

    @Test func addressErrorsNameTheThingAndTheCommandLineNamesTheFlag() {
        let error = ServerAddressError.scheme("ftp")
        #expect(error.description == "the server URL must start with http:// or https:// (found ftp://)")
        #expect(error.message(naming: "--url") == "--url must start with http:// or https:// (found ftp://)")
        #expect(
            ServerAddressError.notAURL("pbx:8080").description
                == "the server URL pbx:8080 is not a URL routesim can use; give the server's web address, e.g. http://192.168.1.10:8080")
        #expect(
            ServerAddressError.queryOrFragment.description
                == "the server URL takes the server address only (no ?query or #fragment)")
    }

    @Test func aRemedyIsSaidInTheCallersWords() {
        let error = FetchError(place: "version", "TLS failure with https://pbx: bad certificate", remedy: .trustServerCertificate)
        #expect(
            error.description
                == "version: TLS failure with https://pbx: bad certificate; "
                + "give the server's CA with TransportOptions.caCertificatePath, or set insecure to skip verification")
        #expect(
            error.description(advice: { _ in "pass --cacert" }) == "version: TLS failure with https://pbx: bad certificate; pass --cacert")
        #expect(FetchError("no answer").description == "no answer")
    }

    @Test func aBadURLWithCredentialsDoesNotEchoThem() {
        #expect(throws: ServerAddressError.scheme("gopher")) { try ServerAddress(parsing: "gopher://root:topsecret@pbx") }
        #expect(throws: ServerAddressError.notAURL("http://…@pb x")) { try ServerAddress(parsing: "http://root:topsecret@pb x") }
    }
}

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test(arguments: [
        TransferFailure.connectionRefused("refused"), .connectionLost("reset"), .timedOut("timeout"),
        .truncated("partial"), .status(500, ""), .status(502, "bad gateway"),
    ])
    func transientFailuresAreRetried(_ failure: TransferFailure) {
        let policy = RetryPolicy(maxRetries: 2)
        #expect(failure.isTransient)
        #expect(policy.shouldRetry(failure, attempts: 1))
        #expect(policy.shouldRetry(failure, attempts: 2))
        #expect(!policy.shouldRetry(failure, attempts: 3))
    }

    @Test(arguments: [
        TransferFailure.status(400, ""), .status(403, "wrong syskey"), .status(404, ""), .tls("bad cert"),
        .nameResolution("no such host"), .tooLarge(1 << 20), .other("weird"),
    ])
    func otherFailuresAreNot(_ failure: TransferFailure) {
        #expect(!failure.isTransient)
        #expect(!RetryPolicy(maxRetries: 5).shouldRetry(failure, attempts: 1))
    }

    @Test func noRetriesMeansOneAttempt() {
        #expect(!RetryPolicy(maxRetries: 0).shouldRetry(.status(500, ""), attempts: 1))
    }

    @Test func backoffDoublesUpToTheCapWithBoundedJitter() {
        let policy = RetryPolicy(maxRetries: 5, initialBackoff: 0.1, maxBackoff: 0.5)
        #expect(policy.backoff(afterAttempts: 1, jitter: 1) == 0.1)
        #expect(policy.backoff(afterAttempts: 2, jitter: 1) == 0.2)
        #expect(policy.backoff(afterAttempts: 3, jitter: 1) == 0.4)
        #expect(policy.backoff(afterAttempts: 4, jitter: 1) == 0.5)
        #expect(policy.backoff(afterAttempts: 9, jitter: 1) == 0.5)
        #expect(policy.backoff(afterAttempts: 2, jitter: 0) == 0.1)
        #expect(policy.backoff(afterAttempts: 2, jitter: 7) == 0.2)
    }
}

@Suite("Secret scrubbing")
struct ScrubberTests {
    @Test func everyFormOfTheSyskeyIsRemoved() {
        let syskey = "k\"ey/é 1"
        let scrubber = SecretScrubber(syskey: syskey)
        var json = ""
        JSONValue.writeString(syskey, into: &json)
        for text in ["a \(syskey) b", "url?%7B\(PercentEncoding.encode(syskey))", "body \(json)"] {
            let scrubbed = scrubber.scrub(text)
            #expect(!scrubbed.contains(syskey))
            #expect(!scrubbed.contains(PercentEncoding.encode(syskey)))
            #expect(scrubbed.contains("<syskey>"))
        }
    }

    @Test(
        "each encoding of the key a server may echo is removed or the text withheld",
        arguments: [
            #"{"error":"bad key s3cr\/t k&y"}"#,  // JSON with \/
            #"{"error":"bad key \u0073\u0033cr\u002ft\u0020k\u0026y"}"#,  // \u escapes, mixed case
            #"{"error":"bad key \u0073\u0033CR\u002Ft k&y"}"#.replacingOccurrences(of: "CR", with: "cr"),
            "GET /openapi/version?%7b%22syskey%22%3a%22s3cr%2ft%20k%26y%22%7d",  // lower-case %xx
            "syskey=s3cr%2Ft+k%26y",  // form encoding, + for a space
            "<p>bad key s3cr/t k&amp;y</p>", "<p>bad key s3cr&#47;t k&#38;y</p>", "<p>s3cr&#x2f;t&#32;k&#X26;y</p>",
            "double %2573%2533cr%252ft%2520k%2526y", "s3cr/t k&y",
        ])
    func echoedEncodingsAreRemoved(_ text: String) {
        let key = "s3cr/t k&y"
        let scrubbed = SecretScrubber(syskey: key).scrub(text)
        #expect(!SecretScrubber.decodings(of: scrubbed).contains { $0.contains(key) }, "\(scrubbed)")
        #expect(!scrubbed.contains(key))
        #expect(scrubbed.contains("<syskey>") || scrubbed == SecretScrubber.withheld, "\(scrubbed)")
    }

    @Test func textWithoutTheKeyIsKept() {
        let scrubber = SecretScrubber(syskey: "s3cr/t k&y")
        for text in ["HTTP 500", #"{"error":"bad \u0073yskey"}"#, "%7B%22a%22%7D", "a &amp; b"] {
            #expect(scrubber.scrub(text) == text)
        }
    }

    @Test func excerptsArePrintableShortAndScrubbed() {
        let scrubber = SecretScrubber(syskey: "topsecret")
        let body = Array("{\"error\":\"bad key topsecret\"}\n\u{7}".utf8) + Array(repeating: UInt8(ascii: "x"), count: 500)
        let excerpt = scrubber.excerpt(body)
        #expect(!excerpt.contains("topsecret"))
        #expect(!excerpt.contains("\n"))
        #expect(excerpt.count <= 121)
    }
}
