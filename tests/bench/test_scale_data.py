"""The scale-data generator (bench/) builds a large site quickly and reuses it on a rerun."""

import pytest
from wagtail.models import Page

from bench.scale_data import SHARED_FILE_NAME, main
from keydocs.models import KeyDocument


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_generates_pages_and_documents_then_reuses_them(seeded_site, anonymous, media, capsys):
    main(["--pages=250", "--documents=1200"])
    scale_root = Page.objects.get(slug="scale-data")
    assert scale_root.get_descendants().count() == 250
    assert KeyDocument.objects.filter(collection__name="Scale data").count() == 1200
    assert KeyDocument.objects.filter(file=SHARED_FILE_NAME).count() == 1200
    assert len(list((media / "documents").iterdir())) == 1

    main(["--pages=250", "--documents=1200"])
    assert "added 0 pages and 0 documents" in capsys.readouterr().out
    assert scale_root.get_descendants().count() == 250

    main(["--pages=300", "--documents=1300"])
    assert scale_root.get_descendants().count() == 300
    assert KeyDocument.objects.count() == 1300
    paths = Page.objects.filter(path__startswith=scale_root.path).values_list("path", flat=True)
    assert len(set(paths)) == len(paths)
    Page.fix_tree(fix_paths=False)  # treebeard agrees the bulk-inserted tree is consistent
    assert Page.find_problems() == ([], [], [], [], [])

    page = anonymous.get("/scale-data/section-4/page-49/")
    assert page.status_code == 200
    document = KeyDocument.objects.filter(collection__name="Scale data").last()
    download = anonymous.get(document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_large_document_is_streamed(seeded_site, anonymous, media):
    main(["--pages=1", "--documents=0", "--large-document-mb=3"])
    document = KeyDocument.objects.get(title="Large download (3 MB)")
    response = anonymous.get(document.url)
    assert response.status_code == 200
    assert response.streaming
    assert sum(len(chunk) for chunk in response.streaming_content) == 3 * 1024 * 1024


@pytest.mark.django_db
def test_rejects_nonsense_counts(seeded_site, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--pages=0", "--documents=10"])
    assert exit_info.value.code == 2
    assert "--pages must be at least 1" in capsys.readouterr().err
