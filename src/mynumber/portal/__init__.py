"""マイナポータル (legally 情報提供等記録開示システム), the person's own window on the system.

It keeps no copy of agency data: it gathers, through the other organisations' public apis, what
is recorded about a person (やりとり履歴) and checks each chain as it shows it; it owns only the
JPKI logins (one-time codes, sessions) and its own record of them.
"""
