import DialPlan
import RouteSimTestSupport
import Testing

@Suite("Snapshot decoding")
struct SnapshotDecodingTests {
    func load(_ text: String) throws(SnapshotError) -> Snapshot {
        try Snapshot(json: Array(text.utf8), source: "plan.json")
    }

    func error(_ text: String) -> String? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("reads typed fields under their OpenAPI names")
    func typedFields() throws {
        let s = try load(
            """
            {"sysinfo": {"ogpfx": "9", "smtptls": true},
             "anacldnbr": [{"dialPlan": "hq", "calledNbr": "00", "routeType": 6, "rtGroupID": 2,
                            "changeInd": 1, "tranID": 7, "reAnaInd": "1", "clrRefineID": 3,
                            "maxDuration": 60, "callLevel": 2, "servID": 0, "extLine": ""}],
             "refinecldnbr": [{"groupID": 4, "calledPrefix": "0", "transID": 9}],
             "peerserver": [{"servID": "12", "desc": "carrier", "chainTrunkID": 13, "ogGroupID": 4}]}
            """)
        #expect(s.systemInfo?.outGroupPrefix == "9")
        let row = try #require(s.calledAnalysis.first)
        #expect(row.dialPlan == "hq")
        #expect(row.calledPrefix == "00")
        #expect(row.routeType == .routingGroup)
        #expect(row.routingGroup == 2)
        #expect(row.changesNumber)
        #expect(row.transition == 7)
        #expect(row.reanalyze)
        #expect(row.callerRefineGroup == 3)
        #expect(row.maxDuration == 60)
        #expect(row.callLevel == 2)
        #expect(s.calledRefinements.first?.group == 4)
        #expect(s.calledRefinements.first?.transition == 9)
        #expect(s.sipTrunks.first?.id == 12)
        #expect(s.sipTrunks.first?.chain == 13)
        #expect(s.sipTrunks.first?.description == "carrier")
    }

