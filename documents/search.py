"""Searching documents by subject and correspondent.

PostgreSQL: full text over ``subject || ' ' || correspondent_names`` with the ``simple`` configuration (no
Bulgarian stemmer ships with PostgreSQL) and prefix matching per word, served by the GIN expression index
``documents_document_fts`` (migration 0002). The expression below must stay identical to the index.
SQLite: ``icontains`` on both fields (with Cyrillic case variants).
A query that looks like a registration number matches it exactly.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

WORD = re.compile(r"\w+", re.UNICODE)
NUMBER = re.compile(r"^\S*\d+/\d{2}\.\d{2}\.\d{4}$")


def fts_vector():
    return SearchVector("subject", "correspondent_names", config="simple")


def search_documents(queryset, query: str):
    query = (query or "").strip()
    if not query:
        return queryset
    if NUMBER.match(query):
        return queryset.filter(formatted_number=query)
    words = WORD.findall(query)[:8]
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        raw = " & ".join(f"{w}:*" for w in words)
        return queryset.annotate(_fts=fts_vector()).filter(
            _fts=SearchQuery(raw, config="simple", search_type="raw")
        )
    for word in words:
        # SQLite's LIKE folds ASCII case only: try the usual Cyrillic spellings as well.
        q = Q()
        for variant in {word, word.lower(), word.upper(), word.capitalize()}:
            q |= Q(subject__icontains=variant) | Q(correspondent_names__icontains=variant)
        queryset = queryset.filter(q)
    return queryset
