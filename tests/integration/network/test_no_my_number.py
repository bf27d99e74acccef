"""Neither the network nor the intermediate server keeps a My Number, a resident code or a
取得番号, and J-LIS, which passes the 取得番号 on, keeps neither it nor the 符号: every column of
every table of the three schemas is scanned after a run of issuances and exchanges."""

from __future__ import annotations

from sqlalchemy import MetaData, select

from mynumber.app import System
from mynumber.intermediate.models import Base as IntermediateBase
from mynumber.network.models import Base as NetworkBase
from mynumber.registry.models import Base as RegistryBase

from .helpers import CITY, KOUKI, connect_agencies, people, register_tax, request


def _stored_text(system: System, *metadatas: MetaData) -> str:
    """Return every value of every row of the schemas, as one text."""
    cells: list[str] = []
    with system.database.connection() as conn:
        for metadata in metadatas:
            for table in metadata.sorted_tables:
                for row in conn.execute(select(table)):
                    cells.extend(str(value) for value in row)
    return "\x1e".join(cells)


def test_no_table_holds_a_my_number_a_resident_code_or_an_acquisition_number(
    system: System,
) -> None:
    connect_agencies(system)
    population = people(system, count=8)
    acquisitions = [f"acq-scan-{n:04d}" for n in range(len(population))]
    answers = []
    for person, acquisition in zip(population, acquisitions, strict=True):
        # The city asks through J-LIS with the My Number: the 符号 comes back with the 取得番号.
        issued = system.registry.acquire_code(
            agency=CITY, my_number=person.my_number, acquisition_number=acquisition, actor=CITY
        )
        assert (issued.acquisition_number, issued.code) == (acquisition, person.codes[CITY])
        register_tax(system, person)
        answers.append(system.network.query(request=request(system, person)))
        answers.append(system.network.query(request=request(system, person, procedure="J9999")))
    stored = _stored_text(system, NetworkBase.metadata, IntermediateBase.metadata)
    at_jlis = _stored_text(system, RegistryBase.metadata)
    assert population[0].my_number in at_jlis  # the scan sees the register
    assert "J0001" in stored and population[0].codes[CITY] in stored  # the scan sees the data
    said = "".join(a.model_dump_json() for a in answers)
    for person in system.registry.listing(limit=100):
        assert person.my_number not in stored
        assert person.resident_code not in stored
        assert person.my_number not in said
    for acquisition in acquisitions:
        assert acquisition not in stored and acquisition not in at_jlis
    assert all(code not in at_jlis for person in population for code in person.codes.values())
    assert {a.status for a in answers} == {"09", "99"}
    assert KOUKI in stored