    @Test("numbers stay strings: a JSON number in a string field keeps its text")
    func numbersAsStrings() throws {
        let s = try load(#"{"localuser": [{"usrname": 100, "dialPlan": "default"}], "anacldnbr": [{"dialPlan": "", "calledNbr": "0100"}]}"#)
        #expect(s.localUsers.first?.name == "100")
        #expect(s.calledAnalysis.first?.calledPrefix == "0100")
    }

    @Test("left-out fields take the server's defaults; null counts as left out")
    func defaults() throws {
        let s = try load(#"{"anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "tranID": null}]}"#)
        let row = try #require(s.calledAnalysis.first)
        #expect(row.routeType == .localUser)
        #expect(row.transition == 0)
        #expect(!row.changesNumber)
        #expect(row.externalLine == "")
    }

    @Test("unknown route and transition types load and are kept")
    func unknownEnums() throws {
        let s = try load(
            #"{"anacldnbr": [{"dialPlan": "default", "calledNbr": "5", "routeType": 5}], "natran": [{"tranID": 1, "type": 9}]}"#)
        #expect(s.calledAnalysis.first?.routeType == .unsupported(5))
        #expect(s.transitions.first?.type == .unknown(9))
        let again = try load(s.jsonText)
        #expect(again.calledAnalysis.first?.routeType.rawValue == 5)
        #expect(again.transitions.first?.type.rawValue == 9)
    }

    @Test("round trip: fields the model does not type and fields the reference does not list survive")
    func roundTrip() throws {
        let text = #"""
            {"routesim": {"format": 1}, "sysinfo": {"ogpfx": "0", "admpwd": "x", "cdrshow": false, "futureField": [1, 2]},
             "localuser": [{"usrname": "100", "usrpwd": "secret", "vmannid": 1, "email": "a@b.example", "calllevel": 3}],
             "route": [{"groupID": 1, "routeType": 2, "sipTrunkID": 5, "extLine": ""}]}
            """#
        let s = try load(text)
        #expect(s.localUsers[0].extras["usrpwd"] == .string("secret"))
        #expect(s.localUsers[0].extras["vmannid"] == .number("1"))
        #expect(s.systemInfo?.extras["futureField"] == .array([.number("1"), .number("2")]))
        let again = try load(s.jsonText)
        expectSameSnapshot(again, s, "the rewrite loaded back")
        #expect(again.metadata == .object([("format", .number("1"))]))
    }

    @Test("records keep their order and their line in the file")
    func orderAndLines() throws {
        let s = try load(
            "{\n\"route\": [\n{\"groupID\": 1, \"sipTrunkID\": 3, \"routeType\": 2},\n\n{\"groupID\": 1, \"sipTrunkID\": 2, \"routeType\": 2}\n]\n}"
        )
        #expect(s.routes.map(\.trunk) == [3, 2])
        #expect(s.locations.line(of: .routes, at: 0) == 3)
        #expect(s.locations.line(of: .routes, at: 1) == 5)
    }

    @Test("the written form has one record per line")
    func writtenForm() throws {
        let s = try load(#"{"natran": [{"tranID": 1, "type": 2, "tranStart": 0, "tranLen": 1, "prefix": "0086"}]}"#)
        #expect(
            s.jsonText == """
                {
                  "natran": [
                    {"tranID":1,"type":2,"tranStart":0,"tranLen":1,"prefix":"0086","description":""}
                  ]
                }

                """)
    }

    @Test("invalid JSON names the line and column")
    func invalidJSON() {
        #expect(
            error("{\n\"anacldnbr\": [\n{\"calledNbr\": \"1\",}\n]}")
                == "plan.json:3: anacldnbr[0]: invalid JSON: expected a member name in quotes, found '}' (column 19)")
        #expect(error("") == "plan.json:1: a snapshot must be one JSON object whose keys are table names; found an empty file")
        #expect(error("[1]") == "plan.json:1: a snapshot must be one JSON object whose keys are table names; found no JSON object")
        #expect(error("{} x") == "plan.json:1: invalid JSON: unexpected 'x' after the end of the JSON value (column 4)")
        #expect(error(#"{"natran": [{"prefix": "0"#) == "plan.json:1: natran[0]: invalid JSON: unterminated string (column 26)")
    }

    @Test("a field of the wrong type names table, record index and key, and field")
    func wrongType() {
        #expect(
            error(
                """
                {"anacldnbr": [
                  {"dialPlan": "default", "calledNbr": "1"},
                  {"dialPlan": "hq", "calledNbr": "9", "routeType": true}
                ]}
                """)
                == #"plan.json:3: anacldnbr[1] (dialPlan "hq", calledNbr "9"), field "routeType": expected an integer (a number or a string of digits), found true"#
        )
        #expect(
            error(#"{"natran": [{"tranID": 4, "tranStart": "two"}]}"#)
                == #"plan.json:1: natran[0] (tranID 4), field "tranStart": expected an integer (a number or a string of digits), found the string "two""#
        )
        #expect(
            error(#"{"natran": [{"tranID": 1.5}]}"#)
                == #"plan.json:1: natran[0], field "tranID": expected an integer (a number or a string of digits), found the number 1.5"#
        )
        #expect(
            error(#"{"localuser": [{"usrname": ["100"]}]}"#)
                == #"plan.json:1: localuser[0], field "usrname": expected a string, found an array"#)
        #expect(
            error(#"{"sysinfo": {"smtptls": "yes"}}"#)
                == #"plan.json:1: sysinfo, field "smtptls": expected true or false, found the string "yes""#)
    }

    @Test("wrong shapes: a table that is no array, a record that is no object, an unknown table")
    func wrongShapes() {
        #expect(error(#"{"anacldnbr": {"calledNbr": "1"}}"#) == "plan.json:1: anacldnbr: expected an array of records, found an object")
        #expect(error(#"{"sysinfo": []}"#) == "plan.json:1: sysinfo: expected a record (a JSON object), found an array")
        #expect(error(#"{"natran": [1]}"#) == "plan.json:1: natran[0]: expected a record (a JSON object), found the number 1")
        #expect(
            error(#"{"anacldnbrs": []}"#)?.hasPrefix(
                "plan.json:1: anacldnbrs: not a table routesim knows; did you mean \"anacldnbr\"? The tables are sysinfo, localuser,")
                == true)
        #expect(error(#"{"users": []}"#)?.hasPrefix("plan.json:1: users: not a table routesim knows; the tables are sysinfo,") == true)
    }

    @Test("duplicate members and tables are refused")
    func duplicateMembers() {
        #expect(
            error(#"{"natran": [{"tranID": 1, "tranID": 2}]}"#)
                == #"plan.json:1: natran[0] (tranID 2), field "tranID": the field is given twice in the record"#)
        #expect(
            error("{\"natran\": [],\n\"natran\": []}")
                == "plan.json:2: natran: the table appears twice in the snapshot; merge the two lists")
    }

    @Test("duplicate record keys are found and refused for routing, naming both records")
    func duplicateKeys() throws {
        let s = try load(
            """
            {"anacldnbr": [
              {"dialPlan": "default", "calledNbr": "9", "routeType": 1},
              {"dialPlan": "default", "calledNbr": "8"},
              {"dialPlan": "default", "calledNbr": "9", "routeType": 2}
            ]}
            """)
        #expect(
            s.duplicateKeys() == [
                DuplicateKey(
                    table: .calledAnalysis, firstIndex: 0, duplicateIndex: 2,
                    key: [KeyField(name: "dialPlan", value: "default"), KeyField(name: "calledNbr", value: "9")])
            ])
        #expect(throws: SnapshotError.self) { try s.requireUniqueKeys() }
        do {
            try s.requireUniqueKeys()
        } catch {
            #expect(
                error.description
                    == #"plan.json:4: anacldnbr[2] (dialPlan "default", calledNbr "9"): same key as anacldnbr[0] (line 2): routing would be ambiguous; remove or change one of the two records"#
            )
        }
    }
}
