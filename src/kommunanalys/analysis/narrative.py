"""An optional narrative of the findings, written by a language model the municipality runs.

The model is reached through an OpenAI-compatible chat endpoint configured by the
municipality (``KOMMUNANALYS_LLM_URL``, ``KOMMUNANALYS_LLM_KEY``, ``KOMMUNANALYS_LLM_MODEL``,
``KOMMUNANALYS_LLM_TIMEOUT``); nothing is sent anywhere unless it is configured.

It receives only the findings' texts — built from values that passed the disclosure gate,
without numerators or denominators — and is asked to use and cite those numbers only. A
failing, slow or odd endpoint never breaks a page: the narrative is then absent and the
reason is given, and the template findings stand on their own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from kommunanalys.analysis.insights import Finding
from kommunanalys.config import ConfigError
from kommunanalys.errors import ErrorCode

MAX_FINDINGS = 25

SYSTEM_PROMPT = (
    "Du är statistiker i en svensk kommun. Du får en numrerad lista med statistiskt "
    "säkerställda fynd om ett område. Skriv en kort sammanfattning på svenska (högst 150 ord) "
    "för politiker och tjänstepersoner. Använd bara siffrorna i fynden och ange fyndets nummer "
    "inom hakparentes efter varje påstående, t.ex. [2]. Hitta inte på siffror, orsaker eller "
    "jämförelser som inte står i fynden, och kalla inget för en skillnad som inte finns i listan."
)


@dataclass(frozen=True, slots=True)
class LanguageModelConfig:
    url: str  # base URL of an OpenAI-compatible API, e.g. https://llm.kommun.se/v1
    model: str
    key: str | None = None
    timeout: float = 20.0

    @classmethod
    def from_env(cls) -> LanguageModelConfig | None:
        url = os.environ.get("KOMMUNANALYS_LLM_URL", "").strip()
        if not url:
            return None
        local = url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
        if not (url.startswith("https://") or local):
            raise ConfigError(ErrorCode.LLM_URL_NOT_HTTPS, v=url)
        timeout = os.environ.get("KOMMUNANALYS_LLM_TIMEOUT", "20")
        try:
            seconds = float(timeout)
        except ValueError:
            raise ConfigError(ErrorCode.LLM_TIMEOUT_NOT_A_NUMBER, v=timeout) from None
        return cls(
            url=url.rstrip("/"),
            model=os.environ.get("KOMMUNANALYS_LLM_MODEL", "default"),
            key=os.environ.get("KOMMUNANALYS_LLM_KEY") or None,
            timeout=seconds,
        )


@dataclass(frozen=True, slots=True)
class Narrative:
    text: str | None
    error: str | None
    model: str
    findings: list[Finding]  # exactly what the model was given


def build_messages(subject: str, findings: list[Finding]) -> list[dict[str, str]]:
    """The chat messages: the instructions and the numbered findings, nothing else."""
    lines = [f"[{n}] {f.text}" for n, f in enumerate(findings, start=1)]
    user = f"Fynd om {subject}:\n" + "\n".join(lines)
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def narrate(config: LanguageModelConfig, subject: str, findings: list[Finding]) -> Narrative:
    import httpx  # only when a summary is asked for: not part of every process's start

    given = findings[:MAX_FINDINGS]
    if not given:
        nothing = "Det finns inga säkerställda fynd att sammanfatta."
        return Narrative(None, nothing, config.model, [])
    headers = {"Authorization": f"Bearer {config.key}"} if config.key else {}
    body = {"model": config.model, "messages": build_messages(subject, given), "temperature": 0.2}
    try:
        response = httpx.post(
            f"{config.url}/chat/completions", json=body, headers=headers, timeout=config.timeout
        )
        response.raise_for_status()
        text = response.json()["choices"][0]["message"]["content"]
        if not isinstance(text, str) or not text.strip():
            raise ValueError("tomt svar")
    except httpx.TimeoutException:
        return Narrative(None, _failed("svarade inte i tid"), config.model, given)
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
        return Narrative(None, _failed(type(error).__name__), config.model, given)
    return Narrative(text.strip(), None, config.model, given)


def _failed(why: str) -> str:
    return f"Språkmodellen kunde inte användas ({why}). Fynden nedan gäller utan sammanfattning."
