"""HTTP surface of J-LIS's certification service.

- `/jpki/…` the repository, open to anyone: CA certificates, CRLs (DER) and the OCSP responder.
- `/api/jpki/cards…` the J-LIS counter (its staff accounts): issue, suspend, revoke, renew, PINs.
- `/api/jpki/…` relying parties (their own bearer token, from `POST /api/jpki/relying-parties`
  or `mynumber jpki relying-party`): challenges, verification, serial services.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request, Security
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from mynumber.jpki.api import Jpki
from mynumber.jpki.data import (
    AuthenticationResult,
    AuthorityName,
    CardInfo,
    CertificateKind,
    CertificateLink,
    IssuedCard,
    PinKind,
    RelyingParty,
    RevocationReason,
    SerialResolution,
    SerialSuccession,
)
from mynumber.jpki.der import certificate_pem
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.errors import InvalidInputError, UnauthenticatedError
from mynumber.kernel.fields import JsonBool, JsonDate, identifier_field
from mynumber.kernel.staffauth import StaffPrincipal, StaffRole, require_staff
from mynumber.registry.data import AGENCY_PATTERN

DER_CERT, PEM, DER_CRL = "application/pkix-cert", "application/x-pem-file", "application/pkix-crl"
OCSP_REQUEST, OCSP_RESPONSE = "application/ocsp-request", "application/ocsp-response"
_Frozen = ConfigDict(frozen=True, extra="forbid")
# Base64 as `base64.b64decode(…, validate=True)` reads it: standard alphabet, padded.
_BASE64 = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
# A certificate serial in hexadecimal (colons and spaces allowed between the digits).
SerialPath = Annotated[str, Path(pattern=r"^[ :]*[0-9A-Fa-f][0-9A-Fa-f :]*$")]


async def get_jpki(request: Request) -> Jpki:
    """Return the JPKI service bound by the composition root (no thread hop: it only reads)."""
    jpki: Jpki = request.app.state.jpki
    return jpki


JpkiDep = Annotated[Jpki, Depends(get_jpki)]
# The J-LIS counter: cards, certificates, PINs and relying parties.
JlisCounter = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.JLIS_COUNTER))]


_party_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="relyingParty",
    description="a relying party's bearer token (POST /api/jpki/relying-parties)",
)


def relying_party(
    jpki: JpkiDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_party_bearer)] = None,
) -> RelyingParty:
    """Return the relying party behind the request's bearer token, or refuse it."""
    token = credentials.credentials.strip() if credentials else ""
    if not token:
        raise UnauthenticatedError("relying-party credentials required (Authorization: Bearer …)")
    return jpki.relying_party(token=token)


PartyDep = Annotated[RelyingParty, Depends(relying_party)]
repository = APIRouter(
    prefix="/jpki", tags=["jpki repository (CA, CRL, OCSP)"], responses=error_responses(413, 422)
)
api = APIRouter(
    prefix="/api/jpki", tags=["jpki 公的個人認証"], responses=error_responses(401, 403, 413, 422)
)
_CARD = error_responses(404, 409)


def _binary(media_type: str, what: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            "description": what,
        }
    }


@repository.get("/ca/{authority}.cer", responses=_binary(DER_CERT, "CA certificate, DER"))
def ca_certificate_der(authority: AuthorityName, jpki: JpkiDep) -> Response:
    """Return a CA certificate (DER): root, sign or auth."""
    return Response(jpki.ca_certificate(authority=authority), media_type=DER_CERT)


@repository.get("/ca/{authority}.pem", responses=_binary(PEM, "CA certificate, PEM"))
def ca_certificate_pem(authority: AuthorityName, jpki: JpkiDep) -> Response:
    """Return a CA certificate (PEM): root, sign or auth."""
    return Response(certificate_pem(jpki.ca_certificate(authority=authority)), media_type=PEM)


@repository.get("/crl/{authority}.crl", responses=_binary(DER_CRL, "signed CRL, DER"))
def crl(authority: AuthorityName, jpki: JpkiDep) -> Response:
    """Return the current CRL of a CA (DER), re-signed on change; root's lists the CAs."""
    return Response(jpki.crl(authority=authority), media_type=DER_CRL)


_OCSP_BODY = {
    "requestBody": {
        "required": False,  # an empty request is answered malformedRequest
        "content": {OCSP_REQUEST: {"schema": {"type": "string", "format": "binary"}}},
    }
}


@repository.post(
    "/ocsp", openapi_extra=_OCSP_BODY, responses=_binary(OCSP_RESPONSE, "RFC 6960 response")
)
async def ocsp_post(request: Request, jpki: JpkiDep) -> Response:
    """Answer an RFC 6960 OCSP request sent as the POST body."""
    body = await request.body()
    answer = await run_in_threadpool(lambda: jpki.ocsp(request=body))
    return Response(answer, media_type=OCSP_RESPONSE)


