from django.urls import URLPattern, URLResolver

app_name = "peers"

urlpatterns: list[URLPattern | URLResolver] = []
