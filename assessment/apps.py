from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessment"
    verbose_name = _("Customs digitalization assessment")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from . import accounts, checks, drawings, page_cache  # noqa: F401 (checks registers itself)
        from .answers.workflow import publication_changed
        from .models import Area, BestPractice, Economy, Framework, Indicator, WeightProfile

        # Cached pages and framework content show these; bulk loaders call forget_all themselves.
        for model in (Framework, Area, Indicator, BestPractice, Economy, WeightProfile):
            post_save.connect(page_cache.forget_all_on_commit, sender=model, dispatch_uid=f"forget-{model.__name__}")
            post_delete.connect(
                page_cache.forget_all_on_commit, sender=model, dispatch_uid=f"forget-d-{model.__name__}"
            )
        user_locked_out.connect(accounts.notify_holder_of_lock, dispatch_uid="lock-notice")
        user_logged_in.connect(accounts.remember_menu, dispatch_uid="remember-menu")
        # Drawn ahead by the task worker: what became public, and everything after a content change.
        publication_changed.connect(drawings.after_publication, dispatch_uid="draw-after-publication")
        for model in (Framework, WeightProfile):
            post_save.connect(drawings.after_content_change, sender=model, dispatch_uid=f"draw-{model.__name__}")
            post_delete.connect(drawings.after_content_change, sender=model, dispatch_uid=f"draw-d-{model.__name__}")