@repository.get(
    "/ocsp/{encoded:path}",
    responses=_binary(OCSP_RESPONSE, "RFC 6960 response") | error_responses(404),
)
def ocsp_get(encoded: str, jpki: JpkiDep) -> Response:
    """Answer an RFC 6960 OCSP request sent base64-encoded in the URL (RFC 6960 A.1)."""
    try:
        request = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        request = b""  # answered as malformedRequest
    return Response(jpki.ocsp(request=request), media_type=OCSP_RESPONSE)


class NewCard(BaseModel):
    """An application for a card (交付申請)."""

    model_config = _Frozen
    resident_code: str = identifier_field(IdentifierKind.RESIDENT_CODE)


class Revocation(BaseModel):
    """A revocation of a card's certificates."""

    model_config = _Frozen
    reason: RevocationReason = Field(
        default=RevocationReason.UNSPECIFIED,
        description="certificateHold is not a revocation: suspend the card instead",
        json_schema_extra={"not": {"const": RevocationReason.CERTIFICATE_HOLD.value}},
    )
    kinds: tuple[CertificateKind, ...] = (CertificateKind.SIGN, CertificateKind.AUTH)


class Reissue(BaseModel):
    """A replacement card (再交付)."""

    model_config = _Frozen
    lost: JsonBool = Field(
        default=True, description="lost or stolen (keyCompromise), or superseded"
    )


class Renewal(BaseModel):
    """New key pairs and certificates on the same card (更新・再発行)."""

    model_config = _Frozen
    kinds: tuple[CertificateKind, ...] = Field(min_length=1)


# The new PIN's rule depends on its kind (empty or absent: one is generated).
_DIGIT_PIN: dict[str, Any] = {
    "properties": {
        "kind": {"enum": [PinKind.AUTH.value, PinKind.INPUT_SUPPORT.value]},
        "new_pin": {"anyOf": [{"type": "null"}, {"type": "string", "pattern": r"^(?:\d{4})?$"}]},
    }
}
_SIGNING_PIN: dict[str, Any] = {
    "properties": {
        "kind": {"const": PinKind.SIGN.value},
        "new_pin": {
            "anyOf": [{"type": "null"}, {"type": "string", "pattern": r"^(?:[A-Za-z0-9]{6,16})?$"}]
        },
    }
}


class PinReset(BaseModel):
    """A PIN reset at the counter, after checking who the person is."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_extra={"anyOf": [_DIGIT_PIN, _SIGNING_PIN]}
    )
    kind: PinKind
    resident_code: str = identifier_field(IdentifierKind.RESIDENT_CODE)
    birth_date: JsonDate
    new_pin: str | None = Field(default=None, description="omit for a generated PIN")


class NewRelyingParty(BaseModel):
    """A relying party to register with J-LIS."""

    model_config = _Frozen
    party: str = Field(pattern=AGENCY_PATTERN, examples=["eligibility"])
    may_resolve: JsonBool = False


class Authentication(BaseModel):
    """A card's answer to a challenge, all base64."""

    model_config = _Frozen
    certificate: str = Field(
        pattern=_BASE64, description="the user-authentication certificate, DER in base64"
    )
    challenge: str = Field(pattern=_BASE64, description="the challenge J-LIS issued, base64")
    signature: str = Field(
        pattern=_BASE64, description="the card's PKCS#1 v1.5 SHA-256 signature, base64"
    )


