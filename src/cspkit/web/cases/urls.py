from django.urls import path

from cspkit.web.cases import export_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:task_pk>/done/", views.task_done, name="task_done"),
    path("audit/", views.audit_review, name="audit"),
    path("partnerships/<int:partnership_pk>/counts.csv", export_views.counts_csv_download, name="counts_csv"),
    path("people/<int:person_pk>/", views.person_detail, name="person"),
    path("people/<int:person_pk>/subject-access/", views.subject_access, name="subject_access"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/notes/new/", views.add_note, name="note"),
    path("<int:pk>/incidents/new/", views.add_incident, name="incident"),
    path("<int:pk>/people/new/", views.add_person, name="add_person"),
    path("<int:pk>/risk/new/", views.assess_risk, name="risk"),
    path("<int:pk>/interventions/new/", views.add_intervention, name="intervention"),
    path("<int:pk>/interventions/<int:intervention_pk>/breach/", views.add_breach, name="breach"),
    path("<int:pk>/tasks/new/", views.add_task, name="task"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/consent/", views.record_consent, name="consent"),
    path("<int:pk>/lock/", views.lock, name="lock"),
    path("<int:pk>/unlock/", views.unlock, name="unlock"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/access/", views.request_access, name="request_access"),
    path("<int:pk>/access/<int:request_pk>/", views.decide_access, name="decide_access"),
]
