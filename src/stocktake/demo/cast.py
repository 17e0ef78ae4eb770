"""The fictional cast of the demonstration network: seven invented cities and their departments.

The names are made up so that no figure can be mistaken for a real city's result. The cast mirrors
the shape of the community of practice the product is built for: a strong port city in the chair,
cities, a province and a town of different sizes and strengths across East Asia and Asia-Pacific,
each with seven departments. Larger networks (load tests) are extended by a numbered pattern.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEPARTMENT_IDS: tuple[str, ...] = (
    "environment",
    "planning",
    "economic",
    "finance",
    "social",
    "research",
    "digital",
    "transport",
    "public_works",
    "disaster",
    "education",
    "health",
    "water",
)
"""The departments a demo city may have; the ids the bundled frameworks suggest as owners."""

DEPARTMENT_NAMES: dict[str, dict[str, str]] = {
    "environment": {
        "en": "Environmental protection",
        "zh-Hant": "環境保護局",
        "ja": "環境局",
        "ko": "환경국",
        "mn": "Байгаль орчны хэлтэс",
    },
    "planning": {
        "en": "Urban planning and development",
        "zh-Hant": "都市發展局",
        "ja": "都市整備局",
        "ko": "도시계획국",
        "mn": "Хот төлөвлөлтийн хэлтэс",
    },
    "economic": {
        "en": "Economic development",
        "zh-Hant": "經濟發展局",
        "ja": "経済局",
        "ko": "경제국",
        "mn": "Эдийн засгийн хэлтэс",
    },
    "finance": {
        "en": "Finance and budget",
        "zh-Hant": "財政局",
        "ja": "財政局",
        "ko": "재정국",
        "mn": "Санхүүгийн хэлтэс",
    },
    "social": {
        "en": "Social affairs",
        "zh-Hant": "社會局",
        "ja": "福祉局",
        "ko": "복지국",
        "mn": "Нийгмийн хамгааллын хэлтэс",
    },
    "research": {
        "en": "Research, development and evaluation",
        "zh-Hant": "研究發展考核委員會",
        "ja": "政策局",
        "ko": "기획조정실",
        "mn": "Судалгаа, хөгжлийн хэлтэс",
    },
    "digital": {
        "en": "Information and digital services",
        "zh-Hant": "資訊局",
        "ja": "デジタル推進局",
        "ko": "디지털정책국",
        "mn": "Цахим хөгжлийн хэлтэс",
    },
    "transport": {
        "en": "Transport",
        "zh-Hant": "交通局",
        "ja": "交通局",
        "ko": "교통국",
        "mn": "Тээврийн хэлтэс",
    },
    "public_works": {
        "en": "Public works",
        "zh-Hant": "工務局",
        "ja": "建設局",
        "ko": "건설국",
        "mn": "Нийтийн аж ахуйн хэлтэс",
    },
    "disaster": {
        "en": "Disaster and emergency management",
        "zh-Hant": "災害防救辦公室",
        "ja": "危機管理室",
        "ko": "재난안전실",
        "mn": "Онцгой байдлын хэлтэс",
    },
    "education": {
        "en": "Education",
        "zh-Hant": "教育局",
        "ja": "教育局",
        "ko": "교육국",
        "mn": "Боловсролын хэлтэс",
    },
    "health": {
        "en": "Health",
        "zh-Hant": "衛生局",
        "ja": "保健局",
        "ko": "보건국",
        "mn": "Эрүүл мэндийн хэлтэс",
    },
    "water": {
        "en": "Water",
        "zh-Hant": "水利局",
        "ja": "水道局",
        "ko": "상수도사업본부",
        "mn": "Усны хэлтэс",
    },
}


@dataclass(frozen=True)
class CitySetting:
    """A city's setting as the network records it for "cities like you" and peer groups: region,
    working languages (language tags), climate and the main sectors of its economy. With kind
    and population it makes the city's context (:class:`stocktake.network.CityContext`)."""

    region: str
    languages: tuple[str, ...]
    climate: str
    economy: tuple[str, ...]


@dataclass(frozen=True)
class CastMember:
    """The fixed description of one fictional city; answers are generated from it."""

    id: str
    name: dict[str, str]
    language: str
    country: str
    kind: str
    population: int
    joined: date
    strength: float
    departments: tuple[str, ...]
    setting: CitySetting


