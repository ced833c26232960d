"""The strategic assessment report: an Assessment (and the ranked priorities) as a Document.

``assessment_document(assessment, ranking=..., analyst=..., boundaries=...)`` composes it;
``commentary_parts(assessment, ...)`` gives the generated words to start the analyst's
commentary file with (:func:`cspkit.reports.analyst_text.sync_analyst_text`).
"""

from cspkit.reports.assessment.compose import Cover, assessment_document, commentary_parts
from cspkit.reports.assessment.inputs import TOP_PRIORITIES
from cspkit.reports.assessment.partnership_records import PartnershipRecords

__all__ = ["TOP_PRIORITIES", "Cover", "PartnershipRecords", "assessment_document", "commentary_parts"]
