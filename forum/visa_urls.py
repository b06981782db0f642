app_name = "forum_visa"

urlpatterns: list = []
