"""The network from the command line: connect, 符号, 副本, query, records, usage, table."""

from __future__ import annotations

import json
import random
from pathlib import Path

from mynumber.insurers.data import network_agency_id
from mynumber.kernel.checkdigits import CODECS, IdentifierKind

from .test_cli import run

CITY, KOUKI = "municipality:131016", network_agency_id("39130018")  # 東京都後期高齢者医療広域連合
TAX = "TM00000000000001"


def test_a_query_and_its_records_from_the_cli(tmp_path: Path) -> None:
    data = tmp_path / "instance"
    resident = CODECS[IdentifierKind.RESIDENT_CODE].generate(random.Random(21))
    for agency, name in ((CITY, "千代田区"), (KOUKI, "東京都後期高齢者医療広域連合")):
        made = run("network", "connect", agency, "--name", name, data_dir=data)
        assert made.returncode == 0, made.stderr
    issued = run("network", "issue", "--agency", CITY, "--resident", resident,
                 "--address", "000000000000042", data_dir=data)  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    assert resident not in issued.stdout
    copies = tmp_path / "copies.json"
    copies.write_text(json.dumps([
        {"address_number": "000000000000042", "item_code": TAX, "version": 1,
         "published_from": "2020-04-01", "values": {"income_levy": 98000}},
        {"address_number": "000000000000099", "item_code": TAX, "version": 1,
         "published_from": "2020-04-01", "values": {}},
    ]))  # fmt: skip
    receipt = run("network", "copies", "--agency", CITY, str(copies), "--json", data_dir=data)
    assert receipt.returncode == 0, receipt.stderr
    assert json.loads(receipt.stdout)["registered"] == 1
    asked = ["network", "query", "--as", KOUKI, "--procedure", "J0001", "--provider", CITY,
             "--resident", resident]  # fmt: skip
    answered = run(*asked, "--items", TAX, "--json", data_dir=data)
    assert answered.returncode == 0, answered.stderr
    answer = json.loads(answered.stdout)
    assert (answer["status"], answer["items"][0]["status"]) == ("09", "01")
    assert answer["items"][0]["values"] == {"income_levy": 98000}
    shown = run(*asked, "--items", TAX, data_dir=data)
    assert "照会ステータス 09" in shown.stdout and "income_levy: 98000" in shown.stdout
    refused = run(*asked, "--items", "TM00000000000002,TM00000000000005", data_dir=data)
    assert refused.returncode == 1
    assert "error (item_not_permitted): 指定された特定個人情報名" in refused.stderr
    records = json.loads(run("network", "records", "--resident", resident, "--json",
                             data_dir=data).stdout)  # fmt: skip
    assert [r["refusal"] for r in records] == [None, None, "item_not_permitted"]
    listed = run("network", "records", "--resident", resident, data_dir=data).stdout
    assert listed.count("東京都後期高齢者医療広域連合 → 千代田区 J0001") == 3
    usage = json.loads(run("network", "usage", "--json", data_dir=data).stdout)
    assert [(r["procedure"], r["provided"], r["refused"]) for r in usage["rows"]] == [
        ("J0001", 2, 1)
    ]
    table = json.loads(run("network", "table", "--json", data_dir=data).stdout)
    procedures = len(table["procedures"])
    assert procedures == 24  # J0001–J0024
    line = f"照会のない事務: {procedures - 1} / {procedures}"  # all but J0001
    assert line in run("network", "usage", data_dir=data).stdout
    assert "番号法第19条第8号" in run("network", "table", data_dir=data).stdout
    agencies = json.loads(run("network", "agencies", "--json", data_dir=data).stdout)
    # A renewed key: kept by the instance for the agency, registered, and used from then on.
    renewed = run("network", "connect", KOUKI, "--name", "x", "--renew-key", "--json",
                  data_dir=data)  # fmt: skip
    kouki = next(a for a in agencies if a["agency_id"] == KOUKI)
    assert json.loads(renewed.stdout)["public_key"] != kouki["public_key"]
    assert run(*asked, "--items", TAX, data_dir=data).returncode == 0
    assert [(a["agency_id"], a["kind"]) for a in agencies] == [
        ("care:kokuhoren", "care"),  # connected when the instance is built, as are eligibility,
        ("eligibility", "eligibility"),  # J-LIS and the portal (the 公金受取口座's provider)
        ("jlis", "jlis"),
        (KOUKI, "kouki"),
        (CITY, "municipality"),
        ("portal", "portal"),
    ]
