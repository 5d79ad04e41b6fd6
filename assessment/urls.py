from django.urls import path, re_path

from .views import api_docs as api_docs_views
from .views import compare as compare_views
from .views import health as health_views
from .views import print as print_views
from .views import profile as profile_views
from .views import programme as programme_views
from .views import questionnaire as questionnaire_views
from .views import roadmap as roadmap_views
from .views import workbook as workbook_views
from .views import workflow as workflow_views

urlpatterns = [
    path("", questionnaire_views.home, name="home"),
    path("healthz", health_views.healthz, name="healthz"),
    path("assessments/start/", questionnaire_views.start_assessment, name="start_assessment"),
    path("assessments/<int:pk>/", profile_views.profile, name="profile"),
    path("assessments/<int:pk>/areas/<str:area_code>/", questionnaire_views.questionnaire, name="questionnaire"),
    path("assessments/<int:pk>/review/", questionnaire_views.review, name="review"),
    path("assessments/<int:pk>/submit/", workflow_views.submit, name="submit"),
    path("assessments/<int:pk>/decision/", workflow_views.decide, name="decide"),
    path("assessments/<int:pk>/decision/publish/", workflow_views.publish, name="publish"),
    path("assessments/<int:pk>/correction/", workflow_views.correct, name="correct"),
    path(
        "assessments/<int:pk>/comments/<int:comment_id>/addressed/",
        workflow_views.comment_addressed,
        name="comment_addressed",
    ),
    path(
        "assessments/<int:pk>/comments/<int:comment_id>/reopen/",
        workflow_views.comment_reopen,
        name="comment_reopen",
    ),
    path("assessments/<int:pk>/history/", workflow_views.assessment_history, name="history"),
    path("assessments/<int:pk>/summary/", print_views.summary, name="summary"),
    path("assessments/<int:pk>/summary.pdf", print_views.summary_pdf, name="summary_pdf"),
    path("assessments/<int:pk>/workbook.xlsx", workbook_views.workbook_download, name="workbook_download"),
    path("assessments/<int:pk>/workbook/", workbook_views.workbook_upload, name="workbook_upload"),
    path("assessments/<int:pk>/workbook/apply/", workbook_views.workbook_apply, name="workbook_apply"),
    path("assessments/<int:pk>/targets/", roadmap_views.targets, name="targets"),
    path("assessments/<int:pk>/roadmap/", roadmap_views.roadmap, name="roadmap"),
    path("assessments/<int:pk>/roadmap/print/", roadmap_views.roadmap_print, name="roadmap_print"),
    path("assessments/<int:pk>/roadmap.pdf", roadmap_views.roadmap_pdf, name="roadmap_pdf"),
    path("assessments/<int:pk>/roadmap.xlsx", roadmap_views.roadmap_xlsx, name="roadmap_xlsx"),
    path("methodology/", profile_views.methodology, name="methodology"),
    path("compare/", compare_views.compare, name="compare"),
    path("compare/summary/", compare_views.comparison_summary, name="comparison_summary"),
    path("compare/summary.pdf", compare_views.comparison_pdf, name="comparison_pdf"),
    re_path(r"^compare\.(?P<extension>csv|xlsx)$", compare_views.compare_export, name="compare_export"),
    re_path(r"^answers\.(?P<extension>csv|xlsx)$", compare_views.answers_export, name="answers_export"),
    path("api/compare.json", compare_views.compare_json, name="compare_json"),
    path("economies/<str:code>/", compare_views.economy_trend, name="economy"),
    path("api/assessments/<int:pk>/profile.json", profile_views.api_profile, name="api_profile"),
    path("api/assessments/<int:pk>/history.json", workflow_views.api_history, name="api_history"),
    path("api/assessments/<int:pk>/roadmap.json", roadmap_views.api_roadmap, name="api_roadmap"),
    path("api/openapi.json", api_docs_views.openapi, name="api_openapi"),
    # programme cycles (issue 25)
    path("cycles/", programme_views.cycles, name="cycles"),
    path("cycles/<int:year>/", programme_views.dashboard, name="cycle_dashboard"),
    re_path(
        r"^cycles/(?P<year>[0-9]{4})/status\.(?P<extension>csv|xlsx)$",
        programme_views.dashboard_export,
        name="cycle_export",
    ),
    path("cycles/<int:year>/remind/", programme_views.remind_now, name="cycle_remind"),
    path("cycles/<int:year>/assign/", programme_views.assign_reviewer, name="cycle_assign"),
    path("cycles/<int:year>/<str:action>/", programme_views.cycle_action, name="cycle_action"),
    path("api/cycles/<int:year>/status.json", programme_views.api_status, name="api_cycle_status"),
]
