"""電子カルテ情報共有サービス: storing the JP-CLINS Bundles facilities send and showing them.

A facility uploads a Bundle (the 6情報 as `collection`, the 3文書 as `document`); it is
checked with `health.ehr.validate_bundle` and stored under its bundle identifier, each
re-sending a new version that replaces the last. Other facilities see it with the patient's
consent to show 診療情報 at their reader; the person's insurer sees the 健診結果報告書.
"""
