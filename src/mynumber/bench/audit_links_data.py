"""The synthetic registry and links of `mynumber bench audit`, generated set-wise in DuckDB SQL.

N residents in households of 2–3 (sharing surname, address and postcode), about 1,000 per
postcode; names drawn from japanese-personal-name-dataset (surnames weighted by population,
given names by a Zipf rank), so 同姓同名 occur as often as the pool makes them. One link per
resident, held by an insurer, the pension service or the portal. Errors injected at `rate`, for
the 総点検's causes: a family member's number, the number of another resident with the same
name and birth date (a twin added to the registry), the same looked up on three items without
the address. Benign noise that must not be flagged: readings in hiragana, the registry's 髙/﨑/邉
where the agency wrote 高/崎/辺, the address in hyphens and full-width digits, an old address
(moved house). Every row comes from a hash of its index: the same N and seed give the same data.

⚠ The error causes' shares (family 50 %, namesake 30 %, three items 20 %) and the noise rates are
the project's assumptions: the 総点検 published counts per cause only for some agencies.
"""

from __future__ import annotations

import zlib

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]
from japanese_personal_name_dataset import load_dataset

from mynumber.kernel.japanese import normalize_kana

__all__ = ["CAUSES", "generate"]

CAUSES = (("family_number", 0.5), ("same_name_birth_date", 0.3), ("three_items_no_address", 0.2))
PREFECTURES = ("北海道", "宮城県", "東京都", "神奈川県", "愛知県", "大阪府", "京都府", "広島県",
               "福岡県", "沖縄県")  # fmt: skip
GIVEN_PER_READING = 3  # the first spellings of each reading


def _pools(con: duckdb.DuckDBPyConnection) -> None:
    """Load surnames and given names with cumulative weights in [0, 1)."""
    men, women, last = load_dataset("opti", include_last_names=True)
    surnames = [(k, normalize_kana(e["reading"]), float(e["count"])) for k, e in last.items()]
    given = [
        (sex, kanji, normalize_kana(reading), 1.0 / (rank + 5))
        for sex, table in ((1, men), (2, women))
        for rank, (reading, entry) in enumerate(
            sorted(table.items(), key=lambda x: zlib.crc32(x[0].encode()))
        )
        for kanji in entry["kanji"][:GIVEN_PER_READING]
    ]
    tables = {
        "pool_surname": pa.table(
            dict(zip(("kanji", "kana", "w"), zip(*surnames, strict=True), strict=True))
        ),
        "pool_given": pa.table(
            dict(zip(("sex", "kanji", "kana", "w"), zip(*given, strict=True), strict=True))
        ),
    }
    for name, table in tables.items():
        con.register(f"{name}_arrow", table)
        partition = "PARTITION BY sex " if name == "pool_given" else ""
        con.execute(f"""CREATE OR REPLACE TABLE {name} AS
            SELECT *, (sum(w) OVER ({partition}ORDER BY kanji ROWS UNBOUNDED PRECEDING) - w)
                      / sum(w) OVER ({partition.strip()}) AS lo
            FROM {name}_arrow""")
        con.unregister(f"{name}_arrow")


