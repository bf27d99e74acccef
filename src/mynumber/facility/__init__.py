"""Medical facilities and pharmacies (医療機関・薬局) and their reception equipment.

Owns the facilities (医療機関コード, kind, name, address), their terminals (資格確認端末) with
each terminal's Ed25519 key, and the virtual face-recognition card reader (顔認証付き
カードリーダー) that turns a patient's card, PIN or face and consent into a signed check by card.
Facilities and terminals are registered with the eligibility system as they are added. Other
subsystems use `mynumber.facility.api` only.
"""
