"""Front matter every test page carries: review dates inside any day the suite runs on, so a
test page never draws the "no review date" or "due for review" warning by accident."""

DATES = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"
