"""The お知らせ message every agency sends to マイナポータル (the portal's inbox takes it).

It lives in the kernel, not in the portal's `data`, because the portal reads from some of its
senders (J-LIS, the municipality): a sender importing the portal's module would make their
packages import each other. The portal's `data` re-exports both names.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["NOTICES", "NoticeMessage"]

NOTICES = "portal.notices"  # the topic agencies send お知らせ on


class NoticeMessage(BaseModel):
    """An お知らせ an agency pushes to a person, addressed by the agency's own 符号 for them:
    the portal finds the person through the network's record of 符号, never a My Number."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    agency: str = Field(max_length=40, description="the sender's agency id on the network")
    code: str = Field(max_length=43, repr=False, description="the sender's 符号 for the person")
    sender: str = Field(max_length=100, description="the sender's name, as the person reads it")
    kind: str = Field(max_length=40, description="e.g. certificate_issued")
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=2000)
