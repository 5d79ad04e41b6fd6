from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("assessments/start/", views.start_assessment, name="start_assessment"),
    path("assessments/<int:pk>/", views.profile, name="profile"),
    path("assessments/<int:pk>/areas/<str:area_code>/", views.questionnaire, name="questionnaire"),
    path("assessments/<int:pk>/review/", views.review, name="review"),
    path("methodology/", views.methodology, name="methodology"),
    path("api/assessments/<int:pk>/profile.json", views.api_profile, name="api_profile"),
]
