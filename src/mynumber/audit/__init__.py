"""The audit (監査): the role of 個人情報保護委員会 (the Personal Information Protection
Commission), the 総点検本部 and independent auditors.

It reads the other organisations only through their apis or their published exports, never their
tables, and it never changes what it audits. It owns no tables yet. What it checks so far: that
every hash-chained log of every organisation is intact (`mynumber audit logs`), naming each record
edited, deleted, reordered or cut off; and that every link an agency holds between its record and
a My Number is to the right person (`mynumber audit links`, the 紐付け総点検: docs/audit.md).
"""
