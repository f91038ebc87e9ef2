"""wiring.py: the parts both entry points build, without loading a model."""

import wiring
from core.settings import load_settings


class Embedder:
    name, dimension = "fake", 3

    def embed(self, texts):
        return [[1.0, 0.0, 0.0] for _ in texts]


def test_the_late_embedder_loads_on_first_use_and_takes_the_real_dimension(tmp_path):
    loads = []
    late = wiring.late_embedder(load_settings(home=tmp_path), lambda: loads.append(1) or Embedder())
    assert late.embed([]) == [] and not loads
    assert late.embed(["a"]) == [[1.0, 0.0, 0.0]]
    assert loads == [1] and (late.name, late.dimension) == ("fake", 3)


def test_an_assistant_without_an_index_answers_from_the_model_alone(tmp_path):
    settings = load_settings(home=tmp_path, llm={"backend": "scripted"})
    assistant = wiring.build_assistant(settings)
    assert assistant.retriever is None and not settings.paths.indexed


def test_an_evaluation_gets_its_own_home_and_embedded_chroma(tmp_path):
    settings = load_settings(home=tmp_path, chroma_url="http://127.0.0.1:8000")
    golden = wiring.eval_settings(settings, "golden")
    assert golden.home == tmp_path / "eval" / "golden" and golden.chroma_url is None
