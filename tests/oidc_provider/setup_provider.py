"""Prepare the test provider's database: tables, signing key, people, the app as a client.

python -m tests.oidc_provider.setup_provider <client id> <client secret> <redirect uri> \
    <post-logout redirect uri>
"""

import sys

import django


def main(client_id: str, client_secret: str, redirect_uri: str, after_logout_uri: str) -> None:
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    from tests.oidc_provider.people import PASSWORD, PEOPLE

    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    for username, person in PEOPLE.items():
        User.objects.create_user(username, email=person["email"], password=PASSWORD)
    client = Client.objects.create(
        name="Bodø bolig",
        client_type="confidential",
        client_id=client_id,
        client_secret=client_secret,
        jwt_alg="RS256",
        require_consent=False,
        redirect_uris=[redirect_uri],
        post_logout_redirect_uris=[after_logout_uri],
        scope=["openid", "email", "profile", "groups"],
    )
    client.response_types.add(ResponseType.objects.get(value="code"))


if __name__ == "__main__":
    main(*sys.argv[1:5])
