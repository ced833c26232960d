from django.urls import path

from cspkit.web.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("new/", views.review_create, name="create"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/meetings/new/", views.add_meeting, name="meeting"),
    path("<int:pk>/recommendations/new/", views.add_recommendation, name="recommendation"),
    path("<int:pk>/appeals/new/", views.add_appeal, name="appeal"),
    path("<int:pk>/appeals/<int:appeal_pk>/", views.decide_appeal, name="decide_appeal"),
]
