"""A real OpenID Connect provider (django-oidc-provider) for the sign-in tests.

It is its own small Django project with its own SQLite database, started in a
subprocess by the `oidc_provider` fixture (tests/plans/test_oidc_sign_in.py), so the
app signs in against a provider over HTTP exactly as against the municipality's.
"""
