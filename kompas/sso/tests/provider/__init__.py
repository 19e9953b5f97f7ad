"""A real OpenID Connect provider (django-oidc-provider) for the tests, run in its own process on
loopback by `serve.py`: Kompas talks to it over HTTP as it would to Entra ID.

Its sign-in page takes a user name and, for the tests, claims to add to or change in that
user's id tokens (``claims``, JSON): an expired ``exp``, another ``aud`` or ``iss``, a ``nonce``
of another sign-in, ``groups`` and ``amr``. The token is then signed by the provider's own key,
as a provider that answers wrong would sign it."""
