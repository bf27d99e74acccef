"""全国医療情報プラットフォーム (the national medical information platform), run by 支払基金 and
国保中央会 on the network of online eligibility checks: its 電子処方箋管理サービス (electronic
prescriptions, `prescriptions/`) owns the prescriptions, dispensing results and the person's
access log in the schema `health`."""
