"""The intermediate server platform (中間サーバー・プラットフォーム): each agency's own partition.

J-LIS runs the platform for municipalities; other agencies run their own servers, modelled here as
one platform with one partition per agency (⚠). A partition holds the agency's 宛名番号 ⇔ 符号
links (符号管理 on the agency side), the copies (副本) of the data it may provide, answered to the
network, and the agency's own 情報提供等記録 (TKM), hash-chained per 符号. It owns schema
`intermediate`, and never sees a My Number or a resident code.
"""
