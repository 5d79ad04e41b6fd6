from django.urls import path, re_path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("assessments/start/", views.start_assessment, name="start_assessment"),
    path("assessments/<int:pk>/", views.profile, name="profile"),
    path("assessments/<int:pk>/areas/<str:area_code>/", views.questionnaire, name="questionnaire"),
    path("assessments/<int:pk>/review/", views.review, name="review"),
    path("assessments/<int:pk>/submit/", views.submit, name="submit"),
    path("assessments/<int:pk>/decision/", views.decide, name="decide"),
    path("assessments/<int:pk>/correction/", views.correct, name="correct"),
    path(
        "assessments/<int:pk>/comments/<int:comment_id>/addressed/", views.comment_addressed, name="comment_addressed"
    ),
    path("assessments/<int:pk>/history/", views.assessment_history, name="history"),
    path("assessments/<int:pk>/summary/", views.summary, name="summary"),
    path("assessments/<int:pk>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("assessments/<int:pk>/workbook.xlsx", views.workbook_download, name="workbook_download"),
    path("assessments/<int:pk>/workbook/", views.workbook_upload, name="workbook_upload"),
    path("assessments/<int:pk>/workbook/apply/", views.workbook_apply, name="workbook_apply"),
    path("methodology/", views.methodology, name="methodology"),
    path("compare/", views.compare, name="compare"),
    path("compare/summary/", views.comparison_summary, name="comparison_summary"),
    path("compare/summary.pdf", views.comparison_pdf, name="comparison_pdf"),
    re_path(r"^compare\.(?P<extension>csv|xlsx)$", views.compare_export, name="compare_export"),
    re_path(r"^answers\.(?P<extension>csv|xlsx)$", views.answers_export, name="answers_export"),
    path("api/compare.json", views.compare_json, name="compare_json"),
    path("economies/<str:code>/", views.economy_trend, name="economy"),
    path("api/assessments/<int:pk>/profile.json", views.api_profile, name="api_profile"),
    path("api/assessments/<int:pk>/history.json", views.api_history, name="api_history"),
    path("api/openapi.json", views.openapi, name="api_openapi"),
]
