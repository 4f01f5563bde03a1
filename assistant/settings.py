"""One Settings object for the whole assistant, read from ELDERCARE_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ELDERCARE_", env_file=None)

    documents_dir: Path = PROJECT_ROOT / "kb" / "documents"
    index_dir: Path = PROJECT_ROOT / "kb" / "index"
    # Staff corrections to the policy cards, one YAML file a document; they survive every reindex.
    # Default: `cards/` beside the documents folder (kb/cards for kb/documents).
    cards_dir: Path | None = None
    # Comma-separated embedder names (see assistant.index.embed.make_embedder); chosen by measurement,
    # figures in README.md.
    embedders: str = "use-m3,e5-small"
    threads: int = 2
    max_file_bytes: int = 10 * 1024 * 1024
    max_question_chars: int = 4000
    log_questions: bool = False
    # Optional generative answers through any OpenAI-compatible chat endpoint (extractive when unset)
    llm_url: str | None = None  # e.g. http://127.0.0.1:8080/v1
    llm_model: str = "default"
    llm_api_key: str | None = None
    llm_timeout: float = 20.0
    # HTTP API
    admin_token: str | None = None  # admin routes exist only when set
    max_upload_bytes: int = 5 * 1024 * 1024
    ask_rate_per_minute: int = 30  # per client address on /api/ask
    data_dir: Path = PROJECT_ROOT / "var"  # feedback database and other runtime state
    # Staff workspace (/admin): questions users could not get answered are personal data, kept (with the
    # digits of phone and ID numbers stripped, for 30 days) only when this is on.
    keep_unanswered: bool = False
    # Documents fetched by URL: loopback, private and link-local addresses are refused unless this is on
    # (the tests serve pages from 127.0.0.1).
    fetch_allow_private: bool = False
    fetch_timeout: float = 15.0
    # Shared state for more than one replica: sessions, WeChat dedupe and paging, rate limits and feedback
    # live in Redis when set (e.g. redis://redis:6379/0); in this process (and SQLite) when unset.
    redis_url: str | None = None
    redis_prefix: str = "eldercare:"  # every key starts with it, so deployments can share one Redis
    # WeChat Official Account (the /wechat route exists only when the token is set)
    wechat_token: str | None = None
    wechat_app_id: str | None = None
    wechat_aes_key: str | None = None
    wechat_secret: str | None = None
    wechat_api_base: str = "https://api.weixin.qq.com"  # tests point this at a stand-in on 127.0.0.1
    wechat_reply_seconds: float = 4.0  # WeChat waits 5 s for a passive reply, then retries
    wechat_rate_per_minute: int = 20  # per OpenID
    wechat_reply_bytes: int = 2048  # passive replies are cut at a sentence end past this size

    @property
    def cards_folder(self) -> Path:
        return self.cards_dir or self.documents_dir.parent / "cards"

    @property
    def embedder_names(self) -> list[str]:
        return [name.strip() for name in self.embedders.split(",") if name.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
