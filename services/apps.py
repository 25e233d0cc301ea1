from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("E-services")

    def ready(self):
        from services import personal_data, receivers

        receivers.connect()
        personal_data.register()
