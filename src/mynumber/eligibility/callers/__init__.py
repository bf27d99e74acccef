"""Who may call the eligibility system: registered facilities (`facilities`), their terminals and
keys (`terminals`), the requests a terminal signs (`signed_requests`), the reader results it
vouches for a card's holder with (`readers`), and a per-process cache of who is registered
(`cache`)."""
