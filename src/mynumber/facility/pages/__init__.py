"""The reception page (受付画面) of a facility's 資格確認端末, at `/reception`.

- `routes`: the page and its checks (by card, by the numbers on a 資格確認書, medical views).
- `batch_routes`: 一括照会 from the page (CSV upload, progress, answers).
- `desk`: what every handler needs: the terminal and facility served, the receptionist's login,
  rendering of the page and its fragments.
- `answer_views`, `batch_views`: answers and batches in the words staff read.
- `forms`: what staff type, made regular.

The templates and the vendored htmx are in the facility package's `templates/` and `static/`.
"""
