app_name = "forum_programme_organiser"

urlpatterns: list = []
