app_name = "trainings_organiser"

urlpatterns: list = []
