"""A deterministic corpus of realistic health drafts in Markdown, for the benchmark.

Every file is built from the templates and word lists below with a seeded random generator, so
the same version of this module always writes byte-identical files (the benchmark compares runs
across machines and commits). The drafts mix overstated sentences (the kind healthlint flags)
with careful ones, and carry the Markdown a real draft has: front matter, headings, wrapped
paragraphs, lists, links, footnotes, emphasis, inline and fenced code, block quotes and tables.
"""
from __future__ import annotations

import hashlib
import random
from pathlib import Path

#: Bump when the templates change, so a cached corpus is rebuilt.
CORPUS_VERSION = 1

CONDITIONS = [
    "depression", "anxiety", "type 2 diabetes", "high blood pressure", "migraine", "insomnia",
    "arthritis", "asthma", "eczema", "irritable bowel syndrome", "heart disease", "obesity",
    "chronic back pain", "psoriasis", "acne", "osteoporosis", "dementia", "ADHD", "fatigue",
    "high cholesterol", "acid reflux", "fibromyalgia", "gout", "hay fever", "sinusitis",
    "postnatal depression", "menopause symptoms", "tinnitus", "anaemia", "kidney stones",
]
SUBSTANCES = [
    "vitamin D", "omega-3", "turmeric", "magnesium", "probiotics", "ashwagandha", "melatonin",
    "green tea extract", "zinc", "iron", "vitamin C", "fish oil", "collagen", "St John's wort",
    "ginkgo", "CBD oil", "apple cider vinegar", "elderberry", "echinacea", "creatine",
    "vitamin B12", "folic acid", "garlic extract", "coenzyme Q10", "saffron", "lion's mane",
]
INTERVENTIONS = [
    "regular exercise", "meditation", "intermittent fasting", "yoga", "cognitive behavioural therapy",
    "a Mediterranean diet", "cold-water swimming", "mindfulness", "acupuncture", "a low-carb diet",
    "strength training", "sleep hygiene", "walking 10,000 steps", "breathing exercises",
]
PEOPLE = ["adults", "older adults", "women", "men", "teenagers", "people with obesity",
          "office workers", "pregnant women", "children", "patients", "volunteers", "nurses"]
ANIMALS = ["mice", "rats", "zebrafish", "fruit flies", "monkeys"]
OUTCOMES = ["mood", "sleep quality", "blood sugar", "inflammation", "memory", "energy levels",
            "weight", "blood pressure", "skin health", "gut health", "immunity", "focus"]
SITES = ["https://www.nhs.uk/conditions/", "https://medlineplus.gov/", "https://www.cdc.gov/",
         "https://doi.org/10.1001/jama.2019.", "https://pubmed.ncbi.nlm.nih.gov/", "https://example.org/blog/"]
AUTHORS = ["Smith", "Garcia", "Okafor", "Nguyen", "Müller", "Rossi", "Kowalski", "Tanaka", "Patel", "O'Brien"]

