"""Model references: defaults, resolution to a local directory (path, HF cache or download), listing.

Every model ends up as a local directory before transformers sees it, so a Hub model and a
directory built by hand take exactly the same loading path, and loading never touches the network.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelError, first_line

log = logging.getLogger("summarize")

DEFAULT_SUMMARIZER = "sshleifer/distilbart-cnn-12-6"

CONFIG_FILE = "config.json"
# Safetensors first: they cannot run code when loaded.
WEIGHT_FILES = (
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin",
    "pytorch_model.bin.index.json",
)
TOKENIZER_FILES = ("tokenizer.json", "source.spm", "spiece.model", "sentencepiece.bpe.model", "vocab.json")
# What a download fetches besides the weights: configs and tokenizer files, never TF/Flax/Rust weights.
# Chat templates live in tokenizer_config.json or, in newer checkpoints, chat_template.jinja.
SUPPORT_PATTERNS = ["*.json", "*.txt", "*.model", "*.spm", "*.jinja"]


# A model reference with this prefix is a model behind an OpenAI-compatible server ('openai:qwen2.5:3b').
SERVER_PREFIX = "openai:"


def is_server_model(model: str) -> bool:
    """Whether `model` names a model behind an OpenAI-compatible server rather than one on disk."""
    return model.startswith(SERVER_PREFIX)


def server_model_name(model: str) -> str:
    """The name the server knows the model by: 'openai:qwen2.5:3b' -> 'qwen2.5:3b'."""
    return model[len(SERVER_PREFIX) :] if is_server_model(model) else model


def _config(path: Path) -> dict[str, object]:
    try:
        config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}


def is_chat_directory(path: Path) -> bool:
    """Whether a model directory holds a causal LM (decoder-only), which is prompted as a chat model."""
    config = _config(path)
    architectures = config.get("architectures") or []
    causal = isinstance(architectures, list) and any(str(a).endswith("ForCausalLM") for a in architectures)
    return causal and not config.get("is_encoder_decoder", False)


# Words in a Hub id that mark an instruction-tuned model, for guessing before it is downloaded.
_CHAT_NAME_HINTS = ("instruct", "-chat", "chat-")


def is_chat_model(model: str) -> bool:
    """Whether a reference names a chat model: served over HTTP, a causal LM on disk, or (not yet
    downloaded) a Hub id named like an instruction-tuned model ('Qwen/Qwen2.5-1.5B-Instruct')."""
    if is_server_model(model):
        return True
    info = inspect_model(model)
    if info.path is not None and info.path.is_dir():
        return is_chat_directory(info.path)
    name = model.lower()
    return info.kind == "hub" and (any(hint in name for hint in _CHAT_NAME_HINTS) or name.endswith("-it"))


# Where a permissively licensed model has a better published figure than the pair's OPUS-MT model,
# per runtime (quickmt ships only as a ready CTranslate2 model). The figures and their sources:
# docs/models.md, "Why these defaults". A user who names a model keeps it, and its cached outputs.
BEST_TRANSLATORS: dict[tuple[str, str, str], str] = {
    ("transformers", "en", "ru"): "Helsinki-NLP/opus-mt-tc-big-en-zle",
    ("ctranslate2", "en", "ru"): "quickmt/quickmt-en-ru",
}


def default_translator(source: str, target: str, runtime: str = "transformers") -> str:
    """The default model id for a language pair on a runtime: the best published permissive one, else
    the pair's OPUS-MT model."""
    return BEST_TRANSLATORS.get((runtime, source, target)) or f"Helsinki-NLP/opus-mt-{source}-{target}"


OFFLINE_ENV = "SUMMARIZE_OFFLINE"
"""Set to 1 for runs that never touch the network: no model downloads (as HF_HUB_OFFLINE) and no fetching."""


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def hub_offline() -> bool:
    """Whether HF_HUB_OFFLINE (or SUMMARIZE_OFFLINE) asks for no network, read at call time so tests and
    users can set it late."""
    return env_flag("HF_HUB_OFFLINE") or env_flag(OFFLINE_ENV)


def looks_like_path(model: str) -> bool:
    """A reference meant as a directory rather than a Hub id ('org/name')."""
    return (
        model.startswith((".", "/", "~")) or "\\" in model or model.count("/") > 1 or Path(model).expanduser().exists()
    )


@dataclass(frozen=True)
class ModelInfo:
    """Where a model reference points and whether it can be loaded without a download."""

    model: str
    kind: str  # "directory", "hub" or "server"
    path: Path | None  # the loadable directory, when on disk
    size_bytes: int
    problem: str | None = None  # why it is not usable as it is, when it is not

    @property
    def on_disk(self) -> bool:
        """Usable without a download: on disk and complete, or a model a server holds."""
        return (self.path is not None or self.kind == "server") and self.problem is None


