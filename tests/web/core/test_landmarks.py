"""Back links sit inside the main landmark, so no content is outside one (axe-core's "region" rule
failed on every form and detail page when they sat between the header and <main>)."""

from __future__ import annotations

import pytest
from django.urls import reverse


def _inside_main(page: str, marker: str) -> bool:
    start, end = page.index('<main class="govuk-main-wrapper"'), page.index("</main>")
    return start < page.index(marker) < end


@pytest.mark.django_db
@pytest.mark.parametrize("page_name", ["plan:edit", "performance:plan"])  # a form page, a detail page
def test_the_back_link_is_inside_main(demo, sign_in, page_name: str) -> None:
    page = sign_in("coordinator").get(reverse(page_name, args=[demo.plan.pk])).content.decode()
    assert 'class="govuk-back-link"' in page
    assert _inside_main(page, 'class="govuk-back-link"')
