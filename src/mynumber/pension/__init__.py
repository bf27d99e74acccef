"""日本年金機構 (the Japan Pension Service): the national pension's records and payments.

It keeps a 基礎年金番号 per person with the My Number beside it, the history of their
被保険者種別 (第1号・第2号・第3号), the 老齢基礎年金 (and a simplified 老齢厚生年金) it awards
at 65 and the payments it makes in even months. It provides 年金給付関係情報 to other agencies
and decides the 年金生活者支援給付金 on income data obtained from municipalities. Schema
`pension`.
"""
