"""Health insurers (医療保険者): 協会けんぽ, 健康保険組合, 共済組合, 市町村国保, 国保組合 and
後期高齢者医療広域連合.

Owns insurers, their members and dependants, insured numbers (記号・番号・枝番), contribution
ratios (負担割合), limit classifications (限度額区分) and issued 資格確認書. Enrolment takes the
My Number, which the insurer's gateway exchanges for the eligibility system's agency code at
once; the number itself is not stored. Other subsystems use `mynumber.insurers.api` only.
"""
