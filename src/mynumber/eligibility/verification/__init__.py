"""Verification (資格確認): the answer a facility gets about a patient's coverage on a visit date,
by number (`by_number`), by card once J-LIS has named the holder (`by_card`), or by the four items
in disaster mode (`disaster_search`); every answer has the interface's shape (`answers`)."""
