"""The resident registry (住民基本台帳, kept by municipalities) and J-LIS (住基ネット).

Owns residents and their four basic items (氏名 with kana, 生年月日, 性別, 住所), households
(世帯, 続柄), life events with history, the resident code (住民票コード), the individual number
(個人番号, My Number) derived from it, and the code service that derives each agency's code
(機関別符号) for a person. Other subsystems use `mynumber.registry.api` only.
"""