# {c} condition, {s} substance, {i} intervention, {p} people, {a} animal, {o} outcome, {n}/{m} numbers.
OVERSTATED = [
    "{S} is the key to treating {c}.",
    "Scientists have found the secret to beating {c}, and it is {s}.",
    "{S} cures {c} in just two weeks.",
    "This breakthrough supplement reverses {c} for good.",
    "{I} is a miracle cure for {c}.",
    "It is clinically proven to boost your {o}.",
    "{S} is guaranteed to improve {o}.",
    "There is no doubt that {s} prevents {c}.",
    "Take {n} mg of {s} every day to keep {c} away.",
    "You should stop your medication and switch to {s}.",
    "{S} causes a dramatic drop in {c} symptoms.",
    "Sugar leads to {c}, so cut it out completely.",
    "A study in {a} shows that {s} stops {c}.",
    "Studies show that {n}% of people with {c} are cured by {i}.",
    "Experts agree that {s} is the best treatment for {c}.",
    "Because it is all-natural, {s} has no side effects.",
    "{S} is completely safe for everyone, including children.",
    "Our FDA-approved {s} formula supports healthy {o}.",
    "{I} cuts your risk of {c} in half.",
    "This game-changer will revolutionize how we treat {c}.",
    "Doctors hate this simple trick that eliminates {c}.",
    "It changed my life: my {c} disappeared after one month of {s}.",
    "{S} boosts {o} and melts away belly fat.",
    "Researchers are confident that {s} is the answer to {c}.",
    "{S} detoxes your liver and flushes out toxins.",
    "It is now clear that {i} reverses ageing.",
]
CAREFUL = [
    "Some studies suggest that {s} may help with {o}, but the evidence is limited.",
    "In a small study of {m} {p}, {s} was associated with slightly better {o}.",
    "{S} is not a cure for {c}, and no supplement has been shown to prevent it.",
    "Talk to your GP or pharmacist before taking {s}, especially if you take other medicines.",
    "Early research in {a} hints that {s} could affect {o}; it is not known whether this applies to people.",
    "According to the NHS, {i} can help some people manage {c}.",
    "Is {s} the answer to {c}? The short answer is that nobody knows yet.",
    "People who did {i} tended to report better {o}, although the trial was not randomised.",
    "The so-called miracle cure has not been tested in people.",
    "A review of {m} trials found a small benefit for {o} (Garcia et al., 2021).",
    "Side effects of {s} can include nausea, headaches and stomach upset.",
    "If your symptoms get worse, contact your doctor or call 111.",
    "{C} is common and treatable, and most people feel better with the right support.",
    "The recommended daily amount of {s} varies by age, so check the label and ask a pharmacist.",
    "We need larger, longer trials before drawing firm conclusions about {s}.",
    "Researchers think {i} might improve {o}, but they are still studying why.",
    "There is some evidence that {i} may reduce the risk of {c} in {p}.",
    "The study followed {m} {p} for two years and measured {o} every six months.",
    "It is unclear whether {s} makes any difference to {c}.",
    "Manufacturers claim that {s} reverses {c}, but there is no good evidence for this.",
    "Most people with {c} are treated by their GP.",
    "Keep a diary of your symptoms to help your doctor find the cause.",
    "You may be offered a blood test to check your {o}.",
    "Drinking plenty of water and eating regular meals can help.",
    "Symptoms usually improve within a few weeks.",
    "See a doctor if you are worried about your {o}.",
]
HEADINGS = ["What is {c}?", "Symptoms of {c}", "Does {s} work?", "The evidence", "How to take {s}",
            "Side effects", "When to see a doctor", "Treatment for {c}", "Causes of {c}",
            "Living with {c}", "Our verdict", "Frequently asked questions", "What the research says"]
CODE = ["```json\n{{\"product\": \"{s}\", \"dose_mg\": {n}, \"claims\": [\"cures {c}\"]}}\n```",
        "```python\n# dose calculator: never shown to readers\ndose = {n}  # mg of {s}\n```",
        "```\nSKU-{m}-{n}  {s}  in stock\n```"]


