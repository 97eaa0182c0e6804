app_name = "concept"
urlpatterns: list = []
