app_name = "certificates_organiser"

urlpatterns: list = []
