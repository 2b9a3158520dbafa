"""/api/docs/: the endpoints read from the schema, on a page that loads nothing from elsewhere."""

from __future__ import annotations

import re

import pytest
import yaml

pytestmark = pytest.mark.django_db

URL = "/api/docs/"


class DocsPageTests:
    def test_lists_every_operation_of_the_schema(self, anonymous):
        response = anonymous.get(URL)
        assert response.status_code == 200
        page = response.content.decode()
        schema = yaml.safe_load(anonymous.get("/api/schema/").content)
        for path, item in schema["paths"].items():
            assert f"<code>{path}</code>" in page
            for method in item:
                if method in ("get", "post", "patch"):
                    anchor = f"{method}{path}".replace("/", "-").strip("-")
                    assert f'id="{anchor}"' in page

    def test_shows_parameters_bodies_and_answers(self, anonymous):
        page = anonymous.get(URL).content.decode()
        assert "<code>registered_from (query)</code>" in page
        assert "<code>version</code> (" in page  # the PATCH bodies' required version
        assert "401, 403" in page

    def test_loads_no_script_or_style_from_another_host(self, anonymous):
        page = anonymous.get(URL).content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert sources
        assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]

    def test_follows_the_requests_language(self, anonymous):
        english = anonymous.get(URL, HTTP_ACCEPT_LANGUAGE="en")
        assert '<html lang="en">' in english.content.decode()
        assert "<h2>Endpoints</h2>" in english.content.decode()
        kazakh = anonymous.get(URL)
        assert '<html lang="kk">' in kazakh.content.decode()
