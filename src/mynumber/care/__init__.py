"""介護情報基盤 (the care information platform), built and run by 国保中央会 for the
municipalities as 介護保険者 (保険者: 市町村).

It keeps each 介護保険被保険者 under a 被保険者番号 with the My Number beside it (the seeds: care
data is already linked to the My Number in the municipalities' and 国保中央会's systems, S0
L258-260), the 要介護認定 with its 認定調査票 and 主治医意見書, ケアプラン, monthly 給付実績, the
負担割合証 and the 負担限度額認定証. Providers (介護事業所, 居宅介護支援事業所 and 医療機関) see a
person's data by the rules of the 2025 working group, and every view or refusal is written to the
person's hash-chained access log. A card needs no 利用登録 here (S0 L388-400): J-LIS resolves the
certificate's serial to the person. Schema `care`.
"""
