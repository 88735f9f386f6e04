"""The paper side of the door: archived visit forms, badges, lists and reports as PDFs.

Every document is drawn with ReportLab in the bundled Noto Sans, in the language asked for
(Bahasa Indonesia unless English is requested), from plain records the services hand out.
"""