CAST: tuple[CastMember, ...] = (
    CastMember(
        id="lanwan",
        name={"en": "Lanwan Harbour City", "zh-Hant": "藍灣港市"},
        language="zh-Hant",
        country="Chinese Taipei",
        kind="city",
        population=2_150_000,
        joined=date(2025, 3, 1),
        strength=0.74,
        departments=(
            "environment",
            "planning",
            "economic",
            "finance",
            "social",
            "research",
            "digital",
        ),
        setting=CitySetting(
            region="East Asia",
            languages=("zh-Hant", "en"),
            climate="tropical monsoon",
            economy=("port", "petrochemicals", "steel", "tourism"),
        ),
    ),
    CastMember(
        id="aobaura",
        name={"en": "Aobaura City", "ja": "青葉浦市"},
        language="ja",
        country="Japan",
        kind="city",
        population=1_480_000,
        joined=date(2025, 3, 1),
        strength=0.68,
        departments=(
            "environment",
            "planning",
            "economic",
            "finance",
            "digital",
            "transport",
            "disaster",
        ),
        setting=CitySetting(
            region="East Asia",
            languages=("ja", "en"),
            climate="humid subtropical",
            economy=("port", "manufacturing", "services", "technology"),
        ),
    ),
    CastMember(
        id="dalbit",
        name={"en": "Dalbit City", "ko": "달빛시"},
        language="ko",
        country="Republic of Korea",
        kind="city",
        population=1_020_000,
        joined=date(2025, 6, 16),
        strength=0.6,
        departments=(
            "environment",
            "planning",
            "economic",
            "finance",
            "social",
            "transport",
            "water",
        ),
        setting=CitySetting(
            region="East Asia",
            languages=("ko", "en"),
            climate="humid continental",
            economy=("manufacturing", "technology", "services"),
        ),
    ),
    CastMember(
        id="kestrel-bay",
        name={"en": "Kestrel Bay"},
        language="en",
        country="Australia",
        kind="city",
        population=330_000,
        joined=date(2025, 3, 1),
        strength=0.55,
        departments=(
            "environment",
            "planning",
            "economic",
            "finance",
            "research",
            "transport",
            "water",
        ),
        setting=CitySetting(
            region="Oceania",
            languages=("en",),
            climate="temperate oceanic",
            economy=("port", "mining", "tourism", "education"),
        ),
    ),
    CastMember(
        id="bagong-liwayway",
        name={"en": "Province of Bagong Liwayway", "fil": "Lalawigan ng Bagong Liwayway"},
        language="fil",
        country="Philippines",
        kind="province",
        population=2_600_000,
        joined=date(2025, 3, 1),
        strength=0.44,
        departments=(
            "environment",
            "planning",
            "finance",
            "social",
            "public_works",
            "disaster",
            "health",
        ),
        setting=CitySetting(
            region="Southeast Asia",
            languages=("fil", "en"),
            climate="tropical monsoon",
            economy=("agriculture", "fisheries", "manufacturing", "tourism"),
        ),
    ),
    CastMember(
        id="bituin",
        name={"en": "Bituin City", "fil": "Lungsod ng Bituin"},
        language="fil",
        country="Philippines",
        kind="city",
        population=460_000,
        joined=date(2025, 3, 1),
        strength=0.36,
        departments=(
            "environment",
            "planning",
            "economic",
            "public_works",
            "disaster",
            "education",
            "health",
        ),
        setting=CitySetting(
            region="Southeast Asia",
            languages=("fil", "en"),
            climate="tropical rainforest",
            economy=("services", "tourism", "fisheries"),
        ),
    ),
    CastMember(
        id="nogoon-khundii",
        name={"en": "Nogoon Khöndii", "mn": "Ногоон Хөндий"},
        language="mn",
        country="Mongolia",
        kind="town",
        population=41_000,
        joined=date(2025, 9, 1),
        strength=0.24,
        departments=(
            "environment",
            "planning",
            "finance",
            "social",
            "education",
            "health",
            "water",
        ),
        setting=CitySetting(
            region="East Asia",
            languages=("mn", "en"),
            climate="cold semi-arid",
            economy=("mining", "livestock herding", "agriculture"),
        ),
    ),
)
"""The seven fictional cities, the chair first."""

PATTERNS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Chinese Taipei", "zh-Hant", "示範市{n}", ("city", "town")),
    ("Japan", "ja", "デモ市{n}", ("city", "town")),
    ("Republic of Korea", "ko", "데모시 {n}", ("city", "province")),
    ("Philippines", "fil", "Lungsod ng Demo {n}", ("city", "province")),
    ("Australia", "en", "", ("city", "state")),
    ("Mongolia", "mn", "Жишээ хот {n}", ("town", "province")),
    ("China", "zh-Hans", "示范市{n}", ("city", "province")),
)
"""Country, language, local name pattern and kinds for numbered cities beyond the cast."""

PATTERN_SETTINGS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Chinese Taipei": (
        "East Asia",
        ("humid subtropical", "tropical monsoon"),
        ("manufacturing", "technology", "port", "agriculture", "tourism"),
    ),
    "Japan": (
        "East Asia",
        ("humid subtropical", "humid continental"),
        ("manufacturing", "services", "port", "tourism", "agriculture"),
    ),
    "Republic of Korea": (
        "East Asia",
        ("humid continental", "humid subtropical"),
        ("manufacturing", "technology", "port", "services", "fisheries"),
    ),
    "Philippines": (
        "Southeast Asia",
        ("tropical monsoon", "tropical rainforest"),
        ("agriculture", "fisheries", "services", "tourism", "manufacturing"),
    ),
    "Australia": (
        "Oceania",
        ("temperate oceanic", "hot semi-arid", "humid subtropical"),
        ("mining", "agriculture", "tourism", "education", "port"),
    ),
    "Mongolia": (
        "East Asia",
        ("cold semi-arid", "subarctic"),
        ("mining", "livestock herding", "agriculture", "services"),
    ),
    "China": (
        "East Asia",
        ("humid subtropical", "humid continental"),
        ("manufacturing", "technology", "port", "logistics", "agriculture"),
    ),
}
"""Region, climates and sectors numbered cities of each country draw their setting from."""
