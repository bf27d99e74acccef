"""The public certification service (公的個人認証サービス, JPKI) run by J-LIS, and the My Number
card (マイナンバーカード) it issues certificates onto.

Owns cards and their sealed state, the CA hierarchy of this instance, the signing (署名用) and
user-authentication (利用者証明用) certificates, revocation (CRL/OCSP), the old→new serial history
and the signing↔auth certificate link. Other subsystems use `mynumber.jpki.api` only.
"""
