"""`corpuskit publish`: everything up to the Hub calls, with HfApi replaced by a recorder (no network here)."""

from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

import pytest

from corpuskit.cli import main
from corpuskit.publish import PublishError, publish_version


def fake_api(tags: list[str] = ()) -> mock.MagicMock:
    api = mock.MagicMock(name="HfApi()")
    api.list_repo_refs.return_value = SimpleNamespace(tags=[SimpleNamespace(name=t) for t in tags])
    api.upload_folder.return_value = SimpleNamespace(oid="0123abcd" * 5)
    return api


@pytest.fixture
def published(project):
    from corpuskit.build import build

    return build(project, progress=False)


def test_uploads_the_folder_to_a_dataset_repo_and_tags_the_commit(published):
    api = fake_api(tags=["v0.9.0", "not-a-version"])
    done = publish_version(published.path, "acme/news", api=api)
    api.create_repo.assert_called_once_with("acme/news", repo_type="dataset", private=False, exist_ok=True)
    upload = api.upload_folder.call_args.kwargs
    assert upload["repo_id"] == "acme/news"
    assert upload["repo_type"] == "dataset"
    assert upload["folder_path"] == str(published.path)
    assert upload["revision"] == "main"
    assert upload["delete_patterns"] == ["*"]  # main holds exactly this version's files
    assert "1.0.0" in upload["commit_message"]
    api.create_tag.assert_called_once()
    tag = api.create_tag.call_args
    assert tag.args == ("acme/news",)
    assert tag.kwargs["tag"] == "v1.0.0"
    assert tag.kwargs["revision"] == "0123abcd" * 5
    assert tag.kwargs["repo_type"] == "dataset"
    assert (done.tag, done.version, done.commit) == ("v1.0.0", "1.0.0", "0123abcd" * 5)
    # order: repository, then the upload, then the tag on the uploaded commit
    names = [c[0] for c in api.method_calls]
    assert names.index("create_repo") < names.index("upload_folder") < names.index("create_tag")


@pytest.mark.parametrize(("tags", "why"), [(["v1.0.0"], "already has tag v1.0.0"), (["v1.2.0"], "newer than 1.0.0")])
def test_never_replaces_a_tag_nor_moves_main_back(published, tags, why):
    api = fake_api(tags=tags)
    with pytest.raises(PublishError, match=why):
        publish_version(published.path, "acme/news", api=api)
    api.upload_folder.assert_not_called()
    api.create_tag.assert_not_called()


def test_a_modified_folder_is_not_uploaded(published):
    shard = next((published.path / "data").glob("*.parquet"))
    shard.write_bytes(shard.read_bytes() + b"\0")
    api = fake_api()
    with pytest.raises(PublishError, match="sha256 differs"):
        publish_version(published.path, "acme/news", api=api)
    assert api.method_calls == []


def test_an_unlisted_file_is_not_uploaded(published):
    (published.path / "notes.txt").write_text("x")
    with pytest.raises(PublishError, match=r"not listed: \['notes.txt'\]"):
        publish_version(published.path, "acme/news", api=fake_api())


def test_cli_publishes_latest_or_a_named_version(published, project, monkeypatch, capsys):
    api = fake_api()
    monkeypatch.setattr("huggingface_hub.HfApi", lambda *a, **k: api)
    assert main(["--project", str(project), "publish", "--repo-id", "acme/news"]) == 0
    assert api.upload_folder.call_args.kwargs["folder_path"] == str(published.path)
    assert "as v1.0.0" in capsys.readouterr().out
    assert main(["--project", str(project), "publish", "1.0.0", "--repo-id", "acme/news"]) == 0
    assert main(["--project", str(project), "publish", "2.0.0", "--repo-id", "acme/news"]) == 1
    assert "no version folder '2.0.0'" in capsys.readouterr().err
    assert main(["--project", str(project), "publish"]) == 1
    assert "--repo-id" in capsys.readouterr().err


def test_cli_takes_the_repo_from_the_settings(published, project, monkeypatch):
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml").read_text() + 'hub_repo_id = "acme/from-settings"\n'
    )
    api = fake_api()
    monkeypatch.setattr("huggingface_hub.HfApi", lambda *a, **k: api)
    assert main(["--project", str(project), "publish", "latest"]) == 0
    assert api.upload_folder.call_args.kwargs["repo_id"] == "acme/from-settings"