def _b64(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInputError(f"{what} is not base64") from None


@api.post("/cards", response_model=IssuedCard, status_code=201, responses=_CARD)
def issue_card(body: NewCard, jpki: JpkiDep, staff: JlisCounter) -> IssuedCard:
    """Issue a card to a resident; the response carries the demo PINs, shown only once."""
    return jpki.issue(resident_code=body.resident_code, actor=staff.name)


@api.get("/cards/{card_id}", response_model=CardInfo, responses=error_responses(404))
def card(card_id: str, jpki: JpkiDep, _staff: JlisCounter) -> CardInfo:
    """Return a card's status, certificates and PIN counters."""
    return jpki.card(card_id=card_id)


@api.post("/cards/{card_id}/suspend", response_model=CardInfo, responses=_CARD)
def suspend(card_id: str, jpki: JpkiDep, staff: JlisCounter) -> CardInfo:
    """Suspend a card reported lost (一時停止): its certificates go on hold."""
    return jpki.suspend(card_id=card_id, actor=staff.name)


@api.post("/cards/{card_id}/resume", response_model=CardInfo, responses=_CARD)
def resume(card_id: str, jpki: JpkiDep, staff: JlisCounter) -> CardInfo:
    """Lift a suspension."""
    return jpki.resume(card_id=card_id, actor=staff.name)


@api.post("/cards/{card_id}/revoke", response_model=CardInfo, responses=_CARD)
def revoke(card_id: str, body: Revocation, jpki: JpkiDep, staff: JlisCounter) -> CardInfo:
    """Revoke a card's certificates (RFC 5280 reason)."""
    return jpki.revoke(card_id=card_id, reason=body.reason, kinds=body.kinds, actor=staff.name)


@api.post("/cards/{card_id}/reissue", response_model=IssuedCard, status_code=201, responses=_CARD)
def reissue(card_id: str, body: Reissue, jpki: JpkiDep, staff: JlisCounter) -> IssuedCard:
    """Replace a card; the old serials link to the new ones."""
    return jpki.reissue(card_id=card_id, lost=body.lost, actor=staff.name)


@api.post("/cards/{card_id}/renew", response_model=CardInfo, responses=_CARD)
def renew(card_id: str, body: Renewal, jpki: JpkiDep, staff: JlisCounter) -> CardInfo:
    """Put new key pairs and certificates on the card."""
    return jpki.renew(card_id=card_id, kinds=body.kinds, actor=staff.name)


@api.post("/cards/{card_id}/pin-reset", responses=_CARD)
def reset_pin(card_id: str, body: PinReset, jpki: JpkiDep, staff: JlisCounter) -> dict[str, str]:
    """Reset a PIN after the identity check; return the new PIN."""
    pin = jpki.reset_pin(
        card_id=card_id,
        kind=body.kind,
        resident_code=body.resident_code,
        birth_date=body.birth_date,
        new_pin=body.new_pin,
        actor=staff.name,
    )
    return {"card_id": card_id, "kind": body.kind.value, "pin": pin}


@api.post("/relying-parties", status_code=201, responses=error_responses(409))
def register_relying_party(
    body: NewRelyingParty, jpki: JpkiDep, _staff: JlisCounter
) -> dict[str, Any]:
    """Register a relying party; its bearer token is returned once."""
    token = jpki.register_relying_party(party=body.party, may_resolve=body.may_resolve)
    return {"party": body.party, "may_resolve": body.may_resolve, "token": token}


@api.post("/relying-parties/{party}/revoke", status_code=204, responses=error_responses(404))
def revoke_relying_party(party: str, jpki: JpkiDep, _staff: JlisCounter) -> None:
    """Revoke a relying party: its bearer token is refused from now on."""
    jpki.revoke_relying_party(party=party)


@api.post("/challenges", status_code=201)
def new_challenge(jpki: JpkiDep, party: PartyDep) -> dict[str, str]:
    """Issue a single-use challenge (base64) for a card to sign; it expires in minutes."""
    challenge = jpki.new_challenge(relying_party=party.party)
    return {
        "challenge": base64.b64encode(challenge.value).decode(),
        "expires_at": challenge.expires_at.isoformat(),
    }


@api.post("/authentications", response_model=AuthenticationResult, responses=error_responses(409))
def verify_authentication(
    body: Annotated[Authentication, Body()], jpki: JpkiDep, party: PartyDep
) -> AuthenticationResult:
    """Verify a card's signature over a challenge: chain, validity, revocation, freshness."""
    return jpki.verify_authentication(
        certificate=_b64(body.certificate, "certificate"),
        challenge=_b64(body.challenge, "challenge"),
        signature=_b64(body.signature, "signature"),
        relying_party=party.party,
    )


@api.get(
    "/certificates/{serial}/agency-code",
    response_model=SerialResolution,
    responses=error_responses(404, 409),
)
def resolve_serial(serial: SerialPath, jpki: JpkiDep, party: PartyDep) -> SerialResolution:
    """Resolve an auth serial to the caller's own agency code (authorised parties only)."""
    return jpki.resolve_serial(serial=serial, relying_party=party.party)


@api.get(
    "/certificates/{serial}/successors",
    response_model=list[SerialSuccession],
    responses=error_responses(404),
)
def serial_history(serial: SerialPath, jpki: JpkiDep, party: PartyDep) -> list[SerialSuccession]:
    """Return the serials that replaced this one (証明書新旧紐付け)."""
    return jpki.serial_history(serial=serial, relying_party=party.party)


@api.get(
    "/certificates/{serial}/link", response_model=CertificateLink, responses=error_responses(404)
)
def linked_certificate(serial: SerialPath, jpki: JpkiDep, party: PartyDep) -> CertificateLink:
    """Return the signing ↔ auth certificate pair of this serial's card (証明書紐付け)."""
    return jpki.linked_certificate(serial=serial, relying_party=party.party)