def model_problem(path: Path) -> str | None:
    """What a model directory lacks (config, weights, tokenizer), or None when it looks loadable.

    A ready-made CTranslate2 model (model.bin with its SentencePiece files) is loadable too.
    """
    from .runtimes.ct2_ready import find_ready, ready_problem

    if not path.is_dir():
        return f"{path} is not a directory"
    if find_ready(path) is not None:
        return None
    ready = ready_problem(path)
    if ready:
        return ready
    if not (path / CONFIG_FILE).is_file():
        return f"{path} has no {CONFIG_FILE}"
    if not any((path / name).is_file() for name in WEIGHT_FILES):
        return f"{path} has no weights (model.safetensors or pytorch_model.bin)"
    if not any((path / name).is_file() for name in TOKENIZER_FILES):
        return f"{path} has no tokenizer files (tokenizer.json, or source.spm and vocab.json)"
    return None


def _directory_size(path: Path) -> int:
    # stat() follows the HF cache's symlinks to the blobs they point at.
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _cached_snapshot(model: str) -> Path | None:
    """The HF cache's snapshot directory for a Hub id, without any network access."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return Path(snapshot_download(model, local_files_only=True))
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None


def inspect_model(model: str) -> ModelInfo:
    """Locate a model on disk (a directory, or a Hub id in the HF cache) without downloading."""
    if is_server_model(model):
        # Nothing to fetch: the server holds it (whether it serves that name shows on first use).
        return ModelInfo(model, "server", None, 0)
    if looks_like_path(model):
        path = Path(model).expanduser()
        if not path.exists():
            return ModelInfo(model, "directory", None, 0, f"directory {path} does not exist")
        problem = model_problem(path)
        return ModelInfo(model, "directory", path, _directory_size(path) if path.is_dir() else 0, problem)
    snapshot = _cached_snapshot(model)
    if snapshot is None:
        return ModelInfo(model, "hub", None, 0, "not in the Hugging Face cache")
    return ModelInfo(model, "hub", snapshot, _directory_size(snapshot), model_problem(snapshot))


def resolve_model(model: str, *, role: str, flag: str, allow_download: bool = True) -> Path:
    """A loadable local directory for `model`, downloading a Hub model into the HF cache if needed.

    `role` ('summarizer', 'en-es translator') and `flag` ('--summarizer', '--translator es=DIR')
    only shape the error message, which names the model and the fix on one line.
    """
    info = inspect_model(model)
    if info.on_disk:
        assert info.path is not None
        return info.path
    if info.kind == "directory":
        raise ModelError(
            f"{role} model {model!r} cannot be used: {info.problem}; "
            f"point {flag} at a directory saved with save_pretrained (config.json, weights, tokenizer)",
            model=model,
            role=role,
            problem=info.problem,
            # A directory that is not there may be stood in for; one that is there but broken is a mistake.
            missing=info.path is None,
        )
    if not allow_download or hub_offline():
        raise ModelError(
            f"{role} model {model!r} is not on disk and offline mode (HF_HUB_OFFLINE, `offline`) forbids "
            f"downloading it: run 'summarize models download' where the Hub is reachable, "
            f"or pass a local directory with {flag}",
            model=model,
            role=role,
            problem="not on disk, and offline mode (HF_HUB_OFFLINE, `offline`) forbids downloading it",
            missing=True,
        )
    return download_model(model, role=role, flag=flag)


def download_model(model: str, *, role: str, flag: str) -> Path:
    """Fetch a Hub model into the HF cache (safetensors when the repo has them) and return its directory."""
    from huggingface_hub import HfApi, snapshot_download

    try:
        info = HfApi().model_info(model)
        log.info("downloading %s model %s into the Hugging Face cache", role, model)
        files = {sibling.rfilename for sibling in info.siblings or []}
        # Sharded checkpoints (most chat models) name their parts model-00001-of-00002.safetensors.
        weights = "model*.safetensors" if any(f.endswith(".safetensors") for f in files) else "pytorch_model*.bin"
        if "model.bin" in files:  # a ready CTranslate2 model (quickmt, converted OPUS-MT): nothing to convert
            weights = "model.bin"
        path = Path(snapshot_download(model, revision=info.sha, allow_patterns=[*SUPPORT_PATTERNS, weights]))
    except Exception as exc:  # the hub client raises many types: HTTP, DNS, auth, missing repo
        raise ModelError(
            f"{role} model {model!r} is not on disk and could not be downloaded ({first_line(exc, 160)}): "
            f"check the network and run 'summarize models download', or pass a local directory with {flag}",
            model=model,
            role=role,
            problem=f"not on disk and could not be downloaded ({first_line(exc, 160)})",
            missing=True,
        ) from exc
    problem = model_problem(path)
    if problem:
        raise ModelError(
            f"{role} model {model!r} was downloaded but is incomplete: {problem}",
            model=model,
            role=role,
            problem=problem,
        )
    return path


def model_type(path: Path) -> str:
    """The model family ('bart', 'marian', 't5') from config.json, read without transformers."""
    from .runtimes.ct2_ready import find_ready

    if find_ready(path) is not None:
        return "ctranslate2"  # a ready-made conversion: its config is CTranslate2's, with no family
    try:
        return str(json.loads((path / CONFIG_FILE).read_text(encoding="utf-8")).get("model_type", ""))
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"cannot read {path / CONFIG_FILE} ({exc}); check the model directory", model=str(path), problem=str(exc)
        ) from None
