"""The web page in a real browser: Debian's Chromium driven by Selenium against `summarize serve`.

A screenshot of the page with its results is saved under test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, SAMPLES, seeded_cache
from server_process import ServerProcess

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ARTIFACTS = REPO / "test-artifacts"
HOSTILE = (
    '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> '
    "The ministry of industry said on Monday that exports of machine tools rose by a fifth in 2025."
)

if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)", allow_module_level=True)


@pytest.fixture(scope="module")
def starting(
    tiny_flags: list[str], tiny_ct2: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """The server, started but not yet waited for: Chromium starts meanwhile."""
    root = tmp_path_factory.mktemp("page")
    flags = [*tiny_flags, "--engine", "ctranslate2", "--length", "short", "--no-coverage-check",
             "--cache-dir", str(seeded_cache(tiny_ct2, root / "cache"))]  # fmt: skip
    running = ServerProcess(flags, root / "log", wait=False)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def served(browser: object, starting: ServerProcess) -> ServerProcess:
    """The server, ready; asked after the browser, so both start at once."""
    return starting.wait_ready()


@pytest.fixture(scope="module")
def browser(starting: ServerProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1000,1600", f"--user-data-dir={profile}"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _submit(browser: object, served: ServerProcess, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(served.base + "/")  # type: ignore[attr-defined]
    wait = WebDriverWait(driver, 60)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "input[name=language]")))
    area = driver.find_element(By.ID, "text")  # type: ignore[attr-defined]
    area.clear()
    area.send_keys(text)
    driver.find_element(By.ID, "submit").click()  # type: ignore[attr-defined]
    wait.until(lambda d: "Done in" in d.find_element(By.ID, "status").text or d.find_element(By.ID, "error").text)


def test_a_statement_gives_three_summaries_and_a_blurb_to_copy(browser: object, served: ServerProcess) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    _submit(driver, served, (SAMPLES / "statement.txt").read_text(encoding="utf-8"))
    assert driver.find_element(By.ID, "error").text == ""  # type: ignore[attr-defined]
    blocks = driver.find_elements(By.CSS_SELECTOR, "#summaries article")  # type: ignore[attr-defined]
    assert [b.get_attribute("data-language") for b in blocks] == ["en", "es", "ru"]
    assert all(b.find_element(By.TAG_NAME, "p").text.strip() for b in blocks)
    assert "English (en)" in driver.find_element(By.ID, "source-language").text  # type: ignore[attr-defined]
    markdown = driver.find_element(By.ID, "markdown-output").get_attribute("value")  # type: ignore[attr-defined]
    html = driver.find_element(By.ID, "html-output").get_attribute("value")  # type: ignore[attr-defined]
    assert markdown.startswith("### ") and "**English:**" in markdown
    assert html.startswith('<article class="blurb"')
    assert driver.find_element(By.ID, "session-count").text == "1 blurb"  # type: ignore[attr-defined]
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.ID, "copy-html").click()  # type: ignore[attr-defined]
    # The copy's status stands beside the button that was pressed, not the other one.
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "copy-html-status").text)
    assert driver.find_element(By.ID, "copy-markdown-status").text == ""  # type: ignore[attr-defined]
    assert driver.find_element(By.ID, "download").is_enabled()  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "page.png"))  # type: ignore[attr-defined]
    assert (ARTIFACTS / "page.png").stat().st_size > 10_000


def test_a_hostile_statement_is_shown_as_text_and_runs_nothing(browser: object, served: ServerProcess) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    _submit(driver, served, HOSTILE)
    assert driver.execute_script("return window.pwned === undefined")  # type: ignore[attr-defined]
    html = driver.find_element(By.ID, "html-output").get_attribute("value")  # type: ignore[attr-defined]
    assert "<script>" not in html and "&lt;script&gt;" in html
    frame = driver.find_element(By.ID, "preview")  # type: ignore[attr-defined]
    driver.switch_to.frame(frame)  # type: ignore[attr-defined]
    try:
        heading = driver.find_element(By.TAG_NAME, "h2").text  # type: ignore[attr-defined]
        assert "<script>window.pwned = 1</script>" in heading  # shown as text, not run
        assert not driver.find_elements(By.TAG_NAME, "script")  # type: ignore[attr-defined]
        assert not driver.find_elements(By.TAG_NAME, "img")  # type: ignore[attr-defined]
    finally:
        driver.switch_to.default_content()  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "page-hostile.png"))  # type: ignore[attr-defined]


def test_an_empty_statement_is_refused_on_the_page(browser: object, served: ServerProcess) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(served.base + "/")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "submit").click()  # type: ignore[attr-defined]
    assert "Paste a statement first" in driver.find_element(By.ID, "error").text  # type: ignore[attr-defined]


def test_a_chosen_pdf_is_read_by_the_server_and_shown_before_summarizing(
    browser: object, served: ServerProcess, tmp_path: Path
) -> None:
    import documents
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    paragraphs = documents.article()
    path = tmp_path / "release.pdf"
    path.write_bytes(documents.pdf(paragraphs, title="Press <b>release</b>"))
    driver = browser
    driver.get(served.base + "/")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "file").send_keys(str(path))  # type: ignore[attr-defined]
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "extracted").is_displayed())
    shown = driver.find_element(By.ID, "extracted").text  # type: ignore[attr-defined]
    assert "release.pdf" in shown and "Press <b>release</b>" in shown  # the title as text, not markup
    text = driver.find_element(By.ID, "text").get_attribute("value")  # type: ignore[attr-defined]
    assert paragraphs[0][:50] in text and "%PDF" not in text


def test_the_summaries_panel_shows_marks_unverified_facts_and_warnings(browser: object, served: ServerProcess) -> None:
    """Hardening #23: the panel shows what JSON says of each summary, not only the blurb preview."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(served.base + "/")  # type: ignore[attr-defined]
    # The page's script (deferred) defines the function; on a loaded CI machine it can come late.
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return typeof showSummaries === 'function'"))
    record = {  # a /v1/summarize record as the server sends it
        "id": "x", "input": "x", "source_language": "en",
        "summaries": {"en": {
            "text": "Output rose 15%.", "marked": "Output rose [unverified: 15%].",
            "checks": [{"text": "15%", "kind": "percent", "start": 12, "end": 15, "supported": False,
                        "status": "not_in_source", "where": None}],
            "warnings": ["low confidence (-2.10, under -1.5) in the sentence 'Output rose 15%.'"],
        }},
    }  # fmt: skip
    script = "document.getElementById('results').hidden = false; showSummaries(arguments[0])"
    driver.execute_script(script, record)  # type: ignore[attr-defined]
    block = driver.find_element(By.CSS_SELECTOR, "#summaries article")  # type: ignore[attr-defined]
    assert "[unverified: 15%]" in block.find_element(By.TAG_NAME, "p").text
    notes = [item.text for item in block.find_elements(By.CSS_SELECTOR, "ul.notes li")]
    assert notes[0].startswith("Unverified: 15%") and notes[1].startswith("Warning: low confidence")
