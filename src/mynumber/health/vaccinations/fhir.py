"""A vaccination as a FHIR R4 Immunization resource in the JP Core shape (JP_Immunization).

Plain dicts, checked structurally with fhir.resources' R4B model in the tests. ⚠ The vaccine
code system is the platform's own (`VACCINE_SYSTEM`): JP Core names no national vaccine code
list for 定期接種; the lot, the dose (protocolApplied.doseNumberPositiveInt), the performer (the
facility by 医療機関コード), route and site follow the profile's elements.
"""

from __future__ import annotations

from typing import Any

from mynumber.health.vaccinations.data import ImmunizationSite, Vaccination

__all__ = ["JP_IMMUNIZATION", "VACCINE_SYSTEM", "immunization"]

JP_IMMUNIZATION = "http://jpfhir.jp/fhir/core/StructureDefinition/JP_Immunization"
VACCINE_SYSTEM = "urn:mynumber:health:vaccine-code"  # ⚠ the platform's own list
_ROUTE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration"
_SITE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActSite"
_FACILITY_SYSTEM = "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no"
_MUNICIPALITY_SYSTEM = "urn:oid:1.2.392.100495.20.3.21"  # ⚠ 全国地方公共団体コード as an OID


def immunization(vaccination: Vaccination, *, patient_reference: str) -> dict[str, Any]:
    """Return the Immunization resource of a recorded vaccination."""
    resource: dict[str, Any] = {
        "resourceType": "Immunization",
        "id": vaccination.vaccination_id,
        "meta": {"profile": [JP_IMMUNIZATION]},
        "status": "completed",
        "vaccineCode": {
            "coding": [
                {
                    "system": VACCINE_SYSTEM,
                    "code": vaccination.vaccine_code,
                    "display": vaccination.vaccine_name,
                }
            ],
            "text": vaccination.vaccine_name,
        },
        "patient": {"reference": patient_reference},
        "occurrenceDateTime": vaccination.occurred_on.isoformat(),
        "recorded": vaccination.recorded_at.isoformat(),
        "primarySource": False,  # the municipality's record, not the vaccinator's own
        "reportOrigin": {
            "coding": [{"system": _MUNICIPALITY_SYSTEM, "code": vaccination.municipality_code}]
        },
        "lotNumber": vaccination.lot_number,
        "route": {"coding": [{"system": _ROUTE_SYSTEM, "code": vaccination.route.value}]},
        "performer": [{"actor": _facility(vaccination)}],
        "protocolApplied": [{"doseNumberPositiveInt": vaccination.dose_number}],
    }
    if vaccination.site is not None and vaccination.site is not ImmunizationSite.MOUTH:
        resource["site"] = {"coding": [{"system": _SITE_SYSTEM, "code": vaccination.site.value}]}
    return resource


def _facility(vaccination: Vaccination) -> dict[str, Any]:
    actor: dict[str, Any] = {
        "identifier": {"system": _FACILITY_SYSTEM, "value": vaccination.facility_code}
    }
    if vaccination.facility_name:
        actor["display"] = vaccination.facility_name
    return actor
