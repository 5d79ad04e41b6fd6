"""Remind the focal points of economies that have not submitted, for cron: safe to run every hour.

Each open cycle's reminder of the day (14 and 3 days before the due date, then weekly once overdue)
goes once to each economy that has not handed in; a second run the same day sends nothing."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessment.models import Cycle
from assessment.programme import services


class Command(BaseCommand):
    help = "Send the reminders due today for every open cycle (each once per economy and step)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD), to test or catch up.")

    def handle(self, *args, **options):
        now = timezone.now()
        if options["today"]:
            try:
                day = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today takes a date as YYYY-MM-DD") from None
            now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        total = 0
        for cycle in Cycle.objects.filter(status=Cycle.Status.OPEN).order_by("year"):
            sent = services.remind(cycle=cycle, now=now)
            total += len(sent)
            for reminder in sent:
                self.stdout.write(f"{cycle.year} {reminder.economy.code}: {reminder.step}")
        self.stdout.write(f"{total} reminder(s) sent.")
