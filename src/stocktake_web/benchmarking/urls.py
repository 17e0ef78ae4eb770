from django.urls import URLPattern, URLResolver

app_name = "benchmarking"

urlpatterns: list[URLPattern | URLResolver] = []
