from . import coding_views

app_name = "invoicing"

# Each views module lists its own paths.
urlpatterns = [
    *coding_views.urlpatterns,
]
