from django.urls import path, re_path

from aids.recipients import KEY

from .views import (
    add_attachment,
    attachment,
    detail,
    index,
    new_for_holding,
    new_for_line,
    recipient_work_orders,
)

# Mounted at /arbetsorder/. URLs carry opaque ids and a recipient's key,
# never a personnummer.
urlpatterns = [
    path("", index, name="workorder_index"),
    path("<uuid:work_order_id>/", detail, name="workorder_detail"),
    path(
        "<uuid:work_order_id>/bilagor/", add_attachment, name="workorder_add_attachment"
    ),
    path("bilaga/<uuid:attachment_id>/", attachment, name="workorder_attachment"),
    path(
        "ny/kundorder/<uuid:order_id>/rad/<int:line_id>/",
        new_for_line,
        name="workorder_new_for_line",
    ),
    re_path(
        rf"^ny/{KEY}/innehav/(?P<holding_id>\d+)/$",
        new_for_holding,
        name="workorder_new_for_holding",
    ),
    re_path(rf"^mottagare/{KEY}/$", recipient_work_orders, name="recipient_workorders"),
]
