"""The Ray engine on a real cluster of 1, 2 and 3 nodes on this machine: the same bytes as the
local engine, and the driver (this process) opens no input file."""

from __future__ import annotations

import os
import sys

import pytest
from conftest import SEEDS, make_project
from generated import make_generated_project, outputs, recurring_removed

from corpuskit.build import build
from corpuskit.config import load_settings

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'corpuskit[ray]'")

NODE = {"num_cpus": 1, "object_store_memory": 80 * 2**20}
# several segments, shards and row groups, so that their boundaries are compared too
SMALL = {"segment_inputs": 16, "rows_per_shard": 50, "row_group_size": 20}


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    base = tmp_path_factory.mktemp("ray")
    seeds = make_project(base / "seeds")
    generated = make_generated_project(base / "generated", 120)
    local = {
        name: build(p, load_settings(p, output_dir="dist-local").replace(**SMALL), progress=False)
        for name, p in (("seeds", seeds), ("generated", generated))
    }
    assert recurring_removed(local["generated"].path) > 0  # the cross-document pass had lines to remove
    return {"seeds": seeds, "generated": generated}, local


@pytest.fixture(scope="module")
def cluster():
    from ray.cluster_utils import Cluster

    cluster = Cluster(initialize_head=True, head_node_args=NODE)
    ray.init(address=cluster.address, log_to_driver=False, configure_logging=False)
    yield cluster
    ray.shutdown()
    cluster.shutdown()


class _Opens:
    """Every file this process opens under ``folder``, seen by an audit hook (hooks cannot be removed:
    it records only while ``on``)."""

    def __init__(self):
        self.folders, self.seen = [], []
        sys.addaudithook(self._hook)

    def _hook(self, event, args):
        if event == "open" and self.folders and isinstance(args[0], (str, os.PathLike)):
            path = os.fspath(args[0])
            if any(path.startswith(f) for f in self.folders):
                self.seen.append(path)


_OPENS = _Opens()


@pytest.mark.parametrize("nodes", [1, 2, 3])
def test_builds_on_a_cluster_are_byte_identical_to_local_and_the_driver_reads_no_input(
    cluster, projects, nodes, tmp_path
):
    while len(cluster.list_all_nodes()) < nodes:
        cluster.add_node(**NODE)
    cluster.wait_for_nodes()
    assert len([n for n in ray.nodes() if n["Alive"]]) == nodes
    folders, local = projects
    for name, project in folders.items():
        settings = load_settings(project, engine="ray", output_dir=str(tmp_path / name)).replace(**SMALL)
        settings = settings.replace(segment_inputs=2 if name == "seeds" else 16)  # the local build cut 16
        _OPENS.folders = [str(project / "seeds"), str(project / "corpus")]
        try:
            on_ray = build(project, settings, progress=False)
        finally:
            _OPENS.folders = []
        assert on_ray.stats.documents == local[name].stats.documents
        assert outputs(on_ray.path) == outputs(local[name].path)
        assert on_ray.segments >= 3
    assert _OPENS.seen == []  # the workers hashed and read every input


def test_the_audit_hook_sees_the_local_engine_read_its_inputs(projects, tmp_path):
    folders, _ = projects
    project = folders["seeds"]
    _OPENS.folders = [str(project / "seeds")]
    try:
        build(project, load_settings(project, output_dir=str(tmp_path)), progress=False)
    finally:
        _OPENS.folders = []
    assert len(_OPENS.seen) >= 5
    _OPENS.seen.clear()


def test_url_inputs_are_read_by_the_workers_with_the_local_engines_bytes(cluster, tmp_path):
    pytest.importorskip("fsspec", reason="URL inputs need fsspec")
    bucket = tmp_path / "bucket"
    bucket.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (bucket / seed.name).write_bytes(seed.read_bytes())
    project = make_project(tmp_path / "project", seeds=False)
    settings = load_settings(project).replace(inputs=(f"file://{bucket}/*.txt",), segment_inputs=2)
    local = build(project, settings.replace(output_dir="dist-local"), progress=False)
    _OPENS.folders = [str(bucket)]
    try:
        on_ray = build(project, settings.replace(engine="ray", output_dir="dist-ray"), progress=False)
    finally:
        _OPENS.folders = []
    assert on_ray.stats.documents == local.stats.documents == 5
    assert outputs(on_ray.path) == outputs(local.path)
    assert _OPENS.seen == []
