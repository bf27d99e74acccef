"""The XML documents of the terminal interface (XmlMsg), as both ends write them.

Every answer is an `XmlMsg` with a `MessageHeader` and a `MessageBody`, written in UTF-8 with a
declaration. The server answers request files with it (`transports.xml_codec`); a terminal's
folder interface writes the same document when it cannot get an answer at all (its own TRM codes),
so clinic software reads one shape either way.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from mynumber.kernel.dates import compact_moment

__all__ = ["ROOT", "XmlHeader", "add_element", "error_xml", "message_header", "xml_document"]

ROOT = "XmlMsg"


@dataclass(frozen=True)
class XmlHeader:
    """The request's MessageHeader, echoed in the answer."""

    confirmation_date: str = ""
    facility_code: str = ""
    file_identifier: str = ""


def add_element(parent: ET.Element, name: str, value: str | None = "") -> ET.Element:
    """Append an element with this text (an empty value makes an empty element)."""
    element = ET.SubElement(parent, name)
    element.text = value or None
    return element


def message_header(
    root: ET.Element, header: XmlHeader, *, now: dt.datetime, segment: str, code: str, message: str
) -> None:
    """Append the answer's MessageHeader: the request's header echoed, and the outcome."""
    element = ET.SubElement(root, "MessageHeader")
    add_element(element, "ProcessExecutionTime", compact_moment(now))
    add_element(element, "QualificationConfirmationDate", header.confirmation_date)
    add_element(element, "MedicalInstitutionCode", header.facility_code)
    add_element(element, "ArbitraryFileIdentifier", header.file_identifier)
    add_element(element, "ReferenceClassification", "2")
    add_element(element, "SegmentOfResult", segment)
    add_element(element, "ErrorCode", code)
    add_element(element, "ErrorMessage", message)
    add_element(element, "CharacterCodeIdentifier", "0")  # 0 UTF-8


def xml_document(root: ET.Element) -> bytes:
    """Return the document as the interface writes it: indented UTF-8 with a declaration."""
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def error_xml(
    code: str, message: str, *, now: dt.datetime, header: XmlHeader | None = None
) -> bytes:
    """Return an answer that refuses the whole file (SegmentOfResult 9, no body)."""
    root = ET.Element(ROOT)
    message_header(root, header or XmlHeader(), now=now, segment="9", code=code, message=message)
    ET.SubElement(root, "MessageBody")
    return xml_document(root)