def generate(con: duckdb.DuckDBPyConnection, *, people: int, rate: float, seed: int) -> None:
    """Create `identities`, `links` and `truth(agency, record_id, cause)` on `con`."""
    _pools(con)
    postcodes = max(10, people // 1000)
    prefectures = "[" + ", ".join(f"'{p}'" for p in PREFECTURES) + "]"
    con.execute(f"""CREATE OR REPLACE MACRO u(i, k) AS
        (hash(i * 7919 + k * 104729 + {seed}) % 1000000007) / 1000000007.0""")
    # Households of 2 or 3 (ten people in 23 indices): each a surname, postcode and address.
    con.execute(f"""CREATE OR REPLACE TABLE people AS
        SELECT i, (i * 10) // 23 AS hh, u((i * 10) // 23, 1) AS su, u(i, 2) AS gu,
               CASE WHEN u(i, 4) < 0.5 THEN 1 ELSE 2 END AS sex,
               DATE '1930-01-01' + CAST(floor(u(i, 3) * 33000) AS INTEGER) AS birth_date,
               CAST(floor(u((i * 10) // 23, 5) * {postcodes}) AS INTEGER) AS pc
        FROM range({people}) t(i)""")
    con.execute(f"""CREATE OR REPLACE TABLE residents AS
        SELECT p.i, p.hh, p.sex, p.birth_date, s.kanji AS surname, s.kana AS surname_kana,
               g.kanji AS given, g.kana AS given_kana,
               lpad(CAST(1000000 + p.pc * 37 % 8999999 AS VARCHAR), 7, '0') AS postal_code,
               list_extract({prefectures}, p.pc % 10 + 1) || '第' || p.pc || '市' AS town,
               1 + p.hh % 9 AS chome, 1 + p.hh // 9 % 30 AS ban, 1 + p.hh // 270 % 20 AS go
        FROM people p
        ASOF JOIN pool_surname s ON p.su >= s.lo
        ASOF JOIN pool_given g ON g.sex = p.sex AND p.gu >= g.lo""")
    _errors(con, rate=rate)
    _registry(con, people=people)
    _links(con)


def _errors(con: duckdb.DuckDBPyConnection, *, rate: float) -> None:
    """Choose the erroneous links and their cause; twins for the namesake causes."""
    family, namesake, _ = (share for _, share in CAUSES)
    con.execute(f"""CREATE OR REPLACE TABLE errors AS
        SELECT i, CASE WHEN c < {family} THEN 'family_number'
                       WHEN c < {family + namesake} THEN 'same_name_birth_date'
                       ELSE 'three_items_no_address' END AS cause
        FROM (SELECT i, u(i, 11) AS c FROM people WHERE u(i, 10) < {rate})""")


def _registry(con: duckdb.DuckDBPyConnection, *, people: int) -> None:
    # 10 % of households write 高/崎/辺 as 髙/﨑/邉 in the register.
    name = """CASE WHEN u(hh, 6) < 0.1 THEN replace(replace(replace(surname, '高', '髙'),
              '崎', '﨑'), '辺', '邉') ELSE surname END || ' ' || given"""
    address = "town || chome || '丁目' || ban || '番' || go || '号'"
    con.execute(f"""CREATE OR REPLACE TABLE identities AS
        SELECT lpad(CAST(i AS VARCHAR), 12, '0') AS my_number, 'R' || i AS resident_code,
               'H' || hh AS household_id, {name} AS name,
               surname_kana || ' ' || given_kana AS name_kana, birth_date, sex,
               {address} AS address, postal_code
        FROM residents
        UNION ALL  -- the twins: same name, birth date and sex, another household and town
        SELECT lpad(CAST({people} + r.i AS VARCHAR), 12, '0'), 'R' || ({people} + r.i),
               'T' || r.i, surname || ' ' || given, surname_kana || ' ' || given_kana,
               birth_date, sex, town || '北' || chome || '丁目' || go || '番' || ban || '号',
               lpad(CAST(1000000 + (hh * 7 + 13) % 8999999 AS VARCHAR), 7, '0')
        FROM residents r SEMI JOIN errors e ON e.i = r.i AND e.cause <> 'family_number'""")


def _links(con: duckdb.DuckDBPyConnection) -> None:
    kana = """CASE WHEN u(i, 20) < 0.1 THEN translate(surname_kana || ' ' || given_kana,
        'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰヱヲンヴ',
        'ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐゑをんゔ')
        ELSE surname_kana || ' ' || given_kana END"""
    address = """CASE WHEN u(i, 21) < 0.05 THEN '東京都旧' || i % 977 || '町' || i % 7 || '-1'
        WHEN u(i, 22) < 0.2 THEN town || translate(chome || '-' || ban || '-' || go,
                                                   '0123456789-', '０１２３４５６７８９－')
        ELSE town || chome || '丁目' || ban || '番' || go || '号' END"""
    postal = "CASE WHEN u(i, 21) < 0.05 THEN '1000000' ELSE postal_code END"
    n = con.execute("SELECT count(*) FROM residents").fetchall()[0][0]
    number = f"""CASE e.cause
        WHEN 'family_number' THEN CASE WHEN (i + 1) * 10 // 23 = hh AND i + 1 < {n}
                                       THEN i + 1 ELSE i - 1 END
        WHEN 'same_name_birth_date' THEN {n} + i WHEN 'three_items_no_address' THEN {n} + i
        ELSE i END"""
    con.execute(f"""CREATE OR REPLACE TABLE links AS
        SELECT CASE WHEN u(i, 30) < 0.6 THEN 'insurer:' || (6130000 + i % 40)
                    WHEN u(i, 30) < 0.85 THEN 'pension' ELSE 'portal' END AS agency,
               'membership' AS kind, 'L' || i AS record_id,
               lpad(CAST({number} AS VARCHAR), 12, '0') AS my_number,
               surname || ' ' || given AS name,
               CASE WHEN e.cause IS NULL THEN {kana}
                    ELSE surname_kana || ' ' || given_kana END AS name_kana,
               birth_date, sex,
               CASE WHEN e.cause = 'three_items_no_address' THEN ''
                    WHEN e.cause IS NULL THEN {address}
                    ELSE town || chome || '丁目' || ban || '番' || go || '号' END AS address,
               CASE WHEN e.cause = 'three_items_no_address' THEN ''
                    WHEN e.cause IS NULL THEN {postal} ELSE postal_code END AS postal_code
        FROM residents LEFT JOIN errors e USING (i)""")
    con.execute("""CREATE OR REPLACE TABLE truth AS
        SELECT l.agency, l.record_id, e.cause FROM errors e
        JOIN links l ON l.record_id = 'L' || e.i""")
