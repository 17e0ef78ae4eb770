from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "stocktake_web.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge catalogue")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from stocktake_web.knowledge.domain.files import forget_deleted_file
        from stocktake_web.knowledge.models import Resource

        post_delete.connect(forget_deleted_file, sender=Resource, dispatch_uid="resource-file")
