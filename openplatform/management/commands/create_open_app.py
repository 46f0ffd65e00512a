import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from openplatform import services


class Command(BaseCommand):
    help = "Register an open platform app; prints one JSON line with its client_id and secret."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--redirect-uri", required=True)

    def handle(self, *args, name, redirect_uri, **options):
        try:
            app = services.create_app(name=name, redirect_uri=redirect_uri)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            json.dumps({"client_id": app.client_id, "client_secret": app.client_secret})
        )
