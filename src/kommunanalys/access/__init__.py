"""Who may do what: roles, local accounts with argon2 hashes, server-side sessions, audit.

* :mod:`.roles` — the roles and the object-level checks every route uses
* :mod:`.accounts` — users, passwords, login throttling and sessions
* :mod:`.audit` — the append-only audit trail
"""
