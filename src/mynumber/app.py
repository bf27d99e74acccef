"""The composition root: builds the instance from settings and binds each protocol to its
implementation, then assembles the FastAPI application from the subsystems' routers."""

from __future__ import annotations

import os
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from mynumber import __version__
from mynumber.audit import routes as audit_routes
from mynumber.care import api as care_api
from mynumber.care import data as care_data
from mynumber.care import routes as care_routes
from mynumber.codes import CodesThroughJlis
from mynumber.eligibility import routes as eligibility_routes
from mynumber.eligibility.api import AGENCY as ELIGIBILITY_AGENCY
from mynumber.eligibility.api import MIGRATIONS as ELIGIBILITY_MIGRATIONS
from mynumber.eligibility.api import (
    Eligibility,
    LocalEligibility,
)
from mynumber.employment import routes as employment_routes
from mynumber.employment.api import MIGRATIONS as EMPLOYMENT_MIGRATIONS
from mynumber.employment.api import Employment, LocalEmployment
from mynumber.employment.api import Links as EmploymentLinks
from mynumber.facility.api import MIGRATIONS as FACILITY_MIGRATIONS
from mynumber.facility.api import Facilities, LocalFacilities
from mynumber.facility.pages import routes as facility_pages
from mynumber.health import api as health_api
from mynumber.health import ehr_routes as health_ehr_routes
from mynumber.health import pmh_routes as health_pmh_routes
from mynumber.health import routes as health_routes
from mynumber.health import vaccination_routes as health_vaccination_routes
from mynumber.health import xml_routes as health_xml_routes
from mynumber.insurers import routes as insurers_routes
from mynumber.insurers.api import MIGRATIONS as INSURERS_MIGRATIONS
from mynumber.insurers.api import Insurers, LocalInsurers
from mynumber.insurers.api import Links as InsurerLinks
from mynumber.intermediate import routes as intermediate_routes
from mynumber.intermediate.api import MIGRATIONS as INTERMEDIATE_MIGRATIONS
from mynumber.intermediate.api import Intermediate, LocalIntermediate
from mynumber.jpki import routes as jpki_routes
from mynumber.jpki.api import JLIS, Jpki, LocalJpki
from mynumber.jpki.api import MIGRATIONS as JPKI_MIGRATIONS
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.apicontract import install_api_contract, install_error_handlers
from mynumber.kernel.apidocs import install_api_docs
from mynumber.kernel.bodylimit import BodyLimitMiddleware, BodyLimits
from mynumber.kernel.clock import Clock, SystemClock, TravellingClock
from mynumber.kernel.db import Database
from mynumber.kernel.messaging import Relay
from mynumber.kernel.migrate import Lineage, upgrade_all
from mynumber.kernel.pages import templates
from mynumber.kernel.settings import Settings
from mynumber.landing import SUBSYSTEMS
from mynumber.message_routes import route_messages
from mynumber.municipality import routes as municipality_routes
from mynumber.municipality.api import MIGRATIONS as MUNICIPALITY_MIGRATIONS
from mynumber.municipality.api import Links, LocalMunicipality, Municipality
from mynumber.network import routes as network_routes
from mynumber.network.api import MIGRATIONS as NETWORK_MIGRATIONS
from mynumber.network.api import LocalNetwork, Network
from mynumber.operations import install_liveness, install_operations
from mynumber.pension import routes as pension_routes
from mynumber.pension.api import MIGRATIONS as PENSION_MIGRATIONS
from mynumber.pension.api import Links as PensionLinks
from mynumber.pension.api import LocalPension, Pension
from mynumber.portal import account_routes as portal_account_routes
from mynumber.portal import person_routes as portal_routes
from mynumber.portal.api import MIGRATIONS as PORTAL_MIGRATIONS
from mynumber.portal.api import PORTAL as PORTAL_AGENCY
from mynumber.portal.api import LocalPortal, Portal
from mynumber.portal.oauth import routes as portal_oauth_routes
from mynumber.portal.oauth.reads import LocalSelfInformationApi
from mynumber.registry import routes as registry_routes
from mynumber.registry.api import MIGRATIONS as REGISTRY_MIGRATIONS
from mynumber.registry.api import LocalRegistry, Registry
from mynumber.staff import routes as staff_routes
from mynumber.staff.api import MIGRATIONS as STAFF_MIGRATIONS
from mynumber.staff.api import LocalStaffDirectory, StaffDirectory
from mynumber.synth.api import LocalSynth, Synth

