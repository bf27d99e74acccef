"""ハローワーク (公共職業安定所, run by 厚生労働省): employment insurance (雇用保険).

It keeps a 雇用保険被保険者番号 per person with the My Number beside it, the spells of
coverage employers notify (資格取得届・資格喪失届), and the 基本手当 it decides for people
between jobs. It provides 雇用保険給付関係情報 to other agencies. Schema `employment`.
"""
