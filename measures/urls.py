"""The measures app's URLs: one list per sub-domain, all under the "measures" namespace."""

from measures.followup.urls import urlpatterns as followup_urls
from measures.notifications.urls import urlpatterns as notification_urls
from measures.planning.urls import urlpatterns as planning_urls
from measures.register.urls import urlpatterns as register_urls
from measures.reports.urls import urlpatterns as report_urls

app_name = "measures"

urlpatterns = register_urls + followup_urls + report_urls + notification_urls + planning_urls