LINEAGES: tuple[Lineage, ...] = (
    REGISTRY_MIGRATIONS,
    JPKI_MIGRATIONS,
    INSURERS_MIGRATIONS,
    ELIGIBILITY_MIGRATIONS,
    FACILITY_MIGRATIONS,
    STAFF_MIGRATIONS,
    INTERMEDIATE_MIGRATIONS,
    NETWORK_MIGRATIONS,
    MUNICIPALITY_MIGRATIONS,
    PENSION_MIGRATIONS,
    EMPLOYMENT_MIGRATIONS,
    PORTAL_MIGRATIONS,
    health_api.MIGRATIONS,
    care_api.MIGRATIONS,
)
# Paths that take batches of up to 100,000 rows: they get the larger request-body limit.
BATCH_BODY_PATHS = (
    "/api/eligibility/batches",
    "/api/eligibility/xml/batch",
    "/api/eligibility/claims",
    "/api/eligibility/checkups",
    "/reception/batch",
)
# Where relying parties reach this instance: written into certificates (OCSP, CRL, CA URLs).
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class System:
    """Every subsystem of one instance, wired together."""

    settings: Settings
    database: Database
    clock: Clock
    registry: Registry
    insurers: Insurers
    eligibility: Eligibility
    facilities: Facilities
    synth: Synth
    jpki: Jpki
    staff: StaffDirectory
    intermediate: Intermediate
    network: Network
    municipality: Municipality
    pension: Pension
    employment: Employment
    portal: Portal
    portal_oauth: LocalSelfInformationApi  # the 自己情報取得API
    health: health_api.Health  # 全国医療情報プラットフォーム (電子処方箋)
    care: care_api.Care  # 介護情報基盤
    relay: Relay
    agency_keys: AgencyKeyStore

    def close(self) -> None:
        """Stop delivering messages and release the database connections."""
        self.relay.close()
        self.database.dispose()


