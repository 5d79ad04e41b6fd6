import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from assessment import permissions
from assessment.models import Economy

# (username, economy code): a focal point for the economy of the illustrative assessment and one for another.
DEMO_USERS = [("focal.ct", "CT"), ("focal.sgp", "SGP")]
DEMO_REVIEWER = "reviewer"


def demo_address(username: str) -> str:
    """An address of the reserved example.org domain: focal.ct → focal.ct@example.org."""
    return f"{username}@example.org"


class Command(BaseCommand):
    help = "Create (or reset) the demo focal points and reviewer and print their credentials. For local use only."

    def handle(self, *args, **options):
        User = get_user_model()
        reviewer, _created = User.objects.get_or_create(username=DEMO_REVIEWER)
        password = secrets.token_urlsafe(9)
        reviewer.set_password(password)
        reviewer.email = demo_address(DEMO_REVIEWER)
        reviewer.save()
        reviewer.groups.add(permissions.reviewers_group())
        self.stdout.write(f"  demo reviewer (programme secretariat): user {DEMO_REVIEWER}  password {password}")
        for username, code in DEMO_USERS:
            economy = Economy.objects.filter(code=code).first()
            if economy is None:
                raise CommandError(f"economy {code} is missing; run load_framework first")
            user, _created = User.objects.get_or_create(username=username)
            # A fresh random password each run: no credential is ever committed.
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.email = demo_address(username)  # so that the demo's workflow e-mails are sent (and printed)
            user.save()
            economy.members.add(user)
            self.stdout.write(f"  demo focal point for {economy.name}: user {username}  password {password}")
