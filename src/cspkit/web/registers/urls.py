from django.urls import path

from cspkit.web.registers import views

app_name = "registers"
urlpatterns = [
    path("pspos/", views.pspo_list, name="pspos"),
    path("pspos/new/", views.pspo_create, name="pspo_create"),
    path("pspos/in-force/", views.pspo_public, name="public"),
    path("pspos/<int:pk>/", views.pspo_detail, name="pspo"),
    path("pspos/<int:pk>/map.svg", views.pspo_map, name="pspo_map"),
    path("pspos/<int:pk>/add/<slug:part>/", views.pspo_add, name="pspo_add"),
    path("pspos/<int:pk>/<slug:step>/", views.pspo_step, name="pspo_step"),
    path("death-reviews/", views.review_list, name="reviews"),
    path("death-reviews/new/", views.review_create, name="review_create"),
    path("death-reviews/<int:pk>/", views.review_detail, name="review"),
    path("death-reviews/<int:pk>/step/<slug:step>/", views.review_step, name="review_step"),
    path("death-reviews/<int:pk>/add/<slug:part>/", views.review_add, name="review_add"),
    path("death-reviews/<int:pk>/pauses/<int:pause_pk>/", views.pause_end, name="pause_end"),
    path(
        "death-reviews/<int:pk>/agency-reports/<int:report_pk>/", views.agency_report_received, name="report_received"
    ),
    path("death-reviews/<int:pk>/actions/<int:action_pk>/", views.action_complete, name="action_complete"),
    path("death-reviews/<int:pk>/access/", views.review_access, name="review_access"),
    path(
        "death-reviews/<int:pk>/access/<int:user_pk>/remove/", views.review_access_remove, name="review_access_remove"
    ),
    path("statement/", views.statement, name="statement"),
]
