app_name = "forum_organiser"

urlpatterns: list = []