class Draft:
    """Writes one draft from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.c = rng.choice(CONDITIONS)
        self.s = rng.choice(SUBSTANCES)
        self.i = rng.choice(INTERVENTIONS)
        self.overstatement = rng.choice([0.05, 0.15, 0.3])

    def fill(self, template: str) -> str:
        r = self.rng
        values = {"c": self.c if r.random() < 0.7 else r.choice(CONDITIONS),
                  "s": self.s if r.random() < 0.7 else r.choice(SUBSTANCES),
                  "i": self.i, "p": r.choice(PEOPLE), "a": r.choice(ANIMALS), "o": r.choice(OUTCOMES),
                  "n": r.choice([5, 10, 50, 100, 250, 500, 1000, 2000]), "m": r.randint(12, 4000)}
        values.update({k.upper(): v[:1].upper() + v[1:] for k, v in values.items() if isinstance(v, str)})
        return template.format(**values)

    def sentence(self) -> str:
        r = self.rng
        text = self.fill(r.choice(OVERSTATED if r.random() < self.overstatement else CAREFUL))
        roll = r.random()
        if roll < 0.08:
            words = text.split(" ")
            k = r.randrange(len(words))
            words[k] = f"**{words[k]}**" if r.random() < 0.5 else f"*{words[k]}*"
            text = " ".join(words)
        elif roll < 0.14:
            text = text[:-1] + f" ([source]({r.choice(SITES)}{r.randint(1000, 99999)}))" + text[-1]
        elif roll < 0.17:
            text = text[:-1] + f"[^{r.randint(1, 9)}]" + text[-1]
        elif roll < 0.19:
            text = text[:-1] + f" (product code `HL-{r.randint(100, 999)}`)" + text[-1]
        return text

    def paragraph(self) -> str:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(2, 6)))
        return wrap(text, self.rng.choice([72, 80, 100, 10_000]))

    def block(self) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.55:
            return self.paragraph()
        if roll < 0.72:
            mark = r.choice(["-", "*", "1."])
            items = [self.sentence() if r.random() < 0.6 else self.fill(r.choice(["{S}", "{I}", "Low {o}", "{C}"]))
                     for _ in range(r.randint(2, 6))]
            return "\n".join(f"{mark} {item}" for item in items)
        if roll < 0.80:
            return "## " + self.fill(r.choice(HEADINGS))
        if roll < 0.86:
            return "> " + wrap(" ".join(self.sentence() for _ in range(r.randint(1, 3))), 78).replace("\n", "\n> ")
        if roll < 0.91:
            rows = [f"| {self.fill('{S}')} | {r.randint(5, 900)} mg | {self.sentence()} |" for _ in range(r.randint(2, 4))]
            return "| Supplement | Dose | Notes |\n|---|---|---|\n" + "\n".join(rows)
        if roll < 0.95:
            return self.fill(r.choice(CODE))
        if roll < 0.98:
            return f"![{self.fill('A bottle of {s} capsules')}]({r.choice(SITES)}img{r.randint(1, 999)}.jpg)"
        return f"[^{r.randint(1, 9)}]: {r.choice(AUTHORS)} et al. {self.fill('{S} and {o}')}. 20{r.randint(10, 24)}."

    def document(self, target_bytes: int) -> str:
        r = self.rng
        parts = []
        if r.random() < 0.4:
            parts.append(f"---\ntitle: \"{self.fill('{S} and {c}')}\"\nauthor: {r.choice(AUTHORS)}\n"
                         f"tags: [{self.c}, supplements]\n---")
        parts.append("# " + self.fill(r.choice(HEADINGS)))
        size = sum(len(p) for p in parts)
        while size < target_bytes:
            block = self.block()
            parts.append(block)
            size += len(block.encode("utf-8")) + 2
        return "\n\n".join(parts) + "\n"


def wrap(text: str, width: int) -> str:
    """Hard-wrap at spaces, as many editors save Markdown."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def draft_sizes(rng: random.Random, files: int) -> list[int]:
    """Mostly short drafts (FAQ answers, product pages) and some long articles."""
    return [int(min(40_000, max(300, rng.lognormvariate(7.35, 0.8)))) for _ in range(files)]


def build(directory: Path, files: int = 10_000, seed: int = 7) -> Path:
    """Write the corpus into directory/ (skipped when a complete copy of this version is there)."""
    stamp = directory / ".complete"
    key = f"v{CORPUS_VERSION} files={files} seed={seed} hash={_module_hash()}"
    if stamp.is_file() and stamp.read_text() == key:
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for n, size in enumerate(draft_sizes(rng, files)):
        draft = Draft(random.Random(f"{seed}-{n}"))
        sub = directory / f"section-{n // 500:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"draft-{n:05d}.md").write_text(draft.document(size), encoding="utf-8")
    stamp.write_text(key)
    return directory


def _module_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


if __name__ == "__main__":
    import sys

    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / ".corpus" / "drafts")
    total = sum(p.stat().st_size for p in out.rglob("*.md"))
    print(f"{out}: {total / 1e6:.1f} MB")