def build_system(
    settings: Settings | None = None, *, clock: Clock | None = None, migrate: bool = True
) -> System:
    """Return the instance described by settings, its database brought up to date."""
    settings = settings or Settings.from_env()
    keys = settings.keys()
    database = Database(settings.database_url, schemas=[lineage.schema for lineage in LINEAGES])
    if migrate:
        upgrade_all(database, LINEAGES, keys=keys)
    # Still unless the demo's traffic sends it back to date a year of exchanges.
    clock = TravellingClock(clock or SystemClock())
    # Each agency's signing key (its 中間サーバー's), kept on this instance: see AgencyKeyStore.
    agency_keys = AgencyKeyStore(settings.data_dir / "agency-keys")
    intermediate = LocalIntermediate(
        database=database.scoped(INTERMEDIATE_MIGRATIONS.schema), clock=clock, keys=keys
    )
    # The network asks providers' partitions of the intermediate server for their 副本, and is
    # the only one to derive 符号: J-LIS asks it for them.
    network = LocalNetwork(
        database=database.scoped(NETWORK_MIGRATIONS.schema),
        clock=clock,
        keys=keys,
        intermediate=intermediate,
    )
    registry = LocalRegistry(
        database=database.scoped(REGISTRY_MIGRATIONS.schema), clock=clock, keys=keys, codes=network
    )
    jpki = LocalJpki(
        database=database.scoped(JPKI_MIGRATIONS.schema),
        clock=clock,
        keys=keys,
        registry=registry,
        codes=network,
        base_url=os.environ.get("MYNUMBER_PUBLIC_URL", DEFAULT_PUBLIC_URL),
    )
    network.connect(
        agency_id=JLIS, name="地方公共団体情報システム機構", public_key=agency_keys.public_key(JLIS)
    )
    network.connect(
        agency_id=PORTAL_AGENCY, name="マイナポータル（デジタル庁）",
        public_key=agency_keys.public_key(PORTAL_AGENCY),
    )  # fmt: skip
    eligibility = LocalEligibility(
        database=database.scoped(ELIGIBILITY_MIGRATIONS.schema),
        clock=clock,
        keys=keys,
        jpki=jpki,
        policy=settings.policy,
    )
    network.connect(
        agency_id=ELIGIBILITY_AGENCY,
        name="オンライン資格確認等システム（支払基金・国保中央会）",
        public_key=agency_keys.public_key(ELIGIBILITY_AGENCY),
    )
    codes = CodesThroughJlis(registry)
    # Each insurer is connected to the network as it is added (insurer:<保険者番号>).
    insurers = LocalInsurers(
        database=database.scoped(INSURERS_MIGRATIONS.schema),
        clock=clock,
        registry=registry,
        eligibility=eligibility,
        network=network,
        intermediate=intermediate,
        policy=settings.policy,
        signing_keys=agency_keys,
        links=InsurerLinks(
            network=network, intermediate=intermediate, codes=codes, signing_keys=agency_keys
        ),
    )
    facilities = LocalFacilities(
        database=database.scoped(FACILITY_MIGRATIONS.schema),
        clock=clock,
        keys=keys,
        eligibility=eligibility,
        jpki=jpki,
    )
    municipality = LocalMunicipality(
        database=database.scoped(MUNICIPALITY_MIGRATIONS.schema),
        clock=clock,
        keys=keys,
        registry=registry,
        links=Links(
            network=network, intermediate=intermediate, codes=codes, signing_keys=agency_keys
        ),
    )
    pension = LocalPension(
        database=database.scoped(PENSION_MIGRATIONS.schema),
        clock=clock,
        keys=keys,
        links=PensionLinks(
            network=network, intermediate=intermediate, codes=codes, signing_keys=agency_keys
        ),
        registry=registry,
        policy=settings.policy,
    )
    employment = LocalEmployment(
        database=database.scoped(EMPLOYMENT_MIGRATIONS.schema),
        clock=clock,
        keys=keys,
        links=EmploymentLinks(
            network=network, intermediate=intermediate, codes=codes, signing_keys=agency_keys
        ),
    )
    health = health_api.LocalHealth(database=database.scoped(health_api.SCHEMA), clock=clock,
                                    keys=keys, eligibility=eligibility, jpki=jpki,
                                    links=health_api.PlatformLinks(
                                        network, codes, agency_keys, jpki, registry))  # fmt: skip
    care = care_api.LocalCare(
        database=database.scoped(care_api.SCHEMA), clock=clock, keys=keys,
        links=care_api.Links(network, codes, agency_keys, jpki, registry),
    )  # fmt: skip
    portal = LocalPortal(
        database=database.scoped(PORTAL_MIGRATIONS.schema), clock=clock, keys=keys,
        network=network, codes=network, signing_keys=agency_keys, eligibility=eligibility,
        jpki=jpki, registry=registry,
        municipality=municipality, pension=pension, employment=employment,
        intermediate=intermediate, policy=settings.policy, care=care, health=health,
    )  # fmt: skip
    # The care platform hears of the register's changes under its 符号: connected from the start.
    network.connect(agency_id=care_api.AGENCY_ID, name=care_data.AGENCY_NAME,
                    public_key=agency_keys.public_key(care_api.AGENCY_ID))  # fmt: skip
    relay = Relay(
        broker_url=settings.broker_url,
        stream=settings.broker_stream,
        ack_wait=settings.broker_ack_wait,
    )
    route_messages(relay, registry=registry, jpki=jpki, eligibility=eligibility,
                   insurers=insurers, municipality=municipality, facilities=facilities,
                   portal=portal, care=care)  # fmt: skip
    return System(
        settings=settings,
        database=database,
        clock=clock,
        registry=registry,
        jpki=jpki,
        relay=relay,
        insurers=insurers,
        eligibility=eligibility,
        facilities=facilities,
        synth=LocalSynth(
            registry=registry,
            insurers=insurers,
            facilities=facilities,
            eligibility=eligibility,
            jpki=jpki,
            municipality=municipality,
            pension=pension,
            employment=employment,
            truth_dir=settings.data_dir,
            clock=clock,
        ),
        municipality=municipality,
        pension=pension,
        employment=employment,
        staff=LocalStaffDirectory(database=database.scoped(STAFF_MIGRATIONS.schema), clock=clock),
        intermediate=intermediate,
        network=network,
        agency_keys=agency_keys,
        portal=portal,
        health=health,
        care=care,
        portal_oauth=LocalSelfInformationApi(
            database=database.scoped(PORTAL_MIGRATIONS.schema),
            clock=clock,
            keys=keys,
            policy=settings.policy,
            eligibility=eligibility,
            codes=network,
            network=network,
            intermediate=intermediate,
            signing_keys=agency_keys,
        ),
    )


