/// A small, valid starting plan with a record in every table, as `routesim init` writes it.
///
/// An office with two users, a SIP carrier and a PSTN line: national calls go out through a
/// routing group (the carrier, then the line: a trunk cannot fail over to a line by itself),
/// international calls need call level 1, premium numbers are blocked, 112 goes straight to the
/// carrier, incoming DIDs reach extensions, and `*1` or `200` rings a hunting group. Every
/// record's `description` (`desc`) says what it is for. It loads with no warning, lints with no
/// finding, and routes the examples of the README's "Write your first plan" (tests check all three).
public enum StarterPlan {
    /// The plan as JSON text, one record per line.
    public static let text = #"""
        {
          "sysinfo": {"ogpfx": "", "realm": "office.example"},
          "localuser": [
            {"usrname": "100", "description": "reception: may call abroad (call level 1)", "dispname": "Reception", "dialPlan": "office", "calllevel": 1},
            {"usrname": "101", "description": "sales: national calls only", "dispname": "Sales", "dialPlan": "office", "calllevel": 0}
          ],
          "extline": [
            {"extLine": "2079460000", "description": "PSTN gateway on the main number, the fallback when the SIP carrier fails", "host": "10.0.0.20", "localUser": "100", "ogGroupID": 0, "chain": "", "shareInd": 0, "origCallerNbr": 0}
          ],
          "peerserver": [
            {"servID": 1, "desc": "SIP carrier", "servAddr": "sip.carrier.example", "servPort": 5060, "callerID": "", "dialPlan": "incoming", "ogGroupID": 1, "chainTrunkID": 0}
          ],
          "routegroup": [
            {"groupID": 1, "description": "outside calls: the SIP carrier first, then the PSTN line"}
          ],
          "route": [
            {"groupID": 1, "routeType": 2, "sipTrunkID": 1, "extLine": ""},
            {"groupID": 1, "routeType": 1, "sipTrunkID": 0, "extLine": "2079460000"}
          ],
          "natran": [
            {"tranID": 1, "type": 2, "tranStart": 0, "tranLen": 1, "prefix": "+44", "description": "0… becomes +44… (the carrier wants E.164)"},
            {"tranID": 2, "type": 1, "tranStart": 0, "tranLen": 0, "prefix": "+442079460", "description": "extension 1xx becomes +442079460 1xx"},
            {"tranID": 3, "type": 2, "tranStart": 0, "tranLen": 3, "prefix": "0", "description": "+44… becomes 0… (callers shown as dialled nationally)"},
            {"tranID": 4, "type": 3, "tranStart": 0, "tranLen": 7, "prefix": "", "description": "2079460xxx becomes xxx (DID to extension)"}
          ],
          "refineclrnbr": [
            {"grpID": 1, "callerNbr": "1", "tranID": 2, "description": "outside calls present the extension's public number"}
          ],
          "refinecldnbr": [
            {"groupID": 1, "calledPrefix": "0", "transID": 1, "description": "the SIP carrier's numbers: 0… as +44…"}
          ],
          "anaclrnbr": [
            {"callerNbr": "+44", "description": "UK callers in E.164 are shown with a 0", "tranID": 3, "dialPlan": ""}
          ],
          "anacldnbr": [
            {"dialPlan": "office", "calledNbr": "1", "description": "extensions 1xx", "routeType": 0},
            {"dialPlan": "office", "calledNbr": "112", "description": "emergency: straight to the carrier, for everyone", "routeType": 2, "servID": 1, "clrRefineID": 1},
            {"dialPlan": "office", "calledNbr": "0", "description": "national calls: routing group 1", "routeType": 6, "rtGroupID": 1, "clrRefineID": 1},
            {"dialPlan": "office", "calledNbr": "00", "description": "international calls: call level 1 only", "routeType": 6, "rtGroupID": 1, "clrRefineID": 1, "callLevel": 1},
            {"dialPlan": "office", "calledNbr": "09", "description": "premium-rate numbers: blocked", "routeType": 4},
            {"dialPlan": "incoming", "calledNbr": "2079460", "description": "the office's DIDs reach the extension of their last digits", "routeType": 0, "changeInd": 1, "tranID": 4, "reAnaInd": 0}
          ],
          "speeddial": [
            {"callerNbr": "*", "dialedNbr": "*1", "desc": "*1 calls the front desk", "destNbr": "200"}
          ],
          "hginfo": [
            {"grpID": 1, "desc": "front desk: reception, then sales", "strategy": 2, "noAnsTmr": 20}
          ],
          "hgoper": [
            {"oper": "100", "grpID": 1, "autoInd": 1},
            {"oper": "101", "grpID": 1, "autoInd": 1}
          ],
          "hgdect": [
            {"dialPlan": "office", "calledNbr": "200", "grpID": 1}
          ]
        }
        """# + "\n"
}
