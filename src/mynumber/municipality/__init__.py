"""The municipality (市区町村) as administration (税務・福祉), apart from the resident registry.

Each municipality keeps a 宛名 system: a 団体内統合宛名番号 per person with the My Number beside
it, taken in from the registry; incomes per year and the 個人住民税 assessed from them; 児童手当
decisions per household and 保育料 per child. It provides 地方税関係情報 to other agencies (as
副本 on the 中間サーバー, registered by the composition root). Schema `municipality`.
"""
