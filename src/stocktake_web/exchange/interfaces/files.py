"""The exchange's files as bytes with their names: a department's questionnaire and the round's
answers in the KoboToolbox and ODK layout. The pages and the API hand out the same files."""

from __future__ import annotations

from io import BytesIO

from stocktake.io.form_layout import form_layout_sheet
from stocktake.io.questionnaire import write_questionnaire
from stocktake.io.spreadsheets import write_csv, write_xlsx
from stocktake_web.assessments.domain.results import core_answers
from stocktake_web.assessments.models import Round
from stocktake_web.dashboards.interfaces.exports import ExportFile, document_title, file_stem
from stocktake_web.exchange.domain.questionnaires import department_questionnaire
from stocktake_web.network.models import Department

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def questionnaire_file(
    *, round: Round, department: Department, lang: str, filled: bool
) -> ExportFile:
    """The department's questionnaire, blank or with its answers, its texts in ``lang``."""
    questionnaire = department_questionnaire(
        round=round, department=department, lang=lang, filled=filled
    )
    workbook = BytesIO()
    write_questionnaire(questionnaire, workbook)
    training = "-training" if round.is_training else ""
    name = f"{round.city.slug}-{round.pk}{training}-{department.slug}-questionnaire.xlsx"
    return ExportFile(name=name, content_type=XLSX_TYPE, content=workbook.getvalue())


def form_layout_file(*, round: Round, kind: str, labels: bool, lang: str) -> ExportFile:
    """The round's answers, a row per department and a column per question (CSV or XLSX)."""
    sheet = form_layout_sheet(core_answers(round), round.framework.load(), labels=labels, lang=lang)
    out = BytesIO()
    if kind == "csv":
        write_csv(out, sheet.header, sheet.rows)
    else:
        write_xlsx(out, [sheet], title=document_title(round))
    name = f"{file_stem(round)}-answers-by-department.{kind}"
    return ExportFile(
        name=name, content_type=XLSX_TYPE if kind == "xlsx" else CSV_TYPE, content=out.getvalue()
    )
