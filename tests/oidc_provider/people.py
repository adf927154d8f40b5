"""The test provider's people (all with the password PASSWORD)."""

PASSWORD = "idp-test-passord-7261"

PEOPLE = {
    "kari.nordmann@bodo.kommune.no": {
        "given_name": "Kari",
        "family_name": "Nordmann",
        "email": "kari.nordmann@bodo.kommune.no",
        "groups": ["alle-ansatte", "bolig-koordinatorer"],
        "department": "Samfunnskontoret",
    },
    "ola.leder@bodo.kommune.no": {
        "given_name": "Ola",
        "family_name": "Leder",
        "email": "ola.leder@bodo.kommune.no",
        "groups": ["alle-ansatte", "bolig-virksomhetsledere"],
        "department": "HOA",
    },
    "siri.politiker@bodo.kommune.no": {
        "given_name": "Siri",
        "family_name": "Politiker",
        "email": "siri.politiker@bodo.kommune.no",
        "groups": ["bystyret"],
    },
    "per.ansatt@bodo.kommune.no": {
        "given_name": "Per",
        "family_name": "Ansatt",
        "email": "per.ansatt@bodo.kommune.no",
        "groups": ["alle-ansatte"],
        "department": "Samfunnskontoret",
    },
}
