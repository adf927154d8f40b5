"""Claims of the test provider's people: standard profile claims, groups and department."""

from oidc_provider.lib.claims import ScopeClaims

from tests.oidc_provider.people import PEOPLE


def userinfo(claims, user):
    person = PEOPLE[user.username]
    claims.update(
        preferred_username=user.username,
        name=f"{person['given_name']} {person['family_name']}",
        given_name=person["given_name"],
        family_name=person["family_name"],
        email=person["email"],
        email_verified=True,
    )
    return claims


class MunicipalClaims(ScopeClaims):
    """The scope `groups`: the person's groups and department, as Entra ID can send them."""

    info_groups = ("Groups", "Your groups and department.")

    def scope_groups(self):
        person = PEOPLE[self.user.username]
        claims = {"groups": person["groups"]}
        if person.get("department"):
            claims["department"] = person["department"]
        return claims
