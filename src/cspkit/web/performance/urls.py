from django.urls import path

from cspkit.web.performance import views

app_name = "performance"
urlpatterns = [
    path("due/", views.due, name="due"),
    path("<str:quarter>/actions/<int:pk>/", views.action_update, name="action_update"),
    path("<str:quarter>/measures/<int:pk>/", views.measure_update, name="measure_update"),
    path("figures/<int:pk>/rating/", views.override, name="override"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("plans/<int:plan_pk>/", views.plan_performance, name="plan"),
    path("plans/<int:plan_pk>/rag-rule/", views.rag_rule, name="rag_rule"),
]
