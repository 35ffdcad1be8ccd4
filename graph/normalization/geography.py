"""Country and US state names and codes: the tables location normalisation looks values up in."""

from __future__ import annotations

from typing import Final

# ISO 3166-1 alpha-2, plus XK (Kosovo), user-assigned but used by the EU, IMF and most services.
_COUNTRY_CODE_LIST: Final = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
    BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI
    FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN
    IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
    MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF
    PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE
    YT ZA ZM ZW XK
"""
COUNTRY_CODES: Final = frozenset(_COUNTRY_CODE_LIST.split())

# Common country names and alpha-3 codes, keyed by their compacted form (casefolded, letters only), for
# the countries most tips come from. Deliberately small: an unknown name is refused, not guessed.
COUNTRY_ALIASES: Final = {
    "unitedstates": "US",
    "unitedstatesofamerica": "US",
    "usa": "US",
    "america": "US",
    "unitedkingdom": "GB",
    "greatbritain": "GB",
    "uk": "GB",
    "gbr": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northernireland": "GB",
    "canada": "CA",
    "can": "CA",
    "mexico": "MX",
    "mex": "MX",
    "brazil": "BR",
    "bra": "BR",
    "argentina": "AR",
    "colombia": "CO",
    "germany": "DE",
    "deu": "DE",
    "france": "FR",
    "fra": "FR",
    "spain": "ES",
    "esp": "ES",
    "italy": "IT",
    "ita": "IT",
    "netherlands": "NL",
    "thenetherlands": "NL",
    "nld": "NL",
    "ireland": "IE",
    "irl": "IE",
    "poland": "PL",
    "russia": "RU",
    "russianfederation": "RU",
    "rus": "RU",
    "ukraine": "UA",
    "turkey": "TR",
    "turkiye": "TR",
    "india": "IN",
    "ind": "IN",
    "pakistan": "PK",
    "bangladesh": "BD",
    "indonesia": "ID",
    "idn": "ID",
    "philippines": "PH",
    "phl": "PH",
    "vietnam": "VN",
    "thailand": "TH",
    "malaysia": "MY",
    "china": "CN",
    "chn": "CN",
    "japan": "JP",
    "jpn": "JP",
    "southkorea": "KR",
    "korea": "KR",
    "republicofkorea": "KR",
    "australia": "AU",
    "aus": "AU",
    "newzealand": "NZ",
    "nigeria": "NG",
    "southafrica": "ZA",
    "egypt": "EG",
    "saudiarabia": "SA",
    "iraq": "IQ",
    "algeria": "DZ",
    "unitedarabemirates": "AE",
    "uae": "AE",
}

# The 50 states, DC and the inhabited territories.
_US_STATE_CODE_LIST: Final = """
    AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH
    OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP
"""
US_STATE_CODES: Final = frozenset(_US_STATE_CODE_LIST.split())

# Full names, compacted like COUNTRY_ALIASES.
US_STATE_NAMES: Final = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "newhampshire": "NH",
    "newjersey": "NJ",
    "newmexico": "NM",
    "newyork": "NY",
    "northcarolina": "NC",
    "northdakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhodeisland": "RI",
    "southcarolina": "SC",
    "southdakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "westvirginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
    "districtofcolumbia": "DC",
    "washingtondc": "DC",
    "puertorico": "PR",
    "guam": "GU",
    "virginislands": "VI",
    "usvirginislands": "VI",
    "unitedstatesvirginislands": "VI",
    "americansamoa": "AS",
    "northernmarianaislands": "MP",
}
