app_name = "forum_programme"

urlpatterns: list = []
