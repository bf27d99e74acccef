"""自己情報取得API: OAuth 2.0 (authorisation code with PKCE, on Authlib) through which a third
party the operator registered reads a person's data with their consent, each read in the
person's やりとり履歴."""
