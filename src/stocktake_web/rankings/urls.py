from django.urls import URLPattern, URLResolver

app_name = "rankings"

urlpatterns: list[URLPattern | URLResolver] = []
