"""The information-provision network (情報提供ネットワークシステム, run by デジタル庁).

It keeps the registry of connected agencies, issues each agency its 符号 for a person (情報提供用
個人識別符号, 番号法第21条の2) and translates between agencies' 符号 (符号管理), holds the legal
table of who may ask whom for what (番号法第19条第8号 and the 主務省令), brokers queries to the
providers' intermediate servers, keeps its own 情報提供等記録 (第23条第3項) and counts usage.
It owns schema `network`, which holds neither a My Number nor a resident code.
"""