_ON_APP_STATE = (
    "registry", "jpki", "eligibility", "insurers", "network", "agency_keys", "intermediate",
    "municipality", "pension", "employment", "portal", "portal_oauth", "staff", "clock",
    "facilities", "health", "care",
)  # fmt: skip


def create_app(system: System) -> FastAPI:
    """Return the web application of an instance."""
    app = FastAPI(
        title="mynumber",
        version=__version__,
        description="An open, runnable implementation of Japan's My Number system.",
        docs_url=None,  # served from the instance's own files below, not from a CDN
        redoc_url=None,
    )
    install_api_docs(app)
    # What the routes take from the request: each organisation's api, the agencies' signing
    # keys (the network's query route signs as the clerk's agency), the staff directory (the
    # StaffAuthenticator every staff route checks with) and the clock.
    for name in _ON_APP_STATE:
        setattr(app.state, name, getattr(system, name))
    install_error_handlers(app)
    # Bodies are limited before they are read (413 body_too_large past the limit).
    limits = BodyLimits(
        default=system.settings.max_body_bytes,
        larger=system.settings.max_batch_body_bytes,
        larger_paths=BATCH_BODY_PATHS,
    )
    app.add_middleware(BodyLimitMiddleware, limits=limits)
    install_api_contract(app)
    # The busiest paths first: FastAPI tries the included routers in order, route by route
    # (about 190 checks for a path at the end of the list, most of a light request's CPU).
    # /docs lists the tags in the same order: eligibility first.
    install_liveness(app)
    for router in (
        *eligibility_routes.ROUTERS, staff_routes.pages, registry_routes.api,
        registry_routes.pages, jpki_routes.api, jpki_routes.repository, insurers_routes.api,
        municipality_routes.api, pension_routes.api, employment_routes.api, facility_pages.pages,
        network_routes.api, intermediate_routes.api, *portal_routes.ROUTERS, health_routes.api,
        health_xml_routes.xml_api, health_ehr_routes.api, health_vaccination_routes.api,
        health_pmh_routes.api, care_routes.api,
        portal_account_routes.api, portal_account_routes.pages, *portal_oauth_routes.ROUTERS,
        audit_routes.pages,
    ):  # fmt: skip
        app.include_router(router)
    install_operations(app, system.database)
    # 一括照会 are answered in the background while the server runs.
    app.router.add_event_handler("startup", system.eligibility.start_batch_worker)
    app.router.add_event_handler("shutdown", system.eligibility.stop_batch_worker)
    # Messages between organisations are delivered in the background too (the relay).
    app.router.add_event_handler("startup", system.relay.start)
    app.router.add_event_handler("shutdown", system.relay.stop)
    shared = templates()

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def landing(request: Request) -> Response:
        return shared.TemplateResponse(
            request,
            "landing.html",
            {"subsystems": SUBSYSTEMS, "resident_count": f"{system.registry.count():,}"},
        )

    return app


def app_from_env() -> FastAPI:
    """Return the web application of the instance the environment names (uvicorn workers).

    The parent process has migrated the database already; each worker builds its own system.
    """
    return create_app(build_system(migrate=False))
